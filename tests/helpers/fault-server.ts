// What the fault-injection end-to-end tests share: packages built in memory by the packager, served over HTTP on
// 127.0.0.1 beside a SCORM 1.2 LMS page made of scorm-again (which keeps what the LMS accepted across page loads, as
// an LMS keeps it on its server) and the preview LRS. The LMS page and the LRS can be made to misbehave: an API that
// vanishes or throws, commits refused, resume data that is garbage, truncated or another course's; statements
// answered slowly. Pages can be served with a Content-Security-Policy header.
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type Browser, type BrowserContext, type Frame, type Page} from 'playwright-core';
import {createLrs, type Lrs} from '../../src/preview/lrs/lrs.js';
import {until} from './until.js';
import {compiled, contentType, packageOf} from './packages.js';
import {launchChromium} from './browser.js';
import {listenLocal, stopLocal} from './http.js';
import {scormHostPage, serveScormAgain} from './scorm-host.js';

export {until};
export {compiled, contentType, packageOf};

const typeOf = contentType;

export interface FaultServer {
  origin: string;
  browser: Browser;
  lrs: Lrs;
  /** packages by mount name: `/<name>/<file>` */
  mounts: Map<string, Map<string, Uint8Array>>;
  /** a Content-Security-Policy header on every package file, or null */
  csp: string | null;
  /**
   * Hold matching LRS requests (`statements` by default) for up to `ms` before answering them (an LRS that answers
   * slowly); `release()` lets the held ones through at once.
   */
  slow(ms: number, resource?: string): void;
  release(): void;
  /** how many requests the slow LRS holds now */
  holding(): number;
  close(): Promise<void>;
}

export async function startServer(): Promise<FaultServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ict-faults-e2e-'));
  const lrs = createLrs({dataDir, basePath: '/xapi/'});
  const mounts = new Map<string, Map<string, Uint8Array>>();
  let slow: {ms: number; resource: string} | null = null;
  let held: (() => void)[] = [];
  const s: Partial<FaultServer> = {csp: null};

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    if (slow && req.method !== 'OPTIONS' && path === `/xapi/${slow.resource}`) {
      const ms = slow.ms;
      await new Promise<void>((r) => {
        const t = setTimeout(r, ms);
        held.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    if (await lrs.handle(req, res)) return;
    if (serveScormAgain(path, res)) return;
    if (path === '/host/scorm12.html') {
      res.writeHead(200, {'Content-Type': contentType('x.html'), 'Cache-Control': 'no-store'});
      res.end(
        scormHostPage({
          packagePath: url.searchParams.get('p') ?? '/scorm12/index.html',
          learner: url.searchParams.get('learner') ?? 'learner',
          hold: url.searchParams.has('hold'),
        }),
      );
      return;
    }
    const [, name, ...rest] = path.split('/');
    const files = name ? mounts.get(name) : undefined;
    const file = rest.join('/') || 'index.html';
    const data = files?.get(file);
    if (!data) {
      res.writeHead(404, {'Content-Type': 'text/plain'});
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': typeOf(file),
      'Content-Length': String(data.byteLength),
      'Cache-Control': 'no-store',
      ...(s.csp ? {'Content-Security-Policy': s.csp} : {}),
    });
    res.end(data);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  const origin = await listenLocal(server);
  const browser = await launchChromium();
  return Object.assign(s, {
    origin,
    browser,
    lrs,
    mounts,
    holding: () => held.length,
    slow(ms: number, resource = 'statements') {
      slow = ms > 0 ? {ms, resource} : null;
    },
    release() {
      slow = null;
      const h = held;
      held = [];
      for (const r of h) r();
    },
    async close() {
      s.release!();
      await stopLocal({browser, server, dir: dataDir});
    },
  }) as FaultServer;
}

/**
 * The player's saving status once every save it has started is done (IctCourse.settled()): what the learner sees
 * after the step, never the status left from before it.
 */
export function settledStatus(f: Frame | Page): Promise<{state: string; pending: number; code?: string}> {
  return f.evaluate(() =>
    (
      document.querySelector('ict-course') as HTMLElement & {
        settled(): Promise<{state: string; pending: number; code?: string}>;
      }
    ).settled(),
  );
}

/** The frame of the package inside an LMS page. */
export function courseFrame(page: Page, path: string): Promise<Frame> {
  return until(
    () => page.frames().find((f) => f !== page.mainFrame() && new URL(f.url(), 'http://x').pathname === path),
    10_000,
    `the frame ${path}`,
  );
}

/** Console errors and uncaught exceptions of every page and frame of a context. */
export function watchErrors(context: BrowserContext): string[] {
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  };
  context.on('page', watch);
  for (const p of context.pages()) watch(p);
  return errors;
}

/** Crash the page's renderer (no pagehide, no unload, no beforeunload): what a killed tab or a power cut leaves. */
export async function crash(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise<void>((r) => page.once('crash', () => r()));
  void cdp.send('Page.crash').catch(() => undefined); // answers never: the renderer is gone
  await Promise.race([crashed, new Promise((r) => setTimeout(r, 5_000))]);
  await Promise.race([
    page.close({runBeforeUnload: false}).catch(() => undefined),
    new Promise((r) => setTimeout(r, 5_000)),
  ]);
}

/** The player's status line (visible text) and alert. */
export async function statusOf(f: Frame | Page): Promise<{text: string; alert: string}> {
  const part = f.locator('ict-course [part="status"]');
  return {
    text: (await part.locator('span').first().innerText()).trim(),
    alert: (await part.locator('.alert').innerText()).trim(),
  };
}
