// xAPI and cmi5 in real Chromium against an LRS this project did not write: Learning Locker's statements service
// (`xapi-statements` from the npm registry, installed and started by scripts/third-party-lrs.mjs), behind the
// preview LMS as a cmi5 LMS in front of an external LRS (tests/helpers/third-party-front.ts). Every statement is
// validated by that LRS on the way in and read back from it; the checks (xAPI validity, the cmi5 rules, each
// statement once) run on what it returns. The counts per verb it accepted are printed at the end.
import {after, afterEach, before, test} from 'node:test';
import assert from 'node:assert/strict';
import type {BrowserContext} from 'playwright-core';
import type {Cmi5LaunchInput, Statement} from '../../src/preview/lrs/lrs.js';
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
import type {StatementsFront} from '../helpers/third-party-front.js';

let h: Harness;
let front: StatementsFront;
before(async () => {
  h = await startHarness({thirdParty: true});
  front = h.front!;
});
afterEach(() => {
  assert.deepEqual(front.refusals, [], 'the third-party LRS refused nothing');
});
after(async () => {
  if (front) {
    const rows = [...front.accepted].sort(([a], [b]) => a.localeCompare(b));
    const total = rows.reduce((n, [, c]) => n + c, 0);
    console.log(`statements accepted by the third-party LRS (xapi-statements): ${total}`);
    for (const [verb, n] of rows) console.log(`  ${verb.padEnd(12)} ${n}`);
  }
  await h?.close();
});

const AU = CMI5_AU;
const PUBLISHER = CMI5_PUBLISHER;
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const open = openAu;
const cmi5LaunchHere = (over: Partial<Cmi5LaunchInput> = {}) => cmi5Launch(h, over);

/** The third-party LRS's statements of a registration, once it has answered everything: valid, each id once. */
async function stored(registration: string, cmi5 = true): Promise<Statement[]> {
  await front.settled();
  const all = await front.statements(registration);
  assert.deepEqual(xapiProblems(all), []);
  if (cmi5)
    assert.deepEqual(cmi5Problems(all, {registration, activityId: AU, publisherId: PUBLISHER, masteryScore: 0.7}), []);
  const ids = all.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'each statement once');
  // the same statements as the preview LMS recorded, in the same order
  const mine = h.lrs.queryStatements({registration, ascending: true}).map((s) => s.id);
  assert.deepEqual(ids, mine);
  return all;
}

const count = (verbs: (string | undefined)[], v: string) => verbs.filter((x) => x === v).length;

test('xAPI: a full run is accepted and read back valid; the network cut and restored, each statement once', async () => {
  const context = await h.browser.newContext();
  try {
    const l = h.lrs.createXapiLaunch({
      actor,
      activityId: 'https://lms.example.org/activities/basics',
      endpoint: h.endpoint,
      auUrl: h.auUrl,
    });
    const page = await open(context, l.url!);
    assert.equal((await page.evaluate(() => window.au.start('xapi'))).format, 'xapi');
    await page.evaluate(() => window.au.visit('welcome'));
    assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'first statements sent');
    await context.setOffline(true);
    await page.evaluate(() => window.au.visit('sharing'));
    await page.evaluate(() => window.au.visit('review'));
    await page.evaluate(() => window.au.attempt(true));
    await until(() => page.evaluate(() => window.au.status().state === 'offline'), 10_000, 'offline');
    const queued = (await page.evaluate(() => window.au.pendingIds())).filter((i) => !i.startsWith('doc|'));
    assert.ok(queued.length >= 8, `queued ${queued.length}`);
    await context.setOffline(false);
    await page.evaluate(() => window.au.end('exit'));
    const all = await stored(l.registration, false);
    const verbs = all.map(verbName);
    assert.equal(verbs[0], 'initialized');
    assert.equal(verbs.at(-1), 'terminated');
    for (const [v, n] of [
      ['experienced', 3],
      ['answered', 3],
      ['completed', 1],
      ['passed', 1],
    ] as const)
      assert.equal(count(verbs, v), n, v);
    const ids = all.map((s) => s.id);
    for (const id of queued) assert.equal(ids.filter((x) => x === id).length, 1, id);
    const passed = all.find((s) => verbName(s) === 'passed')!;
    assert.equal(passed.result?.score?.scaled, 1);
  } finally {
    await context.close();
  }
});

test('cmi5 Normal: LaunchData and preferences read, the rules kept on what the third-party LRS stored', async () => {
  const context = await h.browser.newContext();
  try {
    const l = cmi5LaunchHere({returnURL: h.returnUrl});
    const page = await open(context, l.url!);
    const started = await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(started.error, undefined, JSON.stringify(started.error));
    assert.equal(started.mode, 'normal');
    await page.evaluate(() => window.au.visitAll());
    assert.equal((await page.evaluate(() => window.au.attempt(true))).passed, true);
    await Promise.all([
      page.waitForURL(h.returnUrl),
      page.evaluate(() => window.au.end('exit')).catch(() => undefined),
    ]);
    const verbs = (await stored(l.registration)).map(verbName);
    assert.deepEqual(verbs.slice(0, 2), ['launched', 'initialized']);
    for (const v of ['completed', 'passed', 'satisfied', 'terminated']) assert.equal(count(verbs, v), 1, v);
    assert.equal(count(verbs, 'experienced'), 3);
    assert.equal(count(verbs, 'answered'), 3);
  } finally {
    await context.close();
  }
});

for (const moveOn of ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const) {
  test(`cmi5 moveOn ${moveOn}: completed and passed once each, satisfied after the statement that met it`, async () => {
    const context = await h.browser.newContext();
    try {
      const l = cmi5LaunchHere({moveOn});
      const page = await open(context, l.url!);
      assert.equal((await page.evaluate(() => window.au.start('cmi5'))).error, undefined);
      await page.evaluate(() => window.au.visitAll());
      await page.evaluate(() => window.au.attempt(true));
      await page.evaluate(() => window.au.end('exit'));
      const verbs = (await stored(l.registration)).map(verbName);
      for (const v of ['completed', 'passed', 'satisfied', 'terminated']) assert.equal(count(verbs, v), 1, v);
      const met =
        moveOn === 'NotApplicable'
          ? 'initialized'
          : moveOn === 'Passed' || moveOn === 'CompletedAndPassed'
            ? 'passed'
            : 'completed';
      assert.ok(verbs.indexOf('satisfied') > verbs.indexOf(met), `${verbs.join(' ')}: satisfied after ${met}`);
    } finally {
      await context.close();
    }
  });
}

for (const launchMode of ['Browse', 'Review'] as const) {
  test(`cmi5 ${launchMode}: only initialized and terminated from the course`, async () => {
    const context = await h.browser.newContext();
    try {
      const l = cmi5LaunchHere({launchMode});
      const page = await open(context, l.url!);
      const started = await page.evaluate(() => window.au.start('cmi5'));
      assert.equal(started.mode, launchMode.toLowerCase());
      await page.evaluate(() => window.au.visitAll());
      await page.evaluate(() => window.au.attempt(true));
      await page.evaluate(() => window.au.end('exit'));
      const verbs = (await stored(l.registration)).map(verbName);
      assert.deepEqual(verbs, ['launched', 'initialized', 'terminated']);
    } finally {
      await context.close();
    }
  });
}

test('cmi5 waived: the LMS says so in the third-party LRS; the course sends no completed, passed or failed', async () => {
  const context = await h.browser.newContext();
  try {
    const first = cmi5LaunchHere();
    h.lrs.waiveCmi5(first.registration, 'Tested Out');
    const l = cmi5LaunchHere({registration: first.registration});
    const page = await open(context, l.url!);
    const started = await page.evaluate(() => window.au.start('cmi5'));
    assert.equal(started.waived, true, 'read from the third-party LRS at launch');
    await page.evaluate(() => window.au.visitAll());
    await page.evaluate(() => window.au.attempt(true));
    await page.evaluate(() => window.au.end('exit'));
    const all = await stored(l.registration);
    assert.equal(count(all.map(verbName), 'waived'), 1);
    const session = all.filter((s) => s.context?.extensions?.[SESSION] === l.sessionId).map(verbName);
    for (const v of ['completed', 'passed', 'failed']) assert.equal(count(session, v), 0, v);
    assert.equal(session.at(-1), 'terminated');
  } finally {
    await context.close();
  }
});

/** A session that fails the assessment and is left without terminated (the tab closed); its registration. */
async function failAndLeave(context: BrowserContext) {
  const l = cmi5LaunchHere();
  const page = await open(context, l.url!);
  await page.evaluate(() => window.au.start('cmi5'));
  await page.evaluate(() => window.au.visitAll());
  assert.equal((await page.evaluate(() => window.au.attempt(false))).passed, false);
  assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'sent');
  await page.close();
  return l.registration;
}

test('cmi5 abandoned: a session left without terminated is settled at the next launch; a pass there supersedes its failure', async () => {
  const context = await h.browser.newContext();
  try {
    const registration = await failAndLeave(context);
    const l2 = cmi5LaunchHere({registration});
    const p2 = await open(context, l2.url!);
    assert.equal((await p2.evaluate(() => window.au.start('cmi5'))).error, undefined);
    assert.equal((await p2.evaluate(() => window.au.attempt(true))).passed, true);
    await p2.evaluate(() => window.au.end('exit'));
    const all = await stored(registration);
    const verbs = all.map(verbName);
    assert.equal(count(verbs, 'abandoned'), 1);
    assert.ok(verbs.indexOf('abandoned') < verbs.lastIndexOf('launched'), 'abandoned before the next launch');
    // the first session's failure was held to its end, which never came; the pass in the next one supersedes it
    assert.equal(count(verbs, 'failed'), 0);
    const second = all.filter((s) => s.context?.extensions?.[SESSION] === l2.sessionId).map(verbName);
    assert.deepEqual([second[0], second[1], second.at(-1)], ['launched', 'initialized', 'terminated']);
    assert.equal(count(second, 'passed'), 1);

    // the same, but the learner leaves the next session without passing: its end reports the failure
    const other = await failAndLeave(context);
    const l3 = cmi5LaunchHere({registration: other});
    const p3 = await open(context, l3.url!);
    assert.equal((await p3.evaluate(() => window.au.start('cmi5'))).error, undefined);
    await p3.evaluate(() => window.au.end('exit'));
    const third = (await stored(other)).filter((s) => s.context?.extensions?.[SESSION] === l3.sessionId).map(verbName);
    assert.deepEqual(third.slice(-2), ['failed', 'terminated']);
  } finally {
    await context.close();
  }
});

test('the third-party LRS validates what it is sent: a statement with a bad mbox is refused', async () => {
  const res = await fetch(`${front.lrs.endpoint}statements`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Experience-API-Version': '1.0.3',
      Authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
    },
    body: JSON.stringify({actor: {mbox: 'amina@example.org'}, verb: {id: 'http://x.example/v'}, object: {id: AU}}),
  });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /mbox/);
});
