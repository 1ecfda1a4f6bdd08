// A package opened from a file (file://), as a learner double-clicks index.html on a USB stick or a shared drive
// and as desktop SCORM players and ADL's test wrappers launch a SCO: Chromium refuses module scripts and fetch()
// there, so the page loads the course as a script and the player as one classic script. The web package of the
// fixture course is written to a folder and opened from it: a lesson and the assessment are played, the page is
// reloaded, and the progress is still there (IndexedDB). The page says that offline use is not available from a
// file. A SCORM 1.2 package opened from a file inside a frame whose parent holds the API (as ADL's wrapper does)
// reports to it.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type {Browser} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import {compiled, packageOf} from '../helpers/packages.js';
import {launchChromium} from '../helpers/browser.js';
import {play} from '../preview/play.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));

let work: string;
let browser: Browser;
let course: CompiledCourse;

async function unpack(format: 'web' | 'scorm12'): Promise<string> {
  const dir = join(work, format);
  for (const [name, data] of await packageOf(course, BASICS, format)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true});
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-file-e2e-'));
  course = await compiled(BASICS);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  rmSync(work, {recursive: true, force: true});
});

test('web package opened from file://: plays a lesson and the assessment, and keeps the progress across a reload', async () => {
  const dir = await unpack('web');
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const url = pathToFileURL(join(dir, 'index.html')).href;
  await page.goto(url);
  const frame = page.mainFrame();
  const el = page.locator('ict-course');
  await el.locator('#heading').waitFor({timeout: 15000});
  assert.equal(await page.title(), 'ICT basics for managers');
  // the whole course: every lesson, the assessment passed, the certificate
  await play(frame as never, course, {lang: 'en', exit: false});
  await el.locator('[part="certificate"]').waitFor();
  // no offline copy from a file, and the page says so
  await el
    .locator('[part="status"]', {hasText: 'Opened from a file, this course cannot be saved for offline use'})
    .waitFor();
  assert.equal(await el.locator('[part="status"] button').count(), 0, 'no "Make available offline" from a file');
  const before = await el.evaluate((e: any) => e.currentProgress);
  assert.equal(before.score, 1);
  await el.evaluate((e: any) => e.settled());

  await page.reload();
  await el.locator('[part="certificate"]').waitFor({timeout: 15000});
  const after = await el.evaluate((e: any) => e.currentProgress);
  assert.deepEqual(after.visited, before.visited, 'the lessons visited are kept');
  assert.equal(after.attemptsUsed, 1);
  assert.equal(after.score, 1, 'the score is kept');
  assert.deepEqual(errors, [], 'no script error');
  await context.close();
});

test('SCORM 1.2 package opened from file:// in a frame whose parent holds the API: it reports to the API', async () => {
  // Chromium treats every file as an origin of its own, so a frame cannot reach its parent's API; desktop SCORM
  // players and ADL's wrappers run with file access between frames, as this browser does.
  const desktop = await launchChromium(['--allow-file-access-from-files']);
  const dir = await unpack('scorm12');
  // this browser could run the module player from a file: take it away, so that the classic one is what runs
  for (const name of readdirSync(dir)) if (/^player-(?!file\.js).*\.js$/.test(name)) rmSync(join(dir, name));
  // a wrapper page beside the package, as ADL's test wrappers and desktop players have: the API in the parent
  writeFileSync(
    join(work, 'wrapper.html'),
    `<!doctype html><html><head><title>wrapper</title><script src="wrapper.js"></script></head>` +
      `<body><iframe id="sco" src="scorm12/index.html" style="width:100%;height:600px"></iframe></body></html>`,
  );
  writeFileSync(
    join(work, 'wrapper.js'),
    `var data = {'cmi.core.lesson_status': 'not attempted', 'cmi.core.student_id': 'k1', 'cmi.core.student_name': 'Otieno, Grace'};
var calls = [];
window.API = {
  LMSInitialize: function () { calls.push('LMSInitialize'); return 'true'; },
  LMSFinish: function () { calls.push('LMSFinish'); return 'true'; },
  LMSGetValue: function (k) { return data[k] === undefined ? '' : data[k]; },
  LMSSetValue: function (k, v) { data[k] = String(v); return 'true'; },
  LMSCommit: function () { calls.push('LMSCommit'); return 'true'; },
  LMSGetLastError: function () { return '0'; },
  LMSGetErrorString: function () { return ''; },
  LMSGetDiagnostic: function () { return ''; }
};
window.wrapper = {data: data, calls: calls};`,
  );
  const context = await desktop.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(work, 'wrapper.html')).href);
  const frame = page.frameLocator('#sco');
  await play(frame, course, {lang: 'en', lessons: 1, exit: false});
  await page.waitForFunction(() => (window as any).wrapper.calls.includes('LMSCommit'));
  const data = await page.evaluate(() => (window as any).wrapper.data);
  assert.equal(data['cmi.core.lesson_status'], 'incomplete');
  assert.ok(data['cmi.suspend_data'], 'the progress is in the suspend data');
  assert.ok(data['cmi.core.lesson_location'], 'and the location');
  await context.close();
  await desktop.close();
});
