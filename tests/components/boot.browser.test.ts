/**
 * boot(): the package page's start. It finds (or adds) the course element, hands it the format's tracker factory
 * and lets it set the page's language, direction and title, including on the error screen.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {boot} from '../../src/components/boot.js';
import type {IctCourse} from '../../src/components/ict-course/ict-course.js';
import {offline as arOffline} from '../../src/i18n/ar-messages.js';
import {offline} from '../../src/i18n/en-messages.js';
import type {OfflineState} from '../../src/offline/register.js';
import {RecordingTracker, course} from './helpers.js';

describe('boot()', () => {
  const saved = {lang: '', dir: '', title: ''};
  beforeEach(() => {
    saved.lang = document.documentElement.lang;
    saved.dir = document.documentElement.dir;
    saved.title = document.title;
  });
  afterEach(() => {
    document.querySelectorAll('ict-course').forEach((e) => e.remove());
    document.documentElement.lang = saved.lang;
    document.documentElement.dir = saved.dir;
    document.title = saved.title;
    document.body.style.margin = '';
  });

  it('upgrades the page’s <ict-course>, gives it the tracker and sets the page language and title', async () => {
    const el = document.createElement('ict-course');
    el.setAttribute('lang', 'ar');
    el.course = course();
    document.body.append(el);
    let made: RecordingTracker | undefined;
    const returned = boot(async (c) => (made = new RecordingTracker(c)));
    expect(returned).to.equal(el);
    await waitUntil(() => el.shadowRoot?.querySelector('h1'), 'the course did not render');
    expect(made, 'the factory given to boot() made the tracker').to.exist;
    expect(made!.calls[0]).to.equal('begin');
    expect(document.documentElement.lang).to.equal('ar');
    expect(document.documentElement.dir).to.equal('rtl');
    expect(document.title).to.equal(course().content.ar!.title);
    expect(document.body.style.margin).to.equal('0px');
  });

  it('adds an <ict-course src="course.json"> where the page has none, and shows a clear error when it is missing', async () => {
    const el = boot(async (c) => new RecordingTracker(c));
    expect(el.getAttribute('src')).to.equal('course.json');
    await waitUntil(() => el.shadowRoot?.querySelector('.error-screen'), 'no error screen');
    const screen = el.shadowRoot!.querySelector('.error-screen')!;
    expect(screen.querySelector('h1')!.textContent).to.equal('The course could not be opened');
    expect(screen.textContent).to.contain('Ask your learning administrator');
    expect(document.title).to.equal('The course could not be opened');
    await expect(el).to.be.accessible();
  });
});

describe('offline use on the package page', () => {
  afterEach(() => {
    document.querySelectorAll('ict-course').forEach((e) => e.remove());
    localStorage.removeItem('ict-offline-enabled');
    document.body.style.margin = '';
  });

  it('offers the web package for offline use and says so when this page cannot keep it', async () => {
    const el = document.createElement('ict-course');
    el.setAttribute('lang', 'en');
    el.setAttribute('tracking', 'local');
    el.course = course();
    document.body.append(el);
    boot(async (c) => new RecordingTracker(c));
    await waitUntil(() => el.shadowRoot?.querySelector('.status button'), 'no offline button');
    const offer = el.shadowRoot!.querySelector<HTMLButtonElement>('.status button')!;
    expect(offer.textContent).to.contain('Make available offline');
    await expect(el).to.be.accessible();
    offer.click();
    // The test server has no sw.js beside this page: registration fails, and the learner is told so.
    await waitUntil(
      () => el.shadowRoot!.querySelector('.offline')?.textContent?.includes('cannot be saved for offline use'),
      'no message',
      {timeout: 10000},
    );
    expect(localStorage.getItem('ict-offline-enabled')).to.equal('1');
    await expect(el).to.be.accessible();
    // a new release waiting in the web package: it opens between lessons
    setOffline(el, {state: 'update-ready'});
    await el.updateComplete;
    expect(offlineLine(el)).to.equal(offline.offlineUpdate);
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`${lang}: an LMS launch says at once, politely, that this page cannot keep an offline copy; a new release opens at the next launch`, async () => {
      const strings = lang === 'en' ? offline : arOffline;
      const el = document.createElement('ict-course');
      el.setAttribute('lang', lang);
      el.course = course();
      document.body.append(el);
      // an LMS format: offline support registers at once; this test server has no sw.js
      boot(async (c) => Object.assign(new RecordingTracker(c), {format: 'scorm12' as const}));
      await waitUntil(() => offlineLine(el) === strings.offlineUnavailable, 'no unavailable line', {timeout: 10000});
      expect(el.shadowRoot!.querySelector('.status [role="status"]')!.textContent).to.contain(
        strings.offlineUnavailable,
      );
      expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('');
      expect(el.shadowRoot!.querySelector('.status button'), 'nothing to ask for').to.equal(null);
      await expect(el).to.be.accessible();
      // a new release waiting: an LMS launch never reloads, so no promise of "your next step"
      setOffline(el, {state: 'update-ready'});
      await el.updateComplete;
      expect(offlineLine(el)).to.equal(strings.offlineUpdateNextLaunch);
      expect(offlineLine(el)).not.to.equal(strings.offlineUpdate);
      await expect(el).to.be.accessible();
    });
  }
});

describe('a launch that opened a new release', () => {
  afterEach(() => {
    document.querySelectorAll('ict-course').forEach((e) => e.remove());
    sessionStorage.removeItem('ict-updated');
    document.body.style.margin = '';
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`${lang}: says so in the status area, visibly and once to screen readers, for this launch only`, async () => {
      const strings = lang === 'en' ? offline : arOffline;
      const launch = () => {
        const el = document.createElement('ict-course');
        el.setAttribute('lang', lang);
        el.setAttribute('tracking', 'local');
        el.course = course();
        document.body.append(el);
        boot(async (c) => new RecordingTracker(c));
        return el;
      };
      // what the offline support leaves when a new release takes over and the page reloads
      sessionStorage.setItem('ict-updated', '1');
      const el = launch();
      await waitUntil(() => el.shadowRoot?.querySelector('.status button'), 'no offline line');
      const line = el.shadowRoot!.querySelector('.status .offline')!;
      expect(line.textContent).to.contain(strings.offlineUpdated);
      expect(line.checkVisibility(), 'visible').to.equal(true);
      await waitUntil(
        () => el.shadowRoot!.querySelector('.vh[aria-live]')!.textContent === strings.offlineUpdated,
        'not announced',
      );
      // heard through the announcement only: the live status of the offline copy does not repeat it
      for (const live of el.shadowRoot!.querySelectorAll('[role="status"], [role="alert"]'))
        expect(live.textContent).not.to.contain(strings.offlineUpdated);
      expect(sessionStorage.getItem('ict-updated')).to.equal(null);
      await expect(el).to.be.accessible();

      // the next launch (no new release): nothing said
      el.remove();
      const next = launch();
      await waitUntil(() => next.shadowRoot?.querySelector('.status button'), 'no offline line');
      expect(next.shadowRoot!.querySelector('.status .offline')!.textContent).not.to.contain(strings.offlineUpdated);
    });
  }
});

/** The text of the offline line in the status area. */
function offlineLine(el: IctCourse): string {
  return el.shadowRoot?.querySelector('.status .offline')?.textContent?.trim() ?? '';
}

/** Sets the offline state the element shows (as its offline support does when the service worker reports). */
function setOffline(el: IctCourse, state: OfflineState): void {
  (el as unknown as {offline: OfflineState}).offline = state;
}
