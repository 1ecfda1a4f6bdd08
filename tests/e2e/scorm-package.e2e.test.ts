// SCORM 1.2 and 2004 at the package level: the built package, framed by the preview LMS's host page where
// scorm-again is the LMS (`API`, `API_1484_11`), played through the player's UI in Chromium. Asserts what the LMS
// holds after a full run with a wrong answer among right ones (status, score raw/min/max/scaled, interactions with
// their response patterns and results, location, suspend data that resumes, exit, session time in each version's
// format); that a browse launch changes no status; that the LMS's mastery score overrides the course's, both ways;
// and that an LMS refusing commits is shown to the learner and then receives the progress once it accepts again.
// (The tracker-level cases are tests/tracking/scorm*.browser.test.ts; the 1.2 faults are faults-scorm.e2e.test.ts.)
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type Browser, type FrameLocator, type Page} from 'playwright-core';
import {decodeState} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {startPreview, type PreviewServer} from '../../src/preview/server.js';
import {heading, play} from '../preview/play.js';
import {until} from '../helpers/until.js';
import {launchChromium} from '../helpers/browser.js';
import {fetchPackagedCourse} from '../helpers/packages.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/courses', import.meta.url));

let work: string;
let server: PreviewServer;
let browser: Browser;
let course: CompiledCourse;

async function json<T = any>(path: string): Promise<{status: number; body: T}> {
  const r = await fetch(new URL(path, server.url));
  const text = await r.text();
  return {status: r.status, body: (text ? JSON.parse(text) : undefined) as T};
}

/** What the LMS holds for the learner once the course has finished its session (the final commit has arrived). */
async function finalCmi(learner: string, format: 'scorm12' | 'scorm2004'): Promise<Record<string, string>> {
  const rec = await until(async () => {
    const r = await json<any>(`/api/scorm/${learner}/basics/${format}`);
    return r.body.sessions?.at(-1)?.finished && r.body;
  }, `the final commit of ${learner} (${format})`);
  return rec.flat;
}

/** `clock`: the page's timers run on the test's clock (`page.clock`), which the test moves on. */
async function launch(
  learner: string,
  format: 'scorm12' | 'scorm2004',
  query: Record<string, string> = {},
  opts: {clock?: boolean} = {},
): Promise<{page: Page; frame: FrameLocator}> {
  const page = await browser.newPage({viewport: {width: 1280, height: 800}});
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  if (opts.clock) await page.clock.install();
  await page.goto(
    new URL(`/launch/basics/${format}?${new URLSearchParams({learner, lang: 'en', ...query})}`, server.url).href,
  );
  return {page, frame: page.frameLocator('#course-frame')};
}

/** The interactions the LMS holds, by index. */
function interactions(flat: Record<string, string>): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const [k, v] of Object.entries(flat)) {
    const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(k);
    if (m) (out[Number(m[1])] ??= {})[m[2]!] = v;
  }
  return out;
}

const draw = () => course.content.en!.assessment!.draw;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-scorm-package-e2e-'));
  mkdirSync(join(work, 'packages'));
  [server, browser] = await Promise.all([
    startPreview({
      port: 0,
      coursesDir: FIXTURES,
      dataDir: join(work, 'data'),
      packagesDir: join(work, 'packages'),
      watch: false,
      log: false,
    }),
    launchChromium(),
  ]);
  const {body: courses} = await json<any[]>('/api/courses');
  course = await fetchPackagedCourse(
    new URL(courses.find((c) => c.id === 'basics').packages.web.replace(/index\.html$/, 'course.json'), server.url)
      .href,
  );
  assert.equal(course.settings.masteryScore, 0.6);
  assert.equal(draw(), 3);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, {recursive: true, force: true});
});

const SCORM12_TIME = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/; // CMITimespan HHHH:MM:SS.SS
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/; // timeinterval (second,10,2)
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,2})?(Z|[+-]\d{2}:\d{2})?$/;

test('a full run with one wrong answer: the SCORM 1.2 LMS holds passed, 66.67 of 0..100, three interactions with patterns and results, location, suspend data that resumes, exit and session time', async () => {
  const learner = 'amina.diallo';
  const {page, frame} = await launch(learner, 'scorm12');
  // mid-course the attempt is kept open: lesson_status incomplete, exit suspend; the LMS has the second lesson as
  // the location before the page goes (else the relaunch could start from an earlier commit)
  await play(frame, course, {lang: 'en', lessons: 2, exit: false});
  const second = course.content.en!.lessons[1]!.id;
  const mid = await until(async () => {
    const r = await json<any>(`/api/scorm/${learner}/basics/scorm12`);
    return (
      r.body.flat?.['cmi.core.exit'] === 'suspend' &&
      r.body.flat?.['cmi.core.lesson_location'] === second &&
      r.body.flat
    );
  }, 'a commit with cmi.core.exit suspend at the second lesson');
  assert.equal(mid['cmi.core.lesson_status'], 'incomplete');
  assert.equal(mid['cmi.core.score.raw'] ?? '', '');
  await page.close();
  // the relaunch resumes at the second lesson; the learner finishes with the first question wrong (2 of 3 right)
  const again = await launch(learner, 'scorm12');
  await again.frame
    .locator('ict-course #heading', {hasText: course.content.en!.lessons[1]!.title})
    .waitFor({timeout: 15000});
  const lessons = course.content.en!.lessons;
  for (let i = 1; i < lessons.length; i++) {
    await again.frame.locator('ict-course #heading', {hasText: lessons[i]!.title}).waitFor();
    await again.frame.locator('ict-course .pager button.next').click();
  }
  await finishAssessment(again.frame, [0], true);
  const flat = await finalCmi(learner, 'scorm12');
  await again.page.close();

  assert.equal(flat['cmi.core.lesson_status'], 'passed', '2 of 3 = 0.667 passes the course mastery 0.6');
  assert.equal(flat['cmi.core.score.raw'], '66.67');
  assert.equal(flat['cmi.core.score.min'], '0');
  assert.equal(flat['cmi.core.score.max'], '100');
  assert.equal(flat['cmi.core.entry'], 'resume', 'the second session resumed');
  assert.equal(flat['cmi.core.exit'], '', 'a finished course leaves with a normal exit');
  assert.match(flat['cmi.core.session_time']!, SCORM12_TIME);
  assert.match(flat['cmi.core.total_time']!, SCORM12_TIME);
  assert.ok(flat['cmi.core.lesson_location'], 'a location');
  const saved = decodeState(flat['cmi.suspend_data']!, 'basics');
  assert.deepEqual(
    saved.progress.visited,
    lessons.map((l) => l.id),
    'the suspend data holds every lesson visited',
  );
  assert.equal(saved.progress.location, flat['cmi.core.lesson_location']);
  assert.ok(flat['cmi.suspend_data']!.length <= 4096);

  const list = interactions(flat);
  assert.equal(list.length, draw(), 'one interaction per question');
  assert.deepEqual(
    list.map((x) => x.result),
    ['wrong', 'correct', 'correct'],
    '1.2 says wrong, not incorrect',
  );
  for (const x of list) {
    const q = course.content.en!.assessment!.questions.find((q) => x.id!.startsWith(q.id))!;
    assert.ok(q, `the interaction ${x.id} names its question`);
    assert.match(x.id!, /^[A-Za-z0-9._-]{1,255}$/, 'a CMIIdentifier');
    const right = q.options.filter((o) => o.correct).map((o) => o.id);
    if (q.type === 'truefalse') {
      assert.equal(x.type, 'true-false');
      assert.match(x.student_response!, /^[tf01]$/);
      assert.match(x['correct_responses.0.pattern']!, /^[tf01]$/);
    } else {
      assert.equal(x.type, 'choice');
      assert.equal(
        x['correct_responses.0.pattern'],
        right.join(','),
        '1.2 choice pattern: identifiers separated by commas',
      );
      assert.match(x.student_response!, /^[^,]+(,[^,]+)*$/);
      assert.ok(x.student_response!.length <= 255);
    }
    assert.equal(x.weighting, '1');
    assert.match(x.latency!, SCORM12_TIME);
    assert.match(x.time!, /^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/);
  }
  assert.notEqual(
    list[0]!.student_response,
    list[0]!['correct_responses.0.pattern'],
    'the wrong answer is recorded as given',
  );
});

test('a full run with one wrong answer: the SCORM 2004 LMS holds completed and passed, scaled 0.667 with raw/min/max, interactions with patterns, incorrect, descriptions and timestamps, location, suspend data, exit and ISO session time', async () => {
  const learner = 'carlos.mendoza';
  const {page, frame} = await launch(learner, 'scorm2004');
  // the LMS has the second lesson as the location before the page goes (else the relaunch could start from an
  // earlier commit)
  await play(frame, course, {lang: 'en', lessons: 2, exit: false});
  const second = course.content.en!.lessons[1]!.id;
  const mid = await until(async () => {
    const r = await json<any>(`/api/scorm/${learner}/basics/scorm2004`);
    return r.body.flat?.['cmi.exit'] === 'suspend' && r.body.flat?.['cmi.location'] === second && r.body.flat;
  }, 'a commit with cmi.exit suspend at the second lesson');
  assert.equal(mid['cmi.completion_status'], 'incomplete');
  assert.ok(
    ['unknown', ''].includes(mid['cmi.success_status'] ?? ''),
    `success_status ${mid['cmi.success_status']} before the assessment`,
  );
  assert.ok(Number(mid['cmi.progress_measure']) > 0 && Number(mid['cmi.progress_measure']) < 1);
  await page.close();
  const again = await launch(learner, 'scorm2004');
  const lessons = course.content.en!.lessons;
  await again.frame.locator('ict-course #heading', {hasText: lessons[1]!.title}).waitFor({timeout: 15000});
  for (let i = 1; i < lessons.length; i++) {
    await again.frame.locator('ict-course #heading', {hasText: lessons[i]!.title}).waitFor();
    await again.frame.locator('ict-course .pager button.next').click();
  }
  await finishAssessment(again.frame, [0], true);
  const flat = await finalCmi(learner, 'scorm2004');
  await again.page.close();

  assert.equal(flat['cmi.completion_status'], 'completed');
  assert.equal(flat['cmi.success_status'], 'passed');
  assert.ok(Math.abs(Number(flat['cmi.score.scaled']) - 2 / 3) < 0.001, `scaled ${flat['cmi.score.scaled']}`);
  assert.equal(flat['cmi.score.raw'], '66.67');
  assert.equal(flat['cmi.score.min'], '0');
  assert.equal(flat['cmi.score.max'], '100');
  assert.equal(flat['cmi.progress_measure'], '1');
  assert.equal(flat['cmi.entry'], 'resume');
  assert.equal(flat['cmi.exit'], 'normal');
  assert.match(flat['cmi.session_time']!, ISO_DURATION);
  assert.match(flat['cmi.total_time']!, ISO_DURATION);
  assert.ok(flat['cmi.location'] && flat['cmi.location'].length <= 1000);
  const saved = decodeState(flat['cmi.suspend_data']!, 'basics');
  assert.deepEqual(
    saved.progress.visited,
    lessons.map((l) => l.id),
  );

  const list = interactions(flat);
  assert.equal(list.length, draw());
  assert.deepEqual(
    list.map((x) => x.result),
    ['incorrect', 'correct', 'correct'],
    '2004 says incorrect, not wrong',
  );
  for (const x of list) {
    const q = course.content.en!.assessment!.questions.find((q) => x.id!.startsWith(q.id))!;
    assert.ok(q, `the interaction ${x.id} names its question`);
    const right = q.options.filter((o) => o.correct).map((o) => o.id);
    if (q.type === 'truefalse') {
      assert.equal(x.type, 'true-false');
      assert.match(x.learner_response!, /^(true|false)$/);
      assert.match(x['correct_responses.0.pattern']!, /^(true|false)$/);
    } else {
      assert.equal(x.type, 'choice');
      assert.equal(
        x['correct_responses.0.pattern'],
        right.join('[,]'),
        '2004 choice pattern: short identifiers separated by [,]',
      );
    }
    assert.ok(x.description && x.description.length <= 250, 'a description within 250 characters');
    assert.match(x.timestamp!, ISO_TIMESTAMP);
    assert.match(x.latency!, ISO_DURATION);
    assert.equal(x.weighting, '1');
  }
});

test('a SCORM 1.2 browse launch changes no status and no score in the LMS', async () => {
  const learner = 'li.wei';
  const {page, frame} = await launch(learner, 'scorm12', {mode: 'browse'});
  const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
  assert.equal(config.seed.core.lesson_mode, 'browse');
  assert.equal(config.seed.core.credit, 'no-credit');
  await play(frame, course, {lang: 'en', lessons: course.content.en!.lessons.length});
  await page.locator('#session-state', {hasText: 'ended the session'}).waitFor({timeout: 15000});
  // what the course asked of the LMS: no status, no score, no interaction (the preview's host page logs every call)
  const calls = await page.locator('#calls li').allInnerTexts();
  assert.ok(
    calls.some((c) => c.startsWith('LMSInitialize')),
    'the course opened a session',
  );
  assert.deepEqual(
    calls.filter((c) => /LMSSetValue\("cmi\.(core\.lesson_status|core\.score|interactions)/.test(c)),
    [],
    'the course set no status, score or interaction',
  );
  await page.close();
  const r = await json<any>(`/api/scorm/${learner}/basics/scorm12`);
  const flat = (r.body.flat ?? {}) as Record<string, string>;
  // scorm-again, as the LMS, records a first browse as "browsed" (SCORM 1.2 RTE 3.4.4); nothing more
  assert.ok(
    ['', 'not attempted', 'browsed', undefined].includes(flat['cmi.core.lesson_status']),
    `lesson_status ${flat['cmi.core.lesson_status']} after a browse launch`,
  );
  assert.equal(flat['cmi.core.score.raw'] ?? '', '');
  assert.equal(interactions(flat).length, 0);
  const summary = (await json<any[]>(`/api/records?learner=${learner}&course=basics&format=scorm12`)).body[0];
  assert.equal(summary?.score ?? null, null);
});

test("the LMS's mastery score overrides the course's: 2 of 3 right fails under the LMS's 80 % (SCORM 1.2); 1 of 3 right passes under its 0.3 (SCORM 2004)", async () => {
  {
    const learner = 'olga.petrova';
    const {page, frame} = await launch(learner, 'scorm12', {mastery: '0.8'});
    const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
    assert.equal(config.seed.student_data.mastery_score, '80');
    await play(frame, course, {lang: 'en', wrong: [0], passes: false});
    const flat = await finalCmi(learner, 'scorm12');
    const calls = await page.locator('#calls li').allInnerTexts();
    assert.ok(
      calls.some((c) => c.startsWith('LMSSetValue("cmi.core.lesson_status", "failed")')),
      'the course itself reported failed (the LMS applies no override of its own)',
    );
    await page.close();
    assert.equal(flat['cmi.core.score.raw'], '66.67');
    assert.equal(flat['cmi.core.lesson_status'], 'failed', '66.67 passes the course (0.6) but not the LMS (80)');
  }
  {
    const learner = 'youssef.haddad';
    const {page, frame} = await launch(learner, 'scorm2004', {mastery: '0.3'});
    const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
    assert.equal(config.seed.scaled_passing_score, '0.3');
    await play(frame, course, {lang: 'en', wrong: [0, 1], passes: true});
    const flat = await finalCmi(learner, 'scorm2004');
    await page.close();
    assert.ok(Math.abs(Number(flat['cmi.score.scaled']) - 1 / 3) < 0.001);
    assert.equal(flat['cmi.success_status'], 'passed', '0.333 fails the course (0.6) but passes the LMS (0.3)');
    assert.equal(flat['cmi.completion_status'], 'completed');
  }
});

test('a SCORM 2004 LMS refuses commits for a while: the learner sees that saving fails and goes on; once the LMS accepts again it holds the progress', async () => {
  const learner = 'grace.otieno';
  // the player's retries run on the test's clock: each poll moves it on by a second (the backoff passes at once)
  const {page, frame} = await launch(learner, 'scorm2004', {}, {clock: true});
  const ticking =
    <T>(cond: () => Promise<T>) =>
    async () =>
      (await cond()) || (await page.clock.fastForward(1000), false);
  const lessons = course.content.en!.lessons;
  await play(frame, course, {lang: 'en', lessons: 1, exit: false});
  await until(
    // (on this clock: the first step's commit waits for the state codec, loaded after the first screen)
    ticking(async () => (await json<any>(`/api/scorm/${learner}/basics/scorm2004`)).body.flat?.['cmi.location']),
    'the first commit',
  );
  // the LMS's Commit now answers "false" with error 391 (General Commit Failure), as a failing LMS does
  await page.evaluate(() => {
    const api = (window as any).API_1484_11;
    const commit = api.Commit;
    const getLastError = api.GetLastError.bind(api);
    (window as any).refusing = true;
    (window as any).refused = 0;
    api.Commit = (...args: unknown[]) => {
      if (!(window as any).refusing) return commit(...args);
      (window as any).refused += 1;
      return 'false';
    };
    api.GetLastError = () => ((window as any).refusing ? '391' : getLastError());
  });
  for (let i = 1; i < lessons.length; i++) {
    await frame.locator('ict-course .pager button.next').click();
    await frame.locator('ict-course #heading', {hasText: lessons[i]!.title}).waitFor();
  }
  const status = frame.locator('ict-course [part="status"]');
  await until(
    ticking(async () => /\S/.test(await status.locator('.alert').innerText())),
    'the learner told',
    20000,
  );
  const told = (await status.innerText()).trim();
  assert.match(told, /did not accept your progress/, `the learner is told: ${told}`);
  assert.ok((await page.evaluate(() => (window as any).refused)) >= 1);
  const held = decodeState(
    (await json<any>(`/api/scorm/${learner}/basics/scorm2004`)).body.flat['cmi.suspend_data'],
    'basics',
  );
  assert.deepEqual(held.progress.visited, [lessons[0]!.id], 'the LMS holds only what it accepted');
  // the LMS accepts again: the retry carries the newest progress
  await page.evaluate(() => ((window as any).refusing = false));
  await until(
    ticking(async () => {
      const flat = (await json<any>(`/api/scorm/${learner}/basics/scorm2004`)).body.flat;
      return decodeState(flat['cmi.suspend_data'], 'basics').progress.visited.length === lessons.length;
    }),
    'the LMS holding every lesson visited',
    20000,
  );
  await until(
    async () => (await status.locator('.alert').innerText()).trim() === '',
    'the alert gone once saved',
    10000,
  ).catch(async (e) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; the status says: ${await status.innerText()}`);
  });
  assert.equal(await heading(frame).innerText(), lessons.at(-1)!.title, 'the learner went on throughout');
  await page.close();
});

/** From the assessment's start page (after the last lesson): answers, wrong where listed, then the results. */
async function finishAssessment(frame: FrameLocator, wrong: number[], passes: boolean): Promise<void> {
  const el = frame.locator('ict-course');
  await el.locator('.main .actions button').first().click();
  const questions = course.content.en!.assessment!.questions;
  for (let n = 0; n < draw(); n++) {
    const form = el.locator('form[part="question"]');
    await form.locator('button[type="submit"]').waitFor({state: 'visible'});
    const legend = (await form.locator('legend').innerText()).replace(/\s+/g, ' ').trim();
    const q = questions.find(
      (x) =>
        x.prompt
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim() === legend,
    )!;
    assert.ok(q, `a question of the course has the prompt ${legend}`);
    const ids = wrong.includes(n)
      ? [q.options.find((o) => !o.correct)!.id]
      : q.options.filter((o) => o.correct).map((o) => o.id);
    for (const id of ids) await form.locator(`input[value="${id}"]`).check();
    await form.locator('button[type="submit"]').click();
    await el.locator('#after-answer').click();
  }
  const results = el.locator('[part="results"] .actions button').first();
  await results.waitFor({state: 'visible'});
  if (passes) {
    await results.click();
    await el.locator('[part="certificate"]').waitFor({state: 'visible'});
  }
  await el.locator('.tools button').click();
}
