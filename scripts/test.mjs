// `npm test`: lint (ESLint and Prettier), type check, Node tests, browser tests (web-test-runner), end-to-end tests
// on built packages.
// Each stage prints its own summary; the run fails when any stage fails.
//
// After the type check, the end-to-end stage (mostly waiting on browsers and servers) runs beside the Node and
// browser stages (mostly computing), so a 2-core machine is kept busy. The output of a stage that runs beside
// another is printed whole when it ends. `npm test -- <stage>` (or `npm run test:<stage>`) runs one stage alone,
// its output as it comes. A test file's process ends once its tests and hooks are done (`--test-force-exit`): an
// idle keep-alive connection left in a pool does not hold it open for seconds. The players are built once per run
// (the packager's cache in `ICT_PLAYER_CACHE`, keyed on every input of their build) and shared by every test process.
// The xAPI and cmi5 end-to-end tests also run against an LRS this project did not write (scripts/third-party-lrs.mjs):
// it is installed from the npm registry, from its lock file, while the lint and the type check run.
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureChromium} from './chromium.mjs';
import {ensureThirdPartyLrs} from './third-party-lrs.mjs';

const only = process.argv[2]; // optional: lint | typecheck | node | browser | e2e
const STAGES = ['lint', 'typecheck', 'node', 'browser', 'e2e'];
if (only && !STAGES.includes(only)) {
  console.error(`Unknown stage "${only}": use one of ${STAGES.join(', ')}, or nothing for all.`);
  process.exit(2);
}
const t0 = Date.now();

/** Files under `dir` whose name ends with `suffix`, sorted. */
function find(dir, suffix) {
  const out = [];
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'fixtures') out.push(...find(p, suffix));
    else if (e.isFile() && e.name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}
const results = [];

/**
 * Runs one stage. Alone (or when `live`), its output goes straight to the terminal; beside another stage it is
 * collected and printed whole at the end, so stages never interleave.
 */
function run(name, cmd, args, {env = {}, live = false} = {}) {
  if (only && only !== name) return Promise.resolve();
  const started = Date.now();
  const header = `\n=== ${name}: ${cmd} ${args.join(' ')}`;
  if (live) console.log(header);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: {...process.env, ...env},
    });
    const chunks = [];
    if (!live) {
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
    }
    child.on('close', (code, signal) => {
      const ok = code === 0;
      if (!live) {
        console.log(header);
        process.stdout.write(Buffer.concat(chunks));
      }
      results.push({name, ok, seconds: (Date.now() - started) / 1000});
      if (!ok) console.error(`=== ${name} FAILED (exit ${code ?? signal})`);
      resolve();
    });
  });
}

/** Builds the five players into the cache (a failure here shows again, with its message, in the tests that build). */
function prebuildPlayers() {
  const code = `import {buildPlayer, FORMATS} from './src/package/index.ts';\nfor (const f of FORMATS) await buildPlayer(f, {outDir: false}).catch(() => undefined);`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {stdio: 'ignore'});
    child.on('close', resolve);
  });
}

let chrome;
try {
  chrome = ensureChromium();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

const nodeTests = find('tests', '.node.test.ts');
const e2e = find('tests', '.e2e.test.ts');
const alone = Boolean(only);

// one build of each player for the whole run, beside the type check
const players = mkdtempSync(join(tmpdir(), 'ict-players-'));
process.env.ICT_PLAYER_CACHE = players;
process.on('exit', () => rmSync(players, {recursive: true, force: true}));
const prebuild = only === 'lint' || only === 'typecheck' || only === 'browser' ? undefined : prebuildPlayers();
// the LRS the xAPI and cmi5 end-to-end tests also run against, from the npm registry (a failure shows in those tests)
const thirdPartyLrs =
  !only || only === 'e2e'
    ? ensureThirdPartyLrs().catch((e) => console.error(`\n${e.message.split('\n')[0]}`))
    : undefined;

await run('lint', 'npm', ['run', '--silent', 'lint'], {live: true});
await run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json'], {live: true});
await prebuild;
await thirdPartyLrs;
await Promise.all([
  (async () => {
    if (nodeTests.length)
      await run(
        'node',
        process.execPath,
        ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', ...nodeTests],
        {live: alone},
      );
    await run('browser', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], {
      env: {CHROME_PATH: chrome},
      live: alone,
    });
  })(),
  e2e.length
    ? run(
        'e2e',
        process.execPath,
        // a test file that waits for what never comes fails after 15 minutes instead of holding the run for ever
        // (the timeout counts a whole file; the longest, curriculum.e2e, plays six courses in about 5 minutes)
        ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=900000', ...e2e],
        {env: {CHROME_PATH: chrome}, live: alone},
      )
    : undefined,
]);

console.log('\n=== summary');
for (const name of STAGES) {
  const r = results.find((x) => x.name === name);
  if (r) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
}
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
