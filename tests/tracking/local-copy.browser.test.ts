// This device's copy of the learner's progress (src/tracking/local-copy.ts) in real IndexedDB and localStorage: a copy
// not yet written when the page is hidden is kept synchronously, and the next launch reads it, takes the newer of it
// and the database's, and moves it into the database.
import {expect} from '@open-wc/testing';
import type {Progress} from '../../src/course/types.js';
import {deleteLocalCopy, loadLocalCopy, saveLocalCopy} from '../../src/tracking/local-copy.js';
import {fixtureCourse} from '../helpers/course.js';

const course = fixtureCourse();
let learnerNo = 0;

function progress(location: string, visited: string[], updated: number): Progress {
  return {location, visited, attempt: null, attemptsUsed: 0, score: null, choices: {}, updated};
}

const keyOf = (learnerId: string) => `ict-progress|${course.id}|${learnerId}`;
const hide = () => window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));

describe('this device’s copy of the progress', () => {
  it('keeps a copy not yet written as the page is hidden, and forgets it once written (the page shown again)', async () => {
    const learnerId = `kept-${Date.now()}-${++learnerNo}`;
    const p = progress('welcome', ['welcome'], Date.now());
    const writing = saveLocalCopy(course, learnerId, p);
    hide(); // before the write is done: the database module and the codec load after the first paint
    const kept = JSON.parse(localStorage.getItem(keyOf(learnerId)) ?? 'null');
    expect(kept, 'kept at once, synchronously').to.deep.equal({progress: p, courseVersion: course.version});
    expect(await writing).to.deep.equal({ok: true});
    expect(localStorage.getItem(keyOf(learnerId)), 'written: no longer kept apart').to.equal(null);
    hide();
    expect(localStorage.getItem(keyOf(learnerId)), 'nothing unwritten to keep').to.equal(null);
    expect((await loadLocalCopy(course, learnerId))!.progress).to.deep.equal(p);
  });

  it('resumes from a kept copy newer than the database’s and moves it there; an older one is dropped', async () => {
    const learnerId = `kept-${Date.now()}-${++learnerNo}`;
    const t = Date.now();
    const inDb = progress('welcome', ['welcome'], t);
    expect(await saveLocalCopy(course, learnerId, inDb)).to.deep.equal({ok: true});

    // a page that went away before writing its last step
    const newer = progress('sharing', ['welcome', 'sharing'], t + 1000);
    localStorage.setItem(keyOf(learnerId), JSON.stringify({progress: newer, courseVersion: course.version}));
    expect((await loadLocalCopy(course, learnerId))!.progress).to.deep.equal(newer);
    expect(localStorage.getItem(keyOf(learnerId))).to.equal(null);
    expect((await loadLocalCopy(course, learnerId))!.progress, 'now in the database').to.deep.equal(newer);

    // a kept copy older than the database's (written by a later launch): the database's stands
    localStorage.setItem(keyOf(learnerId), JSON.stringify({progress: inDb, courseVersion: course.version}));
    expect((await loadLocalCopy(course, learnerId))!.progress).to.deep.equal(newer);
    expect(localStorage.getItem(keyOf(learnerId))).to.equal(null);

    // garbage is no copy
    localStorage.setItem(keyOf(learnerId), '{"progress": 3');
    expect((await loadLocalCopy(course, learnerId))!.progress).to.deep.equal(newer);

    // a new attempt deletes every copy, the kept one too
    localStorage.setItem(keyOf(learnerId), JSON.stringify({progress: newer, courseVersion: course.version}));
    await deleteLocalCopy(course, learnerId);
    expect(localStorage.getItem(keyOf(learnerId))).to.equal(null);
    expect(await loadLocalCopy(course, learnerId)).to.equal(null);
  });
});
