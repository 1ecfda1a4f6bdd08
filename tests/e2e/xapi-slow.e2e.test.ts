// An LRS that is slow to give the saved progress at launch, in real Chromium against the preview LRS over HTTP, through
// the packaged xAPI player: the learner is not left on "Connecting…" (the player resumes from this device's copy
// after a few seconds), and what the LRS held (another device's steps) is not lost when it arrives later.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import {decodeState, encodeState} from '../../src/course/codec.js';
import {visitLesson} from '../../src/course/rules.js';
import {xapiClient} from '../../src/cli/xapi-client.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {REMOTE_PROGRESS_WAIT_MS} from '../../src/tracking/xapi/lrs-tracker.js';
import {
  compiled,
  packageOf,
  startServer,
  statusOf,
  until,
  watchErrors,
  type FaultServer,
} from '../helpers/fault-server.js';
import {actor} from '../helpers/lrs-harness.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));
const ACTIVITY = 'https://lms.example.org/activities/basics';
const PROGRESS_STATE = 'https://w3id.org/xapi/ict-manager-training/state/progress';

let s: FaultServer;
let course: CompiledCourse;

before(async () => {
  course = await compiled(BASICS);
  s = await startServer();
  s.mounts.set('xapi-package', await packageOf(course, BASICS, 'xapi'));
});
after(async () => {
  await s?.close();
});

test(
  'the LRS holds back the saved progress at launch: the player resumes from this device within seconds, and the LRS\u2019s steps arriving later are kept',
  {timeout: 90_000},
  async () => {
    const context = await s.browser.newContext();
    const errors = watchErrors(context);
    try {
      const lessons = course.content.en!.lessons;
      assert.ok(lessons.length >= 3, 'the fixture has three lessons');
      const l = s.lrs.createXapiLaunch({
        actor,
        activityId: ACTIVITY,
        endpoint: `${s.origin}/xapi/`,
        auUrl: `${s.origin}/xapi-package/index.html`,
      });
      const stored = () => {
        const doc = s.lrs.getState(ACTIVITY, actor, PROGRESS_STATE, l.registration) as {state: string} | undefined;
        return doc ? decodeState(doc.state, course.id).progress : undefined;
      };

      // First session on this device: the first two lessons.
      const first = await context.newPage();
      await first.goto(l.url!);
      await first.locator('ict-course .main .actions button').first().click({timeout: 15_000});
      await first.locator('ict-course #heading', {hasText: lessons[0]!.title}).waitFor();
      await first.locator('ict-course .pager button.next').click();
      await first.locator('ict-course #heading', {hasText: lessons[1]!.title}).waitFor();
      await until(() => stored()?.visited.length === 2, 10_000, 'two lessons at the LRS');
      await first.close();

      // Meanwhile another device visited the third lesson: the LRS holds it, this device does not.
      const elsewhere = visitLesson(stored()!, lessons[2]!.id);
      const put = await xapiClient(`${s.origin}/xapi/`, l.params.auth).setState({
        activityId: ACTIVITY,
        agent: actor,
        registration: l.registration,
        stateId: PROGRESS_STATE,
        state: {
          state: encodeState(elsewhere, course.version, course.id),
          courseVersion: course.version,
          updated: elsewhere.updated,
        },
      });
      assert.equal(put.status, 204);

      // The LRS now holds every State API request for 60 s. The page's clock is the test's: once the player has asked
      // for the saved progress, its wait for the LRS is run through at once (the wait itself is the player's, not
      // this test's subject: that the learner is not kept waiting for the LRS is).
      s.slow(60_000, 'activities/state');
      const page = await context.newPage();
      await page.clock.install();
      await page.goto(l.url!);
      await until(() => s.holding() > 0, 10_000, 'the player asking the LRS for the saved progress');
      await page.clock.fastForward(REMOTE_PROGRESS_WAIT_MS);
      await page.locator('ict-course #heading', {hasText: lessons[1]!.title}).waitFor({timeout: 12_000});
      assert.notEqual((await statusOf(page)).text, 'Connecting\u2026');
      assert.equal(
        await page.locator('ict-course #progress').getAttribute('value'),
        '50',
        'resumed from this device: two lessons of three (the assessment counts too)',
      );
      assert.equal(stored()?.visited.length, 3, 'the LRS still holds the other device\u2019s copy');

      // The LRS answers at last; the learner goes back to the first lesson.
      s.release();
      await page.locator('ict-course .pager button.prev').click();
      await page.locator('ict-course #heading', {hasText: lessons[0]!.title}).waitFor();
      await until(
        async () => (await statusOf(page)).text === 'All progress saved',
        15_000,
        'saved once the LRS answers',
      );
      const progress = await until(
        () => {
          const p = stored();
          return p && p.location === lessons[0]!.id ? p : null;
        },
        10_000,
        'this session\u2019s progress at the LRS',
      );
      assert.deepEqual(
        [...progress.visited].sort(),
        lessons.map((x) => x.id).sort(),
        'the other device\u2019s lesson is kept',
      );
      await page.close();

      // This device's copy holds it too: a relaunch while the LRS is slow again resumes with every lesson visited.
      s.slow(60_000, 'activities/state');
      const again = await context.newPage();
      await again.clock.install();
      await again.goto(l.url!);
      await until(() => s.holding() > 0, 10_000, 'the player asking the LRS for the saved progress');
      await again.clock.fastForward(REMOTE_PROGRESS_WAIT_MS);
      await again.locator('ict-course #heading', {hasText: lessons[0]!.title}).waitFor({timeout: 12_000});
      assert.equal(
        await again.locator('ict-course #progress').getAttribute('value'),
        '75',
        'three lessons of three, the assessment to do',
      );
      s.release();
      assert.deepEqual(
        errors.filter((e) => e.startsWith('pageerror')),
        [],
      );
    } finally {
      s.release();
      await Promise.race([context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    }
  },
);
