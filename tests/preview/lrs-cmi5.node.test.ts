// The LMS side of cmi5 in the preview's LRS, over real HTTP: the activity ids are the LMS's own (the AU's
// `activityId` and the course object of `satisfied` differ from every id of the package, and stay the same for the
// next registration), the package's ids go in the grouping, and `satisfied` is stored and announced after the AU's
// batch that met moveOn, never before it.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {createServer} from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Activity, Agent, Result} from '@xapi/xapi';
import {xapiClient} from '../../src/cli/xapi-client.js';
import {CMI5, createLrs, objectId, type Statement} from '../../src/preview/lrs/lrs.js';

const actor: Agent = {
  objectType: 'Agent',
  name: 'Amina',
  account: {homePage: 'https://lms.example.org', name: 'amina'},
};
const PACKAGE = {au: 'https://courses.example.org/ict-strategy/au', course: 'https://courses.example.org/ict-strategy'};
const SATISFIED_TYPE = 'https://w3id.org/xapi/cmi5/activitytype/course';

test('cmi5: LMS-generated AU and course ids, publisher ids in the grouping, satisfied after the batch that caused it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ict-lrs-cmi5-'));
  const lrs = createLrs({dataDir: dir});
  const server = createServer((req, res) => void lrs.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as {port: number}).port}/xapi/`;
  const announced: string[] = [];
  lrs.on('statements', (list: Statement[]) => announced.push(...list.map((s) => String(s.verb.id).split('/').pop()!)));
  try {
    const launch = lrs.createCmi5Launch({
      actor,
      publisherId: PACKAGE.au,
      coursePublisherId: PACKAGE.course,
      endpoint,
      masteryScore: 0.8,
      moveOn: 'CompletedAndPassed',
    });
    assert.notEqual(
      launch.activityId,
      PACKAGE.au,
      'the activityId of the launch is the LMS’s, not the AU id of cmi5.xml (8.1.5)',
    );
    assert.ok(
      ![PACKAGE.au, PACKAGE.course, launch.activityId].includes(launch.courseIri),
      'the course object of satisfied is the LMS’s own (9.4)',
    );
    assert.equal(new URLSearchParams(launch.query).get('activityId'), launch.activityId);
    const launchData = lrs.getState(launch.activityId, actor, 'LMS.LaunchData', launch.registration) as any;
    assert.deepEqual(
      launchData.contextTemplate.contextActivities.grouping,
      [{id: PACKAGE.au}],
      'the publisher id of the AU in the contextTemplate',
    );

    const token = (await (await fetch(launch.fetchUrl, {method: 'POST'})).json())['auth-token'];
    const au = xapiClient(endpoint, `Basic ${token}`);
    const post = (statements: Statement[]) => au.sendStatements({statements});
    const ctx = launchData.contextTemplate;
    const mk = (verb: string, result?: Result, moveOn = false): Statement => ({
      id: randomUUID(),
      actor,
      verb: {id: verb},
      object: {objectType: 'Activity', id: launch.activityId},
      context: {
        ...ctx,
        registration: launch.registration,
        contextActivities: {
          ...ctx.contextActivities,
          category: [{id: CMI5.category}, ...(moveOn ? [{id: CMI5.moveOnCategory}] : [])],
        },
      },
      ...(result ? {result} : {}),
    });
    assert.equal((await post([mk(CMI5.verbs.initialized)])).status, 200);
    assert.equal((await post([mk(CMI5.verbs.completed, {completion: true, duration: 'PT1M'}, true)])).status, 200);
    assert.equal(lrs.cmi5Registration(launch.registration)!.satisfied, undefined);
    const batch = [
      mk(CMI5.verbs.passed, {success: true, score: {scaled: 0.9}, duration: 'PT2M'}, true),
      mk(CMI5.verbs.terminated, {duration: 'PT3M'}),
    ];
    assert.equal((await post(batch)).status, 200);

    const stored = lrs.queryStatements({registration: launch.registration, ascending: true});
    const verbs = stored.map((s) => String(s.verb.id).split('/').pop());
    assert.deepEqual(
      verbs,
      ['launched', 'initialized', 'completed', 'passed', 'terminated', 'satisfied'],
      'stored in this order',
    );
    assert.deepEqual(announced, verbs, 'announced in the same order: satisfied after the batch that met moveOn');
    const satisfied = stored.at(-1)!;
    const course = satisfied.object as Activity;
    assert.equal(course.id, launch.courseIri);
    assert.equal(course.definition?.type, SATISFIED_TYPE);
    assert.deepEqual(
      satisfied.context?.contextActivities?.grouping,
      [{id: PACKAGE.course}],
      'the publisher id of the course in the grouping',
    );
    assert.equal(satisfied.context?.extensions?.[CMI5.sessionId], launch.sessionId, 'the session that met moveOn');
    assert.equal(objectId(stored[0]), launch.activityId, 'launched is about the LMS’s AU id');
    assert.deepEqual(stored[0]!.context?.contextActivities?.grouping, [{id: PACKAGE.au}]);

    // the next registration of the same course gets the same ids (8.1.5 SHOULD, 9.3.9 MUST for the course object)
    const next = lrs.createCmi5Launch({actor, publisherId: PACKAGE.au, coursePublisherId: PACKAGE.course, endpoint});
    assert.notEqual(next.registration, launch.registration);
    assert.equal(next.activityId, launch.activityId);
    assert.equal(next.courseIri, launch.courseIri);
    // and so does the LRS after a restart (the ids persist with the records)
    const again = createLrs({dataDir: dir}).createCmi5Launch({
      actor,
      publisherId: PACKAGE.au,
      coursePublisherId: PACKAGE.course,
      endpoint,
    });
    assert.equal(again.courseIri, launch.courseIri);

    // an LMS id for satisfied that is an id of the package is refused
    assert.throws(
      () =>
        lrs.createCmi5Launch({
          actor,
          publisherId: PACKAGE.au,
          coursePublisherId: PACKAGE.course,
          courseIri: PACKAGE.course,
          endpoint,
        }),
      /not an id of the package/,
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, {recursive: true, force: true});
  }
});
