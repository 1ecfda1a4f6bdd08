// The preview LMS's records: durations in both SCORM formats, resume versus a new attempt, refused commits, and
// persistence across a new store on the same folder.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {flattenCmi, PreviewStore, scormSummary, totalSeconds} from '../../src/preview/store.js';
import {summariseScorm} from '../../src/preview/records.js';
import {humanDuration, isoSeconds, scorm12Seconds, toIsoDuration, toScorm12Time} from '../../src/preview/time.js';

test('durations: SCORM 1.2 CMITimespan and ISO 8601 read and written', () => {
  assert.equal(scorm12Seconds('0001:02:03.50'), 3723.5);
  assert.equal(scorm12Seconds('00:00:07'), 7);
  assert.ok(Number.isNaN(scorm12Seconds('1:2:3')));
  assert.equal(isoSeconds('PT1H2M3.5S'), 3723.5);
  assert.equal(isoSeconds('P1DT1S'), 86401);
  assert.ok(Number.isNaN(isoSeconds('PT')));
  assert.ok(Number.isNaN(isoSeconds('3 seconds')));
  assert.equal(toScorm12Time(3723.5), '0001:02:03.50');
  assert.equal(toIsoDuration(3723.5), 'PT1H2M3.5S');
  assert.equal(toIsoDuration(0), 'PT0S');
  assert.equal(humanDuration(125), '2 min 05 s');
});

function withStore(fn: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'ict-preview-store-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

test('SCORM 1.2: a suspended session resumes with its data; an ended attempt opens for review; a new attempt on request', () =>
  withStore((dir) => {
    const store = new PreviewStore({dataDir: dir});
    const s1 = store.beginScormSession('a', 'c', 'scorm12', '1.0.0', 'normal');
    assert.equal(s1.session.entry, 'ab-initio');
    const ok = store.commit(
      'a',
      'c',
      'scorm12',
      s1.session.id,
      {cmi: {core: {lesson_status: 'incomplete', exit: 'suspend', session_time: '0000:01:00'}, suspend_data: 'x'}},
      true,
    );
    assert.equal(ok.accepted, true);
    const s2 = store.beginScormSession('a', 'c', 'scorm12', '1.0.0', 'normal');
    assert.equal(s2.session.entry, 'resume');
    assert.equal(s2.session.baseSeconds, 60);
    assert.equal(s2.cmi?.suspend_data, 'x');
    store.commit(
      'a',
      'c',
      'scorm12',
      s2.session.id,
      {
        cmi: {
          core: {lesson_status: 'passed', exit: '', session_time: '0000:00:30', score: {raw: '80'}},
          suspend_data: 'y',
        },
      },
      true,
    );
    // a new store on the same folder (a restart) sees the same record
    const again = new PreviewStore({dataDir: dir});
    const rec = again.scormRecord('a', 'c', 'scorm12')!;
    assert.equal(rec.sessions.length, 2);
    assert.deepEqual(scormSummary('scorm12', rec.cmi), {
      completion: 'completed',
      success: 'passed',
      status: 'passed',
      score: 0.8,
    });
    // a normal launch of the ended attempt opens it for review, with its data; a review session records nothing
    const review = again.beginScormSession('a', 'c', 'scorm12', '1.0.0', 'normal');
    assert.equal(review.session.mode, 'review');
    assert.equal(review.session.entry, '');
    assert.equal(review.record.attempt, 1);
    assert.equal(review.cmi?.suspend_data, 'y');
    again.commit(
      'a',
      'c',
      'scorm12',
      review.session.id,
      {cmi: {core: {lesson_status: 'passed', exit: '', session_time: '0000:00:40'}, suspend_data: 'z'}},
      true,
    );
    assert.equal(again.scormRecord('a', 'c', 'scorm12')!.cmi?.suspend_data, 'y', 'no-credit: the data stays');
    assert.equal(totalSeconds(again.scormRecord('a', 'c', 'scorm12')!), 90, 'nor does the time grow');
    // the learner asks for a new attempt
    const s3 = again.beginScormSession('a', 'c', 'scorm12', '1.0.0', 'normal', true);
    assert.equal(s3.session.mode, 'normal');
    assert.equal(s3.session.entry, 'ab-initio');
    assert.equal(s3.cmi, null);
    assert.equal(s3.record.attempt, 2);
    assert.deepEqual(
      s3.record.previous.map((p) => [p.attempt, p.status, p.score, p.seconds]),
      [[1, 'passed', 0.8, 90]],
    );
    // the records keep both attempts, the best first
    assert.deepEqual(summariseScorm(s3.record).attempts, [
      {attempt: 1, status: 'passed', score: 0.8},
      {attempt: 2, status: 'not attempted', score: null},
    ]);
    assert.deepEqual(
      readdirSync(join(dir, 'preview')).filter((f) => f.endsWith('.tmp')),
      [],
      'no temporary file left behind',
    );
  }));

test('SCORM 2004: any exit but suspend ends the attempt; it opens for review until a new attempt is asked for', () =>
  withStore((dir) => {
    const store = new PreviewStore({dataDir: dir});
    const s1 = store.beginScormSession('a', 'c', 'scorm2004', '1.0.0', 'normal');
    store.commit(
      'a',
      'c',
      'scorm2004',
      s1.session.id,
      {cmi: {completion_status: 'incomplete', exit: 'normal', session_time: 'PT5S'}},
      true,
    );
    const review = store.beginScormSession('a', 'c', 'scorm2004', '1.0.0', 'review');
    assert.equal(review.record.attempt, 1);
    assert.equal(review.cmi?.completion_status, 'incomplete');
    const again = store.beginScormSession('a', 'c', 'scorm2004', '1.0.0', 'normal');
    assert.equal(again.session.mode, 'review');
    assert.equal(again.record.attempt, 1);
    const s2 = store.beginScormSession('a', 'c', 'scorm2004', '1.0.0', 'normal', true);
    assert.equal(s2.record.attempt, 2);
    assert.equal(s2.session.entry, 'ab-initio');
  }));

test('refused commits: no session, no cmi member, a 1.2 suspend_data over 4,096 characters', () =>
  withStore((dir) => {
    const store = new PreviewStore({dataDir: dir});
    assert.match(store.commit('a', 'c', 'scorm12', 'nope', {cmi: {}}, false).reason!, /no open session/);
    const s = store.beginScormSession('a', 'c', 'scorm12', '1.0.0', 'normal');
    assert.match(store.commit('a', 'c', 'scorm12', s.session.id, {core: {}}, false).reason!, /`cmi` member/);
    const long = store.commit('a', 'c', 'scorm12', s.session.id, {cmi: {suspend_data: 'x'.repeat(4097)}}, false);
    assert.equal(long.accepted, false);
    assert.match(long.reason!, /4097 characters; SCORM 1.2 allows 4,096/);
    assert.equal(store.scormRecord('a', 'c', 'scorm12')!.sessions[0]!.refused, 2);
    // SCORM 2004 allows 64,000
    const s2 = store.beginScormSession('a', 'c', 'scorm2004', '1.0.0', 'normal');
    assert.equal(
      store.commit('a', 'c', 'scorm2004', s2.session.id, {cmi: {suspend_data: 'x'.repeat(5000)}}, false).accepted,
      true,
    );
  }));

test('flattenCmi names elements as the data model does, arrays by index', () => {
  assert.deepEqual(
    flattenCmi({core: {lesson_status: 'passed'}, interactions: {childArray: [{id: 'q1', result: 'correct'}]}}),
    [
      ['cmi.core.lesson_status', 'passed'],
      ['cmi.interactions.0.id', 'q1'],
      ['cmi.interactions.0.result', 'correct'],
    ],
  );
});
