/**
 * Every view of the player passes axe-core with no violations, in English and in Arabic (the main ones in Chinese
 * too): contents, lesson, decision, self-check, question, feedback, results, completion, the error screens and the
 * saving states.
 */
import {waitUntil} from '../helpers/wait.js';
import {expect} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import {
  $,
  RIGHT,
  WRONG,
  RecordingTracker,
  answer,
  chineseCourse,
  choose,
  click,
  course,
  mount,
  settle,
  takeAttempt,
} from './helpers.js';
import type {StatusCode} from '../../src/tracking/tracker.js';

for (const lang of ['en', 'ar'] as const) {
  describe(`views in ${lang}`, () => {
    it('contents (the start view) and a lesson', async () => {
      const el = await mount({lang});
      expect($(el, '.frame').getAttribute('dir')).to.equal(lang === 'ar' ? 'rtl' : 'ltr');
      expect($(el, '.frame').getAttribute('lang')).to.equal(lang);
      await expect(el).to.be.accessible();
      el.go('welcome');
      await settle(el);
      expect($(el, '#heading').textContent).to.equal(course().content[lang]!.lessons[0]!.title);
      await expect(el).to.be.accessible();
    });

    it('a lesson with a diagram (a figure block): named image, description behind details, no sideways scroll at 320 px', async () => {
      const c = course();
      const [ga, ceb, alt] =
        lang === 'ar'
          ? ['الجمعية العامة', 'مجلس الرؤساء التنفيذيين', 'الجمعية العامة فوق مجلس الرؤساء التنفيذيين.']
          : ['General Assembly', 'Chief Executives Board', 'The General Assembly above the Chief Executives Board.'];
      // as src/compile/figure.ts builds it (tests/compile/figure.node.test.ts checks the build)
      c.content[lang]!.lessons[0]!.blocks.push({
        type: 'html',
        html:
          `<figure class="diagram" data-figure="bodies"><svg role="img" aria-label="${alt}" focusable="false" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 130" width="360" height="130">` +
          `<rect x="8" y="8" width="344" height="44" rx="6" class="surface line"></rect><text x="180" y="36" text-anchor="middle" font-size="16">${ga}</text>` +
          `<line x1="180" y1="52" x2="180" y2="78" class="line"></line>` +
          `<rect x="8" y="78" width="344" height="44" rx="6" class="accent"></rect><text x="180" y="106" text-anchor="middle" font-size="16" class="on-accent">${ceb}</text></svg>` +
          `<figcaption><details><summary>${alt}</summary><p>${ga}: ${ceb}.</p></details></figcaption></figure>`,
      });
      await setViewport({width: 320, height: 640});
      try {
        const el = await mount({lang, course: c});
        el.go('welcome');
        await settle(el);
        const svg = $(el, 'figure.diagram svg');
        expect(svg.getAttribute('role')).to.equal('img');
        expect(svg.getAttribute('aria-label')).to.equal(alt);
        expect(svg.getBoundingClientRect().width).to.be.at.most(320);
        expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
        // the theme's colours, by class (the default primary colour, #005a9c)
        const accent = el.shadowRoot!.querySelector('figure.diagram rect.accent')!;
        expect(getComputedStyle(accent).fill).to.equal('rgb(0, 90, 156)');
        const details = el.shadowRoot!.querySelector('figure.diagram details') as HTMLDetailsElement;
        expect(details.open).to.equal(false);
        ($(el, 'figure.diagram summary') as HTMLElement).click();
        expect(details.open).to.equal(true);
        await expect(el).to.be.accessible();
      } finally {
        await setViewport({width: 800, height: 600});
      }
    });

    it('a decision and its consequence', async () => {
      const el = await mount({lang});
      el.go('sharing');
      await settle(el);
      // The views and their style sheet load after the first lesson: the block is framed once they are there.
      expect(getComputedStyle($(el, 'form.decision')).borderTopStyle).to.equal('solid');
      await expect(el).to.be.accessible();
      await choose(el, 'form.decision', {choice: 'b'});
      expect($(el, 'form.decision [part="feedback"]').textContent).to.contain(
        (course().content[lang]!.lessons[1]!.blocks[1] as {options: {consequence: string}[]}).options[1]!.consequence,
      );
      await expect(el).to.be.accessible();
    });

    it('a self-check and its profile', async () => {
      const el = await mount({lang});
      el.go('review');
      await settle(el);
      await expect(el).to.be.accessible();
      ($(el, 'form.selfcheck') as HTMLFormElement).requestSubmit();
      await settle(el);
      expect($(el, 'form.selfcheck [role="alert"]').textContent).not.to.equal('');
      await expect(el).to.be.accessible();
      await choose(el, 'form.selfcheck', {plan: '0', budget: '1', owner: '2'});
      const profile = $(el, 'form.selfcheck [part="feedback"]').textContent!;
      // Planning: (0 + 0.5) / 2 = 0.25 -> the first band; Decisions: 1 -> the second.
      const check = course().content[lang]!.lessons[2]!.blocks[1] as {bands: {label: string}[]};
      expect(profile).to.contain(check.bands[0]!.label).and.to.contain(check.bands[1]!.label);
      await expect(el).to.be.accessible();
    });

    it('the assessment: intro, question, feedback, results, retry', async () => {
      const el = await mount({lang});
      el.go('assessment');
      await settle(el);
      await expect(el).to.be.accessible();
      await click(el, '.actions button');
      expect(el.shadowRoot!.querySelector('form[part="question"] fieldset legend')).to.exist;
      await expect(el).to.be.accessible();
      ($(el, 'form[part="question"]') as HTMLFormElement).requestSubmit();
      await settle(el);
      expect($(el, 'form[part="question"] [role="alert"]').textContent).not.to.equal('');
      await expect(el).to.be.accessible();
      await answer(el, ['b']);
      expect(el.shadowRoot!.querySelector('.feedback.incorrect')).to.exist;
      await expect(el).to.be.accessible();
      await click(el, '#after-answer');
      await takeAttempt(el, WRONG);
      expect(el.currentProgress.location).to.equal('results');
      expect($(el, '[part="results"]').textContent).to.match(lang === 'ar' ? /لم تنجح بعد/ : /Not yet passed/);
      await expect(el).to.be.accessible();
    });

    it('the completion screen and its certificate', async () => {
      const el = await mount({lang});
      for (const id of ['welcome', 'sharing', 'review']) el.go(id);
      el.go('assessment');
      await settle(el);
      await takeAttempt(el, RIGHT);
      await click(el, '[part="results"] .actions button');
      expect(el.currentProgress.location).to.equal('complete');
      await expect(el).to.be.accessible();
      const name = $(el, '#learner-name') as HTMLInputElement;
      name.value = lang === 'ar' ? 'ليلى حداد' : 'Amina Diallo';
      name.dispatchEvent(new Event('input'));
      await settle(el);
      expect($(el, '[part="certificate"]').textContent)
        .to.contain(name.value)
        .and.to.contain(course().content[lang]!.title);
      expect($(el, '[part="certificate"]').textContent).to.match(/100|١٠٠/);
    });

    it('the saving states: saving, pending, offline, local, error', async () => {
      let tracker!: RecordingTracker;
      const el = await mount({lang, factory: async (c) => (tracker = new RecordingTracker(c))});
      const states = [
        {state: 'saving', pending: 1},
        {state: 'pending', pending: 3},
        {state: 'offline', pending: 2},
        {state: 'local', pending: 0, code: 'no-lms'},
        {state: 'error', pending: 1, code: 'commit-refused', detail: 'LMSCommit returned false, error 301'},
        // a code this player has no message for (a newer tracker's)
        {state: 'error', pending: 1, code: 'something-new' as StatusCode},
      ] as const;
      const seen: string[] = [];
      for (const s of states) {
        tracker.setStatus({...s});
        await settle(el);
        // The messages of status codes load on demand: under load they may arrive after the first frame.
        if ('code' in s) await waitUntil(() => el.locale.messages?.lang === lang, 'the messages loaded');
        await settle(el);
        const text = $(el, '[part="status"]').textContent!.trim();
        expect(text, s.state).not.to.equal('');
        seen.push(text);
        if (s.state === 'error') expect($(el, '[part="status"] [role="alert"]').textContent).not.to.equal('');
        await expect(el).to.be.accessible();
      }
      expect(new Set(seen).size).to.equal(states.length);
      if (lang === 'en') expect(seen[1]).to.contain('3');
    });

    it('the error screen when course.json is missing', async () => {
      const el = await mount({lang, src: '/no-such-course/course.json'});
      expect($(el, '.error-screen h1').textContent).to.equal(
        lang === 'ar' ? 'تعذّر فتح الدورة' : 'The course could not be opened',
      );
      expect($(el, '.error-screen').textContent).to.contain('course-missing');
      await expect(el).to.be.accessible();
    });
  });
}

describe('error screens', () => {
  it('in Chinese: contents, a lesson, a decision, a question and its feedback', async () => {
    const zh = chineseCourse();
    const el = await mount({lang: 'zh', course: zh});
    expect($(el, '.frame').getAttribute('lang')).to.equal('zh');
    await expect(el).to.be.accessible();
    el.go('welcome');
    await settle(el);
    expect($(el, '#heading').textContent).to.equal(zh.content.zh!.lessons[0]!.title);
    await expect(el).to.be.accessible();
    el.go('sharing');
    await settle(el);
    await choose(el, 'form.decision', {choice: 'b'});
    await expect(el).to.be.accessible();
    el.go('assessment');
    await settle(el);
    await click(el, '.actions button');
    expect($(el, 'form[part="question"] fieldset legend').textContent).to.match(/\p{Script=Han}/u);
    await expect(el).to.be.accessible();
    await answer(el, ['b']);
    await expect(el).to.be.accessible();
  });

  it('says that a broken course.json is damaged, and offers no stack trace', async () => {
    const url = URL.createObjectURL(new Blob(['{"schema": 1, "id": "x"'], {type: 'application/json'}));
    const el = await mount({src: url});
    expect($(el, '.error-screen').textContent).to.contain('damaged').and.to.contain('course-invalid');
    expect($(el, '.error-screen').textContent).not.to.match(/SyntaxError|at \w+ \(/);
  });

  it('says that the learning platform could not be reached when the tracker fails', async () => {
    const events: string[] = [];
    document.addEventListener('ict-error', (e) => events.push(e.detail.code), {once: true});
    const el = await mount({
      factory: async () => {
        throw new Error('API_1484_11 not found');
      },
    });
    expect($(el, '.error-screen').textContent).to.contain('could not connect to the learning platform');
    expect(events).to.deep.equal(['tracker-failed']);
    await expect(el).to.be.accessible();
  });
});
