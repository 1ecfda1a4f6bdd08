// Faults of a SCORM 1.2 LMS, in real Chromium, through the built package and the player's own UI, with
// scorm-again as the LMS in the page that frames the course: the API vanishes mid-session, commits throw, resume
// data is garbage, truncated or another course's, and the tab crashes (no pagehide, no unload) and is relaunched.
// Each ends with the learner's progress where the LMS or this device holds it, and the learner told.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, Frame, Page} from 'playwright-core';
import {decodeState, encodeState} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {
  compiled,
  courseFrame,
  crash,
  packageOf,
  startServer,
  statusOf,
  until,
  watchErrors,
  type FaultServer,
} from '../helpers/fault-server.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));
const PKG = '/scorm12/index.html';

let s: FaultServer;
let course: CompiledCourse;
let lessons: string[];
let learnerNo = 0;

before(async () => {
  course = await compiled(BASICS);
  lessons = course.content.en!.lessons.map((l) => l.title);
  s = await startServer();
  s.mounts.set('scorm12', await packageOf(course, BASICS, 'scorm12'));
});
after(async () => {
  await s?.close();
});

interface Lms {
  accepted: number;
  refused: number;
  refuse: null | 'false' | 'throw';
  api: {cmi: {suspend_data: string; core: {lesson_location: string; lesson_status: string}}};
  vanish(): void;
  kept(): {suspend: string; location: string; status: string} | null;
  seed(suspend: string): void;
  go(): void;
}
declare global {
  interface Window {
    lms: Lms;
    ictCodes?: string[];
  }
}

/** A context whose frames record every ict-saved status code (the host page's view of what the learner is told). */
async function newContext(): Promise<BrowserContext> {
  const context = await s.browser.newContext();
  await context.addInitScript(() => {
    window.ictCodes = [];
    document.addEventListener('ict-saved', (e) => {
      const code = (e as unknown as {detail: {status: {code?: string}}}).detail.status.code;
      if (code) window.ictCodes!.push(code);
    });
  });
  return context;
}

async function launch(
  context: BrowserContext,
  learner: string,
  opts: {hold?: boolean} = {},
): Promise<{page: Page; frame?: Frame}> {
  const page = await context.newPage();
  await page.goto(`${s.origin}/host/scorm12.html?learner=${learner}${opts.hold ? '&hold=1' : ''}`);
  if (opts.hold) return {page};
  return {page, frame: await ready(page)};
}

async function ready(page: Page): Promise<Frame> {
  const frame = await courseFrame(page, PKG);
  await frame.locator('ict-course #heading').waitFor({state: 'visible', timeout: 15_000});
  return frame;
}

const startButton = (f: Frame) => f.locator('ict-course .main .actions button').first();
const next = (f: Frame) => f.locator('ict-course .pager button.next').click();
/** What the LMS holds (what its commits accepted) and how many commits it accepted and refused. */
const lms = (page: Page) =>
  page.evaluate(() => ({
    accepted: window.lms.accepted,
    refused: window.lms.refused,
    suspend: window.lms.kept()?.suspend ?? '',
  }));

async function atLesson(f: Frame, n: number): Promise<void> {
  await f.locator('ict-course #heading', {hasText: lessons[n]!}).waitFor({state: 'visible', timeout: 10_000});
}

/** Start and go to lesson `n` (0-based) from the start view. */
async function goTo(f: Frame, n: number): Promise<void> {
  await startButton(f).click();
  await atLesson(f, 0);
  for (let i = 0; i < n; i++) {
    await next(f);
    await atLesson(f, i + 1);
  }
}

/** The lessons the LMS's suspend data says were visited. */
function visitedInLms(suspend: string): string[] {
  return suspend ? decodeState(suspend, course.id).progress.visited : [];
}

const uncaught = (errors: string[]) => errors.filter((e) => e.startsWith('pageerror'));

test(
  'the API vanishes mid-session: the learner is told, goes on, and the next launch resumes from this device and saves it to the LMS',
  {timeout: 60_000},
  async () => {
    const context = await newContext();
    const errors = watchErrors(context);
    const learner = `vanish-${++learnerNo}`;
    try {
      const {page, frame} = await launch(context, learner);
      await goTo(frame!, 0);
      // the first step's commit carries the suspend data (written once the state codec has loaded)
      await until(
        async () => {
          const l = await lms(page);
          return l.accepted >= 1 && visitedInLms(l.suspend).length === 1;
        },
        5_000,
        'the first lesson at the LMS',
      );
      const before = await lms(page);
      await page.evaluate(() => window.lms.vanish());
      await next(frame!);
      await atLesson(frame!, 1);
      await next(frame!);
      await atLesson(frame!, 2);
      const told = await until(
        async () => {
          const st = await statusOf(frame!);
          return /did not accept your progress/.test(st.alert) ? st : null;
        },
        15_000,
        'the learner told that saving fails',
      );
      assert.match(told.alert, /Keep this window open/);
      assert.equal((await lms(page)).accepted, before.accepted, 'nothing reached the vanished LMS');
      assert.deepEqual(uncaught(errors), [], 'no uncaught exception');
      await page.close();

      // The LMS kept the last commit it accepted (lesson 1); this device holds lesson 3: resume there, save it back.
      const again = await launch(context, learner);
      assert.deepEqual(
        visitedInLms(before.suspend),
        course.content.en!.lessons.slice(0, 1).map((l) => l.id),
      );
      await atLesson(again.frame!, 2); // the player opens where the learner was
      const saved = await until(
        async () => {
          const l = await lms(again.page);
          return visitedInLms(l.suspend).length === 3 ? l : null;
        },
        10_000,
        'the device copy saved to the LMS',
      );
      assert.ok(saved.accepted >= 1);
      await until(async () => (await statusOf(again.frame!)).text === 'All progress saved', 5_000, 'saved shown');
      assert.deepEqual(uncaught(errors), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'LMSCommit throws, then returns false, then accepts: the learner sees waiting, then the error, then saved; the LMS ends with the newest progress',
  {timeout: 60_000},
  async () => {
    const context = await newContext();
    // The player's retries run on the test's clock: each poll below moves it on by a second, so the backoff between
    // retries passes without real seconds (what is checked is what the learner sees after them).
    await context.clock.install();
    const errors = watchErrors(context);
    try {
      const {page, frame} = await launch(context, `refuse-${++learnerNo}`);
      const ticking = (cond: () => Promise<boolean>) => async () =>
        (await cond()) || (await context.clock.fastForward(1000), false);
      await goTo(frame!, 0);
      // the first step's commit carries the suspend data (written once the state codec has loaded, on this clock)
      await until(
        ticking(async () => {
          const l = await lms(page);
          return l.accepted >= 1 && visitedInLms(l.suspend).length === 1;
        }),
        5_000,
        'the first lesson at the LMS',
      );
      await page.evaluate(() => (window.lms.refuse = 'throw'));
      await next(frame!);
      await atLesson(frame!, 1);
      await until(
        ticking(async () => /Changes waiting to be sent: 1/.test((await statusOf(frame!)).text)),
        5_000,
        'waiting shown',
      );
      await page.evaluate(() => (window.lms.refuse = 'false'));
      await next(frame!);
      await atLesson(frame!, 2);
      await until(
        ticking(async () => /did not accept your progress/.test((await statusOf(frame!)).alert)),
        15_000,
        'the error shown',
      );
      const refused = await lms(page);
      assert.ok(refused.refused >= 3, `refused ${refused.refused}`);
      assert.equal(visitedInLms(refused.suspend).length, 1, 'the LMS holds only what it accepted');
      await page.evaluate(() => (window.lms.refuse = null));
      // the retry (backoff up to 4 s at this point) carries the newest state
      await until(
        ticking(async () => visitedInLms((await lms(page)).suspend).length === 3),
        15_000,
        'the LMS holding every lesson',
      );
      await until(
        async () => (await statusOf(frame!)).text === 'All progress saved',
        15_000,
        'saved once the LMS accepts',
      );
      assert.equal((await statusOf(frame!)).alert, '');
      assert.equal(visitedInLms((await lms(page)).suspend).length, 3);
      assert.deepEqual(uncaught(errors), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'resume data that is garbage, truncated or another course\u2019s: starts from this device\u2019s copy (or afresh), says so, never crashes',
  {timeout: 60_000},
  async () => {
    const context = await newContext();
    const errors = watchErrors(context);
    const learner = `garbage-${++learnerNo}`;
    try {
      const first = await launch(context, learner);
      await goTo(first.frame!, 1);
      const good = await until(
        async () => {
          const l = await lms(first.page);
          return visitedInLms(l.suspend).length === 2 ? l.suspend : null;
        },
        5_000,
        'two lessons committed',
      );
      await first.page.close();
      const other = decodeState(good, course.id).progress;
      const variants: [string, string][] = [
        ['garbage', 'I1.zz.\u0000garbage|{"not":"ours"}'],
        ['truncated', good.slice(0, Math.floor(good.length / 2))],
        ['another course', encodeState(other, '9.9.9', 'another-course')],
      ];
      for (const [name, bad] of variants) {
        const {page} = await launch(context, learner, {hold: true});
        await page.evaluate((v) => {
          window.lms.seed(v);
          window.lms.go();
        }, bad);
        const frame = await ready(page);
        await atLesson(frame, 1); // where the learner was, by this device's copy
        const codes = await frame.evaluate(() => window.ictCodes ?? []);
        assert.ok(codes.includes('state-unreadable'), `${name}: the host page is told (${codes.join(',')})`);
        await until(
          async () => visitedInLms((await lms(page)).suspend).length === 2,
          5_000,
          `${name}: the good copy saved back to the LMS`,
        );
        await page.close();
      }
      assert.deepEqual(uncaught(errors), []);

      // On a device with no copy: a fresh start, no crash.
      const fresh = await newContext();
      const freshErrors = watchErrors(fresh);
      try {
        const {page} = await launch(fresh, learner, {hold: true});
        await page.evaluate(
          (v) => {
            window.lms.seed(v);
            window.lms.go();
          },
          good.slice(0, 20),
        );
        const frame = await ready(page);
        assert.match(await startButton(frame).innerText(), /Start the course/);
        await startButton(frame).click();
        await atLesson(frame, 0);
        assert.ok((await frame.evaluate(() => window.ictCodes ?? [])).includes('state-unreadable'));
        await until(async () => visitedInLms((await lms(page)).suspend).length === 1, 5_000, 'the new progress saved');
        assert.deepEqual(uncaught(freshErrors), []);
      } finally {
        await fresh.close();
      }
    } finally {
      await context.close();
    }
  },
);

test(
  'resume data the player cannot read is shown to the learner, not only reported to the host page',
  {timeout: 60_000},
  async () => {
    const context = await newContext();
    try {
      const {page} = await launch(context, `unreadable-${++learnerNo}`, {hold: true});
      await page.evaluate(() => {
        window.lms.seed('I1.zz.garbage');
        window.lms.go();
      });
      const frame = await ready(page);
      // the notice stays in view for the launch: wait for it
      let last = '';
      await until(
        async () => {
          const st = await statusOf(frame);
          last = `${st.text} ${st.alert}`;
          return /could not be read|not be read|unreadable/i.test(last);
        },
        10_000,
        'the notice that the saved place could not be read',
      ).catch((e: Error) => assert.fail(`${e.message}; the learner saw: ${last}`));
    } finally {
      await context.close();
    }
  },
);

test(
  'the tab crashes (no pagehide, no unload) and is relaunched: resumes from the last commit, or from this device where the LMS refused it',
  {timeout: 60_000},
  async () => {
    const context = await newContext();
    const errors = watchErrors(context);
    const learner = `crash-${++learnerNo}`;
    try {
      const first = await launch(context, learner);
      await goTo(first.frame!, 1);
      await until(async () => visitedInLms((await lms(first.page)).suspend).length === 2, 5_000, 'lesson 2 committed');
      await crash(first.page);

      const second = await launch(context, learner);
      await atLesson(second.frame!, 1);
      assert.equal(visitedInLms((await lms(second.page)).suspend).length, 2);
      // the LMS now refuses: the next step lives on this device only when the tab dies
      await second.page.evaluate(() => (window.lms.refuse = 'false'));
      await next(second.frame!);
      await atLesson(second.frame!, 2);
      await until(async () => (await lms(second.page)).refused >= 1, 5_000, 'a refused commit');
      await crash(second.page);

      const third = await launch(context, learner);
      await atLesson(third.frame!, 2);
      await until(
        async () => visitedInLms((await lms(third.page)).suspend).length === 3,
        5_000,
        'this device\u2019s copy saved to the LMS',
      );
      await until(async () => (await statusOf(third.frame!)).text === 'All progress saved', 5_000, 'saved shown');
      assert.deepEqual(uncaught(errors), []);
    } finally {
      await context.close();
    }
  },
);
