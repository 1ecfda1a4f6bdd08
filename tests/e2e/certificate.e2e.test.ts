// The certificate as a learner prints it, in Arabic. shared-services' web package, served by the preview LMS, is
// played to passing in Arabic in Chromium; the learner types a name in Latin letters and presses the player's own
// Print button, and Chromium prints the page to PDF. The PDF is read back (tests/helpers/pdf.ts) and must hold one
// page with the certificate alone (no progress bar, button or lesson): its Arabic lines written right to left and
// read back in order, the Latin name and the course's id and version kept left to right inside them, and each label
// of the details before its value in right-to-left reading order (the first detail at the right), each value what
// the screen showed. The date reads as UN Arabic documents write it (6 كانون الأول/ديسمبر 2026).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Browser} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import arViews from '../../src/i18n/ar-views.js';
import ar from '../../src/i18n/ar.js';
import {startPreview, type PreviewServer} from '../../src/preview/server.js';
import {play} from '../preview/play.js';
import {launchChromium} from '../helpers/browser.js';
import {fetchPackagedCourse} from '../helpers/packages.js';
import {readPdf, type PdfRun} from '../helpers/pdf.js';

const COURSES_DIR = fileURLToPath(new URL('../../courses', import.meta.url));
const ID = 'shared-services';
const NAME = 'Youssef Haddad';
const ARABIC = /[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]/;

let work: string;
let server: PreviewServer;
let browser: Browser;
let course: CompiledCourse;
let webUrl: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-certificate-e2e-'));
  [server, browser] = await Promise.all([
    startPreview({
      port: 0,
      coursesDir: COURSES_DIR,
      dataDir: join(work, 'data'),
      packagesDir: join(work, 'packages'),
      watch: false,
      log: false,
    }),
    launchChromium(),
  ]);
  const list = (await (await fetch(new URL('/api/courses', server.url))).json()) as any[];
  webUrl = new URL(list.find((c) => c.id === ID).packages.web, server.url).href;
  course = await fetchPackagedCourse(webUrl.replace(/index\.html$/, 'course.json'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, {recursive: true, force: true});
});

/** Text compared as read: compatibility forms folded (a joined letter is the letter), no vowel marks, no spaces or
 * direction marks. */
const norm = (s: string) => s.normalize('NFKC').replace(/[\p{Mn}\s\u200e\u200f\u2066-\u2069]/gu, '');

/** The runs of the page as lines, top first (PDF y grows upwards), each line's runs in right-to-left order. */
function lines(runs: PdfRun[]): PdfRun[][] {
  const out: PdfRun[][] = [];
  for (const r of [...runs].sort((a, b) => b.y - a.y || b.x - a.x)) {
    const line = out.at(-1);
    if (line && Math.abs(line[0]!.y - r.y) < 1) line.push(r);
    else out.push([r]);
  }
  return out;
}

test('shared-services in Arabic: the printed certificate is one page, right to left, with the Latin name and id kept left to right, each detail after its label', async () => {
  const content = course.content.ar!;
  assert.ok(content, `${ID} has Arabic`);
  const context = await browser.newContext({
    locale: 'ar',
    viewport: {width: 1280, height: 800},
    reducedMotion: 'reduce',
  });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${webUrl}?lang=ar`);
    await play(page, course, {lang: 'ar', exit: false});
    const el = page.locator('ict-course');
    await el.locator('#learner-name').fill(NAME);
    await el.locator('[part="certificate"] .name', {hasText: NAME}).waitFor();
    // what the screen shows in the details: label and value, in document order
    const shown = await el.locator('[part="certificate"] dl > div').evaluateAll((rows) =>
      rows.map((r) => ({
        label: r.querySelector('dt')!.textContent!.trim(),
        value: r.querySelector('dd')!.textContent!.trim(),
      })),
    );
    assert.deepEqual(
      shown.map((r) => r.label),
      [arViews.date, arViews.scoreLabel, arViews.courseVersion, arViews.certificateNo],
    );
    assert.match(shown[0]!.value, /^\d{1,2} [^\d/]+\/[^\d/]+ \d{4}$/, 'the date as UN Arabic documents write it');

    // The player's Print button marks the certificate as what is printed, then opens the browser's print; here the
    // print goes to page.pdf() instead of a dialog (headless Chromium has none), with the mark still set.
    await page.evaluate(() => (window.print = () => undefined));
    await el.locator('.actions button', {hasText: arViews.print}).click();
    await el.locator('.main.printing').waitFor({state: 'attached'});
    const pdf = readPdf(await page.pdf({format: 'A4'}));
    assert.equal(pdf.pages, 1, 'the certificate prints on one page');
    assert.ok(
      pdf.runs.some((r) => r.rtl && ARABIC.test(r.text)),
      `the PDF holds Arabic text written right to left (is a font with Arabic installed?): ${JSON.stringify(pdf.runs)}`,
    );
    const ls = lines(pdf.runs);
    const lineText = (l: PdfRun[]) => l.map((r) => r.text).join('');

    // the certificate's lines, top to bottom, and nothing above them (no header, progress bar or lesson)
    const expected = [arViews.certificate, arViews.certifies, NAME, arViews.hasCompleted, content.title];
    assert.deepEqual(
      ls.slice(0, expected.length).map((l) => norm(lineText(l))),
      expected.map(norm),
      `the printout begins with the certificate, its Arabic read right to left: ${JSON.stringify(ls.map(lineText))}`,
    );
    for (const i of [0, 1, 3, 4])
      assert.ok(
        ls[i]!.every((r) => r.rtl),
        `"${expected[i]}" is written right to left`,
      );
    assert.deepEqual(
      ls[2]!.map((r) => [r.text, r.rtl]),
      [[NAME, false]],
      'the Latin name is one run, left to right',
    );
    const all = norm(pdf.runs.map((r) => r.text).join(''));
    for (const absent of [ar.progress, arViews.print, arViews.completeText, arViews.learnerName])
      assert.ok(!all.includes(norm(absent)), `the printout leaves out "${absent}"`);

    // the details: every label found, in right-to-left reading order (the first at the right, then down)
    const details = ls.slice(expected.length);
    const at = (run: PdfRun) => {
      const line = details.findIndex((l) => l.includes(run));
      return {line, x: run.x};
    };
    const before_ = (a: {line: number; x: number}, b: {line: number; x: number}) =>
      a.line < b.line || (a.line === b.line && a.x > b.x);
    const labels = shown.map((row) => {
      const run = details.flat().find((r) => r.rtl && norm(r.text) === norm(row.label));
      assert.ok(run, `the label "${row.label}" is printed right to left: ${JSON.stringify(details.map(lineText))}`);
      return run;
    });
    for (let i = 1; i < labels.length; i++)
      assert.ok(
        before_(at(labels[i - 1]!), at(labels[i]!)),
        `"${shown[i - 1]!.label}" comes before "${shown[i]!.label}" reading right to left`,
      );
    // each value: the runs after its label and before the next label on the line, read right to left where it is
    // Arabic; a value in Latin letters and digits (the id and version, the certificate's number) must read left to
    // right as it stands on the page, whatever bidi would make of it in a right-to-left line
    shown.forEach((row, i) => {
      const label = labels[i]!;
      const line = details[at(label).line]!;
      const next = labels.slice(i + 1).find((l) => line.includes(l));
      const latin = !ARABIC.test(row.value);
      const runs = line
        .filter((r) => !labels.includes(r) && r.x < label.x && (!next || r.x > next.x))
        .sort((a, b) => (latin ? a.x - b.x : b.x - a.x));
      assert.ok(runs.length, `a value follows "${row.label}" on its line`);
      assert.equal(norm(runs.map((r) => r.text).join('')), norm(row.value), `"${row.label}" reads "${row.value}"`);
      if (latin)
        assert.ok(
          runs.every((r) => !r.rtl),
          `"${row.value}" is written left to right`,
        );
    });
    assert.equal(shown[2]!.value, `${ID} ${course.version}`);
  } finally {
    await context.close();
  }
});
