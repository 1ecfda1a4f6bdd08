// The first screen does not move when what comes after it arrives: the language menu and Exit (with the views) and,
// on a package page, the line about offline use under the saving status (with the service worker). A button that
// moves under the learner's finger takes a tap meant for it elsewhere. Real Chromium, the packaged players over
// HTTP (xAPI against the preview LRS, SCORM 1.2 framed by an LMS page with scorm-again, the web package); the views'
// chunk is held back until the first screen has been measured, as a slow link would.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import type {Frame, Page, Route} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import {compiled, courseFrame, packageOf, startServer, type FaultServer} from '../helpers/fault-server.js';
import {actor} from '../helpers/lrs-harness.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));
const ACTIVITY = 'https://lms.example.org/activities/basics-layout';

let s: FaultServer;
let course: CompiledCourse;

before(async () => {
  course = await compiled(BASICS);
  s = await startServer();
  s.mounts.set('xapi-package', await packageOf(course, BASICS, 'xapi'));
  s.mounts.set('scorm12', await packageOf(course, BASICS, 'scorm12'));
  s.mounts.set('web-package', await packageOf(course, BASICS, 'web'));
});
after(async () => {
  await s?.close();
});

const launches: Record<string, {open(page: Page): Promise<Frame>; offline: RegExp}> = {
  xapi: {
    async open(page) {
      const l = s.lrs.createXapiLaunch({
        actor,
        activityId: ACTIVITY,
        endpoint: `${s.origin}/xapi/`,
        auUrl: `${s.origin}/xapi-package/index.html`,
      });
      await page.goto(l.url!);
      return page.mainFrame();
    },
    offline: /offline/i,
  },
  scorm12: {
    async open(page) {
      await page.goto(`${s.origin}/host/scorm12.html?p=/scorm12/index.html`);
      return courseFrame(page, '/scorm12/index.html');
    },
    offline: /offline/i,
  },
  web: {
    async open(page) {
      await page.goto(`${s.origin}/web-package/index.html`);
      return page.mainFrame();
    },
    offline: /Make available offline/,
  },
};

for (const [format, launch] of Object.entries(launches)) {
  test(`${format}: the start button stays where it was when the language menu, Exit and the offline line arrive`, async () => {
    const context = await s.browser.newContext({viewport: {width: 1280, height: 800}});
    try {
      // the views (language menu, Exit, offline use) wait until the first screen has been measured
      const held: Route[] = [];
      let holding = true;
      await context.route(/\/views-[^/]+\.js$/, (route) => (holding ? held.push(route) : route.continue()));
      const page = await context.newPage();
      const frame = await launch.open(page);
      const start = frame.locator('ict-course .main .actions button').first();
      await start.waitFor({timeout: 15_000});
      const tools = frame.locator('ict-course [part="tools"] select');
      assert.equal(await tools.count(), 0, 'the views are held back: no language menu yet');
      const before = await start.boundingBox();
      holding = false;
      for (const route of held.splice(0)) await route.continue();
      await tools.waitFor({timeout: 15_000});
      await frame.locator('ict-course [part="status"]', {hasText: launch.offline}).waitFor({timeout: 15_000});
      const after = await start.boundingBox();
      assert.ok(before && after, 'the start button is on screen');
      assert.equal(after.y, before.y, `${format}: the start button moved by ${after.y - before.y} px`);
      assert.equal(after.x, before.x);
    } finally {
      await context.close();
    }
  });
}
