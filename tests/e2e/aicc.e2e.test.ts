// The AICC HACP package in real Chromium against a test LMS written from AICC CMI001 (tests/helpers/hacp-server.ts),
// on another origin than the content: a whole play to passed, a resume from what the LMS holds, and the answers a
// real HACP server gives when it misbehaves (an HTTP 500, no `error=` line, a dropped connection, another letter
// case and line end, an ended session). The learner's progress is never lost and the learner is told.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import type {Browser, Page} from 'playwright-core';
import {decodeState} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {launchChromium} from '../helpers/browser.js';
import {settledStatus, statusOf} from '../helpers/fault-server.js';
import {startHacpServer, type HacpServer} from '../helpers/hacp-server.js';
import {compiled, packageOf} from '../helpers/packages.js';
import {until} from '../helpers/until.js';
import {heading, play} from '../preview/play.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));

let course: CompiledCourse;
let files: Map<string, Uint8Array>;
let lms: HacpServer;
let browser: Browser;

before(async () => {
  course = await compiled(BASICS);
  files = await packageOf(course, BASICS, 'aicc');
  [lms, browser] = await Promise.all([startHacpServer(() => files), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await lms?.close();
});

/** A page on a fresh device (no copy of the progress from another test). */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({reducedMotion: 'reduce'});
  const page = await context.newPage();
  page.on('close', () => void context.close().catch(() => undefined));
  return page;
}

const commands = (sid: string) => lms.requests.filter((r) => r.sessionId === sid).map((r) => r.command);

test('a play to passed through an HACP LMS: GetParam first, one PutParam per learner step, status, score, time and state stored, ExitAU last', async () => {
  const s = lms.open(undefined, {masteryScore: '60'});
  const page = await newPage();
  // an LMS that writes the parameter names in capitals
  await page.goto(lms.launchUrl(s, {sid: 'AICC_SID', url: 'AICC_URL'}));
  await play(page, course, {lang: 'en'});
  await until(() => s.ended, 'ExitAU');
  const sent = commands(s.id);
  assert.equal(sent[0], 'getparam');
  assert.equal(sent.filter((c) => c === 'getparam').length, 1);
  assert.equal(sent.at(-1), 'exitau');
  const lessons = course.content.en!.lessons.length;
  const draw = course.content.en!.assessment!.draw;
  const puts = sent.filter((c) => c === 'putparam').length;
  // start, each lesson, the assessment's start, each answer, the results, the exit: never one per call
  assert.ok(
    puts >= lessons && puts <= lessons + draw + 6,
    `${puts} PutParams for ${lessons} lessons and ${draw} questions`,
  );
  assert.equal(s.lessonStatus, 'passed');
  assert.equal(s.exit, '', 'a finished course is not left suspended');
  assert.equal(s.score.split(',')[0], '100');
  assert.ok(
    s.sessionSeconds >= 0 &&
      /^\d{2,4}:\d{2}:\d{2}$/.test(
        lms.requests
          .at(-2)!
          .aiccData.match(/Time=(.*)/)![1]!
          .trim(),
      ),
  );
  const state = decodeState(s.coreLesson, course.id);
  assert.equal(state.progress.attemptsUsed, 1, '[Core_Lesson] holds the submitted attempt');
  assert.equal(state.progress.score, 1);
  assert.equal(page.url().startsWith(lms.contentOrigin), true, 'the content comes from another origin than HACP');
  await page.close();
});

test('a second session resumes where the LMS says the learner left off (Lesson_Status "incomplete, resume", [Core_Lesson]) on another device', async () => {
  const first = lms.open();
  const page = await newPage();
  await page.goto(lms.launchUrl(first));
  await play(page, course, {lang: 'en', lessons: 2, exit: false});
  const second = course.content.en!.lessons[1]!;
  await until(() => first.lessonLocation === second.id && first.coreLesson, 'the LMS holds lesson 2');
  await page.close(); // pagehide: the last PutParam or ExitAU goes as a beacon
  assert.equal(first.exit, 'suspend');
  assert.equal(first.lessonStatus, 'incomplete');
  const again = lms.open(first);
  assert.equal(again.entry, 'resume');
  const other = await newPage(); // another device: nothing stored in this browser
  await other.goto(lms.launchUrl(again));
  // a resumed launch opens at the learner's place
  await other.locator('ict-course #heading', {hasText: second.title}).waitFor();
  await other.close();
});

test('an HTTP 500, an answer without error=, a dropped connection: the learner is told and goes on; the retry stores everything; "Error = 0" in LF with unknown keys is a success', async () => {
  const s = lms.open();
  // GetParam without the error lines, [Core] data only: read as the data it is
  lms.faults.set('getparam', [
    {
      kind: 'body',
      body: `[CORE]\nstudent_id = u-2002\nStudent_Name = Diallo, Amina\nLesson_Status = n, a\nLesson_Mode = normal\nCredit = credit\n[Core_Lesson]\n\n[Student_Data]\nMastery_Score=60\n`,
    },
  ]);
  lms.faults.set('putparam', [
    {kind: 'status', status: 500, body: 'Internal Server Error'},
    {kind: 'body', body: 'OK'},
    {kind: 'drop'},
    {kind: 'body', body: 'Error = 0\nError_Text = Successful\nX_Server_Build = 7.3\n', store: true},
  ]);
  const page = await newPage();
  await page.goto(lms.launchUrl(s));
  await heading(page).waitFor();
  // every status the learner is shown from now on (the refusal lasts only until a retry is answered)
  await page.evaluate(() => {
    const w = window as unknown as {shown: {state: string; code?: string}[]};
    w.shown = [];
    document.addEventListener('ict-saved', (e) => w.shown.push((e as CustomEvent).detail.status));
  });
  // the first step's PutParam is refused: the learner sees that saving waits, and goes on
  await page.locator('ict-course .main .actions button').first().click();
  const refused = await until(
    () =>
      page.evaluate(() =>
        (window as unknown as {shown: {state: string; code?: string}[]}).shown.find(
          (st) => st.code === 'commit-refused',
        ),
      ),
    'the learner is told that saving waits',
  );
  assert.equal(refused.state, 'pending');
  assert.notEqual((await statusOf(page)).text, '');
  const lessons = course.content.en!.lessons;
  await page.locator('ict-course #heading', {hasText: lessons[0]!.title}).waitFor();
  await page.locator('ict-course .pager button.next').click();
  await page.locator('ict-course #heading', {hasText: lessons[1]!.title}).waitFor();
  // retries after 1, 2, 4 s: the fourth answer ("Error = 0") is a success, and the LMS holds the newest state
  const status = await until(
    async () => {
      const st = await settledStatus(page);
      return st.state === 'saved' && st;
    },
    30_000,
    'saved after the retries',
  );
  assert.equal(status.pending, 0);
  await until(() => s.lessonLocation === lessons[1]!.id, 'the LMS holds lesson 2 after the retries');
  assert.equal(decodeState(s.coreLesson, course.id).progress.location, lessons[1]!.id);
  const faults = lms.requests.filter((r) => r.sessionId === s.id && r.fault).map((r) => r.fault);
  assert.deepEqual(faults, ['body', 'status', 'body', 'drop', 'body']);
  assert.equal(lms.faults.get('putparam')!.length, 0, 'every fault was met');
  assert.equal((await statusOf(page)).alert, '', 'the message is gone once saved');
  await page.close();
});

test('an LMS that no longer knows the session (error=3): the learner is told to relaunch; this device keeps the progress, and the next launch continues from it', async () => {
  const s = lms.open();
  const context = await browser.newContext({reducedMotion: 'reduce'});
  const page = await context.newPage();
  await page.goto(lms.launchUrl(s));
  await heading(page).waitFor();
  const lessons = course.content.en!.lessons;
  await page.locator('ict-course .main .actions button').first().click();
  await page.locator('ict-course #heading', {hasText: lessons[0]!.title}).waitFor();
  await until(() => s.lessonLocation === lessons[0]!.id, 'the LMS holds lesson 1');
  s.ended = true; // the LMS closed the session on its side (a time-out)
  await page.locator('ict-course .pager button.next').click();
  await page.locator('ict-course #heading', {hasText: lessons[1]!.title}).waitFor();
  const st = await until(async () => {
    const x = await settledStatus(page);
    return x.code === 'session-ended' && x;
  }, 'the status session-ended');
  assert.equal(st.state, 'error');
  assert.match((await statusOf(page)).alert, /open the course again/i);
  assert.equal(s.lessonLocation, lessons[0]!.id, 'the LMS has lesson 1 only');
  await page.close();
  // relaunched from the LMS on the same device: a new session; the LMS has lesson 1, this device lesson 2 (newer)
  const again = lms.open(s);
  const next = await context.newPage();
  await next.goto(lms.launchUrl(again));
  await next.locator('ict-course #heading', {hasText: lessons[1]!.title}).waitFor();
  await until(() => again.lessonLocation === lessons[1]!.id, "this device's lesson 2 reaches the LMS");
  await context.close();
});
