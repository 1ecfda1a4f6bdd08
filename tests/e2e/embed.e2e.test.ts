// The embedding example end to end: the library build (`dist/lib/ict-course.js` and its chunks, built into a
// temporary folder), examples/embed.html with its own stylesheet and the training-centre theme, and the fixture
// course compiled now, all served over node:http on 127.0.0.1 with a strict Content Security Policy. Real Chromium
// loads the portal page, a learner plays the course to the certificate, and the host page must have received
// ict-progress, ict-saved and ict-complete with typed details; the theme must show in the course's own parts.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {extname, join, normalize} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type Browser, type FrameLocator, type Page} from 'playwright-core';
import {compileCourse} from '../../src/compile/index.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {buildLibrary, LIBRARY_ENTRY} from '../../src/package/library.js';
import {play} from '../preview/play.js';
import {launchChromium} from '../helpers/browser.js';
import {listenLocal, stopLocal} from '../helpers/http.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/courses/basics/', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

let work: string;
let libDir: string;
let course: CompiledCourse;
let server: Server;
let origin: string;
let browser: Browser;
const served: string[] = [];
const missing: string[] = [];

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-embed-'));
  libDir = join(work, 'lib');
  const [lib, compiled] = await Promise.all([buildLibrary({outDir: libDir}), compileCourse(FIXTURE)]);
  assert.ok(lib.files.has(LIBRARY_ENTRY));
  assert.ok(compiled.ok, 'the fixture course compiles');
  course = compiled.course;
  const courseJson = JSON.stringify(course);

  // The portal: examples/ at the root, the library beside the page (as the example expects it), the course under
  // course/ (course.json compiled now, its assets from the fixture).
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    served.push(path);
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, {'content-type': type, 'content-security-policy': CSP, 'cache-control': 'no-store'});
      res.end(body);
    };
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    if (path === '/course/course.json') return send(200, TYPES['.json']!, courseJson);
    const rel = normalize(path === '/' ? '/embed.html' : path).replace(/^[/\\]+/, '');
    if (rel.startsWith('..')) return send(403, 'text/plain', 'no');
    const candidates = rel.startsWith('course/assets/')
      ? [join(FIXTURE, rel.slice('course/'.length))]
      : [join(libDir, rel), join(EXAMPLES, rel)];
    for (const file of candidates) {
      try {
        return send(200, TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
      } catch {
        // the next place
      }
    }
    missing.push(path);
    send(404, 'text/plain', `${path}: not found`);
  });
  origin = await listenLocal(server);
  browser = await launchChromium();
});

after(async () => {
  await stopLocal({browser, server, dir: work});
});

interface Recorded {
  type: string;
  detail: any;
  isClass: boolean;
}

/** A page that records every ict-* event on the document and every CSP violation, from before the first script. */
async function portalPage(): Promise<{page: Page; errors: string[]}> {
  const page = await browser.newPage({viewport: {width: 1280, height: 900}});
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  await page.addInitScript(() => {
    const w = window as unknown as {ictEvents: Recorded[]; cspViolations: string[]};
    w.ictEvents = [];
    w.cspViolations = [];
    for (const type of ['ict-progress', 'ict-saved', 'ict-complete', 'ict-error']) {
      document.addEventListener(type, (e) => {
        const ctor = customElements.get('ict-course') ? (e.constructor as {type?: string}).type : undefined;
        w.ictEvents.push({type, detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)), isClass: ctor === type});
      });
    }
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return {page, errors};
}

test('the example portal page loads the library over HTTP, plays the course and hears its events', async () => {
  const {page, errors} = await portalPage();
  try {
    const response = await page.goto(`${origin}/embed.html`);
    assert.equal(response?.status(), 200);
    assert.match(response!.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.locator('ict-course #heading').waitFor({state: 'visible', timeout: 15000});
    assert.ok(served.includes(`/${LIBRARY_ENTRY}`), 'the page loaded the library module');

    // The training centre's theme, through the tokens and ::part(header).
    const theme = await page.evaluate(() => {
      const el = document.querySelector('ict-course')!;
      const header = el.shadowRoot!.querySelector<HTMLElement>('[part~="header"]')!;
      const title = el.shadowRoot!.querySelector<HTMLElement>('[part~="title"]')!;
      const h = getComputedStyle(header);
      return {
        background: h.backgroundColor,
        borderEnd: `${h.borderBottomWidth} ${h.borderBottomStyle} ${h.borderBottomColor}`,
        titleFont: getComputedStyle(title).fontFamily,
        bodyFont: getComputedStyle(el.shadowRoot!.querySelector('.main')!).fontFamily,
      };
    });
    assert.equal(theme.background, 'rgb(11, 61, 46)', 'the banner has the centre’s colour (--ict-color-header)');
    assert.equal(theme.borderEnd, '6px solid rgb(217, 162, 27)', 'the banner has the centre’s rule (::part(header))');
    assert.match(theme.titleFont, /Trebuchet MS/, 'headings in the centre’s typeface');
    assert.match(theme.bodyFont, /Georgia/, 'text in the centre’s typeface');

    // The learner plays every lesson and passes the assessment, up to the certificate.
    await play(page as unknown as FrameLocator, course, {exit: false});
    await page.locator('ict-course [part="certificate"]').waitFor({state: 'visible'});

    const events = await page.evaluate(() => (window as unknown as {ictEvents: Recorded[]}).ictEvents);
    const of = (type: string) => events.filter((e) => e.type === type);
    assert.ok(
      events.every((e) => e.isClass),
      'every event is an instance of its class (IctProgressEvent, …)',
    );

    const progress = of('ict-progress');
    assert.ok(progress.length >= course.content.en!.lessons.length + 3, `progress events: ${progress.length}`);
    for (const {detail} of progress) {
      assert.equal(typeof detail.outcome.progressMeasure, 'number');
      assert.ok(detail.outcome.progressMeasure >= 0 && detail.outcome.progressMeasure <= 1);
      assert.equal(typeof detail.outcome.completed, 'boolean');
      assert.ok(detail.location === null || typeof detail.location === 'string');
    }
    const locations = progress.map((e) => e.detail.location);
    for (const lesson of course.content.en!.lessons)
      assert.ok(locations.includes(lesson.id), `progress at ${lesson.id}`);
    assert.equal(progress.at(-1)!.detail.location, 'complete');
    assert.equal(progress.at(-1)!.detail.outcome.progressMeasure, 1);

    const saved = of('ict-saved');
    assert.ok(saved.length > 0, 'saving status reported');
    for (const {detail} of saved) {
      assert.ok(
        ['connecting', 'saved', 'saving', 'pending', 'offline', 'local', 'error'].includes(detail.status.state),
      );
      assert.equal(typeof detail.status.pending, 'number');
    }
    assert.ok(!saved.some((e) => e.detail.status.state === 'error'), 'no saving error');

    const complete = of('ict-complete');
    assert.equal(complete.length, 1, 'ict-complete once');
    assert.deepEqual(
      {completed: complete[0]!.detail.outcome.completed, passed: complete[0]!.detail.outcome.passed},
      {completed: true, passed: true},
    );
    assert.equal(typeof complete[0]!.detail.outcome.scaled, 'number');
    assert.equal(of('ict-error').length, 0, 'no ict-error');

    // The page's own script (examples/embed.js) listed them for the reader.
    const log = await page.locator('#event-log li').allInnerTexts();
    assert.ok(log.some((l) => l.startsWith('ict-progress:')));
    assert.ok(log.some((l) => l.startsWith('ict-saved:')));
    assert.ok(log.some((l) => l.startsWith('ict-complete: score')));

    // The portal page with the course in it: no axe violations, nothing blocked by the policy, no errors.
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const r = await (
        window as unknown as {axe: {run(): Promise<{violations: {id: string; nodes: unknown[]}[]}>}}
      ).axe.run();
      return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    assert.deepEqual(violations, []);
    const csp = await page.evaluate(() => (window as unknown as {cspViolations: string[]}).cspViolations);
    assert.deepEqual(csp, [], 'nothing blocked by the Content Security Policy');
    assert.deepEqual(errors, [], `missing: ${missing.join(', ')}`);
  } finally {
    await page.close();
  }
});

test('the library module exports the public API', async () => {
  const {page} = await portalPage();
  try {
    await page.goto(`${origin}/embed.html`);
    const names = await page.evaluate(async (entry) => Object.keys(await import(`/${entry}`)).sort(), LIBRARY_ENTRY);
    for (const name of [
      'IctCourse',
      'boot',
      'IctProgressEvent',
      'IctCompleteEvent',
      'IctSavedEvent',
      'IctErrorEvent',
      'createStandaloneTracker',
      'OfflineController',
      'OfflineStateEvent',
      'UN_LANGUAGES',
      'TrackerStatusEvent',
    ]) {
      assert.ok(names.includes(name), `exports ${name} (has ${names.join(', ')})`);
    }
  } finally {
    await page.close();
  }
});
