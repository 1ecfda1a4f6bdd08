/**
 * Layout: right-to-left mirroring for Arabic, Chinese set in a CJK font with strict line breaking, 320 px without
 * horizontal scrolling (= 1280 px at 400 % zoom) in English, Arabic and Chinese, logical properties only, a host
 * theme through tokens and ::part, and the embedding example page with its events.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {emulateMedia, setViewport} from '@web/test-runner-commands';
import {IctCourse} from '../../src/components/ict-course/ict-course.js';
import {viewStyles} from '../../src/components/ict-course/views.styles.js';
import {$, RIGHT, chineseCourse, click, mount, settle, takeAttempt} from './helpers.js';

const VIEWS = [
  'start',
  'welcome',
  'sharing',
  'review',
  'assessment',
  'question',
  'feedback',
  'results',
  'complete',
] as const;

/** Bring a mounted course to one of its views. */
async function show(el: IctCourse, view: (typeof VIEWS)[number]): Promise<void> {
  if (view === 'start') return;
  if (['welcome', 'sharing', 'review', 'assessment'].includes(view)) return void (el.go(view), await settle(el));
  el.go('assessment');
  await settle(el);
  await click(el, '.actions button');
  if (view === 'question') return;
  ($(el, 'form[part="question"] input') as HTMLInputElement).checked = true;
  ($(el, 'form[part="question"]') as HTMLFormElement).requestSubmit();
  await settle(el);
  if (view === 'feedback') return;
  await click(el, '#after-answer');
  await takeAttempt(el, RIGHT);
  if (view === 'results') return;
  for (const id of ['welcome', 'sharing', 'review']) el.go(id);
  el.go('complete');
  await settle(el);
}

describe('layout', () => {
  afterEach(async () => {
    await setViewport({width: 1280, height: 800});
  });

  it('mirrors for Arabic: contents on the right, Next on the left of Previous', async () => {
    await setViewport({width: 1280, height: 800});
    const el = await mount({lang: 'ar'});
    el.go('sharing');
    await settle(el);
    expect(getComputedStyle($(el, '.frame')).direction).to.equal('rtl');
    const nav = $(el, 'nav').getBoundingClientRect();
    const main = $(el, '[part="lesson"]').getBoundingClientRect();
    expect(nav.left, 'the contents are at the start (right) side').to.be.greaterThan(main.left);
    const prev = $(el, '.pager .prev').getBoundingClientRect();
    const next = $(el, '.pager .next').getBoundingClientRect();
    expect(next.right, 'Next is on the left').to.be.at.most(prev.left);

    const en = await mount({lang: 'en'});
    en.go('sharing');
    await settle(en);
    const enPrev = $(en, '.pager .prev').getBoundingClientRect();
    const enNext = $(en, '.pager .next').getBoundingClientRect();
    expect(enNext.left, 'Next is on the right in English').to.be.at.least(enPrev.right);
  });

  it('respects prefers-reduced-motion and forced colours', async () => {
    const el = await mount();
    el.go('welcome');
    await settle(el);
    const button = $(el, '.pager .next');
    expect(getComputedStyle(button).transitionDuration).to.match(/^0\.15s/);
    await emulateMedia({reducedMotion: 'reduce'});
    try {
      expect(getComputedStyle(button).transitionDuration).to.match(/^0s(, 0s)*$/);
    } finally {
      await emulateMedia({reducedMotion: 'no-preference'});
    }
    await emulateMedia({forcedColors: 'active'});
    try {
      const next = getComputedStyle($(el, '.pager .next'));
      expect(next.borderTopStyle).to.equal('solid');
      expect(next.borderTopWidth).to.equal('2px');
      await expect(el).to.be.accessible();
    } finally {
      await emulateMedia({forcedColors: 'none'});
    }
  });

  it('uses logical properties only (no left/right in the styles)', () => {
    const css = [IctCourse.styles, viewStyles]
      .flat()
      .map((s) => (s as {cssText: string}).cssText)
      .join('\n');
    expect(css.length).to.be.greaterThan(1000);
    expect(css).not.to.match(
      /(^|[\s;{-])(left|right)\s*:|margin-(left|right)|padding-(left|right)|border-(left|right)|text-align:\s*(left|right)|float:\s*(left|right)/m,
    );
  });

  it('sets Chinese in a CJK font first, breaks its lines strictly and emphasizes without a slant', async () => {
    const el = await mount({lang: 'zh', course: chineseCourse()});
    el.go('welcome');
    await settle(el);
    const em = $(el, '[part="lesson"] em');
    const p = em.closest('p')!;
    const font = getComputedStyle(p).fontFamily;
    const families = font.split(',').map((f) => f.trim().replace(/['"]/g, ''));
    const firstCjk = families.findIndex((f) => /PingFang SC|Microsoft YaHei|Noto Sans SC|Noto Sans CJK SC/.test(f));
    const firstLatin = families.findIndex((f) => /Segoe UI|^Noto Sans$|Roboto|Helvetica|Arial/.test(f));
    expect(firstCjk, font).to.be.at.least(0);
    if (firstLatin >= 0) expect(firstCjk, font).to.be.below(firstLatin);
    expect(getComputedStyle($(el, 'h1')).fontFamily).to.equal(font);
    expect(getComputedStyle(p).lineBreak).to.equal('strict');
    expect(getComputedStyle(em).fontStyle).to.equal('normal');
    expect(getComputedStyle(p).letterSpacing).to.equal('normal');
    // the English of the same course keeps the Latin stack
    const en = await mount({lang: 'en', course: chineseCourse()});
    expect(getComputedStyle($(en, 'h1')).fontFamily).not.to.equal(font);
  });

  for (const lang of ['en', 'ar', 'zh']) {
    it(`fits 320 px without horizontal scrolling in every view (${lang})`, async () => {
      await setViewport({width: 320, height: 640});
      for (const view of VIEWS) {
        const el = await mount({lang, course: lang === 'zh' ? chineseCourse() : undefined});
        await show(el, view);
        const doc = document.documentElement;
        expect(doc.scrollWidth, `${view}: page width`).to.be.at.most(doc.clientWidth);
        const frame = $(el, '.frame');
        expect(frame.scrollWidth, `${view}: course width`).to.be.at.most(frame.clientWidth + 1);
        el.remove();
      }
    });
  }

  it('applies the example themes: tokens and ::part from a host stylesheet', async () => {
    const css = await Promise.all(
      ['training-centre', 'dark'].map(async (n) => (await fetch(`/examples/themes/${n}.css`)).text()),
    );
    const style = document.createElement('style');
    style.textContent = css.join('\n');
    document.head.append(style);
    try {
      const el = await mount();
      const plain = getComputedStyle($(el, '.header')).backgroundColor;
      el.setAttribute('theme', 'training-centre');
      await settle(el);
      const header = getComputedStyle($(el, '.header'));
      expect(plain).to.equal('rgb(0, 54, 94)');
      expect(header.backgroundColor).to.equal('rgb(11, 61, 46)');
      expect(header.borderBottomWidth).to.equal('6px');
      expect(getComputedStyle($(el, '.main')).fontFamily).to.contain('Georgia');
      expect(getComputedStyle($(el, 'h1')).fontFamily).to.contain('Trebuchet MS');
      await expect(el).to.be.accessible();
      el.setAttribute('theme', 'dark');
      await settle(el);
      expect(getComputedStyle($(el, '.frame')).color).to.equal('rgb(232, 234, 237)');
      await expect(el).to.be.accessible();
    } finally {
      style.remove();
    }
  });

  it('runs in the embedding example page, which receives the events', async () => {
    const page = await (await fetch('/examples/embed.html')).text();
    const frame = document.createElement('iframe');
    frame.style.inlineSize = '1000px';
    frame.style.blockSize = '700px';
    frame.srcdoc = page
      .replace('<head>', '<head><base href="/examples/">')
      .replace('src="./ict-course.js"', 'src="/src/components/ict-course/ict-course.ts"');
    document.body.append(frame);
    try {
      await waitUntil(
        () => frame.contentDocument?.querySelector('ict-course')?.shadowRoot?.querySelector('h1'),
        'the course did not render',
        {timeout: 15000},
      );
      const doc = frame.contentDocument!;
      const el = doc.querySelector('ict-course') as IctCourse;
      expect(el.embedded, "inside the portal's <main> it uses a region, not a second main").to.equal(true);
      expect(el.shadowRoot!.querySelector('[role="main"]')).to.equal(null);
      el.go('welcome');
      await el.updateComplete;
      await waitUntil(
        () => doc.getElementById('event-log')!.textContent!.includes('ict-progress: at welcome'),
        'no ict-progress in the log',
      );
      await waitUntil(
        () => doc.getElementById('event-log')!.textContent!.includes('ict-saved: local'),
        'no ict-saved in the log',
      );
      // the lesson's image and the portal's theme (its style sheet) arrive on their own time
      await waitUntil(() => el.shadowRoot!.querySelector('img'), 'the lesson image');
      expect(el.shadowRoot!.querySelector('img')!.src).to.match(/\/examples\/course\/assets\/offices\.svg$/);
      const header = () => getComputedStyle(el.shadowRoot!.querySelector('.header')!).backgroundColor;
      await waitUntil(() => header() === 'rgb(11, 61, 46)', 'the portal theme on the header').catch(() =>
        expect(header()).to.equal('rgb(11, 61, 46)'),
      );
    } finally {
      frame.remove();
    }
  });
});
