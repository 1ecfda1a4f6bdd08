// Measures offline use of the real courses in Chromium: for the web and SCORM 1.2 package of every course under
// courses/, the files and bytes the service worker puts in Cache Storage on the first visit, and (web) the time an
// offline reload takes to show the first lesson again (median of 5).
// Run: node --import tsx tests/e2e/offline-measure.ts [coursesDir]
import {readdirSync, existsSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Page} from 'playwright-core';
import {compiled, packageOf, startServer} from '../helpers/offline-server.js';

const dir = process.argv[2] ?? fileURLToPath(new URL('../../courses', import.meta.url));
const courses = readdirSync(dir)
  .filter((d) => existsSync(join(dir, d, 'course.yaml')))
  .sort();
const s = await startServer();

async function cacheSize(page: Page): Promise<{files: number; bytes: number}> {
  return page.evaluate(async () => {
    let files = 0;
    let bytes = 0;
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const req of await cache.keys()) {
        const r = await cache.match(req);
        files++;
        bytes += r ? (await r.arrayBuffer()).byteLength : 0;
      }
    }
    return {files, bytes};
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const rows: string[] = [
  '| course | web files | web bytes cached | scorm12 files | scorm12 bytes cached | offline reload to first lesson (web, median of 5) |',
  '|---|---|---|---|---|---|',
];
try {
  for (const name of courses) {
    const course = await compiled(join(dir, name));
    const cells: string[] = [name];
    let reload = '';
    for (const format of ['web', 'scorm12'] as const) {
      const files = await packageOf(course, join(dir, name), format);
      const mount = `${format}-${name}`;
      s.mounts.set(mount, {files, sw: 'ok'});
      const context = await s.browser.newContext();
      // the learner asked for the offline copy before (web); the SCORM package opened without an LMS registers at once
      await context.addInitScript(() => localStorage.setItem('ict-offline-enabled', '1'));
      const page = await context.newPage();
      await page.goto(`${s.origin}/${mount}/index.html`);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {timeout: 30_000});
      await page
        .locator('ict-course [part="status"] .offline', {hasText: 'Available offline'})
        .waitFor({timeout: 30_000});
      const size = await cacheSize(page);
      cells.push(String(size.files), `${size.bytes} (${kb(size.bytes)})`);
      if (format === 'web') {
        const first = course.content[course.languages[0]!]!.lessons[0]!.title;
        await page.locator('ict-course .main .actions button').first().click();
        await page.locator('ict-course #heading', {hasText: first}).waitFor();
        await context.setOffline(true);
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = Date.now();
          await page.reload();
          await page.locator('ict-course #heading', {hasText: first}).waitFor();
          times.push(Date.now() - t0);
        }
        reload = `${median(times)} ms (${times.join(', ')})`;
      }
      await context.close();
    }
    cells.push(reload);
    rows.push(`| ${cells.join(' | ')} |`);
    console.error(rows.at(-1));
  }
  console.log(rows.join('\n'));
} finally {
  await s.close();
}
