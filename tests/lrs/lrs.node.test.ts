// The preview LRS over real HTTP: statements, dedupe, 400 with a reason, persistence across a restart, the State
// and Agent Profile APIs, about, auth, CORS, and the LMS side of a cmi5 launch.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {randomUUID} from 'node:crypto';
import {createLrs, CMI5, type Lrs} from '../../src/preview/lrs/lrs.js';
import type {Agent} from '@xapi/xapi';

const actor: Agent = {
  objectType: 'Agent',
  name: 'Amina',
  account: {homePage: 'https://lms.example.org', name: 'amina'},
};

async function start(dataDir: string) {
  const lrs = createLrs({dataDir, basePath: '/xapi/', pageSize: 5});
  const server: Server = createServer((req, res) => {
    void lrs.handle(req, res).then((handled) => {
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as {port: number}).port;
  const endpoint = `http://127.0.0.1:${port}/xapi/`;
  const creds = lrs.createCredentials({name: 'test'});
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(new URL(path, endpoint), {
      method,
      headers: {
        Authorization: creds.authorization,
        'X-Experience-API-Version': '1.0.3',
        ...(body !== undefined ? {'Content-Type': 'application/json'} : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const close = () => new Promise<void>((r) => server.close(() => r()));
  return {lrs, server, endpoint, creds, call, close};
}

function stmt(verb = 'http://adlnet.gov/expapi/verbs/experienced', extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    actor,
    verb: {id: verb, display: {'en-US': verb.split('/').at(-1)}},
    object: {objectType: 'Activity', id: 'https://example.org/courses/basics/lessons/one'},
    timestamp: new Date().toISOString(),
    ...extra,
  };
}

function tmp() {
  return mkdtempSync(join(tmpdir(), 'ict-lrs-'));
}

test('about answers without auth and names 1.0.3; everything else needs the version header and Basic auth', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const about = await fetch(new URL('about', t.endpoint));
    assert.equal(about.status, 200);
    assert.ok((await about.json()).version.includes('1.0.3'));
    assert.equal(about.headers.get('x-experience-api-version'), '1.0.3');
    const noVersion = await t.call('GET', 'statements', undefined, {'X-Experience-API-Version': ''});
    assert.equal(noVersion.status, 400);
    assert.match((await noVersion.json()).message, /X-Experience-API-Version/);
    const noAuth = await fetch(new URL('statements', t.endpoint), {headers: {'X-Experience-API-Version': '1.0.3'}});
    assert.equal(noAuth.status, 401);
    const wrong = await t.call('GET', 'statements', undefined, {
      Authorization: 'Basic ' + Buffer.from('x:y').toString('base64'),
    });
    assert.equal(wrong.status, 401);
    const pre = await fetch(new URL('statements', t.endpoint), {
      method: 'OPTIONS',
      headers: {Origin: 'http://other.example', 'Access-Control-Request-Method': 'POST'},
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://other.example');
    assert.match(pre.headers.get('access-control-allow-headers')!, /X-Experience-API-Version/);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('statements: POST array, PUT, identical repeat accepted once, conflict 409, invalid 400 with the reason', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const a = stmt();
    const b = stmt('http://adlnet.gov/expapi/verbs/initialized');
    const r1 = await t.call('POST', 'statements', [a, b]);
    assert.equal(r1.status, 200);
    assert.deepEqual(await r1.json(), [a.id, b.id]);
    // the same batch again (a retry after a lost acknowledgement): accepted, not stored twice
    const r2 = await t.call('POST', 'statements', [a, b]);
    assert.equal(r2.status, 200);
    assert.equal(t.lrs.allStatements().length, 2);
    const put = await t.call('PUT', `statements?statementId=${a.id}`, a);
    assert.equal(put.status, 204);
    const conflict = await t.call('PUT', `statements?statementId=${a.id}`, {
      ...a,
      verb: {id: 'http://adlnet.gov/expapi/verbs/completed'},
    });
    assert.equal(conflict.status, 409);
    // a batch with one conflict stores nothing of it
    const c = stmt();
    const r3 = await t.call('POST', 'statements', [c, {...b, object: {id: 'https://example.org/other'}}]);
    assert.equal(r3.status, 409);
    assert.equal(t.lrs.allStatements().length, 2);
    const bad = await t.call('POST', 'statements', {...stmt(), verb: {id: 'not an iri'}});
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).message, /verb\.id/);
    const noActor = await t.call('POST', 'statements', {...stmt(), actor: {name: 'nobody'}});
    assert.equal(noActor.status, 400);
    assert.match((await noActor.json()).message, /actor/);
    const badJson = await t.call('POST', 'statements', '{"oops"');
    assert.equal(badJson.status, 400);
    const got = await t.call('GET', `statements?statementId=${a.id}`);
    assert.equal(got.status, 200);
    const gs = await got.json();
    assert.equal(gs.id, a.id);
    assert.ok(gs.stored && gs.authority && gs.version);
    const put2 = stmt();
    const putMismatch = await t.call('PUT', `statements?statementId=${randomUUID()}`, put2);
    assert.equal(putMismatch.status, 400);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('GET statements filters by registration, agent, verb, activity, since, and pages with more', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const reg = randomUUID();
    const batch = Array.from({length: 12}, (_, i) =>
      stmt(i % 2 ? 'http://adlnet.gov/expapi/verbs/answered' : 'http://adlnet.gov/expapi/verbs/experienced', {
        context: {registration: reg},
      }),
    );
    assert.equal((await t.call('POST', 'statements', batch)).status, 200);
    const other = {...stmt(), actor: {mbox: 'mailto:other@example.org'}};
    assert.equal((await t.call('POST', 'statements', other)).status, 200);
    const ids: string[] = [];
    let next: string | null = `statements?registration=${reg}`;
    let pages = 0;
    while (next) {
      const r = await t.call('GET', next);
      assert.equal(r.status, 200);
      const body = (await r.json()) as {statements: {id: string}[]; more: string};
      ids.push(...body.statements.map((s) => s.id));
      next = body.more || null;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(new Set(ids), new Set(batch.map((s) => s.id)));
    const answered = await (
      await t.call(
        'GET',
        `statements?verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/answered')}&limit=50&registration=${reg}`,
      )
    ).json();
    assert.equal(answered.statements.length, 5); // page size 5
    const byAgent = await (
      await t.call('GET', `statements?agent=${encodeURIComponent(JSON.stringify({mbox: 'mailto:other@example.org'}))}`)
    ).json();
    assert.deepEqual(
      byAgent.statements.map((s: {id: string}) => s.id),
      [other.id],
    );
    const since = await (
      await t.call('GET', `statements?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
    ).json();
    assert.equal(since.statements.length, 0);
    const byActivity = await (
      await t.call(
        'GET',
        `statements?activity=${encodeURIComponent('https://example.org/courses/basics/lessons/one')}&limit=2`,
      )
    ).json();
    assert.equal(byActivity.statements.length, 2);
    assert.ok(byActivity.more);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('records persist across a restart; reset clears them', async () => {
  const dir = tmp();
  let t = await start(dir);
  const s = stmt();
  const params = `activityId=${encodeURIComponent('https://example.org/c')}&agent=${encodeURIComponent(JSON.stringify(actor))}&stateId=bookmark`;
  try {
    assert.equal((await t.call('POST', 'statements', s)).status, 200);
    assert.equal((await t.call('PUT', `activities/state?${params}`, {location: 'l2'})).status, 204);
  } finally {
    await t.close();
  }
  t = await start(dir);
  try {
    assert.equal(t.lrs.allStatements().length, 1);
    assert.equal(t.lrs.allStatements()[0]!.id, s.id);
    const st = await t.call('GET', `activities/state?${params}`);
    assert.deepEqual(await st.json(), {location: 'l2'});
    // the repeated id is still recognised after the restart
    assert.equal((await t.call('POST', 'statements', s)).status, 200);
    assert.equal(t.lrs.allStatements().length, 1);
    t.lrs.reset();
    assert.equal(t.lrs.allStatements().length, 0);
    assert.equal((await t.call('GET', `activities/state?${params}`)).status, 404);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('State API: PUT, POST merge, GET ids, ETag preconditions, DELETE; registration scopes documents', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const reg = randomUUID();
    const base = `activityId=${encodeURIComponent('https://example.org/c')}&agent=${encodeURIComponent(JSON.stringify(actor))}`;
    assert.equal((await t.call('PUT', `activities/state?${base}&registration=${reg}&stateId=a`, {x: 1})).status, 204);
    assert.equal((await t.call('POST', `activities/state?${base}&registration=${reg}&stateId=a`, {y: 2})).status, 204);
    const got = await t.call('GET', `activities/state?${base}&registration=${reg}&stateId=a`);
    assert.deepEqual(await got.json(), {x: 1, y: 2});
    const etag = got.headers.get('etag')!;
    assert.ok(etag);
    assert.equal(
      (await t.call('PUT', `activities/state?${base}&registration=${reg}&stateId=a`, {z: 3}, {'If-Match': '"nope"'}))
        .status,
      412,
    );
    assert.equal(
      (await t.call('PUT', `activities/state?${base}&registration=${reg}&stateId=a`, {z: 3}, {'If-Match': etag}))
        .status,
      204,
    );
    const text = await t.call('PUT', `activities/state?${base}&registration=${reg}&stateId=b`, 'plain suspend data', {
      'Content-Type': 'text/plain',
    });
    assert.equal(text.status, 204);
    assert.equal(
      await (await t.call('GET', `activities/state?${base}&registration=${reg}&stateId=b`)).text(),
      'plain suspend data',
    );
    assert.deepEqual((await (await t.call('GET', `activities/state?${base}&registration=${reg}`)).json()).sort(), [
      'a',
      'b',
    ]);
    assert.equal((await t.call('GET', `activities/state?${base}&stateId=a`)).status, 404); // no registration: another document
    assert.equal((await t.call('DELETE', `activities/state?${base}&registration=${reg}&stateId=a`)).status, 204);
    assert.equal((await t.call('GET', `activities/state?${base}&registration=${reg}&stateId=a`)).status, 404);
    assert.equal(
      (await t.call('GET', `activities/state?stateId=a&agent=${encodeURIComponent(JSON.stringify(actor))}`)).status,
      400,
    );
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('Agent Profile API: 404 when absent, PUT, 409 on blind overwrite, GET', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const q = `agent=${encodeURIComponent(JSON.stringify(actor))}&profileId=cmi5LearnerPreferences`;
    assert.equal((await t.call('GET', `agents/profile?${q}`)).status, 404);
    assert.equal((await t.call('PUT', `agents/profile?${q}`, {languagePreference: 'fr-FR,en-US'})).status, 204);
    assert.equal((await t.call('PUT', `agents/profile?${q}`, {languagePreference: 'en'})).status, 409);
    const r = await t.call('GET', `agents/profile?${q}`);
    assert.deepEqual(await r.json(), {languagePreference: 'fr-FR,en-US'});
    const person = await (await t.call('GET', `agents?agent=${encodeURIComponent(JSON.stringify(actor))}`)).json();
    assert.equal(person.objectType, 'Person');
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('cmi5 LMS side: LaunchData, one-time fetch, launched, satisfied on moveOn, nothing after terminated', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const activityId = 'https://example.org/courses/basics/au';
    const launch = t.lrs.createCmi5Launch({
      actor,
      activityId,
      courseIri: 'https://example.org/courses/basics',
      endpoint: t.endpoint,
      masteryScore: 0.8,
      moveOn: 'CompletedAndPassed',
      returnURL: 'http://127.0.0.1/back',
      auUrl: 'http://127.0.0.1/au/index.html',
    });
    const params = new URLSearchParams(launch.query);
    for (const k of ['endpoint', 'fetch', 'actor', 'registration', 'activityId']) assert.ok(params.get(k), k);
    const first = await fetch(launch.fetchUrl, {method: 'POST'});
    assert.equal(first.status, 200);
    const token = (await first.json())['auth-token'];
    assert.ok(token);
    const second = await fetch(launch.fetchUrl, {method: 'POST'});
    assert.equal(second.status, 200); // cmi5 8.2: an error is a 200 with an error-code
    assert.equal((await second.json())['error-code'], '1');
    const au = (method: string, path: string, body?: unknown) =>
      fetch(new URL(path, t.endpoint), {
        method,
        headers: {
          Authorization: `Basic ${token}`,
          'X-Experience-API-Version': '1.0.3',
          'Content-Type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const ld = await au(
      'GET',
      `activities/state?stateId=LMS.LaunchData&activityId=${encodeURIComponent(activityId)}&agent=${encodeURIComponent(JSON.stringify(actor))}&registration=${launch.registration}`,
    );
    assert.equal(ld.status, 200);
    const launchData = await ld.json();
    assert.equal(launchData.masteryScore, 0.8);
    assert.equal(launchData.moveOn, 'CompletedAndPassed');
    assert.equal(launchData.launchMode, 'Normal');
    assert.equal(launchData.returnURL, 'http://127.0.0.1/back');
    assert.equal(launchData.contextTemplate.extensions[CMI5.sessionId], launch.sessionId);
    const ldUrl = `activities/state?stateId=LMS.LaunchData&activityId=${encodeURIComponent(activityId)}&agent=${encodeURIComponent(JSON.stringify(actor))}&registration=${launch.registration}`;
    assert.equal((await au('PUT', ldUrl, {launchMode: 'Review'})).status, 403);
    const launched = t.lrs.queryStatements({registration: launch.registration, verb: CMI5.verbs.launched});
    assert.equal(launched.length, 1);
    const ctx = launchData.contextTemplate;
    const mk = (verb: string, extra: Record<string, unknown> = {}) => ({
      id: randomUUID(),
      actor,
      verb: {id: verb},
      object: {id: activityId},
      context: {
        ...ctx,
        registration: launch.registration,
        contextActivities: {...ctx.contextActivities, category: [{id: CMI5.category}]},
      },
      ...extra,
    });
    // checked against the session's state before the request, as CATAPULT does: nothing before initialized is
    // acknowledged, initialized batched with others is refused whole, and initialized once
    const completed = mk(CMI5.verbs.completed, {result: {completion: true, duration: 'PT1M'}});
    assert.equal((await au('POST', 'statements', completed)).status, 403);
    const init = mk(CMI5.verbs.initialized);
    assert.equal((await au('POST', 'statements', [init, completed])).status, 403);
    assert.deepEqual(
      t.lrs.cmi5Refusals(launch.registration).map((r) => r.verbs),
      [['completed'], ['initialized', 'completed']],
    );
    assert.match(t.lrs.cmi5Refusals(launch.registration)[1]!.reason, /not initialized.*9\.3\.0\.0-4/);
    assert.equal((await au('POST', 'statements', init)).status, 200);
    assert.equal((await au('POST', 'statements', mk(CMI5.verbs.initialized))).status, 403);
    assert.equal((await au('POST', 'statements', completed)).status, 200);
    assert.equal(t.lrs.cmi5Registration(launch.registration)!.satisfied, undefined);
    assert.equal(
      (
        await au(
          'POST',
          'statements',
          mk(CMI5.verbs.passed, {result: {success: true, score: {scaled: 0.9}, duration: 'PT2M'}}),
        )
      ).status,
      200,
    );
    assert.equal(t.lrs.cmi5Registration(launch.registration)!.satisfied, true);
    assert.equal(t.lrs.queryStatements({registration: launch.registration, verb: CMI5.verbs.satisfied}).length, 1);
    const term = mk(CMI5.verbs.terminated, {result: {duration: 'PT3M'}});
    assert.equal((await au('POST', 'statements', term)).status, 200);
    assert.equal((await au('POST', 'statements', term)).status, 200); // the same terminated again: a retry, accepted
    assert.equal((await au('POST', 'statements', mk('http://adlnet.gov/expapi/verbs/experienced'))).status, 403);
    assert.match(t.lrs.cmi5Refusals(launch.registration).at(-1)!.reason, /has terminated/);
    // a relaunch of the same registration: a new session, new credentials
    const again = t.lrs.createCmi5Launch({actor, activityId, endpoint: t.endpoint, registration: launch.registration});
    assert.notEqual(again.sessionId, launch.sessionId);
    assert.equal((await fetch(again.fetchUrl, {method: 'GET'})).status, 405);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('an unterminated session is abandoned by the next launch, and its credentials end', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    const activityId = 'https://example.org/au';
    const l1 = t.lrs.createCmi5Launch({actor, activityId, endpoint: t.endpoint});
    const token = (await (await fetch(l1.fetchUrl, {method: 'POST'})).json())['auth-token'];
    t.lrs.createCmi5Launch({actor, activityId, endpoint: t.endpoint, registration: l1.registration});
    assert.equal(t.lrs.queryStatements({registration: l1.registration, verb: CMI5.verbs.abandoned}).length, 1);
    const r = await fetch(new URL('statements', t.endpoint), {
      headers: {Authorization: `Basic ${token}`, 'X-Experience-API-Version': '1.0.3'},
    });
    assert.equal(r.status, 401);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});

test('injected faults: 503 before storing, and a lost acknowledgement after storing', async () => {
  const dir = tmp();
  const t = await start(dir);
  try {
    t.lrs.injectFault({status: 503, times: 1, resource: 'statements'});
    const s = stmt();
    assert.equal((await t.call('POST', 'statements', [s])).status, 503);
    assert.equal(t.lrs.allStatements().length, 0);
    t.lrs.injectFault({status: 503, times: 1, resource: 'statements', afterStore: true});
    assert.equal((await t.call('POST', 'statements', [s])).status, 503);
    assert.equal(t.lrs.allStatements().length, 1);
    assert.equal((await t.call('POST', 'statements', [s])).status, 200);
    assert.equal(t.lrs.allStatements().length, 1);
    const lrs: Lrs = t.lrs;
    lrs.revokeCredentials(t.creds.key);
    assert.equal((await t.call('GET', 'statements')).status, 401);
  } finally {
    await t.close();
    rmSync(dir, {recursive: true, force: true});
  }
});
