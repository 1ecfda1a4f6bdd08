// Faults between the course and an xAPI LRS, in real Chromium against the preview LRS over HTTP: an LRS that answers
// slowly (the learner sees changes waiting in the player; nothing lost or sent twice), a tab killed with statements
// pending and relaunched (xAPI and cmi5: each delivered once), and two tabs of one course at once (no duplicate
// statement at the LRS, no lost update in the saved progress). The network cut, 503, 400 and 401 are covered in
// xapi.e2e.test.ts and cmi5.e2e.test.ts; this adds what those do not.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, Page} from 'playwright-core';
import {decodeState} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {OUTBOX_SLOW_MS} from '../../src/tracking/outbox/outbox.js';
import {
  compiled,
  crash,
  packageOf,
  settledStatus,
  startServer,
  statusOf,
  until,
  watchErrors,
  type FaultServer,
} from '../helpers/fault-server.js';
import {actor, startHarness, verbName, type Harness} from '../helpers/lrs-harness.js';
import {objectId} from '../../src/preview/lrs/xapi.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));
const ACTIVITY = 'https://lms.example.org/activities/basics';
const PROGRESS_STATE = 'https://w3id.org/xapi/ict-manager-training/state/progress';

let s: FaultServer;
let h: Harness;
let course: CompiledCourse;

before(async () => {
  course = await compiled(BASICS);
  [s, h] = await Promise.all([startServer(), startHarness()]);
  s.mounts.set('xapi-package', await packageOf(course, BASICS, 'xapi'));
});
after(async () => {
  await s?.close();
  await h?.close();
});

/** Close a context, never waiting more than 10 s (a page leaving for returnURL can hold it up). */
async function closeContext(context: BrowserContext): Promise<void> {
  await Promise.race([context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
}

/** A cmi5 launch of the fixture AU by the LMS (a new registration, or a relaunch in `registration`). */
function cmi5Launch(registration?: string) {
  return h.lrs.createCmi5Launch({
    actor,
    activityId: ACTIVITY,
    auUrl: h.auUrl,
    endpoint: h.endpoint,
    returnURL: h.returnUrl,
    ...(registration ? {registration} : {}),
  });
}

async function openAu(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
  return page;
}

test(
  'an LRS that answers slowly (30 s): the player says changes are waiting, the learner goes on, and every statement arrives once',
  {timeout: 60_000},
  async () => {
    const context = await s.browser.newContext();
    const errors = watchErrors(context);
    try {
      const l = s.lrs.createXapiLaunch({
        actor,
        activityId: ACTIVITY,
        endpoint: `${s.origin}/xapi/`,
        auUrl: `${s.origin}/xapi-package/index.html`,
      });
      const page = await context.newPage();
      await page.clock.install(); // the player's own timers run on the test's clock (see below)
      await page.goto(l.url!);
      const el = page.locator('ict-course');
      await page.locator('ict-course #heading').waitFor({state: 'visible', timeout: 15_000});
      await until(async () => (await settledStatus(page)).pending === 0, 10_000, 'the launch reported to the LRS');
      s.slow(30_000);
      const lessons = course.content.en!.lessons;
      await el.locator('.main .actions button').first().click();
      await page.locator('ict-course #heading', {hasText: lessons[0]!.title}).waitFor();
      for (let i = 1; i < lessons.length; i++) {
        await el.locator('.pager button.next').click();
        await page.locator('ict-course #heading', {hasText: lessons[i]!.title}).waitFor();
      }
      // the LRS holds the requests; the player's wait before it calls the changes waiting is run through at once
      await until(() => s.holding() > 0, 10_000, 'a request held by the slow LRS');
      await page.clock.fastForward(OUTBOX_SLOW_MS);
      const waiting = await until(
        async () => {
          const st = await statusOf(page);
          return /Changes waiting to be sent: \d+/.test(st.text) ? st : null;
        },
        10_000,
        'changes waiting shown while the LRS is slow',
      );
      assert.equal(waiting.alert, '', 'slow is not an error');
      assert.equal(
        s.lrs.queryStatements({registration: l.registration, verb: 'http://adlnet.gov/expapi/verbs/experienced'})
          .length,
        0,
        'held at the LRS',
      );
      s.release(); // the LRS answers at last
      await until(
        () =>
          s.lrs.queryStatements({registration: l.registration, verb: 'http://adlnet.gov/expapi/verbs/experienced'})
            .length === lessons.length,
        15_000,
        'every lesson at the LRS',
      );
      await until(async () => (await settledStatus(page)).pending === 0, 15_000, 'nothing left to send');
      await until(
        async () => (await statusOf(page)).text === 'All progress saved',
        15_000,
        'saved shown once the LRS answered',
      );
      const statements = s.lrs.queryStatements({registration: l.registration, limit: 0});
      const ids = statements.map((x) => x.id);
      assert.equal(new Set(ids).size, ids.length, 'no statement twice');
      assert.deepEqual(
        statements.filter((x) => verbName(x) === 'experienced').map((x) => objectId(x)).length,
        lessons.length,
        'every lesson once',
      );
      assert.deepEqual(
        errors.filter((e) => e.startsWith('pageerror')),
        [],
      );
    } finally {
      s.release();
      await closeContext(context);
    }
  },
);

test(
  'xAPI: the tab is killed with statements pending; the relaunch delivers each once',
  {timeout: 60_000},
  async () => {
    const context = await h.browser.newContext();
    try {
      const l = h.lrs.createXapiLaunch({actor, activityId: ACTIVITY, endpoint: h.endpoint, auUrl: h.auUrl});
      const page = await openAu(context, l.url!);
      await page.evaluate(() => window.au.start('xapi'));
      assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
      h.lrs.injectFault({status: 503, times: 10_000, resource: 'statements'});
      h.lrs.injectFault({status: 503, times: 10_000, resource: 'activities/state'});
      await page.evaluate(() => window.au.visitAll());
      await page.evaluate(() => window.au.attempt(true));
      const pending = (await page.evaluate(() => window.au.pendingIds())).filter((i) => !i.startsWith('doc|'));
      assert.ok(pending.length >= 8, `pending ${pending.length}`);
      await crash(page);
      h.lrs.clearFaults();

      const again = await openAu(context, l.url!);
      const resumed = await again.evaluate(() => window.au.start('xapi'));
      assert.equal(resumed.visited?.length, 3, 'progress from this device');
      assert.equal(await again.evaluate((ms) => window.au.idle(ms), 15_000), true, 'pending delivered');
      const all = h.lrs
        .allStatements()
        .filter((x) => x.context?.registration === l.registration)
        .map((x) => x.id);
      for (const id of pending) assert.equal(all.filter((x) => x === id).length, 1, `${id} once`);
      assert.equal(new Set(all).size, all.length);
      const state = h.lrs.getState(ACTIVITY, actor, PROGRESS_STATE, l.registration) as {state: string};
      assert.equal(decodeState(state.state, course.id).progress.visited.length, 3, 'the LRS holds the progress');
      await again.evaluate(() => window.au.end('exit'));
    } finally {
      h.lrs.clearFaults();
      await closeContext(context);
    }
  },
);

test(
  'cmi5: the tab is killed with results pending; the next session re-establishes them once, terminated last',
  {timeout: 60_000},
  async () => {
    const context = await h.browser.newContext();
    try {
      const first = cmi5Launch();
      const page = await openAu(context, first.url!);
      await page.evaluate(() => window.au.start('cmi5'));
      assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
      h.lrs.injectFault({status: 503, times: 10_000, resource: 'statements'});
      await page.evaluate(() => window.au.visitAll());
      await page.evaluate(() => window.au.attempt(true));
      assert.ok((await page.evaluate(() => window.au.pendingIds())).length >= 4);
      await crash(page);
      h.lrs.clearFaults();

      const next = cmi5Launch(first.registration);
      const p2 = await openAu(context, next.url!);
      await p2.evaluate(() => window.au.start('cmi5'));
      assert.equal(await p2.evaluate((ms) => window.au.idle(ms), 15_000), true, 'pending settled');
      // exit goes on to returnURL: the page may be gone before evaluate() answers
      void p2.evaluate(() => window.au.end('exit')).catch(() => undefined);
      await until(
        () =>
          h.lrs.queryStatements({registration: first.registration, verb: 'http://adlnet.gov/expapi/verbs/terminated'})
            .length >= 1,
        10_000,
        'terminated',
      );
      const statements = h.lrs.queryStatements({registration: first.registration, ascending: true, limit: 0});
      const ids = statements.map((x) => x.id);
      assert.equal(new Set(ids).size, ids.length, 'no statement twice');
      const verbs = statements.map(verbName);
      assert.equal(verbs.filter((v) => v === 'completed').length, 1, verbs.join(' '));
      assert.equal(verbs.filter((v) => v === 'passed').length, 1, verbs.join(' '));
      assert.equal(verbs.at(-1), 'terminated');
    } finally {
      h.lrs.clearFaults();
      await closeContext(context);
    }
  },
);

test(
  'cmi5: the LRS answers 401 (credentials expired): the learner is told, everything is kept and reaches the LRS in the next session',
  {timeout: 60_000},
  async () => {
    const context = await h.browser.newContext();
    try {
      const first = cmi5Launch();
      const page = await openAu(context, first.url!);
      await page.evaluate(() => window.au.start('cmi5'));
      assert.equal(await page.evaluate((ms) => window.au.idle(ms), 10_000), true, 'initialized sent');
      h.lrs.injectFault({status: 401, times: 10_000, resource: 'statements', body: 'credentials expired'});
      h.lrs.injectFault({status: 401, times: 10_000, resource: 'activities/state', body: 'credentials expired'});
      await page.evaluate(() => window.au.visitAll());
      await page.evaluate(() => window.au.attempt(true));
      const told = await until(
        () => page.evaluate(() => (window.au.status().code === 'credentials-expired' ? window.au.status() : null)),
        10_000,
        'credentials-expired',
      );
      assert.equal(told.state, 'error');
      const kept = await page.evaluate(() => window.au.pendingIds());
      assert.equal(kept.length, told.pending, 'everything kept');
      assert.ok(kept.length >= 4);
      await page.close();
      h.lrs.clearFaults();

      const next = cmi5Launch(first.registration);
      const p2 = await openAu(context, next.url!);
      const resumed = await p2.evaluate(() => window.au.start('cmi5'));
      assert.equal(resumed.visited?.length, 3, 'progress from this device');
      assert.equal(await p2.evaluate((ms) => window.au.idle(ms), 15_000), true, 'pending settled');
      // exit goes on to returnURL: the page may be gone before evaluate() answers
      void p2.evaluate(() => window.au.end('exit')).catch(() => undefined);
      await until(
        () =>
          h.lrs.queryStatements({registration: first.registration, verb: 'http://adlnet.gov/expapi/verbs/terminated'})
            .length >= 1,
        10_000,
        'terminated',
      );
      const verbs = h.lrs.queryStatements({registration: first.registration, ascending: true, limit: 0}).map(verbName);
      assert.equal(verbs.filter((v) => v === 'completed').length, 1, verbs.join(' '));
      assert.equal(verbs.filter((v) => v === 'passed').length, 1, verbs.join(' '));
      assert.equal(verbs.at(-1), 'terminated');
    } finally {
      h.lrs.clearFaults();
      await closeContext(context);
    }
  },
);

test(
  'xAPI in the player: credentials expired (401) are said in words, never as a generic saving error, even while the messages still load',
  {timeout: 60_000},
  async () => {
    // no service worker: the messages module must come from the network, where the test holds it (a slow link)
    const context = await s.browser.newContext({serviceWorkers: 'block'});
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await context.route(/\/en-messages-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    try {
      const l = s.lrs.createXapiLaunch({
        actor,
        activityId: ACTIVITY,
        endpoint: `${s.origin}/xapi/`,
        auUrl: `${s.origin}/xapi-package/index.html`,
      });
      const page = await context.newPage();
      await page.goto(l.url!);
      const before = s.lrs.allStatements().length;
      await page.locator('ict-course .main .actions button').first().click({timeout: 15_000});
      await until(() => s.lrs.allStatements().length > before, 10_000, 'the first statements at the LRS');
      // every text the alert region shows, in order, and the errors the player reports
      await page.evaluate(() => {
        const el = document.querySelector('ict-course')!;
        const root = el.shadowRoot!;
        const w = window as unknown as {alerts: string[]; errors: number};
        w.alerts = [];
        w.errors = 0;
        el.addEventListener('ict-error', () => w.errors++);
        new MutationObserver(() => {
          const text = root.querySelector('[part="status"] .alert')?.textContent?.trim() ?? '';
          if (text && w.alerts.at(-1) !== text) w.alerts.push(text);
        }).observe(root, {subtree: true, childList: true, characterData: true});
      });
      s.lrs.revokeCredentials(l.credentials.key);
      await page.locator('ict-course .pager button.next').click();
      await until(
        () => page.evaluate(() => (window as unknown as {errors: number}).errors > 0),
        10_000,
        'the error reported',
      );
      // the player has rendered the error status while its words are still on their way
      await page.evaluate(
        () => (document.querySelector('ict-course') as HTMLElement & {updateComplete: Promise<unknown>}).updateComplete,
      );
      release();
      const st = await until(
        async () => {
          const x = await statusOf(page);
          return /expired/.test(x.alert) ? x : null;
        },
        10_000,
        'the message of the 401',
      );
      assert.match(st.alert, /kept on this device/, `the learner reads: ${st.alert}`);
      const alerts = await page.evaluate(() => (window as unknown as {alerts: string[]}).alerts);
      assert.deepEqual(alerts, [st.alert], 'nothing else was shown before the specific message (no generic advice)');
    } finally {
      release?.();
      await closeContext(context);
    }
  },
);

/** Two tabs of the same launch on one device, each visiting a lesson the other does not know about. */
async function twoTabs(context: BrowserContext) {
  const l = h.lrs.createXapiLaunch({actor, activityId: ACTIVITY, endpoint: h.endpoint, auUrl: h.auUrl});
  const a = await openAu(context, l.url!);
  const b = await openAu(context, l.url!);
  await a.evaluate(() => window.au.start('xapi'));
  await b.evaluate(() => window.au.start('xapi'));
  await a.evaluate(() => window.au.visit('welcome'));
  await b.evaluate(() => window.au.visit('review'));
  for (const p of [a, b]) assert.equal(await p.evaluate((ms) => window.au.idle(ms), 15_000), true, 'sent');
  return l;
}

test('two tabs of one course at once: no statement twice at the LRS', {timeout: 60_000}, async () => {
  const context = await h.browser.newContext();
  try {
    const l = await twoTabs(context);
    const statements = h.lrs.queryStatements({registration: l.registration, limit: 0});
    const ids = statements.map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'no statement twice');
    assert.deepEqual(
      statements
        .filter((x) => verbName(x) === 'experienced')
        .map((x) => objectId(x)?.split(':').at(-1))
        .sort(),
      ['review', 'welcome'],
    );
  } finally {
    await closeContext(context);
  }
});

test(
  'two tabs of one course at once: the progress saved at the LRS and resumed on this device holds both tabs\u2019 steps (no lost update)',
  {timeout: 60_000},
  async () => {
    const context = await h.browser.newContext();
    const other = await h.browser.newContext();
    try {
      const l = await twoTabs(context);
      const d = await openAu(context, l.url!);
      const here = await d.evaluate(() => window.au.start('xapi'));
      assert.deepEqual(
        [...(here.visited ?? [])].sort(),
        ['review', 'welcome'],
        'this device holds both tabs\u2019 progress',
      );
      // a launch on another device reads only the LRS's copy
      const c = await openAu(other, l.url!);
      const resumed = await c.evaluate(() => window.au.start('xapi'));
      assert.deepEqual(
        [...(resumed.visited ?? [])].sort(),
        ['review', 'welcome'],
        'the LRS holds both tabs\u2019 progress',
      );
    } finally {
      await other.close();
      await closeContext(context);
    }
  },
);

/**
 * Init scripts that break this device's storage before the page runs: IndexedDB refused, or full. Strings, not
 * functions: the test runner's transform would name a function's inner functions with a helper the page lacks.
 */
const BREAK_STORAGE = {
  unavailable: `indexedDB.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };`,
  full: `{ const full = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    IDBObjectStore.prototype.put = full; IDBObjectStore.prototype.add = full; }`,
};

/** Launch the xAPI package in the player with broken storage; visit every lesson. Returns the launch and page. */
async function playWithBrokenStorage(context: BrowserContext, how: keyof typeof BREAK_STORAGE) {
  await context.addInitScript({content: BREAK_STORAGE[how]});
  await context.addInitScript(() => {
    (window as unknown as {ictCodes: string[]}).ictCodes = [];
    document.addEventListener('ict-saved', (e) => {
      const code = (e as unknown as {detail: {status: {code?: string}}}).detail.status.code;
      if (code) (window as unknown as {ictCodes: string[]}).ictCodes.push(code);
    });
  });
  const l = s.lrs.createXapiLaunch({
    actor,
    activityId: ACTIVITY,
    endpoint: `${s.origin}/xapi/`,
    auUrl: `${s.origin}/xapi-package/index.html`,
  });
  const page = await context.newPage();
  await page.goto(l.url!);
  const lessons = course.content.en!.lessons;
  // The start view may render again once the tracker has begun: press start until the first lesson shows.
  const first = page.locator('ict-course #heading', {hasText: lessons[0]!.title});
  for (let tries = 0; tries < 3 && !(await first.isVisible()); tries++) {
    await page
      .locator('ict-course .main .actions button')
      .first()
      .click({timeout: 15_000})
      .catch(() => undefined);
    await first.waitFor({timeout: 10_000}).catch(() => undefined);
  }
  for (let i = 0; i < lessons.length; i++) {
    if (i) await page.locator('ict-course .pager button.next').click();
    await page.locator('ict-course #heading', {hasText: lessons[i]!.title}).waitFor();
  }
  return {l, page};
}

for (const how of ['unavailable', 'full'] as const) {
  test(
    `IndexedDB ${how === 'full' ? 'full (quota exceeded)' : 'unavailable'}: the course runs, the LRS receives every statement once, the learner is told`,
    {timeout: 60_000},
    async () => {
      const context = await s.browser.newContext();
      const errors = watchErrors(context);
      try {
        const {l, page} = await playWithBrokenStorage(context, how);
        await until(
          () =>
            s.lrs.queryStatements({registration: l.registration, verb: 'http://adlnet.gov/expapi/verbs/experienced'})
              .length === 3,
          15_000,
          'every lesson at the LRS',
        );
        await until(
          () => {
            const doc = s.lrs.getState(ACTIVITY, actor, PROGRESS_STATE, l.registration) as {state: string} | undefined;
            return doc && decodeState(doc.state, course.id).progress.visited.length === 3;
          },
          15_000,
          'the progress at the LRS',
        );
        // every save the player started is done and nothing waits in its (in-memory) outbox: nothing more will arrive
        await until(
          async () =>
            (
              await page.evaluate(() =>
                (
                  document.querySelector('ict-course') as HTMLElement & {settled(): Promise<{pending: number}>}
                ).settled(),
              )
            ).pending === 0,
          15_000,
          'nothing left to send',
        );
        const statements = s.lrs.queryStatements({registration: l.registration, limit: 0});
        const ids = statements.map((x) => x.id);
        assert.equal(new Set(ids).size, ids.length, 'no statement twice');
        assert.equal(statements.filter((x) => verbName(x) === 'experienced').length, course.content.en!.lessons.length);
        const codes = await page.evaluate(() => (window as unknown as {ictCodes: string[]}).ictCodes);
        assert.ok(
          codes.includes('storage-unavailable') || codes.includes('quota-exceeded'),
          `codes the host page heard: ${codes.join(',')}`,
        );
        const shown = await statusOf(page);
        assert.match(`${shown.text} ${shown.alert}`, /store your progress|out of storage/, 'the learner is told');
        assert.deepEqual(
          errors.filter((e) => e.startsWith('pageerror')),
          [],
        );
      } finally {
        await closeContext(context);
      }
    },
  );
}

test(
  'IndexedDB unavailable and the network down: the player does not claim that changes are kept on this device',
  {timeout: 60_000},
  async () => {
    const context = await s.browser.newContext();
    try {
      const {page} = await playWithBrokenStorage(context, 'unavailable');
      await context.setOffline(true);
      await page.locator('ict-course .pager button.previous, ict-course .pager button:not(.next)').first().click();
      await page.locator('ict-course .main .actions button, ict-course .pager button.next').first().waitFor();
      const st = await until(
        async () => {
          const x = await statusOf(page);
          return /Offline|waiting/i.test(x.text) ? x : null;
        },
        5_000,
        'offline shown',
      );
      assert.doesNotMatch(st.text, /kept on this device/, `the learner reads: ${st.text} ${st.alert}`);
      assert.match(
        `${st.text} ${st.alert}`,
        /does not (allow|let) the course (to )?store|not saved|not kept/i,
        `the learner reads: ${st.text} ${st.alert}`,
      );
    } finally {
      await closeContext(context);
    }
  },
);
