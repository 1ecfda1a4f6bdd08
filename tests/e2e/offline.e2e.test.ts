// Offline use in real Chromium with the real service worker over HTTP (packages built by the packager, served from
// 127.0.0.1): the first visit caches every file of the package and the worker controls the page; with the network
// off the course reloads from cache with the learner's progress, lessons with their images and the assessment work,
// progress keeps being saved (IndexedDB, the SCORM API while the LMS page lives, the xAPI and cmi5 outbox) and statements
// arrive exactly once when the network returns; a worker that cannot register and storage that fails leave the
// course running and the learner told; a new release takes over only between lessons (web) and never reloads an
// LMS launch; "Make available offline" and "Remove offline copy" in the web package.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, ConsoleMessage, Frame, Page} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import {compiled, packageOf, startServer, until, type OfflineServer} from '../helpers/offline-server.js';
import type {Agent} from '@xapi/xapi';
import {objectId} from '../../src/preview/lrs/xapi.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));

let s: OfflineServer;
let course: CompiledCourse;
let web: Map<string, Uint8Array>;
let scorm12: Map<string, Uint8Array>;
let xapi: Map<string, Uint8Array>;
let cmi5: Map<string, Uint8Array>;

before(async () => {
  course = await compiled(BASICS);
  [web, scorm12, xapi, cmi5] = await Promise.all(
    (['web', 'scorm12', 'xapi', 'cmi5'] as const).map((f) => packageOf(course, BASICS, f)),
  );
  s = await startServer();
});
after(async () => {
  await s?.close();
});

/**
 * Files of the package the browser loads over HTTP (the precache list): not the worker itself, nor the LMS's
 * manifest and schemas, nor what only a page opened from a file loads (the course as a script, the classic player).
 */
function browserFiles(files: Map<string, Uint8Array>): string[] {
  return [...files.keys()]
    .filter((f) => f !== 'sw.js' && !/^[^/]+\.(xml|xsd|dtd)$/.test(f) && f !== 'course.js' && f !== 'player-file.js')
    .sort();
}

/** Console errors and page errors of every page and frame of a context. */
function watchErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on(
      'console',
      (m: ConsoleMessage) => m.type() === 'error' && errors.push(`console: ${m.text()} @ ${m.location().url}`),
    );
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return errors;
}

/** The files this origin's Cache Storage holds under `base` (paths relative to it, URL parameters dropped). */
async function cachedFiles(frame: Frame | Page, base: string): Promise<string[]> {
  return frame.evaluate(async (base) => {
    const out = new Set<string>();
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const r of await cache.keys()) {
        const u = new URL(r.url);
        if (u.href.startsWith(base)) out.add(u.pathname.slice(new URL(base).pathname.length));
      }
    }
    return [...out].sort();
  }, base);
}

const heading = (f: Frame | Page) => f.locator('ict-course #heading');
const status = (f: Frame | Page) => f.locator('ict-course [part="status"]');
const offlineText = (f: Frame | Page) => f.locator('ict-course [part="status"] .offline');
/** Waits until every save the player has started is kept (by the LMS, this device or the outbox): see IctCourse.settled(). */
const settled = (f: Frame | Page) =>
  f.evaluate(() => (document.querySelector('ict-course') as HTMLElement & {settled(): Promise<unknown>}).settled());

/** Ids of the statements waiting in this device's outbox (IndexedDB), documents of the State API left out. */
async function outboxIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('ict-manager-training');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as {id: string}[]).map((r) => r.id).filter((id) => !id.startsWith('doc|')));
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

async function waitForWorker(f: Frame | Page): Promise<void> {
  await f.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {timeout: 15_000});
}

/** The frame of the package inside the SCORM host page. */
async function courseFrame(page: Page, path: string): Promise<Frame> {
  return until(
    () => page.frames().find((f) => f !== page.mainFrame() && new URL(f.url(), 'http://x').pathname === path),
    10_000,
    `the frame ${path}`,
  );
}

test('SCORM 1.2 in an LMS page: cached on the first visit; with the network off, lessons, images and the assessment work and the LMS keeps receiving commits', async () => {
  s.mounts.set('scorm12', {files: scorm12, sw: 'ok'});
  const context = await s.browser.newContext();
  const errors = watchErrors(context);
  try {
    const page = await context.newPage();
    await page.goto(`${s.origin}/host/scorm12.html?p=/scorm12/index.html`);
    const frame = await courseFrame(page, '/scorm12/index.html');
    await heading(frame).waitFor({timeout: 8000});
    await waitForWorker(frame);
    await offlineText(frame).filter({hasText: 'Available offline'}).waitFor();
    const base = `${s.origin}/scorm12/`;
    assert.deepEqual(await cachedFiles(frame, base), browserFiles(scorm12));

    const commitsOnline = await page.evaluate(() => (window as unknown as {lms: HostLms}).lms.commits.length);

    await context.setOffline(true);
    const hitsBefore = s.hits.length;
    await frame.locator('ict-course .main .actions button').first().click();
    const lessons = course.content.en!.lessons;
    let images = 0;
    for (let i = 0; i < lessons.length; i++) {
      if (i > 0) await frame.locator('ict-course .pager button.next').click();
      await heading(frame).filter({hasText: lessons[i]!.title}).waitFor();
      // every image of the lesson shows, from the cache
      for (const img of await frame.locator('ict-course .main img').all()) {
        await until(
          () => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0, undefined, {timeout: 1000}),
          5000,
          'a lesson image',
        );
        images++;
      }
    }
    assert.ok(images >= 1, 'the fixture course shows an image');
    // the assessment (its views load from the cache too)
    await frame.locator('ict-course .pager button.next').click();
    await frame.locator('ict-course .main .actions button').first().click();
    await frame.locator('ict-course form[part="question"]').waitFor();
    // another language, offline: its file (course.fr.json) comes from the cache
    await frame.locator('ict-course select').selectOption('fr');
    await frame.locator('ict-course h1', {hasText: course.content.fr!.title}).waitFor();
    await frame.locator('ict-course form[part="question"]').waitFor();
    await frame.locator('ict-course select').selectOption('en');
    await frame.locator('ict-course h1', {hasText: course.content.en!.title}).waitFor();
    assert.deepEqual(s.hits.slice(hitsBefore), [], 'nothing reached the server while offline');
    const commits = await page.evaluate(() => (window as unknown as {lms: HostLms}).lms.commits);
    assert.ok(commits.length > commitsOnline + 2, `commits while offline: ${commits.length - commitsOnline}`);
    assert.equal(commits.at(-1)!.location !== '', true);
    assert.match(await status(frame).innerText(), /offline/i);
    assert.deepEqual(errors, []);
  } finally {
    if (process.env.DEBUG_OFFLINE) {
      console.log(errors, s.hits.slice(0, 40));
      for (const p of context.pages()) await p.screenshot({path: '/tmp/offline-debug.png'});
    }
    await context.close();
  }
});

/** Measured offline reloads (ms until the saved lesson shows), printed for the report. */
const reloadTimes: number[] = [];

test('web package: "Make available offline" shows the size and the download to 100 %; reloads offline with the progress; "Remove offline copy" empties the caches', async () => {
  s.mounts.set('web', {files: web, sw: 'ok'});
  const context = await s.browser.newContext();
  const errors = watchErrors(context);
  await context.addInitScript(() => {
    const w = window as unknown as {swMessages: unknown[]};
    w.swMessages = [];
    navigator.serviceWorker?.addEventListener('message', (e) => w.swMessages.push(e.data));
  });
  try {
    const page = await context.newPage();
    await page.goto(`${s.origin}/web/index.html`);
    await heading(page).waitFor();
    const lessons = course.content.en!.lessons;
    // nothing registers before the learner asks
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    const info = JSON.parse(new TextDecoder().decode(web.get('offline.json'))) as {bytes: number; files: number};
    const make = page.locator('ict-course [part="status"] button', {hasText: 'Make available offline'});
    const shown = /Download: ([\d.,]+)\s*(B|kB|KB|MB)/.exec(await make.innerText());
    assert.ok(shown, `the size is shown: ${await make.innerText()}`);
    const scale = {B: 1, kB: 1000, KB: 1024, MB: 1e6}[shown[2] as 'B'];
    const ratio = (Number(shown[1]!.replace(',', '.')) * scale) / info.bytes;
    assert.ok(ratio > 0.95 && ratio < 1.05, `${shown[0]} for ${info.bytes} bytes`);
    await make.click();
    await offlineText(page).filter({hasText: 'Available offline'}).waitFor();
    await waitForWorker(page);
    const precached = browserFiles(web);
    // offline.json gives the size of every precached file but itself
    const others = precached.filter((f) => f !== 'offline.json');
    assert.deepEqual([info.files, info.bytes], [others.length, others.reduce((n, f) => n + web.get(f)!.byteLength, 0)]);
    assert.deepEqual(await cachedFiles(page, `${s.origin}/web/`), precached);
    const progress = (
      await page.evaluate(
        () => (window as unknown as {swMessages: {type: string; done: number; total: number}[]}).swMessages,
      )
    ).filter((m) => m.type === 'ict-precache-progress');
    assert.ok(progress.length > 1, 'progress reported while downloading');
    assert.deepEqual(
      progress.at(-1),
      {type: 'ict-precache-progress', done: precached.length, total: precached.length},
      'the download reaches 100 %',
    );
    await page.locator('ict-course [part="status"] button', {hasText: 'Remove the offline copy'}).waitFor();

    // some progress, then the network goes
    await page.locator('ict-course .main .actions button').first().click();
    await heading(page).filter({hasText: lessons[0]!.title}).waitFor();
    await page.locator('ict-course .pager button.next').click();
    await heading(page).filter({hasText: lessons[1]!.title}).waitFor();
    await settled(page);
    await context.setOffline(true);
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.reload();
      await heading(page).filter({hasText: lessons[1]!.title}).waitFor();
      reloadTimes.push(Date.now() - t0);
    }
    // still saving offline (IndexedDB): the next lesson survives another offline reload
    await page.locator('ict-course .pager button.next').click();
    await heading(page).filter({hasText: lessons[2]!.title}).waitFor();
    await settled(page);
    await page.reload();
    await heading(page).filter({hasText: lessons[2]!.title}).waitFor();
    assert.equal(
      await page.locator('ict-course nav[part="toc"] .mark', {hasText: '✓'}).count(),
      3,
      'three lessons visited',
    );
    await context.setOffline(false);

    await page.locator('ict-course [part="status"] button', {hasText: 'Remove the offline copy'}).click();
    await make.waitFor();
    assert.equal(
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length),
      0,
      'unregistered',
    );
    assert.deepEqual(await cachedFiles(page, `${s.origin}/web/`), [], 'caches emptied');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

for (const format of ['xapi', 'cmi5'] as const) {
  test(`${format}: relaunch with no network resumes from this device; statements wait in the outbox and arrive exactly once when the network returns`, async () => {
    s.mounts.set(`${format}-au`, {files: format === 'xapi' ? xapi : cmi5, sw: 'ok'});
    const actor: Agent = {
      objectType: 'Agent',
      name: 'Amina Diallo',
      account: {homePage: 'https://lms.example.org', name: 'amina'},
    };
    const auUrl = `${s.origin}/${format}-au/index.html`;
    const endpoint = `${s.origin}/xapi/`;
    const launch =
      format === 'xapi'
        ? s.lrs.createXapiLaunch({actor, activityId: 'https://lms.example.org/activities/basics', endpoint, auUrl})
        : s.lrs.createCmi5Launch({
            actor,
            activityId: 'https://lms.example.org/activities/basics-au',
            publisherId: 'urn:ict-manager-training:course:basics',
            endpoint,
            auUrl,
            moveOn: 'Completed',
            launchMode: 'Normal',
          });
    const stored = () => s.lrs.queryStatements({registration: launch.registration, ascending: true});
    const context = await s.browser.newContext();
    const errors = watchErrors(context);
    try {
      const page = await context.newPage();
      await page.goto(launch.url!);
      await heading(page).waitFor();
      await waitForWorker(page);
      await offlineText(page).filter({hasText: 'Available offline'}).waitFor();
      const lessons = course.content.en!.lessons;
      await page.locator('ict-course .main .actions button').first().click();
      await heading(page).filter({hasText: lessons[0]!.title}).waitFor();
      // the first lesson's statements have left this device for the LRS
      await settled(page);
      await until(async () => (await outboxIds(page)).length === 0, 15_000, 'the outbox empty');
      const before = stored().length;

      await context.setOffline(true);
      s.down = true;
      await page.locator('ict-course .pager button.next').click();
      await heading(page).filter({hasText: lessons[1]!.title}).waitFor();
      await settled(page); // in the outbox on this device
      // relaunch without network: from the cache, at the lesson reached, the statements still waiting
      await page.reload();
      await heading(page).filter({hasText: lessons[1]!.title}).waitFor();
      await page.locator('ict-course .pager button.next').click();
      await heading(page).filter({hasText: lessons[2]!.title}).waitFor();
      await settled(page);
      const waiting = await outboxIds(page);
      assert.ok(waiting.length >= 4, `statements waiting in the outbox: ${waiting.length}`);
      assert.equal(
        stored().length,
        before,
        `nothing reached the LRS while offline: ${stored()
          .map((x) => String(x.verb.id).split('/').at(-1) + ' ' + (x.stored as string))
          .join(', ')}; before ${before}`,
      );

      s.down = false;
      await context.setOffline(false);
      await until(async () => (await outboxIds(page)).length === 0, 20_000, 'the outbox delivered');
      await status(page).filter({hasText: 'All progress saved'}).waitFor();
      const after = stored();
      const ids = after.map((x) => x.id as string);
      assert.equal(new Set(ids).size, ids.length, 'no statement stored twice');
      if (format === 'xapi') {
        const experienced = after
          .filter((x) => String(x.verb.id).endsWith('/experienced'))
          .map((x) => String(objectId(x)).split(':').at(-1));
        assert.deepEqual(
          experienced,
          lessons.map((l) => l.id),
          'each lesson experienced exactly once, in order',
        );
      }
      for (const id of waiting) assert.equal(ids.filter((x) => x === id).length, 1, `statement ${id} exactly once`);
      assert.equal(after.length, before + waiting.length, 'what waited arrived, nothing else');
      assert.deepEqual(
        errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/.test(e)),
        [],
      );
    } finally {
      s.down = false;
      await context.close();
    }
  });
}

test('no service worker possible (sandboxed frame, sw.js 404, sw.js with a wrong MIME type): the course runs, says offline use is unavailable, no console errors', async (t) => {
  s.mounts.set('sandboxed', {files: scorm12, sw: 'ok'});
  s.mounts.set('missing', {files: scorm12, sw: '404'});
  s.mounts.set('wrongtype', {files: web, sw: 'text/plain'});
  const context = await s.browser.newContext();
  const errors = watchErrors(context);
  const offlineState = (f: Frame | Page) =>
    f
      .locator('ict-course')
      .evaluate((el) => (el as unknown as {offline: {state: string; reason?: string} | null}).offline);
  try {
    const page = await context.newPage();
    // an LMS that frames the course in a sandbox without allow-same-origin: an opaque origin
    await page.goto(`${s.origin}/host/sandbox.html?p=/sandboxed/index.html`);
    const frame = await courseFrame(page, '/sandboxed/index.html');
    await heading(frame).waitFor();
    await until(
      () => offlineState(frame).then((o) => (o?.state === 'unavailable' ? o : null)),
      5000,
      'unavailable in the sandbox',
    );
    assert.equal((await offlineState(frame))?.reason, 'sandboxed');
    const told = await offlineText(frame).innerText();
    // a polite status line, not an alert: the course works, nothing needs the learner's action
    const polite = await frame
      .locator('ict-course [part="status"] [role="status"]', {hasText: 'cannot be saved for offline use'})
      .count();
    const alerted = await frame.locator('ict-course [role="alert"]', {hasText: 'offline'}).count();
    await t.test('an LMS launch where offline use is impossible says so', () => {
      assert.match(told, /cannot be saved for offline use/);
      assert.equal(polite, 1, 'in a status region');
      assert.equal(alerted, 0, 'not an alert');
    });
    await frame.locator('ict-course .main .actions button').first().click();
    await heading(frame).filter({hasText: course.content.en!.lessons[0]!.title}).waitFor();

    // an LMS launch (it registers at once) where sw.js is missing
    await page.goto(`${s.origin}/missing/index.html`);
    await heading(page).waitFor();
    const missing = await until(
      () => offlineState(page).then((o) => (o?.state === 'unavailable' ? o : null)),
      5000,
      'unavailable with sw.js 404',
    );
    assert.equal(missing.reason, 'refused');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    await page.locator('ict-course .main .actions button').first().click();
    await heading(page).filter({hasText: course.content.en!.lessons[0]!.title}).waitFor();

    // an LMS that does not serve one file of the package (one the page does not need): the download fails, the course runs
    const unused = [...scorm12.keys()].find((f) => /^ar-views-.*\.js$/.test(f))!;
    s.mounts.set('partial', {files: scorm12, sw: 'ok', block: new Set([unused])});
    await page.goto(`${s.origin}/partial/index.html`);
    await heading(page).waitFor();
    const partial = await until(
      () => offlineState(page).then((o) => (o?.state === 'unavailable' ? o : null)),
      10_000,
      'unavailable when a file is missing',
    );
    assert.equal(partial.reason, 'refused');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    await page.locator('ict-course nav[part="toc"] a').nth(1).click();
    await heading(page).filter({hasText: course.content.en!.lessons[1]!.title}).waitFor();

    // the web package: the learner asks, the browser refuses the script; the learner is told
    await page.goto(`${s.origin}/wrongtype/index.html`);
    await heading(page).waitFor();
    await page.locator('ict-course [part="status"] button', {hasText: 'Make available offline'}).click();
    await offlineText(page).filter({hasText: 'cannot be saved for offline use'}).waitFor();
    assert.equal((await offlineState(page))?.reason, 'refused');
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    // (this origin's copy of the progress resumes at the first lesson) the course goes on
    await page.locator('ict-course nav[part="toc"] a').nth(1).click();
    await heading(page).filter({hasText: course.content.en!.lessons[1]!.title}).waitFor();
    // The one line left is Chromium's own network log of the 404 (as for any missing file): no script can silence it.
    assert.deepEqual(errors, [
      `console: Failed to load resource: the server responded with a status of 404 (Not Found) @ ${s.origin}/missing/sw.js`,
    ]);
  } finally {
    await context.close();
  }
});

test('storage errors: IndexedDB unavailable, then full: the learner is told, the course keeps running, nothing saved is lost', async () => {
  s.mounts.set('storage', {files: web, sw: 'ok'});
  const lessons = course.content.en!.lessons;
  const url = `${s.origin}/storage/index.html`;
  const context = await s.browser.newContext();
  const errors = watchErrors(context);
  // a switch the test flips: IndexedDB refused (private window, blocked site data) or the disk full
  await context.addInitScript(() => {
    const w = window as unknown as {storageFault: '' | 'blocked' | 'full'};
    try {
      w.storageFault = (sessionStorage.getItem('storageFault') as '' | 'blocked') ?? '';
    } catch {
      w.storageFault = ''; // about:blank
    }
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...a: [string, number?]) {
      if (w.storageFault === 'blocked')
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      return open.apply(this, a);
    };
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...a: [unknown, IDBValidKey?]) {
      if (w.storageFault === 'full') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, a);
    };
  });
  const next = (page: Page) => page.locator('ict-course .pager button.next').click();
  try {
    const page = await context.newPage();
    // IndexedDB refused from the start: told, and the course runs (progress in memory)
    await page.goto(url);
    await page.evaluate(() => sessionStorage.setItem('storageFault', 'blocked'));
    await page.reload();
    await status(page).filter({hasText: 'does not let the course store your progress'}).waitFor();
    await page.locator('ict-course .main .actions button').first().click();
    await heading(page).filter({hasText: lessons[0]!.title}).waitFor();
    await next(page);
    await heading(page).filter({hasText: lessons[1]!.title}).waitFor();

    // storage back: what the learner did meanwhile was kept as the page went away; the course resumes there
    await page.evaluate(() => sessionStorage.removeItem('storageFault'));
    await page.reload();
    await heading(page).filter({hasText: lessons[1]!.title}).waitFor();
    await status(page).filter({hasText: 'stored on this device'}).waitFor();
    await settled(page); // the second lesson is kept before the disk fills

    // the disk fills up: told at the next step, the course goes on
    await page.evaluate(() => ((window as unknown as {storageFault: string}).storageFault = 'full'));
    await next(page);
    await heading(page).filter({hasText: lessons[2]!.title}).waitFor();
    await status(page).filter({hasText: 'out of storage space'}).waitFor();
    await page.locator('ict-course nav[part="toc"] a').first().click();
    await heading(page).filter({hasText: lessons[0]!.title}).waitFor();
    // nothing is lost: the steps the full disk refused were kept as the page went away, and the course resumes
    // at the last of them, with every lesson visited
    await page.reload();
    await heading(page).filter({hasText: lessons[0]!.title}).waitFor();
    assert.equal(await page.locator('ict-course nav[part="toc"] a', {hasText: '✓'}).count(), 3);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

/** The same course as a new release: another version, the first lesson renamed. */
async function release2(format: 'web' | 'scorm12'): Promise<{files: Map<string, Uint8Array>; title: string}> {
  const v2 = structuredClone(course);
  v2.version = '1.1.0';
  const title = `${v2.content.en!.lessons[0]!.title} (2)`;
  v2.content.en!.lessons[0]!.title = title;
  const {assemblePackage, buildPlayer} = await import('../../src/package/index.js');
  return {files: await assemblePackage(v2, BASICS, format, await buildPlayer(format, {outDir: false})), title};
}

/** Asks the browser to look for a new service worker now (as it does at each launch). */
async function checkForUpdate(f: Frame | Page): Promise<void> {
  await f.evaluate(async () => void (await (await navigator.serviceWorker.getRegistration())?.update()));
}

test('a new release in the web package waits during the assessment and takes over at the next lesson, and the learner is told', async (t) => {
  s.mounts.set('release', {files: web, sw: 'ok'});
  const v2 = await release2('web');
  const lessons = course.content.en!.lessons;
  const context = await s.browser.newContext();
  const errors = watchErrors(context);
  try {
    const page = await context.newPage();
    await page.goto(`${s.origin}/release/index.html`);
    await page.locator('ict-course [part="status"] button', {hasText: 'Make available offline'}).click();
    await offlineText(page).filter({hasText: 'Available offline'}).waitFor();
    // into the assessment: an attempt in progress
    await page.locator('ict-course nav[part="toc"] a').last().click();
    await page.locator('ict-course .main .actions button').first().click();
    const form = page.locator('ict-course form[part="question"]');
    await form.waitFor();
    await page.evaluate(() => ((window as unknown as {sameDocument: boolean}).sameDocument = true));

    s.mounts.get('release')!.files = v2.files;
    await checkForUpdate(page);
    await offlineText(page).filter({hasText: 'A new version of this course is ready'}).waitFor();
    const same = () => page.evaluate(() => (window as unknown as {sameDocument?: boolean}).sameDocument === true);
    // answering and moving about during the attempt: no reload
    const draw = course.content.en!.assessment!.draw;
    for (let n = 0; n < draw; n++) {
      if (n === 1) {
        await page.locator('ict-course nav[part="toc"] a').first().click();
        await heading(page).filter({hasText: lessons[0]!.title}).waitFor();
        assert.ok(await same(), 'a lesson visited during the attempt does not reload the page');
        await page.locator('ict-course nav[part="toc"] a').last().click();
      }
      await form.locator('input').first().check();
      await form.locator('button[type="submit"]').click();
      await page.locator('ict-course #after-answer').click();
    }
    await page.locator('ict-course [part="results"]').waitFor();
    assert.ok(await same(), 'the attempt ended in the same page');
    // between lessons: the new release takes over, and the learner is told
    await page.locator('ict-course nav[part="toc"] a').nth(1).click();
    await until(
      () => page.locator('ict-course nav[part="toc"] a', {hasText: v2.title}).count(),
      10_000,
      'the new release',
    );
    const landed = await heading(page).innerText();
    await t.test('the learner lands on the lesson chosen', () => {
      assert.equal(landed, lessons[1]!.title);
    });
    assert.equal(await same(), false, 'the page reloaded into the new release');
    await page
      .locator('ict-course .vh[aria-live]', {hasText: 'updated to its latest version'})
      .waitFor({state: 'attached'});
    assert.equal(
      (await page.locator('ict-course nav[part="toc"] .mark', {hasText: '✓'}).count()) >= 2,
      true,
      'progress kept across the update',
    );
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a new release in a SCORM launch: the running page is not reloaded, the learner is told, the next launch uses it', async () => {
  s.mounts.set('release12', {files: scorm12, sw: 'ok'});
  const v2 = await release2('scorm12');
  const lessons = course.content.en!.lessons;
  const context = await s.browser.newContext();
  const errors = watchErrors(context);
  try {
    const page = await context.newPage();
    await page.goto(`${s.origin}/host/scorm12.html?p=/release12/index.html`);
    let frame = await courseFrame(page, '/release12/index.html');
    await offlineText(frame).filter({hasText: 'Available offline'}).waitFor();
    await frame.locator('ict-course .main .actions button').first().click();
    await heading(frame).filter({hasText: lessons[0]!.title}).waitFor();
    await frame.evaluate(() => ((window as unknown as {sameDocument: boolean}).sameDocument = true));

    s.mounts.get('release12')!.files = v2.files;
    await checkForUpdate(frame);
    await offlineText(frame).filter({hasText: 'A new version of this course is ready'}).waitFor();
    for (let i = 1; i < lessons.length; i++) {
      await frame.locator('ict-course .pager button.next').click();
      await heading(frame).filter({hasText: lessons[i]!.title}).waitFor();
    }
    assert.ok(
      await frame.evaluate(() => (window as unknown as {sameDocument?: boolean}).sameDocument === true),
      'never reloaded',
    );
    assert.equal(
      await page.evaluate(() => (window as unknown as {lms: HostLms}).lms.finished),
      0,
      'the SCORM session still open',
    );
    await frame.locator('ict-course .tools button', {hasText: 'Exit'}).click();
    await until(() => page.evaluate(() => (window as unknown as {lms: HostLms}).lms.finished === 1), 5000, 'LMSFinish');

    // the learner leaves; the waiting release takes over once no page of the old one is open (the browser decides
    // when, a moment after the page has gone: a launch in that moment still gets the old release)
    await page.goto(`${s.origin}/host/blank.html`);
    await until(
      () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration('/release12/index.html');
          return !!reg?.active && !reg.waiting && !reg.installing;
        }),
      15_000,
      'the new release active',
    );
    // the next launch (a new LMS page) gets the new release
    await page.goto(`${s.origin}/host/scorm12.html?p=/release12/index.html`);
    frame = await courseFrame(page, '/release12/index.html');
    await frame.locator('ict-course nav[part="toc"] a', {hasText: v2.title}).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

after(() => {
  if (reloadTimes.length) {
    const sorted = [...reloadTimes].sort((a, b) => a - b);
    console.log(
      `# offline reload to the saved lesson: median ${sorted[Math.floor(sorted.length / 2)]} ms of ${sorted.join(', ')} ms`,
    );
  }
});

/** What the SCORM host page (tests/helpers/scorm-host.ts) records: every LMSCommit the course made. */
interface HostLms {
  commits: {at: number; suspend: string; status: string; location: string}[];
  finished: number;
}
