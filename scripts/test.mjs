// `npm test`: type check, Node tests, browser tests (web-test-runner), end-to-end tests on built packages.
// Each stage prints its own summary; the run fails when any stage fails.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {ensureChromium} from './chromium.mjs';

const only = process.argv[2]; // optional: typecheck | node | browser | e2e
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

function run(name, cmd, args, env = {}) {
  if (only && only !== name) return;
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {stdio: 'inherit', env: {...process.env, ...env}});
  const ok = r.status === 0;
  results.push({name, ok, seconds: (Date.now() - started) / 1000});
  if (!ok) console.error(`=== ${name} FAILED (exit ${r.status ?? r.signal})`);
}

let chrome;
try {
  chrome = ensureChromium();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
const nodeTests = find('tests', '.node.test.ts');
if (nodeTests.length) run('node', process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...nodeTests]);
run('browser', 'npx', ['web-test-runner', '--config', 'web-test-runner.config.mjs'], {CHROME_PATH: chrome});
const e2e = find('tests', '.e2e.test.ts');
if (e2e.length) run('e2e', process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...e2e], {CHROME_PATH: chrome});

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
console.log(`total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
