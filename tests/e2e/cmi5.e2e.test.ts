// cmi5 in real Chromium against the preview LRS acting as the LMS: a full session checked against the cmi5
// sequence rules, LaunchData and learner preferences, returnURL, a reload mid-session (no second fetch), a second
// fetch refused, Browse mode, fail-then-pass in one session, a failed session, an earlier session's results
// re-established in the next one, the network cut, and bad launch parameters.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import type {BrowserContext} from 'playwright-core';
import type {Cmi5LaunchInput} from '../../src/preview/lrs/lrs.js';
import {xapiClient} from '../../src/cli/xapi-client.js';
import {cmi5Problems} from '../helpers/cmi5-rules.js';
import {
  actor,
  CMI5_AU,
  CMI5_PUBLISHER,
  cmi5Launch,
  openAu,
  startHarness,
  until,
  verbName,
  xapiProblems,
  type Harness,
} from '../helpers/lrs-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

const AU = CMI5_AU;
const PUBLISHER = CMI5_PUBLISHER;
const launch = (over: Partial<Cmi5LaunchInput> = {}) => cmi5Launch(h, {returnURL: h.returnUrl, ...over});
const open = openAu;

function statementsOf(registration: string) {
  return h.lrs.queryStatements({registration, ascending: true});
}

function check(registration: string) {
  const all = statementsOf(registration);
  assert.deepEqual(xapiProblems(all), []);
  assert.deepEqual(cmi5Problems(all, {registration, activityId: AU, publisherId: PUBLISHER, masteryScore: 0.7}), []);
  return all;
}

test('the rules checker catches what it checks (it can fail)', () => {
  const reg = randomUUID();
  const sid = randomUUID();
  const base = (verb: string, extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    actor,
    verb: {id: `http://adlnet.gov/expapi/verbs/${verb}`},
    object: {id: AU},
    context: {
      registration: reg,
      contextActivities: {
        category: [{id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5'}],
        grouping: [{id: PUBLISHER}],
      },
      extensions: {'https://w3id.org/xapi/cmi5/context/extensions/sessionid': sid},
    },
    ...extra,
  });
  const bad = [
    base('completed', {result: {completion: true}}), // before initialized, no duration, no moveOn category
    base('initialized'),
    base('passed', {result: {success: true, score: {scaled: 0.5}, duration: 'PT1S'}}), // below mastery
    base('failed', {result: {success: false, score: {scaled: 0.2}, duration: 'PT1S'}}), // after passed, same session
    base('terminated', {result: {duration: 'PT1S'}}),
    base('experienced'), // after terminated, with the cmi5 category
  ];
  const problems = cmi5Problems(bad, {registration: reg, activityId: AU, publisherId: PUBLISHER, masteryScore: 0.7});
  for (const expected of [
    /not initialized/,
    /duration missing/,
    /moveOn category missing/,
    /below masteryScore/,
    /failed after passed/,
    /both passed and failed/,
    /after terminated/,
    /cmi5 category on a statement/,
  ]) {
    assert.ok(
      problems.some((p) => expected.test(p)),
      `${expected} in ${problems.join('\n')}`,
    );
  }
});

test('a full Normal session: LaunchData and preferences read, rules kept, satisfied, terminated last, returnURL', async () => {
  const profile = await xapiClient(h.endpoint, h.lrs.createCredentials().authorization).setAgentProfile({
    agent: actor,
    profileId: 'cmi5LearnerPreferences',
    profile: {languagePreference: 'fr-FR,en-US', audioPreference: 'on'},
    etag: '*',
    matchHeader: 'If-None-Match',
  });
  assert.equal(profile.status, 204);
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await open(context, l.url!);
    const started = await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(started.error, undefined, JSON.stringify(started.error));
    assert.equal(started.format, 'cmi5');
    assert.equal(started.mode, 'normal');
    assert.equal(started.masteryScore, 0.7);
    assert.equal(started.language, 'fr-FR');
    await page.evaluate(() => window.au.visitAll());
    const outcome = await page.evaluate(() => window.au.attempt(true));
    assert.equal(outcome.passed, true);
    assert.equal(outcome.completed, true);
    await Promise.all([
      page.waitForURL(h.returnUrl),
      page.evaluate(() => window.au.end('exit')).catch(() => undefined),
    ]);
    const all = check(l.registration);
    const mine = all.filter(
      (s) => s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === l.sessionId,
    );
    const verbs = mine.map(verbName);
    assert.equal(verbs[0], 'launched');
    assert.equal(verbs[1], 'initialized');
    assert.equal(verbs.at(-1), 'terminated');
    for (const v of ['completed', 'passed', 'satisfied']) assert.equal(verbs.filter((x) => x === v).length, 1, v);
    assert.equal(verbs.filter((x) => x === 'experienced').length, 3);
    assert.equal(verbs.filter((x) => x === 'answered').length, 3);
    assert.equal(h.lrs.cmi5Registration(l.registration)!.satisfied, true);
    const passed = mine.find((s) => verbName(s) === 'passed')!;
    assert.equal(passed.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/masteryscore'], 0.7);
    assert.ok(passed.context?.contextActivities?.category?.some((c) => c.id.endsWith('/moveon')));
  } finally {
    await context.close();
  }
});

test('a reload mid-session reuses the token (no second fetch) and does not initialize twice; a second fetch is refused', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await open(context, l.url!);
    assert.equal((await page.evaluate(() => window.au.start('cmi5'))).error, undefined);
    await page.evaluate(() => window.au.visit('welcome'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'sent');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
    const again = await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(again.error, undefined, JSON.stringify(again.error)); // a second fetch would have been refused
    assert.equal(again.resumedAt, 'welcome');
    await page.evaluate(() => window.au.visit('sharing'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'sent');
    // the same launch URL in another tab (its own sessionStorage): the LMS refuses the spent fetch URL
    const other = await open(context, l.url!);
    const refused = await other.evaluate(() => window.au.start('cmi5'));
    assert.equal(refused.error?.name, 'LaunchError');
    assert.equal(refused.error?.code, 'fetch-refused');
    assert.equal(refused.error?.parameter, 'fetch');
    assert.match(refused.error!.message!, /error 1/);
    await Promise.all([
      page.waitForURL(h.returnUrl),
      page.evaluate(() => window.au.end('exit')).catch(() => undefined),
    ]);
    const all = check(l.registration);
    assert.equal(all.filter((s) => verbName(s) === 'initialized').length, 1);
  } finally {
    await context.close();
  }
});

// The fixture's completion rule is lessons-and-pass: `completed` comes with the pass, not after the lessons alone.
for (const [moveOn, afterLessons] of [
  ['Completed', false],
  ['Passed', false],
  ['CompletedAndPassed', false],
  ['CompletedOrPassed', false],
  ['NotApplicable', true],
] as const) {
  test(`moveOn ${moveOn}: the course reports what happens (completed, then passed), and the LMS is satisfied ${afterLessons ? 'from the start' : 'once the criterion is met'}`, async () => {
    const context = await h.browser.newContext();
    try {
      const l = launch({moveOn, returnURL: undefined});
      const page = await open(context, l.url!);
      assert.equal((await page.evaluate(() => window.au.start('cmi5'))).error, undefined);
      await page.evaluate(() => window.au.visitAll());
      assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'sent');
      assert.equal(!!h.lrs.cmi5Registration(l.registration)!.satisfied, afterLessons, 'satisfied after the lessons');
      await page.evaluate(() => window.au.attempt(true));
      assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'sent');
      assert.equal(h.lrs.cmi5Registration(l.registration)!.satisfied, true, 'satisfied after the pass');
      await page.evaluate(() => window.au.end('exit'));
      const verbs = check(l.registration).map(verbName);
      for (const v of ['completed', 'passed', 'satisfied', 'terminated'])
        assert.equal(verbs.filter((x) => x === v).length, 1, v);
      assert.ok(!verbs.includes('failed'));
      // satisfied comes right after the statement that met the criterion (the first one, for NotApplicable)
      const met =
        moveOn === 'NotApplicable'
          ? 'initialized'
          : moveOn === 'Passed' || moveOn === 'CompletedAndPassed'
            ? 'passed'
            : 'completed';
      assert.ok(verbs.indexOf('satisfied') > verbs.indexOf(met), `${verbs.join(' ')}: satisfied after ${met}`);
      assert.equal(h.lrs.cmi5Registration(l.registration)!.moveOn, moveOn);
    } finally {
      await context.close();
    }
  });
}

test("launchMethod OwnWindow: the LMS opened the AU in a window of its own and gave no returnURL; Exit closes that window after terminated; in the LMS's frame it stays", async () => {
  const context = await h.browser.newContext();
  try {
    // the LMS's page opens the AU in its own window (window.open), as for launchMethod OwnWindow
    const lms = await context.newPage();
    await lms.goto(h.returnUrl);
    const l = launch({returnURL: undefined});
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      lms.evaluate((url) => void window.open(url, 'au'), l.url!),
    ]);
    await popup.waitForSelector('body[data-ready="true"]', {state: 'attached'});
    assert.equal((await popup.evaluate(() => window.au.start('cmi5'))).error, undefined);
    await popup.evaluate(() => window.au.visit('welcome'));
    const closed = popup.waitForEvent('close');
    await popup.evaluate(() => window.au.end('exit')).catch(() => undefined); // the window goes as it answers
    await closed;
    const verbs = check(l.registration).map(verbName);
    assert.equal(verbs.at(-1), 'terminated', 'terminated reached the LRS before the window closed');
    // the same launch in a frame of the LMS's page: Exit ends the session and the frame stays
    const l2 = launch({returnURL: undefined});
    await lms.setContent(`<iframe id="f" src="${l2.url}" title="AU"></iframe>`);
    const frame = await (await lms.waitForSelector('#f')).contentFrame();
    await frame!.waitForSelector('body[data-ready="true"]', {state: 'attached'});
    assert.equal((await frame!.evaluate(() => window.au.start('cmi5'))).error, undefined);
    await frame!.evaluate(() => window.au.end('exit'));
    assert.equal(lms.isClosed(), false);
    assert.equal(check(l2.registration).map(verbName).at(-1), 'terminated');
  } finally {
    await context.close();
  }
});

test('waived by the LMS: the course knows it at launch, reports no completed, passed or failed of its own, and the rules hold', async () => {
  const context = await h.browser.newContext();
  try {
    const first = launch({returnURL: undefined});
    // the learner never took the course; the LMS waives it (tested out elsewhere), then they open it anyway
    h.lrs.waiveCmi5(first.registration, 'Tested Out');
    assert.equal(h.lrs.cmi5Registration(first.registration)!.satisfied, true);
    const l = launch({registration: first.registration, returnURL: undefined});
    const page = await open(context, l.url!);
    const started = await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(started.error, undefined);
    assert.equal(started.waived, true);
    await page.evaluate(() => window.au.visitAll());
    await page.evaluate(() => window.au.attempt(true));
    await page.evaluate(() => window.au.end('exit'));
    const all = check(l.registration);
    const waived = all.filter((s) => verbName(s) === 'waived');
    assert.equal(waived.length, 1);
    assert.equal(waived[0]!.result?.extensions?.['https://w3id.org/xapi/cmi5/result/extensions/reason'], 'Tested Out');
    const mine = all.filter(
      (s) => s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === l.sessionId,
    );
    const verbs = mine.map(verbName);
    for (const v of ['completed', 'passed', 'failed']) assert.ok(!verbs.includes(v), `${verbs.join(' ')}: no ${v}`);
    assert.deepEqual([verbs[1], verbs.at(-1)], ['initialized', 'terminated']);
    assert.equal(verbs.filter((v) => v === 'answered').length, 3, "the learner's answers are still recorded");
  } finally {
    await context.close();
  }
});

test('Browse mode sends only initialized and terminated', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch({launchMode: 'Browse', returnURL: undefined});
    const page = await open(context, l.url!);
    const started = await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(started.mode, 'browse');
    await page.evaluate(() => window.au.visitAll());
    await page.evaluate(() => window.au.attempt(true));
    await page.evaluate(() => window.au.end('exit'));
    const mine = check(l.registration).filter((s) => !['launched', 'satisfied'].includes(verbName(s)!));
    assert.deepEqual(mine.map(verbName), ['initialized', 'terminated']);
  } finally {
    await context.close();
  }
});

test('failed then passed in one session reports passed alone; a failed session reports failed before terminated', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch({returnURL: undefined});
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('cmi5'));
    await page.evaluate(() => window.au.visitAll());
    assert.equal((await page.evaluate(() => window.au.attempt(false))).passed, false);
    assert.equal((await page.evaluate(() => window.au.attempt(true))).passed, true);
    await page.evaluate(() => window.au.end('exit'));
    const verbs = check(l.registration).map(verbName);
    assert.equal(verbs.filter((v) => v === 'failed').length, 0);
    assert.equal(verbs.filter((v) => v === 'passed').length, 1);

    const l2 = launch({returnURL: undefined});
    const p2 = await open(context, l2.url!);
    await p2.evaluate(() => window.au.start('cmi5'));
    await p2.evaluate(() => window.au.visitAll());
    assert.equal((await p2.evaluate(() => window.au.attempt(false))).passed, false);
    await p2.evaluate(() => window.au.end('exit'));
    const v2 = check(l2.registration).map(verbName);
    assert.deepEqual(v2.slice(-2), ['failed', 'terminated']);
    assert.equal(v2.filter((v) => v === 'passed' || v === 'completed').length, 0);
  } finally {
    await context.close();
  }
});

test("an earlier session's undelivered results are re-established in the next session, not sent into it as they were", async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch({returnURL: undefined});
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
    h.lrs.injectFault({status: 503, times: 100_000, resource: 'statements'});
    await page.evaluate(() => window.au.visitAll());
    await page.evaluate(() => window.au.attempt(true));
    const stuck = await page.evaluate(() => window.au.pendingIds());
    assert.ok(stuck.length >= 8);
    await page.close(); // dismissed without exit: the session never terminates
    // the learner launches again later: a new session of the same registration (the LMS abandons the first)
    const l2 = launch({registration: l.registration, returnURL: undefined});
    h.lrs.clearFaults();
    const p2 = await open(context, l2.url!);
    assert.equal((await p2.evaluate(() => window.au.start('cmi5'))).error, undefined);
    assert.equal(await p2.evaluate((ms) => window.au.idle(ms), 15_000), true, 'settled and sent');
    await p2.evaluate(() => window.au.end('exit'));
    const all = check(l.registration);
    const stored = new Set(all.map((s) => s.id));
    for (const id of stuck.filter((i) => !i.startsWith('doc|')))
      assert.ok(!stored.has(id), `earlier-session statement ${id} was sent as it was`);
    const s2 = all
      .filter(
        (s) => s.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] === l2.sessionId,
      )
      .map(verbName);
    assert.equal(s2[0], 'launched');
    assert.equal(s2[1], 'initialized');
    assert.ok(s2.includes('completed') && s2.includes('passed'), s2.join(' '));
    assert.equal(s2.filter((v) => v === 'experienced').length, 3, 'the lessons re-stamped into the new session');
    assert.equal(s2.at(-1), 'terminated');
    assert.equal(all.filter((s) => verbName(s) === 'abandoned').length, 1);
    assert.equal(h.lrs.cmi5Registration(l.registration)!.satisfied, true);
  } finally {
    h.lrs.clearFaults();
    await context.close();
  }
});

test('the network cut mid-session and restored: every statement once, terminated still last', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch({returnURL: undefined});
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('cmi5'));
    await context.setOffline(true);
    await page.evaluate(() => window.au.visitAll());
    await page.evaluate(() => window.au.attempt(true));
    const queued = (await page.evaluate(() => window.au.pendingIds())).filter((i) => !i.startsWith('doc|'));
    await until(() => page.evaluate(() => window.au.status().state === 'offline'), 10_000, 'offline');
    await context.setOffline(false);
    await page.evaluate(() => window.au.end('exit'));
    const all = check(l.registration);
    const ids = all.map((s) => s.id);
    for (const id of queued) assert.equal(ids.filter((x) => x === id).length, 1, id);
    assert.equal(verbName(all.filter((s) => !['satisfied'].includes(verbName(s)!)).at(-1)!), 'terminated');
  } finally {
    await context.close();
  }
});

test('bad cmi5 launch parameters give a LaunchError naming the parameter', async () => {
  const context = await h.browser.newContext();
  try {
    const l = launch();
    const page = await context.newPage();
    const cases: [(p: URLSearchParams) => void, string, string][] = [
      [(p) => p.delete('fetch'), 'missing-parameter', 'fetch'],
      [(p) => p.delete('activityId'), 'missing-parameter', 'activityId'],
      [(p) => p.set('registration', 'abc'), 'malformed-parameter', 'registration'],
      [(p) => p.set('endpoint', 'not a url at all'), 'malformed-parameter', 'endpoint'],
    ];
    for (const [change, code, parameter] of cases) {
      const p = new URLSearchParams(l.query);
      change(p);
      await page.goto(`${h.auUrl}?${p}`);
      await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
      const r = await page.evaluate(() => window.au.start('cmi5'));
      assert.equal(r.error?.code, code, parameter);
      assert.equal(r.error?.parameter, parameter);
    }
  } finally {
    await context.close();
  }
});

const SESSION_EXT = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

/** A first session that leaves with its results undelivered (the LRS refusing with 503), closed without exit. */
async function undeliveredSession(context: BrowserContext, resources: string[]) {
  const l = launch({returnURL: undefined});
  const page = await open(context, l.url!);
  await page.evaluate(() => window.au.start('cmi5'));
  assert.equal(await page.evaluate(() => window.au.drain(10_000)), true, 'initialized acknowledged');
  for (const resource of resources) h.lrs.injectFault({status: 503, times: 100_000, resource});
  await page.evaluate(() => window.au.visitAll());
  await page.evaluate(() => window.au.attempt(true));
  const stuck = (await page.evaluate(() => window.au.queue())).items;
  assert.ok(stuck.filter((i) => i.kind === 'statement').length >= 8, JSON.stringify(stuck));
  await page.close(); // dismissed without exit: the session never terminates
  h.lrs.clearFaults();
  return {l, stuck};
}

test('Exit pressed while an earlier session is being settled waits for it: what it re-establishes comes before terminated', async () => {
  const context = await h.browser.newContext();
  try {
    const {l, stuck} = await undeliveredSession(context, ['statements']);
    const l2 = launch({registration: l.registration, returnURL: undefined});
    // the new session asks the LRS which of the earlier statements it holds: held until this session has sent its own
    const query = h.lrs.gate({resource: 'statements', method: 'GET', url: (u) => !u.searchParams.has('verb')});
    const p2 = await open(context, l2.url!);
    assert.equal((await p2.evaluate(() => window.au.start('cmi5'))).error, undefined);
    await query.arrived;
    await until(
      async () => {
        const q = await p2.evaluate(() => window.au.queue());
        return q.items.every((i) => i.kind === 'statement' && i.sessionId !== q.sessionId);
      },
      15_000,
      'only the earlier session left in the outbox',
    );
    // Exit at the moment the earlier statements are discarded, before their re-established forms are queued
    await p2.evaluate(
      (ids) => window.au.endWhenGone(ids),
      stuck.filter((i) => i.kind === 'statement').map((i) => i.id),
    );
    query.release();
    await p2.evaluate(() => window.au.ended());
    assert.deepEqual(h.lrs.cmi5Refusals(l.registration), []);
    const all = check(l.registration);
    const s2 = all.filter((s) => s.context?.extensions?.[SESSION_EXT] === l2.sessionId).map(verbName);
    assert.ok(s2.includes('completed') && s2.includes('passed'), s2.join(' '));
    assert.equal(s2.filter((v) => v === 'experienced').length, 3, s2.join(' '));
    assert.equal(s2.at(-1), 'terminated');
    assert.equal(h.lrs.cmi5Registration(l.registration)!.satisfied, true);
  } finally {
    h.lrs.clearFaults();
    await context.close();
  }
});

test('initialized goes alone and is acknowledged before anything else of the session, also behind a slow request', async () => {
  const context = await h.browser.newContext();
  try {
    const {l} = await undeliveredSession(context, ['statements', 'activities/state']);
    const l2 = launch({registration: l.registration, returnURL: undefined});
    // a request ahead of initialized (the earlier session's progress document) is slow to answer
    const slow = h.lrs.gate({resource: 'activities/state', method: 'PUT'});
    const p2 = await open(context, l2.url!);
    assert.equal((await p2.evaluate(() => window.au.start('cmi5'))).error, undefined);
    await slow.arrived;
    // meanwhile the earlier session's statements are settled and re-established in this one
    await until(
      async () => {
        const q = await p2.evaluate(() => window.au.queue());
        return q.items.some((i) => i.sessionId === q.sessionId && i.verb === 'experienced');
      },
      15_000,
      're-established statements queued',
    );
    slow.release();
    assert.equal(await p2.evaluate(() => window.au.drain(15_000)), true);
    await p2.evaluate(() => window.au.end('exit'));
    // an LMS that checks each statement against the session's state before the request (as CATAPULT does) refused nothing
    assert.deepEqual(h.lrs.cmi5Refusals(l.registration), []);
    const s2 = check(l.registration)
      .filter((s) => s.context?.extensions?.[SESSION_EXT] === l2.sessionId)
      .map(verbName);
    assert.deepEqual(s2.slice(0, 2), ['launched', 'initialized']);
    assert.ok(s2.includes('completed') && s2.includes('passed'), s2.join(' '));
    assert.equal(s2.at(-1), 'terminated');
  } finally {
    h.lrs.clearFaults();
    await context.close();
  }
});

test('terminated is POSTed once when the learner leaves while the LRS is still answering it', async () => {
  const context = await h.browser.newContext();
  const posted: string[][] = [];
  const onRequest = (r: {method: string; resource: string; body: string}) => {
    if (r.resource !== 'statements' || r.method === 'GET') return;
    try {
      const body = JSON.parse(r.body) as {id: string}[] | {id: string};
      posted.push((Array.isArray(body) ? body : [body]).map((s) => s.id));
    } catch {
      posted.push([]);
    }
  };
  h.lrs.on('request', onRequest);
  try {
    const l = launch();
    const page = await open(context, l.url!);
    await page.evaluate(() => window.au.start('cmi5'));
    await page.evaluate(() => window.au.visitAll());
    await page.evaluate(() => window.au.attempt(true));
    assert.equal(await page.evaluate(() => window.au.drain(10_000)), true);
    const slow = h.lrs.gate({resource: 'statements', method: 'POST'});
    void page.evaluate(() => void window.au.end('exit')).catch(() => undefined);
    await slow.arrived; // terminated is on its way and not answered yet
    const stored = new Promise<void>((resolve) => {
      const on = (list: {verb: {id: string}}[]) => {
        if (list.some((s) => s.verb.id.endsWith('/terminated'))) {
          h.lrs.off('statements', on);
          resolve();
        }
      };
      h.lrs.on('statements', on);
    });
    await page.goto(h.returnUrl); // the learner leaves: the page is dismissed with terminated in flight
    slow.release();
    await stored;
    const terminated = check(l.registration).find((s) => verbName(s) === 'terminated')!;
    assert.equal(posted.filter((ids) => ids.includes(terminated.id)).length, 1, JSON.stringify(posted));
    assert.deepEqual(h.lrs.cmi5Refusals(l.registration), []);
  } finally {
    h.lrs.off('request', onRequest);
    h.lrs.clearFaults();
    await context.close();
  }
});
