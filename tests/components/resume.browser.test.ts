/**
 * Resume after a reload: the player over the standalone tracker and real IndexedDB. A new element (as after a
 * reload) shows the same lesson, the same answers, attempts and score.
 */
import {expect} from '@open-wc/testing';
import type {IctCourse} from '../../src/components/ict-course/ict-course.js';
import {optionOrder} from '../../src/course/attempts.js';
import {findQuestion} from '../../src/course/rules.js';
import {$, RIGHT, WRONG, answer, course, mount, settle, takeAttempt} from './helpers.js';

function uniqueCourse() {
  const c = course();
  c.id = `basics-resume-${Math.random().toString(36).slice(2)}`;
  return c;
}

/** The option ids of the question on screen, in the order shown. */
function shownOptions(el: IctCourse): string[] {
  return [...$(el, 'form[part="question"]').querySelectorAll<HTMLInputElement>('input[name="answer"]')].map(
    (i) => i.value,
  );
}

/** Let the tracker finish writing, then take the element away as a reload would. */
async function unload(el: IctCourse): Promise<void> {
  await el.tracker!.end('suspend');
  el.remove();
}

describe('resume after reload (standalone tracker, IndexedDB)', () => {
  it('comes back to the same lesson, with the decision made and "stored on this device" shown', async () => {
    const c = uniqueCourse();
    let el = await mount({course: c, tracking: 'local'});
    expect($(el, '[part="status"]').textContent).to.contain('stored on this device only');
    el.go('welcome');
    el.go('sharing');
    await settle(el);
    ($(el, 'form.decision input[value="b"]') as HTMLInputElement).checked = true;
    ($(el, 'form.decision') as HTMLFormElement).requestSubmit();
    await settle(el);
    await unload(el);

    el = await mount({course: c, tracking: 'local'});
    expect($(el, '#heading').textContent).to.equal('Sharing services');
    expect(($(el, 'form.decision input[value="b"]') as HTMLInputElement).checked).to.equal(true);
    expect($(el, 'form.decision [part="feedback"]').textContent).to.contain('You share the cost');
    expect(el.shadowRoot!.querySelectorAll('nav .vh')).to.have.length(2);
  });

  it("shows each question's options in the attempt's own order, and the same order after a reload", async () => {
    const c = uniqueCourse();
    let el = await mount({course: c, tracking: 'local'});
    el.go('assessment');
    await settle(el);
    $(el, '.actions button').click();
    await settle(el);
    const attempt = el.currentProgress.attempt!;
    expect(attempt.seed, 'the attempt has a seed of its own').to.be.a('number');
    const first = attempt.questions[0]!;
    const order = shownOptions(el);
    expect(order).to.deep.equal(optionOrder(findQuestion(c, first)!, attempt).map((o) => o.id));
    await unload(el);

    el = await mount({course: c, tracking: 'local'});
    expect(el.currentProgress.attempt).to.deep.equal(attempt);
    expect(shownOptions(el), 'the resumed attempt shows the options as before').to.deep.equal(order);
    await unload(el);
  });

  it('comes back to the question in progress with the answers, attempts and score kept', async () => {
    const c = uniqueCourse();
    let el = await mount({course: c, tracking: 'local'});
    el.go('assessment');
    await settle(el);
    await takeAttempt(el, WRONG);
    expect(el.currentProgress.attemptsUsed).to.equal(1);
    expect(el.currentProgress.score).to.equal(0);
    // The second attempt: one question answered, then the page goes away.
    const retry = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="results"] button')].find(
      (b) => b.textContent === 'Try again',
    )!;
    retry.click();
    await settle(el);
    await answer(el, ['a']);
    const before = structuredClone(el.currentProgress);
    await unload(el);

    el = await mount({course: c, tracking: 'local'});
    const after = el.currentProgress;
    expect(after.location).to.equal('assessment');
    expect(after.attemptsUsed).to.equal(1);
    expect(after.score).to.equal(0);
    expect(after.attempt).to.deep.equal(before.attempt);
    expect($(el, '#heading').textContent).to.equal('Question 2 of 3');
    // The attempt goes on from there; one attempt was left, and a full score now passes.
    await answer(el, ['a', 'b']);
    $(el, '#after-answer').click();
    await settle(el);
    await answer(el, ['true']);
    $(el, '#after-answer').click();
    await settle(el);
    expect(el.currentProgress.attemptsUsed).to.equal(2);
    expect(el.currentProgress.score).to.equal(1);
    await unload(el);

    el = await mount({course: c, tracking: 'local'});
    expect(el.currentProgress.location).to.equal('results');
    expect($(el, '[part="results"]').textContent).to.contain('100').and.to.contain('Passed');
  });

  it('opens a finished course on its certificate, wherever the learner left it, and reports nothing new', async () => {
    const c = uniqueCourse();
    let el = await mount({course: c, tracking: 'local'});
    for (const l of c.content.en!.lessons) el.go(l.id);
    el.go('assessment');
    await settle(el);
    await takeAttempt(el, RIGHT);
    expect($(el, '[part="results"]').textContent).to.contain('Passed');
    // back to the first lesson to read it again, then the page goes away
    el.go('welcome');
    await settle(el);
    await unload(el);

    const events: string[] = [];
    const heard = (e: Event) => events.push(e.type);
    document.addEventListener('ict-complete', heard);
    el = await mount({course: c, tracking: 'local'});
    await settle(el);
    document.removeEventListener('ict-complete', heard);
    expect($(el, '[part="certificate"]').textContent).to.contain('100');
    expect(el.currentProgress.score).to.equal(1);
    expect(events, 'no new completion is announced').to.deep.equal([]);
    await unload(el);
  });
});
