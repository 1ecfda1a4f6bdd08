// A cmi5 launch whose LRS is slow to answer, in real Chromium through the packaged cmi5 player against the preview
// LRS over HTTP: every State API request (LaunchData, the saved progress) is held until the test lets it through.
// The learner gets the course and its first lesson without waiting for the LRS; when it answers, its newer progress
// (another device's session) is offered, never forced, and kept; and the cmi5 rules hold: nothing of the session
// reaches the LRS before LaunchData has been read, `initialized` comes first, every statement carries its session.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import {decodeState} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {CMI5_IRI, LMS_IRI, VERBS} from '../../src/tracking/xapi/vocabulary.js';
import {compiled, packageOf, startServer, until, watchErrors, type FaultServer} from '../helpers/fault-server.js';
import {actor} from '../helpers/lrs-harness.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));
const ACTIVITY = 'https://lms.example.org/activities/basics-au';
const PROGRESS_STATE = 'https://w3id.org/xapi/ict-manager-training/state/progress';

let s: FaultServer;
let course: CompiledCourse;

before(async () => {
  course = await compiled(BASICS);
  s = await startServer();
  s.mounts.set('cmi5-package', await packageOf(course, BASICS, 'cmi5'));
});
after(async () => {
  await s?.close();
});

test(
  'cmi5 with an LRS that answers late: the first lesson shows at once; the LRS\u2019s newer progress is then offered and kept, and nothing of the session is sent before LaunchData',
  {timeout: 90_000},
  async () => {
    const lessons = course.content.en!.lessons;
    assert.ok(lessons.length >= 3, 'the fixture has three lessons');
    const launch = (registration?: string) =>
      s.lrs.createCmi5Launch({
        actor,
        activityId: ACTIVITY,
        endpoint: `${s.origin}/xapi/`,
        auUrl: `${s.origin}/cmi5-package/index.html`,
        masteryScore: 0.7,
        moveOn: 'CompletedAndPassed',
        launchMode: 'Normal',
        registration,
      });
    const first = launch();
    const stored = () => {
      const doc = s.lrs.getState(ACTIVITY, actor, PROGRESS_STATE, first.registration) as {state: string} | undefined;
      return doc ? decodeState(doc.state, course.id).progress : undefined;
    };
    const heading = (page: import('playwright-core').Page, i: number) =>
      page.locator('ict-course #heading', {hasText: lessons[i]!.title}).waitFor({timeout: 15_000});

    // Session 1, on one device: up to the third lesson.
    const one = await s.browser.newContext();
    const a = await one.newPage();
    await a.goto(first.url!);
    await a.locator('ict-course .main .actions button').first().click({timeout: 15_000});
    await heading(a, 0);
    for (const i of [1, 2]) {
      await a.locator('ict-course .pager button.next').click();
      await heading(a, i);
    }
    await until(() => stored()?.location === lessons[2]!.id, 10_000, 'the third lesson at the LRS');
    await one.close();

    // Session 2, on another device (nothing kept there): the LRS holds LaunchData and the saved progress.
    s.slow(60_000, 'activities/state');
    const second = launch(first.registration);
    const sessionOf = (st: {context?: {extensions?: Record<string, unknown>}}) =>
      st.context?.extensions?.[CMI5_IRI.sessionId];
    // the AU's statements of the session (the LMS records `launched`, and may record `satisfied`, itself)
    const lms = new Set<string>(Object.values(LMS_IRI));
    const ofSession = () =>
      s.lrs.allStatements().filter((st) => sessionOf(st) === second.sessionId && !lms.has(String(st.verb.id)));
    const two = await s.browser.newContext();
    const errors = watchErrors(two);
    try {
      const b = await two.newPage();
      await b.goto(second.url!);
      await b.locator('ict-course .main .actions button').first().click({timeout: 15_000});
      await heading(b, 0);
      assert.ok(s.holding() > 0, 'the first lesson is shown while the LRS still holds LaunchData and the progress');
      assert.equal(ofSession().length, 0, 'nothing of the session is sent before LaunchData has been read');

      // The LRS answers: its progress is newer than this device's start, and elsewhere: offered, not forced.
      s.release();
      const offer = b.locator('ict-course [part="notice"] button');
      await offer.waitFor({timeout: 15_000});
      assert.equal(
        await b.locator('ict-course #heading').innerText(),
        lessons[0]!.title,
        'the learner is not moved while reading',
      );
      await offer.click();
      await heading(b, 2);
      assert.equal(await offer.count(), 0, 'the offer goes once taken');
      await b.locator('ict-course .tools button').first().click(); // Exit
      await until(
        () => ofSession().some((st) => st.verb.id === VERBS.terminated),
        15_000,
        'the session terminated at the LRS',
      );
    } finally {
      await two.close();
    }
    // (the browser logs the 404 of the learner preferences this LMS keeps none of: allowed, cmi5 11.0)
    assert.deepEqual(
      errors.filter((e) => e.startsWith('pageerror')),
      [],
      'no uncaught errors',
    );

    const statements = ofSession();
    assert.equal(statements[0]?.verb.id, VERBS.initialized, 'initialized is the first statement of the session');
    assert.equal(statements.filter((st) => st.verb.id === VERBS.initialized).length, 1);
    assert.equal(statements.at(-1)?.verb.id, VERBS.terminated, 'terminated is the last');
    assert.deepEqual(s.lrs.cmi5Refusals(first.registration), [], 'the LMS refused nothing');
    const progress = stored()!;
    assert.equal(progress.location, lessons[2]!.id, 'the LRS holds where the learner went on');
    assert.deepEqual(
      [...progress.visited].sort(),
      lessons
        .slice(0, 3)
        .map((l) => l.id)
        .sort(),
      'every lesson of both sessions is kept',
    );
  },
);
