import {expect} from '@open-wc/testing';
import {emptyProgress, evaluate, setChoice, visitLesson} from '../../src/course/rules.js';
import {answerQuestion, startAttempt, submitAttempt} from '../../src/course/attempts.js';
import {closeDb, deleteProgressCopy, saveProgressCopy} from '../../src/offline/db.js';
import {loadLocalCopy, newerLocalCopy, saveLocalCopy} from '../../src/tracking/local-copy.js';
import {createStandaloneTracker} from '../../src/tracking/standalone/standalone-tracker.js';
import {TrackerStatusEvent, type Tracker, type TrackerStatus} from '../../src/tracking/tracker.js';
import {fixtureCourse} from '../helpers/course.js';
import {freshDb} from '../helpers/db.js';

function recordStatuses(tracker: Tracker): TrackerStatus[] {
  const seen: TrackerStatus[] = [];
  tracker.addEventListener(TrackerStatusEvent.type, (e) => seen.push((e as TrackerStatusEvent).status));
  return seen;
}

describe('standalone tracker', () => {
  beforeEach(freshDb);
  after(freshDb);

  it('describes a local, normal-mode launch for the learner `local`', async () => {
    const tracker = await createStandaloneTracker(fixtureCourse());
    expect(tracker.format).to.equal('standalone');
    expect(tracker.learner).to.deep.equal({id: 'local'});
    expect(tracker.mode).to.equal('normal');
    expect(tracker.credit).to.equal(true);
    expect(tracker.masteryScore).to.equal(undefined);
    expect(tracker.status.state).to.equal('connecting');
  });

  it('starts fresh, then resumes lesson, answers, attempts and score after being created again (a reload)', async () => {
    const course = fixtureCourse();
    const first = await createStandaloneTracker(course);
    const statuses = recordStatuses(first);
    expect(await first.begin()).to.equal(null);
    expect(first.status).to.deep.equal({state: 'local', pending: 0});
    expect(statuses).to.deep.equal([{state: 'local', pending: 0}]);

    let p = emptyProgress();
    p = visitLesson(p, 'welcome');
    await first.save(p);
    p = visitLesson(p, 'sharing');
    p = setChoice(p, 'share-email', 'b');
    p = startAttempt(course, p);
    p = answerQuestion(p, 'q-purpose', ['a']);
    p = answerQuestion(p, 'q-share', ['a', 'b']);
    p = answerQuestion(p, 'q-volume', ['false']);
    p = submitAttempt(course, p);
    p = visitLesson(p, 'review');
    await first.save(p);
    await first.result(evaluate(course, p));
    await first.end('suspend');
    await closeDb();

    const second = await createStandaloneTracker(fixtureCourse());
    const resumed = await second.begin();
    expect(resumed).to.deep.equal({progress: p, courseVersion: '1.0.0'});
    expect(resumed!.progress.location).to.equal('review');
    expect(resumed!.progress.attemptsUsed).to.equal(1);
    expect(resumed!.progress.score).to.be.closeTo(2 / 3, 1e-12);
  });

  it('resumes the last step of a page that went away before writing it (Exit, and the tab closed at once)', async () => {
    const course = fixtureCourse();
    const first = await createStandaloneTracker(course);
    await first.begin();
    const p1 = visitLesson(emptyProgress(), 'welcome');
    await first.save(p1);
    const p2 = visitLesson(p1, 'sharing');
    const key = `ict-progress|${course.id}|local`;
    const writing = first.save(p2);
    window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: false})); // before the write is done
    const kept = localStorage.getItem(key);
    expect(JSON.parse(kept!).progress).to.deep.equal(p2);
    await writing;
    // the next launch, as after a page that died before that write: the database holds p1, localStorage p2
    await deleteProgressCopy(course.id, 'local');
    await saveProgressCopy(course.id, 'local', p1, course.version);
    localStorage.setItem(key, kept!);
    const again = await createStandaloneTracker(course);
    const saved = await again.begin();
    expect(saved!.progress.location).to.equal('sharing');
    expect(saved!.progress.visited).to.deep.equal(['welcome', 'sharing']);
    expect(localStorage.getItem(key), 'taken').to.equal(null);
    await again.end('suspend');
    const third = await createStandaloneTracker(course);
    expect((await third.begin())!.progress.location, 'written to the database').to.equal('sharing');
  });

  it('says why there is no LMS when created as a fallback', async () => {
    const tracker = await createStandaloneTracker(fixtureCourse(), {reason: 'no-lms'});
    const statuses = recordStatuses(tracker);
    await tracker.begin();
    expect(tracker.status).to.deep.equal({state: 'local', pending: 0, code: 'no-lms'});
    expect(statuses).to.have.length(1);
  });

  it('resumes progress saved by an older course version, migrated to this one', async () => {
    const old = visitLesson(visitLesson(emptyProgress(), 'welcome'), 'retired-lesson');
    await saveProgressCopy('basics', 'local', old, '0.9.0');
    const tracker = await createStandaloneTracker(fixtureCourse());
    const saved = await tracker.begin();
    expect(saved!.courseVersion).to.equal('0.9.0');
    expect(saved!.progress.visited).to.deep.equal(['welcome']);
    expect(saved!.progress.location).to.equal('sharing');
  });

  it('keeps the course running in memory and says so when storage is unavailable, and recovers', async () => {
    await closeDb();
    const open = indexedDB.open;
    indexedDB.open = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    const course = fixtureCourse();
    const tracker = await createStandaloneTracker(course);
    const statuses = recordStatuses(tracker);
    try {
      expect(await tracker.begin()).to.equal(null);
      expect(tracker.status).to.include({state: 'error', code: 'storage-unavailable'});
      const p = visitLesson(emptyProgress(), 'welcome');
      await tracker.save(p); // resolves: the learner goes on
      await tracker.answer({
        questionId: 'q-purpose',
        type: 'single',
        response: ['a'],
        correct: ['a'],
        result: 'correct',
        weighting: 1,
        latencyMs: 10,
        timestamp: Date.now(),
        description: 'x',
        choices: [],
      });
      expect(tracker.status).to.include({state: 'error', code: 'storage-unavailable', pending: 1});
      expect((tracker as unknown as {lastProgress: unknown}).lastProgress).to.equal(p);
    } finally {
      indexedDB.open = open;
    }
    const p2 = visitLesson(visitLesson(emptyProgress(), 'welcome'), 'sharing');
    await tracker.save(p2);
    expect(tracker.status).to.deep.equal({state: 'local', pending: 0});
    expect(statuses.map((s) => s.state)).to.deep.equal(['error', 'error', 'local']);
    await closeDb();
    const again = await createStandaloneTracker(course);
    expect((await again.begin())!.progress).to.deep.equal(p2);
  });

  it('reports quota-exceeded when the device is full', async () => {
    const tracker = await createStandaloneTracker(fixtureCourse());
    await tracker.begin();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    try {
      await tracker.save(visitLesson(emptyProgress(), 'welcome'));
      expect(tracker.status).to.include({state: 'error', code: 'quota-exceeded'});
    } finally {
      IDBObjectStore.prototype.put = put;
    }
  });

  it('writes saves in order: a slow earlier save never overwrites a later one', async () => {
    const tracker = await createStandaloneTracker(fixtureCourse());
    await tracker.begin();
    let p = emptyProgress();
    const saves: Promise<void>[] = [];
    for (const id of ['welcome', 'sharing', 'review']) {
      p = visitLesson(p, id);
      saves.push(tracker.save(p));
    }
    await Promise.all(saves);
    await closeDb();
    const again = await createStandaloneTracker(fixtureCourse());
    expect((await again.begin())!.progress.location).to.equal('review');
  });

  it('loses nothing when the course is open in two tabs at once', async () => {
    const course = fixtureCourse();
    const tab1 = await createStandaloneTracker(course);
    const tab2 = await createStandaloneTracker(course);
    await tab1.begin();
    await tab2.begin();
    let p1 = visitLesson(emptyProgress(), 'welcome');
    let p2 = visitLesson(emptyProgress(), 'sharing');
    p2 = setChoice(p2, 'share-email', 'b');
    await tab1.save(p1);
    await tab2.save(p2);
    p1 = visitLesson(p1, 'review');
    await tab1.save(p1);
    await closeDb();
    const reload = await createStandaloneTracker(course);
    const {progress} = (await reload.begin())!;
    expect(progress.visited).to.have.members(['welcome', 'sharing', 'review']);
    expect(progress.choices).to.deep.equal({'share-email': 'b'});
  });
});

describe('local copy for LMS trackers', () => {
  beforeEach(freshDb);
  after(freshDb);

  it('prefers this device’s copy only where it is newer than the LMS’s', async () => {
    const course = fixtureCourse();
    const lms = {progress: {...visitLesson(emptyProgress(), 'welcome'), updated: 1000}, courseVersion: '1.0.0'};
    expect(await newerLocalCopy(course, 'learner-7', lms)).to.equal(null);
    expect(await newerLocalCopy(course, 'learner-7', null)).to.equal(null);

    const local = {...visitLesson(visitLesson(emptyProgress(), 'welcome'), 'sharing'), updated: 2000};
    expect(await saveLocalCopy(course, 'learner-7', local)).to.deep.equal({ok: true});
    expect(await newerLocalCopy(course, 'learner-7', lms)).to.deep.equal({progress: local, courseVersion: '1.0.0'});
    expect(await newerLocalCopy(course, 'learner-7', null)).to.deep.equal({progress: local, courseVersion: '1.0.0'});
    expect(await newerLocalCopy(course, 'learner-7', {...lms, progress: {...lms.progress, updated: 3000}})).to.equal(
      null,
    );
    expect(await newerLocalCopy(course, 'someone-else', lms), 'per learner').to.equal(null);
    expect(await loadLocalCopy(course, 'learner-7')).to.deep.equal({progress: local, courseVersion: '1.0.0'});
  });

  it('never throws when the device cannot store anything', async () => {
    await closeDb();
    const open = indexedDB.open;
    indexedDB.open = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    try {
      const course = fixtureCourse();
      const r = await saveLocalCopy(course, 'l', emptyProgress());
      expect(r.ok).to.equal(false);
      expect(!r.ok && r.error.code).to.equal('storage-unavailable');
      expect(await newerLocalCopy(course, 'l', null)).to.equal(null);
    } finally {
      indexedDB.open = open;
    }
  });
});
