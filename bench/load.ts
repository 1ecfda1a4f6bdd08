/**
 * Launch timings in Chromium: the first lesson visible, cold, on a slow-3G profile applied through the DevTools
 * protocol (`Network.emulateNetworkConditions`), and warm with the network off after one visit (the service worker).
 * An LMS launch runs in the host page (the package in an iframe; SCORM with scorm-again, xAPI and cmi5 with their
 * launch parameters and the LRS); the web package is opened directly.
 * Times are taken inside the course's document (performance.now() from its navigation start), so the LMS page and
 * the test driver do not count.
 */
import type {Browser, BrowserContext, CDPSession, Frame, Page} from 'playwright-core';
import {UN_LANGUAGES, type CompiledCourse} from '../src/course/types.js';
import type {Format} from '../src/package/index.js';
import type {Host} from './host.js';
import {probeScript, type ProbeState} from './probe.js';

/** 400 kbit/s down (and up), 400 ms round trip. */
export const SLOW_3G = {
  offline: false,
  latency: 400,
  downloadThroughput: (400 * 1000) / 8,
  uploadThroughput: (400 * 1000) / 8,
};
const NO_LIMIT = {offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1};
const OFFLINE = {offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1};

export interface LoadRun {
  /** ms from the launch of the course's document to its first view (the start page) */
  firstView: number | null;
  /** ms from the launch to a lesson visible (the start button pressed as soon as it is there) */
  firstLesson: number | null;
  /** what the document loaded before the lesson was visible */
  before: {js: Resource[]; other: Resource[]};
  error?: string;
}

export interface Resource {
  name: string;
  /** bytes on the wire (compressed as served), and decoded */
  encoded: number;
  decoded: number;
  /** served by the service worker */
  fromWorker: boolean;
}

export interface LoadFigures {
  format: Format;
  stem: string;
  cold: LoadRun[];
  warm: LoadRun[];
  coldMedian: number | null;
  warmMedian: number | null;
  /** every warm launch reached a lesson with the network off */
  warmUsable: boolean;
  /** how long the service worker took to be ready after the first visit (unthrottled) */
  workerReadyMs: number | null;
}

export function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => typeof x === 'number').sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The label of the web package's "Make available offline" button in every UI language (src/i18n/<lang>-messages.ts). */
async function offlineButtonLabel(): Promise<RegExp> {
  const labels = new Set(['Make available offline']);
  for (const lang of UN_LANGUAGES) {
    try {
      const mod = (await import(`../src/i18n/${lang}-messages.js`)) as {offline?: {offlineMake?: string}};
      if (mod.offline?.offlineMake) labels.add(mod.offline.offlineMake);
    } catch {
      // this language's module has another name: English stays
    }
  }
  return new RegExp([...labels].map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

async function courseFrame(page: Page, format: Format): Promise<Frame> {
  if (format === 'web') return page.mainFrame();
  const el = await page.waitForSelector('#course-frame', {state: 'attached', timeout: 10_000});
  const f = await el.contentFrame();
  if (!f) throw new Error('the course frame has no document');
  return f;
}

/** Polls the probe's state in `frame` until a lesson is visible (or `timeoutMs`). */
async function waitForLesson(frame: Frame, timeoutMs: number): Promise<LoadRun> {
  const end = Date.now() + timeoutMs;
  let state: ProbeState | null = null;
  while (Date.now() < end) {
    try {
      state = (await frame.evaluate(
        'window.__bench && location.pathname.includes("/pkg/") ? window.__bench : null',
      )) as ProbeState | null;
    } catch {
      state = null; // navigating
    }
    if (state?.firstLesson != null) break;
    await sleep(50);
  }
  if (state?.firstLesson == null)
    return {
      firstView: state?.firstView ?? null,
      firstLesson: null,
      before: {js: [], other: []},
      error: `no lesson visible within ${timeoutMs / 1000} s`,
    };
  const lesson = state.firstLesson;
  const entries = (await frame.evaluate(
    `performance.getEntriesByType('resource').map((e) => ({name: e.name, start: e.startTime, encoded: e.encodedBodySize, decoded: e.decodedBodySize, worker: e.workerStart > 0 || e.deliveryType === 'cache' }))`,
  )) as {name: string; start: number; encoded: number; decoded: number; worker: boolean}[];
  const pageEntry = (await frame.evaluate(
    `(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? {name: n.name, encoded: n.encodedBodySize, decoded: n.decodedBodySize, worker: n.workerStart > 0} : null })()`,
  )) as {name: string; encoded: number; decoded: number; worker: boolean} | null;
  const before = entries.filter((e) => e.start <= lesson);
  const res = (e: {name: string; encoded: number; decoded: number; worker: boolean}): Resource => ({
    name: new URL(e.name).pathname.split('/').pop() ?? e.name,
    encoded: e.encoded,
    decoded: e.decoded,
    fromWorker: e.worker,
  });
  return {
    firstView: state.firstView,
    firstLesson: lesson,
    before: {
      js: before.filter((e) => /\.m?js(\?|$)/.test(e.name)).map(res),
      other: [...(pageEntry ? [pageEntry] : []), ...before.filter((e) => !/\.m?js(\?|$)/.test(e.name))].map(res),
    },
  };
}

async function launch(page: Page, host: Host, format: Format, stem: string, course: CompiledCourse): Promise<Frame> {
  if (format !== 'web') {
    await page.evaluate(`window.__launch(${JSON.stringify(host.launchUrl(format, stem, course))})`);
    return courseFrame(page, format);
  }
  await page.goto(host.launchUrl(format, stem, course), {waitUntil: 'commit', timeout: 30_000});
  return page.mainFrame();
}

async function newContext(
  browser: Browser,
  titles: string[],
): Promise<{context: BrowserContext; page: Page; cdp: CDPSession}> {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}});
  await context.addInitScript({content: probeScript({titles, autoStart: true, report: false})});
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return {context, page, cdp};
}

async function openHost(page: Page, host: Host, format: Format, stem: string): Promise<void> {
  if (format === 'web') return;
  await page.goto(host.hostPage(format, stem));
  await page.waitForFunction('window.__hostReady === true', undefined, {timeout: 15_000});
}

/**
 * `coldRuns` cold launches (each in a new browser context: empty cache, no service worker) on slow 3G; after the
 * first, the service worker is given time to cache the package (the web package: the learner presses "Make
 * available offline"), the network is cut and the course is launched `warmRuns` times.
 */
export async function measureLoad(
  browser: Browser,
  host: Host,
  format: Format,
  stem: string,
  course: CompiledCourse,
  opts: {coldRuns: number; warmRuns: number; timeoutMs?: number},
): Promise<LoadFigures> {
  const timeout = opts.timeoutMs ?? 30_000;
  const titles = course.content[course.languages[0]!]!.lessons.map((l) => l.title);
  const cold: LoadRun[] = [];
  const warm: LoadRun[] = [];
  let workerReadyMs: number | null = null;
  for (let i = 0; i < opts.coldRuns; i++) {
    const {context, page, cdp} = await newContext(browser, titles);
    try {
      await openHost(page, host, format, stem);
      await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
      const frame = await launch(page, host, format, stem, course);
      const run = await waitForLesson(frame, timeout);
      cold.push(run);
      if (i === 0 && opts.warmRuns > 0 && run.firstLesson !== null) {
        // one visit done: let the service worker cache the package at full speed, then cut the network
        await cdp.send('Network.emulateNetworkConditions', NO_LIMIT);
        const t0 = Date.now();
        if (format === 'web') {
          await frame.locator('ict-course button', {hasText: await offlineButtonLabel()}).click({timeout: 15_000});
        }
        const ready = await frame
          .evaluate(
            `Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), 30000))])`,
          )
          .catch(() => false);
        workerReadyMs = ready ? Date.now() - t0 : null;
        await context.setOffline(true);
        await cdp.send('Network.emulateNetworkConditions', OFFLINE);
        for (let j = 0; j < opts.warmRuns; j++) {
          try {
            warm.push(await waitForLesson(await launch(page, host, format, stem, course), timeout));
          } catch (e) {
            warm.push({
              firstView: null,
              firstLesson: null,
              before: {js: [], other: []},
              error: e instanceof Error ? e.message.split('\n')[0] : String(e),
            });
          }
        }
      }
    } catch (e) {
      cold.push({
        firstView: null,
        firstLesson: null,
        before: {js: [], other: []},
        error: e instanceof Error ? e.message.split('\n')[0] : String(e),
      });
    } finally {
      await context.close();
    }
  }
  return {
    format,
    stem,
    cold,
    warm,
    coldMedian: median(cold.map((r) => r.firstLesson)),
    warmMedian: median(warm.map((r) => r.firstLesson)),
    warmUsable: warm.length > 0 && warm.every((r) => r.firstLesson !== null),
    workerReadyMs,
  };
}
