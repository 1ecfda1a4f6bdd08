// xAPI (Tin Can launch) in real Chromium against the real preview LRS over HTTP: a full run, the network cut and
// restored (every statement exactly once), a reload with statements pending, LRS faults 401/400/503, a lost
// acknowledgement, and bad launch parameters.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type {BrowserContext, Page} from 'playwright-core';
import {activityIds} from '../../src/tracking/xapi/statements.js';
import {fixtureCourse} from '../helpers/course.js';
import {actor, startHarness, until, verbName, xapiProblems, type Harness} from '../helpers/lrs-harness.js';
import type {InteractionActivity} from '@xapi/xapi';
import {objectId} from '../../src/preview/lrs/xapi.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** the activity id the LMS gives the course (Tin Can `activity_id`); lessons and questions hang off the course IRI */
const ACTIVITY = 'https://lms.example.org/activities/basics';
const ids = activityIds(fixtureCourse());

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
  return page;
}

function launch() {
  return h.lrs.createXapiLaunch({actor, activityId: ACTIVITY, endpoint: h.endpoint, auUrl: h.auUrl});
}

test('a full run: statements valid, in order, with stable ids, answered with interaction definitions; state saved', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await open(context, l.url!);
    const started = await page.evaluate(() => window.au.start('xapi'));
    assert.equal(started.format, 'xapi');
    assert.equal(started.learner?.id, 'amina');
    await page.evaluate(() => window.au.visitAll());
    const outcome = await page.evaluate(() => window.au.attempt(true));
    assert.equal(outcome.passed, true);
    await page.evaluate(() => window.au.end('exit'));
    const statements = h.lrs.queryStatements({registration: l.registration, ascending: true});
    assert.deepEqual(xapiProblems(statements), []);
    const verbs = statements.map(verbName);
    assert.equal(verbs[0], 'initialized');
    assert.equal(verbs.at(-1), 'terminated');
    assert.equal(verbs.filter((v) => v === 'experienced').length, 3);
    assert.equal(verbs.filter((v) => v === 'answered').length, 3);
    assert.equal(verbs.filter((v) => v === 'completed').length, 1);
    assert.equal(verbs.filter((v) => v === 'passed').length, 1);
    assert.ok(verbs.includes('progressed'));
    assert.equal(new Set(statements.map((s) => s.id)).size, statements.length);
    const lessons = statements.filter((s) => verbName(s) === 'experienced').map((s) => objectId(s));
    assert.deepEqual(lessons, ['welcome', 'sharing', 'review'].map(ids.lesson));
    for (const a of statements.filter((s) => verbName(s) === 'answered')) {
      const question = a.object as InteractionActivity;
      assert.ok(question.id.startsWith(ids.question('')), question.id);
      const def = question.definition;
      assert.ok(['choice', 'true-false'].includes(def.interactionType), def.interactionType);
      assert.ok(Array.isArray(def.correctResponsesPattern) && def.correctResponsesPattern.length === 1);
      if (def.interactionType === 'choice') assert.ok(def.choices!.length >= 2);
      assert.equal(a.result?.success, true);
      assert.equal(a.result?.response, def.correctResponsesPattern[0]);
      assert.equal(a.context?.registration, l.registration);
    }
    const passed = statements.find((s) => verbName(s) === 'passed')!;
    assert.equal(passed.result?.score?.scaled, 1);
    assert.equal(passed.result?.success, true);
    assert.match(passed.result?.duration ?? '', /^PT/);
    const progressed = statements
      .filter((s) => verbName(s) === 'progressed')
      .map((s) => s.result?.extensions?.['https://w3id.org/xapi/cmi5/result/extensions/progress'] as number);
    assert.deepEqual(
      [...progressed].sort((a, b) => a - b),
      progressed,
      'progress only grows',
    );
    const state = h.lrs.getState(
      ACTIVITY,
      actor,
      'https://w3id.org/xapi/ict-manager-training/state/progress',
      l.registration,
    ) as {state: string; courseVersion: string};
    assert.equal(state.courseVersion, '1.0.0');
    assert.ok(state.state.length > 10);
    // a new launch of the same registration resumes from the State API
    const again = await open(await h.browser.newContext(), l.url!);
    const resumed = await again.evaluate(() => window.au.start('xapi'));
    assert.equal(resumed.visited?.length, 3);
    await again.context().close();
  } finally {
    await context.close();
  }
});

test('network cut mid-course and restored: everything arrives exactly once', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('xapi'));
    await page.evaluate(() => window.au.visit('welcome'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'first statements sent');
    const before = h.lrs.queryStatements({registration: l.registration}).length;
    await context.setOffline(true);
    await page.evaluate(() => window.au.visit('sharing'));
    await page.evaluate(() => window.au.visit('review'));
    await page.evaluate(() => window.au.attempt(true));
    const offline = await until(
      () => page.evaluate(() => (window.au.status().state === 'offline' ? window.au.status() : null)),
      10_000,
      'offline status',
    );
    assert.ok(offline.pending >= 8, `pending ${offline.pending}`);
    const queued = await page.evaluate(() => window.au.pendingIds());
    assert.equal(h.lrs.queryStatements({registration: l.registration}).length, before, 'nothing arrived while offline');
    await context.setOffline(false);
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 15_000), true, 'outbox drained after reconnecting');
    const after = h.lrs.queryStatements({registration: l.registration});
    const ids = after.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'no statement stored twice');
    for (const id of queued.filter((i) => !i.startsWith('doc|')))
      assert.equal(ids.filter((x) => x === id).length, 1, `statement ${id} exactly once`);
    assert.equal(after.length, before + queued.filter((i) => !i.startsWith('doc|')).length);
    assert.equal((await page.evaluate(() => window.au.status())).state, 'saved');
    assert.ok((await page.evaluate(() => window.au.statuses())).some((s) => s.startsWith('offline:')));
  } finally {
    await context.close();
  }
});

test('a reload with statements pending (LRS down): sent after the reload, once each', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('xapi'));
    h.lrs.injectFault({status: 503, times: 1000, resource: 'statements'});
    h.lrs.injectFault({status: 503, times: 1000, resource: 'activities/state'});
    await page.evaluate(() => window.au.visitAll());
    const pending = await page.evaluate(() => window.au.pendingIds());
    assert.ok(pending.length >= 4);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
    h.lrs.clearFaults();
    await page.evaluate(() => window.au.start('xapi'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 15_000), true, 'pending sent after reload');
    const ids = h.lrs.queryStatements({registration: l.registration}).map((s) => s.id);
    for (const id of pending.filter((i) => !i.startsWith('doc|'))) assert.equal(ids.filter((x) => x === id).length, 1);
    assert.equal(new Set(ids).size, ids.length);
    // the reload is the same launch: one initialized
    assert.equal(
      h.lrs.queryStatements({registration: l.registration, verb: 'http://adlnet.gov/expapi/verbs/initialized'}).length,
      1,
    );
  } finally {
    h.lrs.clearFaults();
    await context.close();
  }
});

test('LRS faults: 503 is retried, a lost acknowledgement is not stored twice, 400 is recorded and shown, 401 keeps everything', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('xapi'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
    // stored on this device (the database module loads after the first paint: a frame or a timer) and the outbox
    // at rest, before the clock stands still
    await page.evaluate(() => window.au.stored());
    await until(() => page.evaluate(() => window.au.status().state === 'saved'), 5_000, 'the outbox at rest');

    // 503 twice, then fine
    h.lrs.injectFault({status: 503, times: 2, resource: 'statements'});
    await page.evaluate(() => window.au.visit('welcome'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 15_000), true, '503 retried');
    assert.equal(
      h.lrs.queryStatements({registration: l.registration, verb: 'http://adlnet.gov/expapi/verbs/experienced'}).length,
      1,
    );

    // stored, but the answer lost (503 after storing): the retry is recognised
    h.lrs.injectFault({status: 503, times: 1, resource: 'statements', afterStore: true});
    await page.evaluate(() => window.au.visit('sharing'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 15_000), true, 'lost ack retried');
    assert.equal(
      h.lrs.queryStatements({registration: l.registration, verb: 'http://adlnet.gov/expapi/verbs/experienced'}).length,
      2,
    );

    // 400: the statement is refused for good, recorded, shown; the queue goes on
    h.lrs.injectFault({
      status: 400,
      times: 2,
      resource: 'statements',
      method: 'POST',
      body: 'statement.object.id: not an IRI',
    });
    h.lrs.injectFault({
      status: 400,
      times: 1,
      resource: 'statements',
      method: 'PUT',
      body: 'statement.object.id: not an IRI',
    });
    await page.evaluate(() => window.au.visit('review'));
    const status = await until(
      () => page.evaluate(() => (window.au.status().code === 'statement-rejected' ? window.au.status() : null)),
      15_000,
      'rejection shown',
    );
    assert.equal(status.state, 'error');
    const rejected = await page.evaluate(() => window.au.rejected());
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]!.status, 400);
    assert.match(rejected[0]!.message, /not an IRI/);
    h.lrs.clearFaults();

    // 401: credentials expired; nothing dropped
    const ctx2 = await h.browser.newContext();
    const l2 = launch();
    const p2 = await open(ctx2, l2.url!);
    await p2.evaluate(() => window.au.start('xapi'));
    assert.equal(await p2.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
    h.lrs.revokeCredentials(l2.credentials.key);
    await p2.evaluate(() => window.au.visitAll());
    const s401 = await until(
      () => p2.evaluate(() => (window.au.status().code === 'credentials-expired' ? window.au.status() : null)),
      10_000,
      'credentials-expired',
    );
    assert.equal(s401.state, 'error');
    assert.ok(s401.pending >= 3);
    assert.equal((await p2.evaluate(() => window.au.pendingIds())).length, s401.pending);
    await ctx2.close();
  } finally {
    h.lrs.clearFaults();
    await context.close();
  }
});

/**
 * Stops the page's clock a moment from now. `pauseAt` cannot go back in time, and on a loaded machine the moment
 * chosen in the page may have passed by the time the call arrives: then a later moment is chosen.
 */
async function pauseSoon(page: Page): Promise<void> {
  for (let tries = 1; ; tries++) {
    try {
      await page.clock.pauseAt(await page.evaluate((ms) => Date.now() + ms, 10 * tries));
      return;
    } catch (e) {
      if (tries >= 20 || !String(e).includes('past')) throw e;
    }
  }
}

test('leaving the page sends what is pending with keepalive, within 64 KB; the rest waits for the next launch', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    await context.clock.install();
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('xapi'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
    // the next POST fails: a retry is scheduled, and the page is left before it runs (the page's clock stands still
    // from here, so the retry cannot come first however slow the machine is)
    await pauseSoon(page);
    h.lrs.injectFault({status: 503, times: 1, resource: 'statements', method: 'POST'});
    const ids = await page.evaluate(() => window.au.bulk(40, 3000)); // ~120 KB: more than one keepalive budget
    await until(() => page.evaluate(() => window.au.status().state === 'pending'), 5_000, 'retry scheduled');
    await page.goto(h.returnUrl);
    const arrived = () => new Set(h.lrs.queryStatements({registration: l.registration, limit: 0}).map((s) => s.id));
    // the dismissal sends what fits the budget as one POST, which the LRS stores whole
    await until(() => ids.some((id) => arrived().has(id)), 5_000, 'keepalive delivery');
    const first = arrived();
    const sent = ids.filter((id) => first.has(id));
    assert.ok(sent.length > 5 && sent.length < 40, `${sent.length} of 40 sent during dismissal`);
    assert.deepEqual(sent, ids.slice(0, sent.length), 'in order: a prefix of the queue');
    // the next launch sends the rest, and nothing twice; its clock runs again (stood still, a retry the outbox
    // scheduled from the 503 would never come, and the launch would wait for it for ever)
    await context.clock.resume();
    const again = await open(context, l.url!);
    await again.evaluate(() => window.au.start('xapi'));
    assert.equal(await again.evaluate((ms) => window.au.idle(ms), 15_000), true, 'rest sent');
    const all = h.lrs
      .allStatements()
      .filter((s) => s.context?.registration === l.registration)
      .map((s) => s.id);
    for (const id of ids) assert.equal(all.filter((x) => x === id).length, 1, id);
  } finally {
    h.lrs.clearFaults();
    await context.close();
  }
});

test('bad launch parameters give a LaunchError naming the parameter; none at all falls back to standalone', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const cases: [string, (p: URLSearchParams) => void, string, string][] = [
      ['no actor', (p) => p.delete('actor'), 'missing-parameter', 'actor'],
      ['actor not JSON', (p) => p.set('actor', '{mbox: amina'), 'malformed-parameter', 'actor'],
      [
        'actor without identifier',
        (p) => p.set('actor', JSON.stringify({name: 'Amina'})),
        'malformed-parameter',
        'actor',
      ],
      ['endpoint not http', (p) => p.set('endpoint', 'ftp://lrs.example.org/'), 'malformed-parameter', 'endpoint'],
      ['no auth', (p) => p.delete('auth'), 'missing-parameter', 'auth'],
      ['registration not a UUID', (p) => p.set('registration', '1234'), 'malformed-parameter', 'registration'],
    ];
    const page = await context.newPage();
    for (const [name, change, code, parameter] of cases) {
      const p = new URLSearchParams(l.query);
      change(p);
      await page.goto(`${h.auUrl}?${p}`);
      await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
      const r = await page.evaluate(() => window.au.start('xapi'));
      assert.ok(r.error, name);
      assert.equal(r.error.name, 'LaunchError', name);
      assert.equal(r.error.code, code, name);
      assert.equal(r.error.parameter, parameter, name);
      assert.ok(r.error.message!.includes(`"${parameter}"`), `${name}: ${r.error.message}`);
    }
    await page.goto(h.auUrl);
    await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
    const r = await page.evaluate(() => window.au.start('xapi'));
    assert.equal(r.format, 'standalone');
  } finally {
    await context.close();
  }
});
