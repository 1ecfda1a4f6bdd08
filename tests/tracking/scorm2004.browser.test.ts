// The SCORM 2004 4th edition tracker against scorm-again's Scorm2004API as the LMS, hosted on this page the way an
// LMS hosts a SCO: the tracker runs in a same-origin iframe and finds `window.API_1484_11` in its parent.
import {expect} from '@open-wc/testing';
import {Scorm2004API} from 'scorm-again';
import {decodeState} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {loadLocalCopy} from '../../src/tracking/local-copy.js';
import type {Tracker} from '../../src/tracking/tracker.js';
import {fixtureCourse} from '../helpers/course.js';
import {
  countCalls,
  factoryInFrame,
  factoryInPopup,
  Learner,
  removeFrames,
  statusLog,
  statusWhere,
} from './scorm-harness.js';

const CALLS = ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString'];

type Cmi = Record<string, any>;
let learnerNo = 0;

/** An LMS launch: a fresh Scorm2004API with the learner's data, as `window.API_1484_11`. */
function lms(data: Cmi = {}, learnerId = `u04-${Date.now()}-${++learnerNo}`): {api: Scorm2004API; learnerId: string} {
  const api = new Scorm2004API({autocommit: false, lmsCommitUrl: false, logLevel: 5});
  api.loadFromJSON({learner_id: learnerId, learner_name: 'Doe, Jane', mode: 'normal', credit: 'credit', ...data});
  (window as unknown as {API_1484_11?: unknown}).API_1484_11 = api;
  return {api, learnerId};
}

/** The CMI data the LMS holds (write-only elements included). */
function cmi(api: Scorm2004API): Cmi {
  return (api.renderCMIToJSONObject() as Cmi).cmi;
}

function interactions(api: Scorm2004API): Cmi[] {
  const all = cmi(api).interactions as Record<string, Cmi>;
  return Object.keys(all)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => all[k]!);
}

async function launch(course: CompiledCourse): Promise<Tracker> {
  const factory = await factoryInFrame('scorm2004');
  return factory(course);
}

describe('SCORM 2004 tracker (scorm-again as the LMS)', () => {
  afterEach(() => {
    removeFrames();
    delete (window as unknown as {API_1484_11?: unknown}).API_1484_11;
  });

  it('plays the course to the end and the LMS holds completion, success, score, interactions, exit and session time', async () => {
    const course = fixtureCourse();
    course.settings.scorm2004ExitRequest = 'exitAll';
    const {api, learnerId} = lms({learner_preference: {language: 'fr-CA'}});
    const calls = countCalls(api, CALLS);
    const tracker = await launch(course);
    expect(tracker.format).to.equal('scorm2004');
    const statuses = statusLog(tracker);
    const saved = await tracker.begin();
    expect(saved).to.equal(null);
    expect(tracker.learner).to.deep.equal({id: learnerId, name: 'Doe, Jane'});
    expect(tracker.language).to.equal('fr-CA');
    expect(tracker.mode).to.equal('normal');

    const learner = new Learner(tracker, course, saved);
    await learner.visit('welcome');
    expect(cmi(api).completion_status).to.equal('incomplete');
    expect(cmi(api).success_status).to.equal('unknown');
    expect(cmi(api).progress_measure).to.equal('0.25');
    expect(cmi(api).exit, 'suspend early, while unfinished').to.equal('suspend');
    await learner.visit('sharing');
    await learner.visit('review');
    await learner.startAssessment();
    const [q1, q2, q3] = learner.questions as [string, string, string];
    await learner.answer(q1, 'right');
    await learner.answer(q2, ['a']);
    await learner.answer(q3, 'right', 61_500);
    await learner.submit();
    const stepCommits = calls.counts.Commit;
    await tracker.end('exit');
    await tracker.end('exit');

    const data = cmi(api);
    expect(data.completion_status).to.equal('completed');
    expect(data.success_status).to.equal('passed');
    expect(data.progress_measure).to.equal('1');
    expect(data.score).to.deep.include({scaled: '0.6666667', raw: '66.67', min: '0', max: '100'});
    expect(data.location).to.equal('results');
    expect(data.exit, 'finished and left by the exit button').to.equal('normal');
    // scorm-again acts on the request at Terminate and clears it: what was sent is in the call log.
    // exitAll has no adl.nav.request_valid element (4th Edition RTE 4.4.2): sent without asking
    expect(calls.log.filter((c) => c.includes('adl.nav.request'))).to.deep.equal([
      'SetValue("adl.nav.request", "exitAll") -> "true"',
    ]);
    const sentTime = calls.log.filter((c) => c.startsWith('SetValue("cmi.session_time"'));
    expect(sentTime.length).to.equal(learner.steps + 1);
    for (const c of sentTime) expect(c).to.match(/, "PT(\d+H)?(\d+M)?(\d+(\.\d\d?)?S)?"\) -> "true"$/);
    expect(decodeState(data.suspend_data, course.id).progress).to.deep.equal(learner.p);

    const i = interactions(api);
    expect(i.map((x) => x.id)).to.deep.equal([`${q1}.a1`, `${q2}.a1`, `${q3}.a1`]);
    expect(i.map((x) => x.type)).to.deep.equal(['choice', 'choice', 'true-false']);
    expect(i.map((x) => x.learner_response)).to.deep.equal(['a', 'a', 'true']);
    expect(i.map((x) => x.correct_responses['0'].pattern)).to.deep.equal(['a', 'a[,]b', 'true']);
    expect(i.map((x) => x.result)).to.deep.equal(['correct', 'incorrect', 'correct']);
    expect(i.map((x) => x.description)).to.deep.equal(
      [q1, q2, q3].map((q) => course.content.en!.assessment!.questions.find((x) => x.id === q)!.description),
    );
    expect(calls.log).to.include('SetValue("cmi.interactions.2.latency", "PT1M1.5S") -> "true"');
    expect(i[0]!.timestamp).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ$/);

    expect(stepCommits).to.equal(learner.steps);
    expect(calls.counts.Commit).to.equal(learner.steps + 1);
    expect(calls.counts.Terminate).to.equal(1);
    expect(statuses.at(-1)).to.deep.equal({state: 'saved', pending: 0});
    console.log(
      `SCORM 2004 full run (${learner.steps} learner steps): ${calls.total()} API calls ` +
        `(${calls.total() - (calls.counts.GetLastError ?? 0) - (calls.counts.GetErrorString ?? 0)} without GetLastError), ` +
        `${calls.counts.Commit} Commit; by name ${JSON.stringify(calls.counts)}`,
    );
  });

  it('leaves an unfinished attempt by suspendAll where exitAll is set, and suspends it', async () => {
    const course = fixtureCourse();
    course.settings.scorm2004ExitRequest = 'exitAll';
    const {api} = lms();
    const calls = countCalls(api, CALLS);
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visit('welcome');
    await t.end('exit');
    expect(calls.log.filter((c) => c.includes('adl.nav.request'))).to.deep.equal([
      'SetValue("adl.nav.request", "suspendAll") -> "true"',
    ]);
    expect(cmi(api).exit).to.equal('suspend');
    expect(cmi(api).completion_status).to.equal('incomplete');
  });

  it('sends continue only where the LMS says it is valid now', async () => {
    const course = fixtureCourse();
    course.settings.scorm2004ExitRequest = 'continue';
    const {api} = lms();
    const calls = countCalls(api, CALLS);
    const t = await launch(course);
    await t.begin();
    await t.end('exit');
    expect(calls.log.filter((c) => c.includes('adl.nav.request'))).to.deep.equal([
      'GetValue("adl.nav.request_valid.continue") -> "unknown"',
    ]);
  });

  it('resumes where the learner left off from the data the LMS committed', async () => {
    const course = fixtureCourse();
    const first = lms();
    const t1 = await launch(course);
    const l1 = new Learner(t1, course, await t1.begin());
    await l1.visitAll();
    await l1.startAssessment();
    await l1.answer(l1.questions[0]!, 'right');
    await t1.end('suspend');
    const stored = cmi(first.api);
    expect(stored.exit).to.equal('suspend');
    removeFrames();

    // Everything the LMS committed, relaunched as a resumed attempt for the same learner on another device.
    const elsewhere = `${first.learnerId}-elsewhere`;
    const second = lms({...stored, entry: 'resume', learner_id: elsewhere}, elsewhere);
    expect(interactions(second.api).length, 'the first session\u2019s interaction is in the LMS').to.equal(1);
    const t2 = await launch(course);
    const saved = await t2.begin();
    expect(saved!.progress).to.deep.equal(l1.p);
    expect(saved!.progress.location).to.equal('assessment');
    // The attempt goes on: the next answer is the next interaction.
    const l2 = new Learner(t2, course, saved);
    await l2.answer(l2.questions[1]!, 'right');
    expect(interactions(second.api).map((x) => x.id)).to.deep.equal([`${l2.questions[0]}.a1`, `${l2.questions[1]}.a1`]);
    await t2.end('suspend');
  });

  it('changes no status, no score and no exit in a review launch', async () => {
    const course = fixtureCourse();
    const {api} = lms({
      mode: 'review',
      completion_status: 'completed',
      success_status: 'passed',
      score: {scaled: '0.8'},
    });
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    expect(t.mode).to.equal('review');
    await l.visitAll();
    await l.takeAssessment('wrong');
    await t.end('exit');
    const data = cmi(api);
    expect(data.completion_status).to.equal('completed');
    expect(data.success_status).to.equal('passed');
    expect(data.score.scaled).to.equal('0.8');
    expect(interactions(api).length).to.equal(0);
    expect(data.exit, 'no exit set (the LMS records nothing of this launch)').to.equal('');
  });

  it('never reports a lower score than the LMS holds (a pass from an earlier session stays the recorded one)', async () => {
    const course = fixtureCourse();
    const {api} = lms({
      entry: 'resume',
      completion_status: 'completed',
      success_status: 'passed',
      score: {scaled: '1'},
    });
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visitAll();
    await l.takeAssessment('wrong');
    await t.end('exit');
    const data = cmi(api);
    expect(data.success_status).to.equal('passed');
    expect(data.score.scaled).to.equal('1');
  });

  it('takes cmi.scaled_passing_score over the course\u2019s mastery score', async () => {
    const course = fixtureCourse();
    const {api} = lms({scaled_passing_score: '0.9'});
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
    expect(cmi(api).success_status).to.equal('failed');
    expect(cmi(api).completion_status).to.equal('incomplete');
    await t.end('suspend');
  });

  it('keeps progress and tells the learner while the LMS refuses commits, and says saved once it accepts again', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    const t = await launch(course);
    const l = new Learner(t, course, await t.begin());
    await l.visit('welcome');
    const realCommit = api.Commit;
    api.Commit = () => {
      api.lastErrorCode = '391';
      return 'false';
    };
    await l.visit('sharing');
    expect(t.status).to.deep.include({state: 'pending', code: 'commit-refused'});
    expect((await loadLocalCopy(course, learnerId))?.progress).to.deep.equal(l.p);
    api.Commit = realCommit;
    await statusWhere(t, (s) => s.state === 'saved'); // the retry after 1 s
    expect(decodeState(cmi(api).suspend_data, course.id).progress).to.deep.equal(l.p);
    await t.end('suspend');
  });

  it('finds the API through window.opener when the LMS launches the course in a popup', async () => {
    const course = fixtureCourse();
    const {api, learnerId} = lms();
    const {factory, popup} = await factoryInPopup('scorm2004');
    try {
      const t = await factory(course);
      expect(t.format).to.equal('scorm2004');
      const l = new Learner(t, course, await t.begin());
      expect(t.learner.id).to.equal(learnerId);
      await l.visit('welcome');
      await t.end('exit');
      expect(cmi(api).location).to.equal('welcome');
    } finally {
      popup.close();
    }
  });

  it('falls back to the standalone tracker, code no-lms, where no API is reachable', async () => {
    const t = await launch(fixtureCourse());
    expect(t.format).to.equal('standalone');
    await t.begin();
    expect(t.status.code).to.equal('no-lms');
  });
});
