// The player on a phone: a 320 x 640 touch screen, in English, in Arabic (right to left) and in Chinese. The web
// package of a curriculum course (ict-strategy, which has all three languages) is served by the preview LMS and played through every
// view the learner meets: start, lesson, the contents disclosure (by touch and by keyboard), a question, the
// results, the certificate, and the error screen. In each, no element is wider than the screen (measured in the
// page), and axe finds nothing; the lesson heading is within the first screen; the progress bar and Previous/Next
// stay in reach while the lesson scrolls. Screenshots go to $ICT_SCREENSHOTS (default a temporary folder).
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Browser, Locator, Page} from 'playwright-core';
import type {CompiledCourse, Question} from '../../src/course/types.js';
import {startPreview, type PreviewServer} from '../../src/preview/server.js';
import {launchChromium} from '../helpers/browser.js';
import {fetchPackagedCourse} from '../helpers/packages.js';

const COURSES = fileURLToPath(new URL('../../courses', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ID = 'ict-strategy';

let work: string;
let shots: string;
let server: PreviewServer;
let browser: Browser;
let course: CompiledCourse;
let webUrl: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-phone-e2e-'));
  cpSync(join(COURSES, ID), join(work, 'courses', ID), {recursive: true});
  cpSync(join(COURSES, '_terms'), join(work, 'courses', '_terms'), {recursive: true}); // the terms it shares
  shots = process.env.ICT_SCREENSHOTS ?? join(work, 'screenshots');
  mkdirSync(shots, {recursive: true});
  server = await startPreview({port: 0, coursesDir: join(work, 'courses'), dataDir: join(work, 'data'), log: false});
  browser = await launchChromium();
  const courses = (await (await fetch(new URL('/api/courses', server.url))).json()) as any[];
  webUrl = new URL(courses.find((c) => c.id === ID).packages.web, server.url).href;
  course = await fetchPackagedCourse(webUrl.replace(/index\.html$/, 'course.json'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (!process.env.ICT_SCREENSHOTS) console.log(`screenshots: ${shots}`);
  rmSync(join(work, 'courses'), {recursive: true, force: true});
  rmSync(join(work, 'data'), {recursive: true, force: true});
});

async function phone(lang: string): Promise<{page: Page; el: Locator}> {
  const context = await browser.newContext({
    viewport: {width: 320, height: 640},
    isMobile: true,
    hasTouch: true,
    locale: lang,
    bypassCSP: true, // axe is added to the page as a script of its own
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${webUrl}?lang=${lang}`);
  const el = page.locator('ict-course');
  await el.locator('#heading').waitFor();
  return {page, el};
}

/** Elements of the page and of the player's shadow root that reach outside the screen (none inside a region that
 * scrolls on its own, such as a wide table), and how wide the page is. */
function overflow(page: Page): Promise<{scrollWidth: number; outside: string[]}> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const root = document.querySelector('ict-course')!.shadowRoot!;
    const all = [...document.querySelectorAll('body *'), ...root.querySelectorAll('*')];
    const outside = all
      .filter((e) => !e.closest('.table-scroll, .vh') && !(e.getRootNode() as ShadowRoot).host?.closest?.('.vh'))
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5);
      })
      .map(
        (e) =>
          `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') ?? ''}"> ${Math.round(e.getBoundingClientRect().width)} px`,
      );
    return {scrollWidth: document.documentElement.scrollWidth, outside};
  });
}

async function fits(page: Page, view: string): Promise<void> {
  const o = await overflow(page);
  assert.deepEqual(o.outside, [], `${view}: elements outside the 320 px screen`);
  assert.ok(o.scrollWidth <= 320, `${view}: the page is ${o.scrollWidth} px wide`);
}

async function axe(page: Page, view: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({content: AXE});
  const violations = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']});
    return r.violations.map(
      (v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`,
    );
  });
  assert.deepEqual(violations, [], `${view}: axe`);
}

const strip = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

for (const lang of ['en', 'ar', 'zh'] as const) {
  test(`${lang}: every view fits a 320 px phone, the lesson comes first, the contents open by touch and keyboard, axe is clean`, async () => {
    const {page, el} = await phone(lang);
    const content = course.content[lang]!;
    assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');

    // start
    await fits(page, 'start');
    await axe(page, 'start');
    await el.locator('.main .actions button').first().tap();

    // the first lesson: its heading on the first screen, the contents closed behind their button
    const heading = el.locator('#heading', {hasText: content.lessons[0]!.title});
    await heading.waitFor();
    // measured from the top of the page: the first screen is the page unscrolled, whatever focus did since
    const bottom = await heading.evaluate((h) => h.getBoundingClientRect().bottom + window.scrollY);
    assert.ok(bottom <= 640, `the lesson heading is on the first screen (it ends ${Math.round(bottom)} px down)`);
    const toggle = el.locator('nav .toc-btn');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await el.locator('nav ol').isVisible(), false, 'the contents list is closed');
    const size = (await toggle.boundingBox())!;
    assert.ok(size.width >= 24 && size.height >= 24, 'the Contents button is at least 24 x 24 px');
    await fits(page, 'lesson');
    await axe(page, 'lesson');
    await page.screenshot({path: join(shots, `phone-${lang}-lesson.png`)});

    // scrolled to the end of the lesson: the progress bar and Next are still on screen
    await page.mouse.wheel(0, 2000);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    for (const what of ['.meter progress', '.pager button.next']) {
      const b = (await el.locator(what).boundingBox())!;
      assert.ok(b.y >= 0 && b.y + b.height <= 640, `${what} stays in reach when the lesson scrolls (y ${b.y})`);
    }
    await page.evaluate(() => window.scrollTo(0, 0));

    // the contents by touch: open, then the second lesson
    await toggle.tap();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await el.locator('nav ol').waitFor({state: 'visible'});
    await fits(page, 'contents open');
    await axe(page, 'contents open');
    await el.locator('nav ol a', {hasText: content.lessons[1]!.title}).tap();
    await el.locator('#heading', {hasText: content.lessons[1]!.title}).waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'choosing a lesson closes the list');

    // the contents by keyboard: Enter opens, Tab reaches the lessons, Enter goes, Space closes
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Tab');
    assert.ok(
      (await el.evaluate((e) => e.shadowRoot!.activeElement?.textContent ?? '')).includes(content.lessons[0]!.title),
      'Tab moves from the button to the first lesson',
    );
    await page.keyboard.press('Enter');
    await el.locator('#heading', {hasText: content.lessons[0]!.title}).waitFor();
    await toggle.focus();
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');

    // the assessment (every lesson read first): every question fits, its options are at least 24 x 24 px
    for (const l of content.lessons) await el.evaluate((e: any, id: string) => e.go(id), l.id);
    await el.evaluate((e: any) => e.go('assessment'));
    await el.locator('.main .actions button').first().tap();
    const a = content.assessment!;
    for (let n = 0; n < a.draw; n++) {
      const form = el.locator('form[part="question"]');
      await form.locator('button[type="submit"]').waitFor();
      const legend = strip(await form.locator('legend').innerHTML());
      const q: Question | undefined = a.questions.find((x) => strip(x.prompt) === legend);
      assert.ok(q, `a question of the course has the prompt "${legend}"`);
      if (n === 0) {
        await fits(page, 'question');
        await axe(page, 'question');
        const input = (await form.locator('input').first().boundingBox())!;
        assert.ok(input.width >= 24 && input.height >= 24, `an option's input is ${input.width} x ${input.height} px`);
        await page.screenshot({path: join(shots, `phone-${lang}-question.png`)});
      }
      for (const o of q!.options.filter((x) => x.correct)) await form.locator(`input[value="${o.id}"]`).tap();
      await form.locator('button[type="submit"]').tap();
      await el.locator('#after-answer').tap();
    }

    // the results, then the certificate
    await el.locator('[part="results"]').waitFor();
    await fits(page, 'results');
    await axe(page, 'results');
    await el.locator('[part="results"] .actions button').first().tap();
    await el.locator('[part="certificate"]').waitFor();
    await fits(page, 'certificate');
    await axe(page, 'certificate');
    await page.screenshot({path: join(shots, `phone-${lang}-certificate.png`), fullPage: true});

    // the error screen (a course that cannot be found)
    await el.evaluate((e: any) => (e.src = 'missing.json'));
    await el.locator('[part="error"]').waitFor();
    await fits(page, 'error');
    await axe(page, 'error');
    await page.context().close();
  });
}

for (const lang of ['en', 'ar'] as const) {
  test(`the preview catalogue in ${lang} on a 320 px phone: nothing wider than the screen, the records a list per course, axe clean; a tap launches the course`, async () => {
    const context = await browser.newContext({
      viewport: {width: 320, height: 640},
      isMobile: true,
      hasTouch: true,
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    // opened without a learner: the first of the picker, an English reader
    await page.goto(new URL(lang === 'en' ? '/' : `/?lang=${lang}`, server.url).href);
    assert.equal(await page.getByLabel('Learner').inputValue(), 'grace.otieno');
    const o = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const outside = [...document.querySelectorAll('body *')]
        .filter((e) => !e.closest('thead, .skip'))
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5);
        })
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.getAttribute('class') ?? ''}">`);
      return {scrollWidth: document.documentElement.scrollWidth, outside};
    });
    assert.deepEqual(o.outside, [], 'elements outside the 320 px screen');
    assert.ok(o.scrollWidth <= 320, `the page is ${o.scrollWidth} px wide`);
    const title = course.content[lang]!.title;
    assert.equal(await page.locator(`article[data-course="${ID}"] h3`).innerText(), title);
    // the records: a list per course, each value beside its name
    const cell = page.locator(`.records tr[data-course="${ID}"][data-format="scorm12"] td[data-field="status"]`);
    assert.equal(await cell.evaluate((td) => getComputedStyle(td).display), 'flex');
    assert.equal(await cell.evaluate((td) => getComputedStyle(td, '::before').content), '"Status"');
    // launch buttons keep apart: none overlaps another
    const boxes = await page
      .locator('.launches .button')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        assert.ok(a[2]! <= b[0]! || b[2]! <= a[0]! || a[3]! <= b[1]! || b[3]! <= a[1]!, 'two launch buttons overlap');
    await axe(page, `catalogue ${lang}`);
    await page.screenshot({path: join(shots, `catalogue-${lang}-320.png`), fullPage: true});
    await page.getByRole('link', {name: `Launch ${title} as SCORM 1.2`}).tap();
    await page.waitForURL(new RegExp(`/launch/${ID}/scorm12\\?`));
    await page.frameLocator('#course-frame').locator('ict-course #heading').waitFor();
    await context.close();
  });
}
