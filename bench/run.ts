/**
 * `npm run bench`: the figures of the project's budgets (./budgets.ts), measured on this machine, each beside its budget.
 *
 * 1. `ict package` of every course in every format into a temporary folder (wall time);
 * 2. the players' JavaScript (raw, gzip, brotli) and the packages (zip sizes, largest files);
 * 3. in Chromium: the first lesson on slow 3G, cold, in every format (median of a few launches), and with the
 *    network off after one visit (SCORM 1.2 in a scorm-again host page, and the web package);
 * 4. one run through a course against the preview LMS: SCORM API calls and commits, xAPI and cmi5 statements and
 *    requests;
 * 5. the outbox: 1,000 statements queued offline, delivered to a local LRS when the network returns.
 *
 * Prints a table and writes the same figures to `bench/results/<date>.json` (not tracked); with `--save`
 * (`npm run bench -- --save`) also to `bench/results/latest.json`, the figures kept in the repository.
 * A benchmark, not a test: it exits 0 whatever the figures; only a run that cannot start at all exits 1.
 * `BENCH_RUNS=<n>` sets the number of launches per timing (default 3).
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, platform, release as osRelease, tmpdir, totalmem} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {chromium, type Browser} from 'playwright-core';
import type {CompiledCourse} from '../src/course/types.js';
import {courseOfPackage, FORMATS, playerFormat, unzipFiles, type Format} from '../src/package/index.js';
import {atMost, BUDGETS, type Status} from './budgets.js';
import {startHost} from './host.js';
import {measureLoad, median, type LoadFigures} from './load.js';
import {measureOutbox, type OutboxFigures} from './outbox.js';
import {bytesOf, packageFigures, playerJs, sum, type Bytes, type PlayerJs} from './sizes.js';
import {measureTracking, type LrsRun, type ScormRun} from './tracking.js';

/** The files of a package's course data: `course.json` and a file per language. */
const COURSE_DATA = /^course(\.[a-z]{2,3}(-[A-Za-z0-9]+)*)?\.json$/;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const RESULTS = join(HERE, 'results');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3) || 3);
/** `--save`: the figures become the repository's (`bench/results/latest.json`) */
const SAVE = process.argv.includes('--save');

const {CHROMIUM_ARGS, ensureChromium} = (await import(new URL('../scripts/chromium.mjs', import.meta.url).href)) as {
  CHROMIUM_ARGS: string[];
  ensureChromium(): string;
};

// ---------------------------------------------------------------------------------------------------------------
// formatting

const kb = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${(n / 1024).toFixed(1)} KB`);
const mb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : kb(n));
const sec = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const trio = (b: Bytes) => `${kb(b.raw)} / ${kb(b.gzip)} / ${kb(b.brotli)}`;

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const log = (s = '') => process.stdout.write(`${s}\n`);
const progress = (s: string) => process.stderr.write(`bench: ${s}\n`);
const errorLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

async function step<T>(name: string, fn: () => Promise<T>, errors: Record<string, string>): Promise<T | null> {
  const t0 = Date.now();
  progress(`${name} …`);
  try {
    const r = await fn();
    progress(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  } catch (e) {
    errors[name] = errorLine(e);
    progress(`${name} FAILED: ${errors[name]}`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 1. ict package (the real command, its own process)

async function packageAll(outDir: string): Promise<{ms: number; packages: number; ok: boolean; output: string}> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'ict.mjs'), 'package', '--out', outDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const ms = Date.now() - t0;
  let packages = 0;
  try {
    packages = (JSON.parse(readFileSync(join(outDir, 'release.json'), 'utf8')) as {packages: unknown[]}).packages
      .length;
  } catch {
    packages = 0;
  }
  return {ms, packages, ok: code === 0, output: output.trim().split('\n').slice(-3).join('\n')};
}

// ---------------------------------------------------------------------------------------------------------------

interface JsFigures {
  format: Format;
  /** what the browser fetched before the first lesson was visible (cold launch on slow 3G), sized from the package */
  beforeFirstLesson: Bytes;
  beforeFirstLessonFiles: string[];
  /** bytes on the wire for those files (as the host served them: gzip) */
  beforeFirstLessonWire: number | null;
  /** false when no launch reached a lesson: the figure is then buildPlayer's entry and static imports */
  observed: boolean;
  /** buildPlayer's entry and its static imports (built in this process) */
  staticInitial: Bytes;
  staticInitialFiles: string[];
  /** every JavaScript file in the package (the player's chunks and the service worker): what an offline copy holds */
  all: Bytes;
  allFiles: number;
  serviceWorker: Bytes | null;
}

function jsFigures(p: PlayerJs, packageFiles: Map<string, Uint8Array>, cold: LoadFigures | undefined): JsFigures {
  const run = cold?.cold.find((r) => r.firstLesson !== null);
  const jsNames = [...packageFiles.keys()].filter((n) => n.endsWith('.js'));
  const sized = new Map(jsNames.map((n) => [n, bytesOf(packageFiles.get(n)!)]));
  const seen = run ? [...new Set(run.before.js.map((r) => r.name))].filter((n) => sized.has(n)) : [];
  const observed = seen.length > 0;
  return {
    format: p.format,
    beforeFirstLesson: observed ? sum(seen.map((n) => sized.get(n)!)) : p.initial,
    beforeFirstLessonFiles: observed ? seen : p.initialFiles,
    beforeFirstLessonWire: observed ? run!.before.js.reduce((a, r) => a + r.encoded, 0) : null,
    observed,
    staticInitial: p.initial,
    staticInitialFiles: p.initialFiles,
    all: sum([...sized.values()]),
    allFiles: sized.size,
    serviceWorker: sized.get('sw.js') ?? null,
  };
}

interface BudgetRow {
  budget: string;
  what: string;
  figure: string;
  limit: string;
  status: Status;
}

async function main(): Promise<number> {
  const started = new Date();
  const loadAtStart = loadavg()[0]!;
  const errors: Record<string, string> = {};
  let chromiumPath: string;
  try {
    chromiumPath = ensureChromium();
  } catch (e) {
    console.error(`bench: cannot run: ${errorLine(e)}`);
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'ict-bench-'));
  const pkgDir = join(work, 'packages');
  let browser: Browser | null = null;
  try {
    // 1. package everything, alone on the machine
    const packaged = await step('ict package (all courses x all formats)', () => packageAll(pkgDir), errors);
    if (!packaged?.ok) {
      console.error(`bench: cannot run: \`ict package\` failed${packaged ? `:\n${packaged.output}` : ''}`);
      return 1;
    }

    // 2. sizes
    const players =
      (await step(
        'players (build in memory, measure JS)',
        () => playerJs(FORMATS.filter((f) => playerFormat(f) === f)),
        errors,
      )) ?? [];
    const packages =
      (await step('packages (zip sizes, largest files)', () => packageFigures(pkgDir, FORMATS), errors)) ?? [];

    // the course the browser runs use: the largest (by its course data), the worst case for a launch
    const release = JSON.parse(readFileSync(join(pkgDir, 'release.json'), 'utf8')) as {
      packages: {course: string; version: string; format: Format; file: string}[];
    };
    const webZips = release.packages.filter((p) => p.format === 'web');
    let course: CompiledCourse | undefined;
    let courseDataBytes = 0;
    for (const p of webZips) {
      const files = unzipFiles(new Uint8Array(readFileSync(join(pkgDir, p.file))));
      const bytes = [...files].filter(([n]) => COURSE_DATA.test(n)).reduce((a, [, d]) => a + d.byteLength, 0);
      if (bytes > courseDataBytes) {
        courseDataBytes = bytes;
        course = courseOfPackage(files);
      }
    }
    if (!course) throw new Error('no web package with a course.json in the release');
    const c = course;
    const stemOf = (f: string) => `${c.id}-${c.version}-${f}`;
    const packageFiles = (f: Format) => unzipFiles(new Uint8Array(readFileSync(join(pkgDir, `${stemOf(f)}.zip`))));
    const courseInfo = {
      id: c.id,
      version: c.version,
      languages: c.languages,
      lessons: c.content[c.languages[0]!]!.lessons.length,
      questions: c.content[c.languages[0]!]!.assessment?.draw ?? 0,
      courseJson: bytesOf(packageFiles('web').get('course.json')!),
      // what a launch in each language fetches of the course before its first lesson: course.json and its language
      courseDataPerLanguage: Object.fromEntries(
        c.languages.map((l) => {
          const files = packageFiles('web');
          const both = [files.get('course.json')!, files.get(`course.${l}.json`)!];
          return [l, sum(both.map(bytesOf))];
        }),
      ),
    };

    // 3. browser timings: every format cold RUNS times (the median counts); SCORM 1.2 and web offline too
    browser = await chromium.launch({executablePath: chromiumPath, args: CHROMIUM_ARGS});
    const chromiumVersion = browser.version();
    const host = await startHost(pkgDir);
    const load: LoadFigures[] = [];
    try {
      for (const f of ['scorm12', 'web', 'scorm2004', 'aicc', 'xapi', 'cmi5'] as const) {
        const full = f === 'scorm12' || f === 'web';
        const cold = RUNS;
        const warm = full ? RUNS : 0;
        const r = await step(
          `first lesson, ${f} (${cold} cold on slow 3G${warm ? `, ${warm} offline` : ''})`,
          () => measureLoad(browser!, host, f, stemOf(f), c, {coldRuns: cold, warmRuns: warm}),
          errors,
        );
        if (r) load.push(r);
      }
    } finally {
      await host.close();
    }

    // 4. one run through the course per tracked format
    const tracking = await step(
      'one run through the course in the preview LMS (SCORM 1.2, 2004, xAPI, cmi5)',
      () => measureTracking(browser!, pkgDir, c, stemOf),
      errors,
    );

    // 5. outbox
    const outbox = await step(
      'outbox: 1,000 statements queued offline, delivered',
      () => measureOutbox(browser!, 1000),
      errors,
    );
    await browser.close();
    browser = null;

    // ------------------------------------------------------------------ figures
    const js = players.map((p) =>
      jsFigures(
        p,
        packageFiles(p.format),
        load.find((l) => l.format === p.format),
      ),
    );

    const budgets: BudgetRow[] = [];
    for (const j of js) {
      const b =
        j.format === 'scorm12' || j.format === 'scorm2004'
          ? BUDGETS.scormJs
          : j.format === 'aicc'
            ? BUDGETS.aiccJs
            : j.format === 'xapi' || j.format === 'cmi5'
              ? BUDGETS.lrsJs
              : null;
      budgets.push({
        budget: b?.id ?? '',
        what: `JS before the first lesson, gzip: ${j.format}${j.observed ? '' : ' (static imports: not observed)'}`,
        figure: kb(j.beforeFirstLesson.gzip),
        limit: b?.text ?? '(no budget)',
        status: b ? atMost(j.beforeFirstLesson.gzip, b.limit) : 'n/a',
      });
    }
    for (const p of packages) {
      budgets.push({
        budget: BUDGETS.packageSize.id,
        what: `largest package: ${p.format} (${p.biggest.course})`,
        figure: mb(p.biggest.zip),
        limit: BUDGETS.packageSize.text,
        status: atMost(p.biggest.zip, BUDGETS.packageSize.limit),
      });
    }
    for (const l of load) {
      budgets.push({
        budget: BUDGETS.firstLesson.id,
        what: `first lesson, slow 3G, cold: ${l.format} (${l.cold.length > 1 ? `median of ${l.cold.length}` : '1 run'})`,
        figure: sec(l.coldMedian),
        limit: BUDGETS.firstLesson.text,
        status: atMost(l.coldMedian, BUDGETS.firstLesson.limit),
      });
    }
    for (const l of load.filter((x) => x.warm.length)) {
      budgets.push({
        budget: BUDGETS.offlineRelaunch.id,
        what: `relaunch offline after one visit: ${l.format}`,
        figure: l.warm.length
          ? `${l.warm.filter((r) => r.firstLesson !== null).length}/${l.warm.length} launches usable, median ${sec(l.warmMedian)}`
          : 'not measured',
        limit: BUDGETS.offlineRelaunch.text,
        status: l.warm.length ? (l.warmUsable ? 'within' : 'over') : 'n/a',
      });
    }
    budgets.push({
      budget: BUDGETS.packageAll.id,
      what: `ict package: ${packaged.packages} packages`,
      figure: sec(packaged.ms),
      limit: BUDGETS.packageAll.text,
      status: atMost(packaged.ms, BUDGETS.packageAll.limit),
    });
    for (const s of tracking?.scorm ?? []) {
      budgets.push({
        budget: BUDGETS.scormCommits.id,
        what: `SCORM commits per learner step, one run: ${s.format}`,
        figure: s.error ? `error: ${s.error}` : `${s.commitsStored} commits / ${s.steps} steps`,
        limit: '≤ 1 per step',
        status: s.error ? 'n/a' : s.commitsStored <= s.steps ? 'within' : 'over',
      });
      budgets.push({
        budget: BUDGETS.scormCommits.id,
        what: `SCORM synchronous requests during page dismissal: ${s.format}`,
        figure: s.dismissal
          ? `${s.dismissal.syncRequests} (${Object.entries(s.dismissal.byMethod)
              .filter(([m]) => /Commit|Finish|Terminate/.test(m))
              .map(([m, n]) => `${m} ${n}`)
              .join(', ')})`
          : 'not measured',
        limit: 'none',
        status: s.dismissal ? (s.dismissal.syncRequests === 0 ? 'within' : 'over') : 'n/a',
      });
    }

    const result = {
      date: started.toISOString(),
      seconds: (Date.now() - started.getTime()) / 1000,
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
        os: `${platform()} ${osRelease()}`,
        node: process.version,
        chromium: chromiumVersion,
        /** 1-minute load average at the start and the end of the run: other work on the machine slows every figure */
        loadAverage: {start: Math.round(loadAtStart * 100) / 100, end: Math.round(loadavg()[0]! * 100) / 100},
        playwrightCore: (
          JSON.parse(readFileSync(join(ROOT, 'node_modules', 'playwright-core', 'package.json'), 'utf8')) as {
            version: string;
          }
        ).version,
      },
      network: {
        profile: 'slow 3G',
        downKbit: 400,
        upKbit: 400,
        rttMs: 400,
        via: 'CDP Network.emulateNetworkConditions',
        served: 'gzip (Content-Encoding) where the browser accepts it',
      },
      course: courseInfo,
      packaging: packaged,
      js,
      packages,
      load,
      tracking,
      outbox,
      budgets,
      errors,
    };

    // ------------------------------------------------------------------ print
    log(`ICT Manager Training — npm run bench — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
    log(
      `machine: ${result.machine.cores} cores (${result.machine.cpu}), ${result.machine.memoryGB} GB, ${result.machine.os}; node ${result.machine.node}; Chromium ${chromiumVersion}; playwright-core ${result.machine.playwrightCore}; load average ${result.machine.loadAverage.start} at the start, ${result.machine.loadAverage.end} at the end`,
    );
    log(
      `course for the browser runs: ${c.id} ${c.version} (${c.languages.join(', ')}; ${courseInfo.lessons} lessons, ${courseInfo.questions} questions drawn; course.json ${trio(courseInfo.courseJson)})`,
    );
    log(
      `course data before the first lesson, by launch language (course.json + course.<lang>.json): ${Object.entries(
        courseInfo.courseDataPerLanguage,
      )
        .map(([l, b]) => `${l} ${trio(b)}`)
        .join('; ')}`,
    );
    log();
    log('JavaScript per launch (raw / gzip -9 / brotli -11), the packages of ' + c.id);
    log(
      table(
        [
          'format',
          'before the first lesson',
          'files',
          'on the wire',
          'entry + static imports (buildPlayer)',
          'all JS in the package',
          'files',
          'of which sw.js',
        ],
        js.map((j) => [
          j.format,
          trio(j.beforeFirstLesson),
          `${j.beforeFirstLessonFiles.length}${j.observed ? '' : ' (static)'}`,
          kb(j.beforeFirstLessonWire),
          trio(j.staticInitial),
          trio(j.all),
          String(j.allFiles),
          j.serviceWorker ? kb(j.serviceWorker.gzip) + ' gz' : '—',
        ]),
      ),
    );
    log(
      '  before the first lesson: the JS files the browser fetched before the lesson showed, cold on slow 3G; on the wire: as served (gzip -6)',
    );
    log();
    log(`Packages (${packages[0]?.courses.length ?? 0} courses): zip size`);
    log(
      table(
        ['format', 'smallest', 'largest', 'all courses', 'largest course', 'its largest files (raw)'],
        packages.map((p) => {
          const zips = p.courses.map((x) => x.zip);
          return [
            p.format,
            mb(Math.min(...zips)),
            mb(Math.max(...zips)),
            mb(zips.reduce((a, b) => a + b, 0)),
            `${p.biggest.course} (${mb(p.biggest.unpacked)} unpacked)`,
            p.biggest.largestFiles
              .slice(0, 4)
              .map((f) => `${f.name} ${kb(f.raw)}`)
              .join(', '),
          ];
        }),
      ),
    );
    log();
    log(
      `First lesson visible (from the launch of the course's page; ${result.network.served}; the start button pressed as soon as it shows)`,
    );
    log(
      table(
        [
          'format',
          'cold, slow 3G',
          'runs',
          'first view',
          'fetched before it (wire)',
          'offline after one visit',
          'runs',
          'worker ready',
        ],
        load.map((l) => {
          const first = l.cold.find((r) => r.firstLesson !== null);
          const wire = first ? [...first.before.js, ...first.before.other].reduce((a, r) => a + r.encoded, 0) : null;
          return [
            l.format === 'web' ? 'web (opened directly)' : `${l.format} (LMS frame)`,
            sec(l.coldMedian),
            l.cold.map((r) => (r.firstLesson === null ? 'fail' : (r.firstLesson / 1000).toFixed(2))).join(' '),
            sec(median(l.cold.map((r) => r.firstView))),
            first ? `${kb(wire)} in ${first.before.js.length + first.before.other.length} files` : '—',
            l.warm.length ? sec(l.warmMedian) : '—',
            l.warm.map((r) => (r.firstLesson === null ? 'fail' : (r.firstLesson / 1000).toFixed(2))).join(' '),
            sec(l.workerReadyMs),
          ];
        }),
      ),
    );
    for (const l of load) {
      const first = l.cold.find((r) => r.firstLesson !== null);
      if (first)
        log(
          `  ${l.format}, cold, fetched before the lesson (wire): ${[...first.before.other, ...first.before.js].map((r) => `${r.name} ${kb(r.encoded)}`).join(', ')}`,
        );
    }
    const failedRuns = load.flatMap((l) =>
      [...l.cold, ...l.warm].filter((r) => r.error).map((r) => `${l.format}: ${r.error}`),
    );
    for (const f of failedRuns) log(`  ${f}`);
    log();
    log(`One run through ${c.id} (every lesson, the assessment, the certificate, Exit) in the preview LMS`);
    if (tracking) {
      log(
        table(
          [
            'format',
            'steps',
            'API calls',
            'by method',
            'commits (calls / stored)',
            'sync XHR',
            'leaving mid-course: calls in pagehide, sync, beacon',
          ],
          tracking.scorm.map((s: ScormRun) => [
            s.format,
            String(s.steps),
            String(s.apiCalls),
            Object.entries(s.byMethod)
              .map(([k, v]) => `${k} ${v}`)
              .join(', '),
            `${s.commitCalls} / ${s.commitsStored}`,
            String(s.syncRequests),
            s.dismissal
              ? `${s.dismissal.apiCalls} (${
                  Object.entries(s.dismissal.byMethod)
                    .map(([k, v]) => `${k} ${v}`)
                    .join(', ') || 'none'
                }), ${s.dismissal.syncRequests}, ${s.dismissal.beacons}; ${s.dismissal.commitsStored} commits stored${s.dismissal.finished ? '' : ', session NOT finished'}`
              : (s.error ?? '—'),
          ]),
        ),
      );
      log();
      log(
        table(
          ['format', 'steps', 'statements (by the course)', 'by verb', 'requests', 'by request'],
          tracking.lrs.map((r: LrsRun) => [
            r.format,
            String(r.steps),
            `${r.statements} (${r.statementsByCourse})`,
            Object.entries(r.byVerb)
              .map(([k, v]) => `${k} ${v}`)
              .join(', '),
            String(r.requests),
            Object.entries(r.byRequest)
              .map(([k, v]) => `${k.replace(/^(POST cmi5\/fetch)\/.*/, '$1')} ${v}`)
              .join(', '),
          ]),
        ),
      );
      for (const r of [...tracking.scorm, ...tracking.lrs]) if (r.error) log(`  ${r.format}: ${r.error}`);
      log(
        '  steps: buttons the learner pressed; stored: commits the LMS received (the final one on LMSFinish/Terminate included); scorm-again sends LMSCommit as a synchronous XHR',
      );
    }
    log();
    if (outbox) {
      const o: OutboxFigures = outbox;
      log(
        `Outbox: ${o.statements} statements queued offline in ${sec(o.queueMs)}, ${o.perAdd} per add() (IndexedDB: ${o.storedOffline}; LRS before: ${o.heldBeforeOnline}); network back: ` +
          `LRS held all after ${sec(o.deliverMs)}, outbox saved after ${sec(o.acknowledgedMs)}; ${o.posts} POSTs${o.puts ? ` + ${o.puts} PUTs` : ''}, ${o.statementsSent} statements sent, ` +
          `${o.exactlyOnce ? 'each stored exactly once' : `NOT exactly once (${o.missing} missing, ${o.duplicates} twice)`}, ${o.leftInQueue} left queued${o.error ? `; error: ${o.error}` : ''}`,
      );
      log();
    }
    log('Budgets (bench/budgets.ts)');
    log(
      table(
        ['what', 'figure', 'budget', 'status'],
        budgets.map((b) => [b.what, b.figure, b.limit, b.status]),
      ),
    );
    const errs = Object.entries(errors);
    if (errs.length) {
      log();
      for (const [k, v] of errs) log(`not measured: ${k}: ${v}`);
    }
    log();
    log(`bench took ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`);

    // ------------------------------------------------------------------ write
    result.seconds = (Date.now() - started.getTime()) / 1000;
    mkdirSync(RESULTS, {recursive: true});
    const text = `${JSON.stringify(result, null, 2)}\n`;
    const stamp = started.toISOString().slice(0, 16).replace(':', '-');
    writeFileSync(join(RESULTS, `${stamp}Z.json`), text);
    if (SAVE) writeFileSync(join(RESULTS, 'latest.json'), text);
    log(
      SAVE
        ? `figures: bench/results/${stamp}Z.json, bench/results/latest.json`
        : `figures: bench/results/${stamp}Z.json (not tracked; \`npm run bench -- --save\` also writes bench/results/latest.json, kept in the repository)`,
    );
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    rmSync(work, {recursive: true, force: true});
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench: cannot run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
