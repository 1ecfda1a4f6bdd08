/**
 * What the player tells its tracker and the host page: one save per learner step, an answer record per submitted
 * answer, a result after each change of the outcome, review mode, suspension when the page is hidden, events.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {
  $,
  RIGHT,
  RecordingTracker,
  WRONG,
  answer,
  button,
  click,
  course,
  mount,
  settle,
  takeAttempt,
} from './helpers.js';
import type {IctProgressEvent, IctSavedEvent} from '../../src/components/events.js';

describe('tracker calls and host events', () => {
  it('saves once per step, records each answer, reports each change of the outcome', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c))});
    const progress: IctProgressEvent['detail'][] = [];
    el.addEventListener('ict-progress', (e) => progress.push(e.detail));
    expect(tracker.calls).to.deep.equal(['begin']);

    el.go('welcome');
    expect(tracker.calls.slice(1)).to.deep.equal(['save', 'result']);
    el.go('welcome'); // the same place: nothing changed, nothing saved
    expect(tracker.calls).to.have.length(3);
    expect(progress.at(-1)!.location).to.equal('welcome');
    expect(progress.at(-1)!.outcome.progressMeasure).to.be.closeTo(0.25, 1e-9);

    el.go('assessment');
    await settle(el);
    tracker.calls.length = 0;
    await click(el, '.actions button'); // start the attempt
    expect(tracker.calls).to.deep.equal(['save']);
    await answer(el, RIGHT['q-purpose']!);
    expect(tracker.calls).to.deep.equal(['save', 'answer', 'save']);
    const record = tracker.answers[0]!;
    expect(record).to.include({questionId: 'q-purpose', type: 'single', result: 'correct', weighting: 1});
    expect(record.response).to.deep.equal(['a']);
    expect(record.correct).to.deep.equal(['a']);
    expect(record.choices.map((c) => c.text)).to.deep.equal([
      'To serve the goals of the organization.',
      'To buy the newest technology.',
    ]);
    expect(record.latencyMs).to.be.at.least(0);
    await click(el, '#after-answer');
    await takeAttempt(el, RIGHT);
    expect(tracker.calls.filter((c) => c === 'answer')).to.have.length(3);
    expect(tracker.results.at(-1)).to.include({passed: true, scaled: 1, completed: false});
    expect($(el, '[part="results"]').textContent).to.contain('Visit every lesson');
  });

  it('takes no attempt in review mode: the assessment says why, and nothing is recorded', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c, {mode: 'review'}))});
    expect($(el, '[part="notice"]').textContent).to.contain('Review mode');
    el.go('assessment');
    await settle(el);
    expect(el.shadowRoot!.querySelector('.main .actions')!.textContent).to.contain('cannot be taken');
    expect([...el.shadowRoot!.querySelectorAll('.main .actions button')].map((b) => b.textContent)).not.to.include(
      'Start the assessment',
    );
    expect(el.shadowRoot!.querySelector('form[part="question"]')).to.equal(null);
    expect(tracker.calls).not.to.include('answer');
    expect(tracker.calls).not.to.include('result');
    await expect(el).to.be.accessible();
  });

  it('records no answers and no results in browse mode, and says so', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c, {mode: 'browse'}))});
    expect($(el, '[part="notice"]').textContent).to.contain('Browse mode');
    el.go('assessment');
    await settle(el);
    await takeAttempt(el, RIGHT);
    expect(tracker.calls).not.to.include('answer');
    expect(tracker.calls).not.to.include('result');
    await expect(el).to.be.accessible();
  });

  it('says so where the LMS has waived the course (cmi5), and lets the learner go through it', async () => {
    const el = await mount({factory: async (c) => new RecordingTracker(c, {waived: true})});
    const notice = $(el, '[part="notice"]');
    expect(notice.getAttribute('role')).to.equal('note');
    expect(notice.textContent).to.contain('records this course as done for you (waived)');
    el.go('assessment');
    await settle(el);
    expect($(el, '[part="notice"]').textContent).to.contain('waived');
    await expect(el).to.be.accessible();
    const plain = await mount({factory: async (c) => new RecordingTracker(c)});
    expect(plain.shadowRoot!.querySelector('[part="notice"]')).to.equal(null);
  });

  it('re-dispatches the tracker status as ict-saved, and errors as ict-error', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c))});
    const saved: IctSavedEvent['detail'][] = [];
    const errors: string[] = [];
    document.addEventListener('ict-saved', (e) => saved.push(e.detail));
    document.addEventListener('ict-error', (e) => errors.push(e.detail.code));
    tracker.setStatus({state: 'pending', pending: 2});
    tracker.setStatus({state: 'error', pending: 2, code: 'commit-refused'});
    await settle(el);
    expect(saved.map((s) => s.status.state)).to.deep.equal(['pending', 'error']);
    expect(errors).to.deep.equal(['tracker-status']);
    // the message of the code loads when the code first appears
    await waitUntil(
      () => $(el, '[part="status"] [role="alert"]').textContent?.includes('did not accept'),
      'the commit-refused message',
    );
  });

  it('announces changes waiting and the return to saved, not every save', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c))});
    const live = () => $(el, '[aria-live="polite"]').textContent;
    const step = async (status: Parameters<RecordingTracker['setStatus']>[0]) => {
      tracker.setStatus(status);
      await settle(el);
      await new Promise((r) => requestAnimationFrame(r));
      await settle(el);
    };
    await step({state: 'saving', pending: 1});
    expect($(el, '[part="status"]').textContent).to.contain('Saving');
    expect(live()).to.equal('');
    await step({state: 'saved', pending: 0});
    expect(live()).to.equal('');
    await step({state: 'pending', pending: 4});
    expect(live()).to.equal('Changes waiting to be sent: 4');
    await step({state: 'saved', pending: 0});
    expect(live()).to.equal('All progress saved');
  });

  it('shows and announces when the browser goes offline and comes back', async () => {
    const el = await mount({factory: async (c) => new RecordingTracker(c)});
    expect($(el, '[part="status"]').textContent).to.contain('All progress saved');
    Object.defineProperty(navigator, 'onLine', {value: false, configurable: true});
    try {
      window.dispatchEvent(new Event('offline'));
      await settle(el);
      // the announcement is set on the next animation frame (cleared first, so that a repeat is heard)
      await waitUntil(
        () => $(el, '[aria-live="polite"]').textContent === 'You are offline. You can keep working.',
        'the offline announcement',
      );
      expect($(el, '[part="status"]').textContent).to.contain('Offline: your progress is kept on this device');
      await expect(el).to.be.accessible();
    } finally {
      delete (navigator as {onLine?: boolean}).onLine;
    }
    window.dispatchEvent(new Event('online'));
    await settle(el);
    await waitUntil(
      () => $(el, '[aria-live="polite"]').textContent === 'You are back online.',
      'the online announcement',
    );
    expect($(el, '[part="status"]').textContent).to.contain('All progress saved');
  });

  it('suspends once when the page is hidden and dismissed; Exit ends the session', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c))});
    Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      window.dispatchEvent(new Event('pagehide'));
    } finally {
      delete (document as {visibilityState?: string}).visibilityState;
    }
    expect(tracker.calls.filter((c) => c.startsWith('end'))).to.deep.equal(['end:suspend']);
    button(el, 'Exit').click();
    await settle(el);
    expect(tracker.calls.at(-1)).to.equal('end:exit');
    expect($(el, '#heading').textContent).to.equal('You have left the course');
    expect($(el, '[part="lesson"]').textContent).to.contain('You may close this window');
  });

  it('after a failed attempt: the questions answered wrong with their feedback, no tick in the contents, and after the last attempt a plain word', async () => {
    const el = await mount({factory: async (c) => new RecordingTracker(c)});
    el.go('assessment');
    await settle(el);
    await takeAttempt(el, {...WRONG, 'q-purpose': RIGHT['q-purpose']!});
    const results = () => $(el, '[part="results"]');
    const review = results().querySelector('.review')!;
    expect(review, 'a list of what to review').to.exist;
    const items = [...review.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' '));
    // the two wrong answers, each with the learner's answer and the feedback that teaches; the right one is not listed
    expect(items).to.have.length(2);
    expect(items[0]).to.contain('Which of these can organizations share?').and.to.contain('Your answer: Their mandate');
    expect(items[0]).to.contain('Each organization keeps its own mandate.');
    expect(items[1]).to.contain('Your answer: False').and.to.contain('More partners spread the fixed costs further.');
    expect(review.textContent).not.to.contain('What is an ICT strategy for?');
    const tick = () => el.shadowRoot!.querySelector('nav a[href="#assessment"] .mark')!.textContent;
    expect(tick(), 'a failed attempt is not done').to.equal('');
    expect(results().textContent).to.contain('Attempts left: 1').and.not.to.contain('used all your attempts');

    // the last attempt fails too: the learner reads plainly what the record shows and what to do
    await click(el, '[part="results"] .actions button');
    await takeAttempt(el, WRONG);
    expect(results().textContent).to.contain('You have used all your attempts without reaching the pass mark');
    expect(results().textContent).to.contain('ask your learning administrator');
    expect(tick()).to.equal('');
  });

  it('shows the score as the LMS records it: 33.33 %, not 33 %', async () => {
    const el = await mount({factory: async (c) => new RecordingTracker(c)});
    el.go('assessment');
    await settle(el);
    await takeAttempt(el, {...WRONG, 'q-purpose': RIGHT['q-purpose']!});
    expect(el.currentProgress.score).to.equal(1 / 3);
    expect($(el, '[part="results"] .score').textContent).to.match(/33\.33\s?%/);
  });

  it('takes the learner name from the LMS for the certificate, and prints it', async () => {
    const el = await mount({factory: async (c) => new RecordingTracker(c, {name: 'Diallo, Amina'})});
    for (const id of ['welcome', 'sharing', 'review']) el.go(id);
    el.go('assessment');
    await settle(el);
    await takeAttempt(el, RIGHT);
    await click(el, '[part="results"] .actions button');
    expect(el.shadowRoot!.querySelector('#learner-name')).to.equal(null);
    // SCORM's `Last, First`, in reading order; the course, its version and the certificate's number
    const certificate = $(el, '[part="certificate"]').textContent!;
    expect(certificate).to.contain('Amina Diallo').and.not.to.contain('Diallo, Amina');
    const c = course();
    expect(certificate).to.contain(`${c.id} ${c.version}`);
    const number = /Certificate number\s*([0-9A-F]{4}-[0-9A-F]{4})/.exec(certificate)?.[1];
    expect(number, 'a certificate number').to.be.a('string');
    // the same completion shows the same number when it is shown again
    el.go('results');
    await settle(el);
    await click(el, '[part="results"] .actions button');
    expect($(el, '[part="certificate"]').textContent).to.contain(number!);
    const print = window.print;
    let printed = 0;
    window.print = () => {
      printed++;
      expect(el.shadowRoot!.querySelector('.main.printing')).to.exist;
    };
    try {
      button(el, 'Print the certificate').click();
    } finally {
      window.print = print;
    }
    expect(printed).to.equal(1);
  });

  it('follows a change of the host page’s lang attribute until the learner chooses', async () => {
    const el = await mount({lang: 'en'});
    el.setAttribute('lang', 'fr');
    await waitUntil(
      () => $(el, 'h1').textContent === 'Les bases des TIC pour les cadres',
      'the course did not switch to French',
    );
  });

  it('follows the LMS language preference, and the learner can change it', async () => {
    const el = await mount({lang: '', factory: async (c) => new RecordingTracker(c, {language: 'fr-CA'})});
    expect($(el, 'h1').textContent).to.equal('Les bases des TIC pour les cadres');
    expect($(el, '.frame').getAttribute('lang')).to.equal('fr');
    const select = $(el, 'select') as HTMLSelectElement;
    select.value = 'ar';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => $(el, '.frame').getAttribute('dir') === 'rtl', 'the course did not switch to Arabic');
    await settle(el);
    expect(el.currentProgress.lang).to.equal('ar');
    expect($(el, 'h1').textContent).to.equal('أساسيات تكنولوجيا المعلومات والاتصالات للمديرين');
  });
});
