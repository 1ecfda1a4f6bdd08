/**
 * boot(): the package page's start. It finds (or adds) the course element, hands it the format's tracker factory
 * and lets it set the page's language, direction and title, including on the error screen.
 */
import {expect, waitUntil} from '@open-wc/testing';
import {boot} from '../../src/components/boot.js';
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
    await waitUntil(() => el.shadowRoot!.querySelector('.offline')?.textContent?.includes('cannot be saved for offline use'), 'no message', {timeout: 10000});
    expect(localStorage.getItem('ict-offline-enabled')).to.equal('1');
    await expect(el).to.be.accessible();
  });
});
