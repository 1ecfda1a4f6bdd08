// The SCORM 1.2 tracker against scorm-again's Scorm12API as the LMS, hosted on this page the way an LMS hosts a
// SCO: the tracker runs in a same-origin iframe and finds `window.API` by walking up its parents.
import {expect} from '@open-wc/testing';
import {Scorm12API} from 'scorm-again';
import {decodeState, encodeState} from '../../src/course/codec.js';
import {setChoice} from '../../src/course/rules.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {loadProgressRecord} from '../../src/offline/db.js';
import {loadLocalCopy, saveLocalCopy} from '../../src/tracking/local-copy.js';
import type {Tracker} from '../../src/tracking/tracker.js';
import {fixtureCourse} from '../helpers/course.js';
import {
  countCalls,
  factoryInFrame,
  Learner,
  removeFrames,
  statusLog,
  statusWhere,
  trackerWindow,
} from './scorm-harness.js';

const CALLS = [
  'LMSInitialize',
  'LMSFinish',
  'LMSGetValue',
  'LMSSetValue',
  'LMSCommit',
  'LMSGetLastError',
  'LMSGetErrorString',
];

type Cmi = Record<string, any>;
let learnerNo = 0;

/** An LMS launch: a fresh Scorm12API with the learner's data, as `window.API`. */
function lms(data: Cmi = {}, learnerId = `u12-${Date.now()}-${++learnerNo}`): {api: Scorm12API; learnerId: string} {
  const api = new Scorm12API({autocommit: false, lmsCommitUrl: false, logLevel: 5});
  const core = {
    student_id: learnerId,
    student_name: 'Doe, Jane',
    lesson_mode: 'normal',
    credit: 'credit',
    ...(data.core ?? {}),
  };
  api.loadFromJSON({...data, core});
  (window as unknown as {API?: unknown}).API = api;
  return {api, learnerId};
}

/** The CMI data the LMS holds (write-only elements included). */
function cmi(api: Scorm12API): Cmi {
  return (api.renderCMIToJSONObject() as Cmi).cmi;
}

/** The interactions the LMS holds, in order. */
function interactions(api: Scorm12API): Cmi[] {
  const all = cmi(api).interactions as Record<string, Cmi>;
  return Object.keys(all)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => all[k]!);
}

async function launch(course: CompiledCourse, depth = 1): Promise<Tracker> {
  const factory = await factoryInFrame('scorm12', depth);
  return factory(course);
}

describe('SCORM 1.2 tracker (scorm-again as the LMS)', () => {
  afterEach(() => {
    removeFrames();
    delete (window as unknown as {API?: unknown}).API;
  });

  it('finds the API from two frames down, plays the course to the end and the LMS holds every value', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms({student_preference: {language: 'fr'}});
    const calls = countCalls(api, CALLS);
    const tracker = await launch(course, 2);
    expect(tracker.format).to.equal('scorm12');
    const statuses = statusLog(tracker);

    const saved = await tracker.begin();
    expect(saved).to.equal(null);
    expect(tracker.learner).to.deep.equal({id: learnerId, name: 'Doe, Jane'});
    expect(tracker.mode).to.equal('normal');
    expect(tracker.credit).to.equal(true);
    expect(tracker.language).to.equal('fr');
    expect(tracker.masteryScore).to.equal(undefined);

    const learner = new Learner(tracker, course, saved);
    await learner.visitAll();
    expect(api.cmi.core.lesson_status, 'set on the first launch').to.equal('incomplete');
    expect(cmi(api).core.exit, 'suspend early, while unfinished').to.equal('suspend');
    await learner.startAssessment();
    const [q1, q2, q3] = learner.questions as [string, string, string];
    await learner.answer(q1, 'right');
    await learner.answer(q2, ['a']); // q-share: a and b are right
    await learner.answer(q3, 'right');
    await learner.submit();
    const stepCommits = calls.counts.LMSCommit;
    await tracker.end('exit');
    await tracker.end('exit'); // idempotent

    const data = cmi(api);
    expect(data.core.lesson_status).to.equal('passed');
    expect(data.core.score).to.deep.include({raw: '66.67', min: '0', max: '100'});
    expect(data.core.lesson_location).to.equal('results');
    expect(data.core.exit, 'finished and left by the exit button').to.equal('');
    const sent = calls.log.filter((c) => c.startsWith('LMSSetValue("cmi.core.session_time"'));
    expect(sent.length, 'session time sent with each commit').to.equal(learner.steps + 1);
    for (const c of sent) expect(c).to.match(/, "\d{4}:[0-5]\d:[0-5]\d\.\d\d"\) -> "true"$/);
    expect(data.core.session_time).to.match(/^\d{2,4}:[0-5]\d:[0-5]\d(\.\d\d?)?$/);
    const state = decodeState(data.suspend_data, course.id);
    expect(state.progress).to.deep.equal(learner.p);
    expect(state.courseVersion).to.equal(course.version);

    const i = interactions(api);
    expect(i.length).to.equal(3);
    expect(i.map((x) => x.id)).to.deep.equal([`${q1}.a1`, `${q2}.a1`, `${q3}.a1`]);
    expect(i.map((x) => x.type)).to.deep.equal(['choice', 'choice', 'true-false']);
    expect(i.map((x) => x.student_response)).to.deep.equal(['a', 'a', 't']);
    expect(i.map((x) => x.correct_responses['0'].pattern)).to.deep.equal(['a', 'a,b', 't']);
    expect(i.map((x) => x.result)).to.deep.equal(['correct', 'wrong', 'correct']);
    expect(i.map((x) => x.weighting)).to.deep.equal(['1', '1', '1']);
    expect(calls.log).to.include('LMSSetValue("cmi.interactions.0.latency", "0000:00:04.25") -> "true"');
    expect(i[0].latency).to.match(/^(00)?00:00:04\.25$/);
    expect(i[0].time).to.match(/^\d\d:\d\d:\d\d$/);

    // One commit per learner step (the launch's values ride on the first), one more on exit; one LMSFinish.
    expect(stepCommits, 'commits during the run').to.equal(learner.steps);
    expect(calls.counts.LMSCommit).to.equal(learner.steps + 1);
    expect(calls.counts.LMSFinish).to.equal(1);
    expect(calls.counts.LMSInitialize).to.equal(1);
    expect(statuses[0]!.state).to.equal('saving');
    expect(statuses.at(-1)).to.deep.equal({state: 'saved', pending: 0});
    expect(statuses.some((s) => s.state === 'error' || s.state === 'pending')).to.equal(false);
    console.log(
      `SCORM 1.2 full run (${learner.steps} learner steps): ${calls.total()} API calls ` +
        `(${calls.total() - (calls.counts.LMSGetLastError ?? 0) - (calls.counts.LMSGetErrorString ?? 0)} without LMSGetLastError), ` +
        `${calls.counts.LMSCommit} LMSCommit; by name ${JSON.stringify(calls.counts)}`,
    );
  });

  it('resumes where the learner left off from the data the LMS committed', async () => {
    const course = fixtureCourse();
    const first = lms();
    const t1 = await launch(course);
    const l1 = new Learner(t1, course, await t1.begin());
    await l1.visit('welcome');
    await l1.visit('sharing');
    await l1.choose('share-email', 'b');
    await t1.end('suspend');
    const stored = cmi(first.api);
    expect(stored.core.exit).to.equal('suspend');
    expect(stored.core.lesson_status).to.equal('incomplete');
    removeFrames();

    // Relaunch on another device (no local copy for this learner id): only the LMS's data.
    const relaunchId = `${first.learnerId}-elsewhere`;
    const second = lms({...stored, core: {...stored.core, entry: 'resume', student_id: relaunchId}}, relaunchId);
    const t2 = await launch(course);
    const saved = await t2.begin();
    expect(saved, 'progress from the LMS').to.not.equal(null);
    expect(saved!.progress).to.deep.equal(l1.p);
    expect(saved!.courseVersion).to.equal(course.version);
    expect(second.api.cmi.core.lesson_status).to.equal('incomplete');
    await t2.end('suspend');
  });

  it('commits when the page is hidden, carries on when the learner comes back, and terminates when the LMS removes the page', async () => {
    const course = fixtureCourse();
    const {api} = lms();
    const calls = countCalls(api, CALLS);
    const t = await launch(course);
    const win = trackerWindow();
    const l = new Learner(t, course, await t.begin());
    await l.visit('welcome');
    const before = calls.counts.LMSCommit!;

    // A step, then the tab goes to the background at once: the player calls end('suspend').
    const step = l.visit('sharing');
    Object.defineProperty(win.document, 'visibilityState', {value: 'hidden', configurable: true});
    win.document.dispatchEvent(new (win as unknown as typeof globalThis).Event('visibilitychange'));
    void t.end('suspend');
    expect(calls.counts.LMSCommit, 'committed at once, synchronously').to.equal(before + 1);
    expect(calls.counts.LMSFinish ?? 0, 'the session stays open').to.equal(0);
    expect(cmi(api).core.exit).to.equal('suspend');
    expect(decodeState(cmi(api).suspend_data, course.id).progress.location).to.equal('sharing');
    await step;

    // Back to the tab: the next step is saved as usual.
    delete (win.document as unknown as {visibilityState?: string}).visibilityState;
    win.document.dispatchEvent(new (win as unknown as typeof globalThis).Event('visibilitychange'));
    await l.visit('review');
    expect(t.status).to.deep.equal({state: 'saved', pending: 0});
    expect(calls.counts.LMSCommit).to.equal(before + 2);

    // The LMS closes the content frame: pagehide in the package page; the session time, then LMSFinish, which
    // persists everything. No LMSCommit: the LMS would send it as a synchronous request, refused during dismissal.
    removeFrames();
    expect(calls.counts.LMSFinish).to.equal(1);
    expect(calls.counts.LMSCommit, 'no commit during dismissal').to.equal(before + 2);
    const last = calls.log.filter((c) => !c.startsWith('LMSGetLastError')).slice(-2);
    expect(last[0]).to.match(/^LMSSetValue\("cmi.core.session_time"/);
    expect(last[1]).to.equal('LMSFinish("") -> "true"');
    expect(decodeState(cmi(api).suspend_data, course.id).progress).to.deep.equal(l.p);
  });

  it('changes no status, no score and no exit in browse and review launches', async () => {
    const course = fixtureCourse();
    for (const [mode, status, raw] of [
      ['browse', 'not attempted', ''],
      ['review', 'passed', '80'],
    ] as const) {
      const {api} = lms({core: {lesson_mode: mode, lesson_status: status, score: {raw}}});
      const t = await launch(course);
      const l = new Learner(t, course, await t.begin());
      expect(t.mode).to.equal(mode);
      await l.visitAll();
      await l.takeAssessment('wrong');
      expect(api.cmi.core.lesson_status, mode).to.equal(status);
      expect(api.cmi.core.score.raw, mode).to.equal(raw);
      expect(interactions(api).length, mode).to.equal(0);
      await t.end('exit');
      expect(cmi(api).core.exit, `${mode}: no exit set (the LMS records nothing of this launch)`).to.equal('');
      removeFrames();
    }
  });

  it('takes the LMS mastery score over the course\u2019s, reports by the course\u2019s 1.2 setting and never downgrades a pass', async () => {
    const course = fixtureCourse();
    // mastery 90 from the LMS: 2 of 3 right (0.667) fails, though the course's own mastery is 0.6.
    const a = lms({student_data: {mastery_score: '90'}});
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    expect(t.masteryScore).to.equal(0.9);
    await l.visitAll();
    await l.startAssessment();
    const [q1, q2, q3] = l.questions as [string, string, string];
    await l.answer(q1, 'right');
    await l.answer(q2, 'wrong');
    await l.answer(q3, 'right');
    await l.submit();
    expect(a.api.cmi.core.lesson_status).to.equal('failed');
    // The second attempt passes: failed -> passed.
    await l.takeAssessment('right');
    expect(a.api.cmi.core.lesson_status).to.equal('passed');
    expect(a.api.cmi.core.score.raw).to.equal('100');
    const ids = interactions(a.api).map((x) => x.id);
    expect(new Set(ids).size, 'interaction ids unique per attempt').to.equal(6);
    await t.end('exit');
    removeFrames();

    // A learner who passed before (100) and fails now keeps the pass and the score the LMS holds.
    const b = lms({
      core: {lesson_status: 'passed', entry: 'resume', score: {raw: '100', min: '0', max: '100'}},
      student_data: {mastery_score: '90'},
    });
    const t2 = await launch(course);
    const l2 = new Learner(t2, course, await t2.begin());
    await l2.visitAll();
    await l2.takeAssessment('wrong');
    expect(b.api.cmi.core.lesson_status).to.equal('passed');
    expect(b.api.cmi.core.score.raw, 'no lower score than the LMS holds').to.equal('100');
    await t2.end('exit');
    removeFrames();

    // completed-failed with failedIsIncomplete: a failure leaves the learner incomplete, a pass reads completed.
    const c2 = fixtureCourse();
    c2.settings.scorm12Report = 'completed-failed';
    c2.settings.failedIsIncomplete = true;
    const c = lms();
    const t3 = await launch(c2);
    const l3 = new Learner(t3, c2, await t3.begin());
    await l3.visitAll();
    await l3.takeAssessment('wrong');
    expect(c.api.cmi.core.lesson_status).to.equal('incomplete');
    await l3.takeAssessment('right');
    expect(c.api.cmi.core.lesson_status).to.equal('completed');
    await t3.end('exit');
  });

  it('keeps progress and tells the learner while the LMS refuses commits, and says saved once it accepts again', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visit('welcome');
    expect(t.status.state).to.equal('saved');

    const realCommit = api.LMSCommit;
    let refused = 0;
    api.LMSCommit = () => {
      refused++;
      api.lastErrorCode = '391';
      return 'false';
    };
    await l.visit('sharing');
    expect(t.status).to.deep.include({state: 'pending', code: 'commit-refused'});
    expect(t.status.pending).to.be.greaterThan(0);
    const local = await loadLocalCopy(course, learnerId);
    expect(local?.progress, 'kept on this device').to.deep.equal(l.p);
    // Retried with backoff (1 s, 2 s): after three refusals the status is an error the learner must see.
    await statusWhere(t, (s) => s.state === 'error' && s.code === 'commit-refused');
    expect(refused).to.equal(3);

    api.LMSCommit = realCommit;
    await l.visit('review'); // the next learner step commits at once
    expect(t.status).to.deep.equal({state: 'saved', pending: 0});
    expect(decodeState(cmi(api).suspend_data, course.id).progress).to.deep.equal(l.p);
    await t.end('suspend');
  });

  it('never sends more than 4,096 characters of suspend data to a 1.2 LMS that enforces the limit', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    const seen: number[] = [];
    const realSet = api.LMSSetValue.bind(api);
    api.LMSSetValue = (el: string, v: any) => {
      if (el === 'cmi.suspend_data') {
        seen.push(String(v).length);
        if (String(v).length > 4096) {
          api.lastErrorCode = '405';
          return 'false';
        }
      }
      return realSet(el, v);
    };
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visitAll();
    await l.takeAssessment('right');
    expect(t.status).to.deep.equal({state: 'saved', pending: 0});
    const good = cmi(api).suspend_data as string;
    expect(decodeState(good, course.id).progress).to.deep.equal(l.p);

    // A state over the limit (the compiler's bound keeps real courses under it): not sent, reported, kept locally.
    const huge = setChoice(l.p, 'share-email', 'x'.repeat(5000));
    expect(encodeState(huge, course.version, course.id).length).to.be.greaterThan(4096);
    await t.save(huge);
    expect(t.status).to.deep.include({state: 'error', code: 'state-too-large'});
    expect(Math.max(...seen)).to.be.at.most(4096);
    expect(cmi(api).suspend_data).to.equal(good);
    const record = await loadProgressRecord(course.id, learnerId);
    expect(decodeState(record!.state, course.id).progress, 'kept on this device').to.deep.equal(huge);
    await t.end('suspend');
  });

  it('resumes from this device\u2019s copy where the LMS\u2019s is older or unreadable, and saves it to the LMS', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visit('welcome');
    const older = cmi(api).suspend_data as string;
    await l.visit('sharing');
    await t.end('suspend');
    removeFrames();

    // The LMS lost the last commit: it returns the older state; this device holds the newer one.
    const again = lms({suspend_data: older, core: {entry: 'resume', lesson_status: 'incomplete'}}, learnerId);
    const t2 = await launch(course);
    const saved = await t2.begin();
    expect(saved!.progress).to.deep.equal(l.p);
    await statusWhere(t2, (s) => s.state === 'saved');
    expect(decodeState(cmi(again.api).suspend_data, course.id).progress, 'saved back to the LMS').to.deep.equal(l.p);
    await t2.end('suspend');
    removeFrames();

    // Garbage in suspend_data: start from the newest good copy and say so.
    await saveLocalCopy(course, learnerId, l.p);
    lms({suspend_data: 'I1.zz.garbage|cut', core: {entry: 'resume', lesson_status: 'incomplete'}}, learnerId);
    const t3 = await launch(course);
    const seen = statusLog(t3);
    const s3 = await t3.begin();
    expect(s3!.progress).to.deep.equal(l.p);
    await statusWhere(t3, (s) => s.state === 'saved' && s.code !== 'state-unreadable');
    expect(seen.some((s) => s.code === 'state-unreadable')).to.equal(true);
    await t3.end('suspend');
  });

  it('resumes a session whose commits never reached the LMS, but starts a finished course afresh in a new attempt', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    api.LMSCommit = () => {
      api.lastErrorCode = '391';
      return 'false';
    };
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visit('welcome');
    await l.visit('sharing');
    await t.end('exit');
    expect(t.status).to.deep.include({state: 'error', code: 'commit-refused'});
    removeFrames();

    // The LMS kept nothing and starts a new attempt: this device's copy is the learner's progress.
    const again = lms({core: {entry: 'ab-initio'}}, learnerId);
    const t2 = await launch(course);
    const saved = await t2.begin();
    expect(saved!.progress).to.deep.equal(l.p);
    await statusWhere(t2, (s) => s.state === 'saved');
    expect(decodeState(cmi(again.api).suspend_data, course.id).progress).to.deep.equal(l.p);
    const l2 = new Learner(t2, course, saved);
    await l2.visit('review');
    await l2.takeAssessment('right');
    await t2.end('exit');
    removeFrames();

    // Finished; the LMS then opens a new attempt with no data: start afresh, not from the finished copy.
    lms({core: {entry: 'ab-initio'}}, learnerId);
    const t3 = await launch(course);
    expect(await t3.begin()).to.equal(null);
    const l3 = new Learner(t3, course, null);
    await l3.visit('welcome');
    const copy = await loadLocalCopy(course, learnerId);
    expect(copy!.progress, 'the new attempt\u2019s copy is not mixed with the finished one').to.deep.equal(l3.p);
    await t3.end('suspend');
  });

  it('tells the learner and keeps progress on this device where the LMS refuses LMSInitialize', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    api.LMSInitialize = () => {
      api.lastErrorCode = '101';
      return 'false';
    };
    const t = await launch(course);
    expect(await t.begin()).to.equal(null);
    expect(t.status).to.deep.include({state: 'error', code: 'no-lms'});
    const l = new Learner(t, course, null);
    await l.visit('welcome');
    expect(t.status).to.deep.include({state: 'error', code: 'no-lms'});
    // Nothing reached the LMS; the learner id is unknown, so the copy is kept under the empty id.
    expect(cmi(api).suspend_data).to.equal('');
    expect((await loadLocalCopy(course, ''))?.progress).to.deep.equal(l.p);
    expect(learnerId).to.not.equal('');
    await t.end('exit');
  });

  it('falls back to the standalone tracker, code no-lms, where no API is reachable', async () => {
    const course = fixtureCourse();
    const t = await launch(course);
    expect(t.format).to.equal('standalone');
    await t.begin();
    expect(t.status.code).to.equal('no-lms');
  });
});
