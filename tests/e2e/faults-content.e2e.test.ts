// Content faults in real Chromium, on packages built by the packager: lesson text that shows scripts, event
// handlers, `javascript:` links and SVG payloads renders them as inert text; a course.json altered after the build
// to carry live payloads runs none of them under the package's Content-Security-Policy; and the package plays to
// the end under the strictest policy it needs, with every violation recorded (none allowed).
// (Markdown with live payloads never compiles: tests/compile/problems.node.test.ts and sanitize.node.test.ts.)
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import type {BrowserContext, FrameLocator, Page} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import {play} from '../preview/play.js';
import {compiled, packageOf, startServer, statusOf, until, type FaultServer} from '../helpers/fault-server.js';

const BASICS = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));

/** The strictest policy the package works under: nothing but its own files; no inline script or style, no eval. */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-src 'none'",
].join('; ');

const PAYLOADS = [
  `<script>window.__pwned = 'script'; alert('script')</script>`,
  `<img src="x" onerror="window.__pwned = 'onerror'; alert('onerror')">`,
  `<a id="js-link" href="javascript:window.__pwned = 'js-link'; alert('js-link')">a link</a>`,
  `<svg onload="window.__pwned = 'svg-onload'"><script>window.__pwned = 'svg-script'</script></svg>`,
  `<iframe srcdoc="<script>parent.__pwned = 'srcdoc'</script>"></iframe>`,
  `<object data="data:text/html,<script>parent.__pwned = 'object'</script>"></object>`,
  `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='parent.__pwned=1'/>">`,
];

let s: FaultServer;
let root: string;
let dir: string;
let course: CompiledCourse;

before(async () => {
  // the fixture course with a lesson that shows the payloads as code (what an ICT security lesson does)
  root = mkdtempSync(join(tmpdir(), 'ict-faults-content-'));
  dir = join(root, 'basics');
  cpSync(BASICS, dir, {recursive: true});
  const lesson = join(dir, 'lessons', '01-welcome.md');
  const shown = PAYLOADS.map((p) => `- \`${p.replace(/`/g, '')}\``).join('\n');
  writeFileSync(
    lesson,
    `${readFileSync(lesson, 'utf8')}\n\nWhat an attacker may try:\n\n${shown}\n\n\`\`\`html\n${PAYLOADS.join('\n')}\n\`\`\`\n`,
  );
  course = await compiled(dir);
  s = await startServer();
  const web = await packageOf(course, dir, 'web');
  s.mounts.set('web', web);
  // the same package with its English content altered after the build: the payloads live in a lesson's HTML
  const altered = structuredClone(course.content.en!);
  altered.lessons[0]!.blocks.push({
    type: 'html',
    html: `<p id="altered">altered</p>${PAYLOADS.join('\n')}`,
  });
  s.mounts.set('altered', new Map([...web, ['course.en.json', new TextEncoder().encode(JSON.stringify(altered))]]));
});
after(async () => {
  await s?.close();
  if (root) rmSync(root, {recursive: true, force: true});
});

/** A context whose pages record CSP violations and dialogs from before the first script. */
async function watched(): Promise<{context: BrowserContext; dialogs: string[]}> {
  const context = await s.browser.newContext();
  const dialogs: string[] = [];
  context.on('page', (p) =>
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    }),
  );
  await context.addInitScript(() => {
    const w = window as unknown as {cspViolations: string[]};
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return {context, dialogs};
}

/**
 * The page has loaded or failed every image of the lesson and run the tasks queued until now: a handler a payload
 * could fire (onload, onerror, a javascript: link's navigation) has had its turn.
 */
async function quiet(p: Page): Promise<void> {
  await p.evaluate(async () => {
    const root = document.querySelector('ict-course')!.shadowRoot!;
    const images = [...root.querySelectorAll('img')].filter((img) => !img.complete);
    await Promise.all(
      images.map(
        (img) =>
          new Promise(
            (r) => (img.addEventListener('load', r, {once: true}), img.addEventListener('error', r, {once: true})),
          ),
      ),
    );
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))));
  });
}

const violations = (p: Page) => p.evaluate(() => (window as unknown as {cspViolations: string[]}).cspViolations);
const pwned = (p: Page) => p.evaluate(() => (window as unknown as {__pwned?: unknown}).__pwned ?? null);

async function openLesson(page: Page, mount: string): Promise<void> {
  await page.goto(`${s.origin}/${mount}/index.html`);
  await page.locator('ict-course .main .actions button').first().click({timeout: 15_000});
  await page.locator('ict-course #heading', {hasText: course.content.en!.lessons[0]!.title}).waitFor({timeout: 10_000});
}

test(
  'lesson text that shows scripts, handlers, javascript: links and SVG payloads renders as text and runs nothing',
  {timeout: 60_000},
  async () => {
    s.csp = null; // no help from the server: the player alone
    const {context, dialogs} = await watched();
    try {
      const page = await context.newPage();
      await openLesson(page, 'web');
      const text = await page.locator('ict-course .main').innerText();
      assert.ok(text.includes(`<script>window.__pwned = 'script'`), 'the payload is shown as text');
      const live = await page.evaluate(() => {
        const root = document.querySelector('ict-course')!.shadowRoot!;
        return root.querySelectorAll(
          '.main script, .main iframe, .main object, .main svg[onload], .main img[onerror], .main a[href^="javascript:"]',
        ).length;
      });
      assert.equal(live, 0, 'no live element from the lesson text');
      await quiet(page);
      assert.equal(await pwned(page), null);
      assert.deepEqual(dialogs, []);
    } finally {
      await context.close();
    }
  },
);

test(
  'a course.json altered to carry live payloads runs none of them under the package\u2019s Content-Security-Policy',
  {timeout: 60_000},
  async () => {
    s.csp = STRICT_CSP;
    const {context, dialogs} = await watched();
    try {
      const page = await context.newPage();
      await openLesson(page, 'altered');
      await page.locator('ict-course #altered').waitFor({state: 'attached'}); // the payloads are in the page
      await page.evaluate(() => {
        const a = document.querySelector('ict-course')!.shadowRoot!.querySelector<HTMLAnchorElement>('#js-link');
        a?.click();
      });
      await quiet(page);
      assert.equal(await pwned(page), null, 'no payload ran');
      assert.deepEqual(dialogs, [], 'no dialog opened');
      // the course itself still works: the next lesson
      await page.locator('ict-course .pager button.next').click();
      await page
        .locator('ict-course #heading', {hasText: course.content.en!.lessons[1]!.title})
        .waitFor({timeout: 10_000});
    } finally {
      s.csp = null;
      await context.close();
    }
  },
);

test(
  'a course.json altered to carry live payloads runs none of them even where the server sends no Content-Security-Policy',
  {timeout: 60_000},
  async () => {
    s.csp = null;
    const {context, dialogs} = await watched();
    try {
      const page = await context.newPage();
      await openLesson(page, 'altered');
      await page.locator('ict-course #altered').waitFor({state: 'attached'});
      await quiet(page);
      assert.equal(await pwned(page), null, 'no payload ran');
      assert.deepEqual(dialogs, [], 'no dialog opened');
    } finally {
      await context.close();
    }
  },
);

test(
  'the web package plays to the end under the strict Content-Security-Policy, with no violation',
  {timeout: 60_000},
  async () => {
    s.csp = STRICT_CSP;
    const {context} = await watched();
    try {
      const page = await context.newPage();
      const response = await page.goto(`${s.origin}/web/index.html`);
      assert.equal(response!.headers()['content-security-policy'], STRICT_CSP);
      await play(page as unknown as FrameLocator, course, {exit: false});
      await until(async () => (await statusOf(page)).text.length > 0, 5_000, 'a status shown');
      // Lit's styles (adoptedStyleSheets) apply without 'unsafe-inline'
      const color = await page.evaluate(
        () =>
          getComputedStyle(document.querySelector('ict-course')!.shadowRoot!.querySelector('[part="status"]')!).display,
      );
      assert.notEqual(color, 'inline', 'the component styles applied');
      assert.deepEqual(await violations(page), [], 'nothing blocked by the policy');
    } finally {
      s.csp = null;
      await context.close();
    }
  },
);
