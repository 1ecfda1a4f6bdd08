// A node:http server on 127.0.0.1 for the xAPI/cmi5 end-to-end tests: the preview LRS under /xapi/, the tracker
// test page (tests/helpers/lrs-page.ts bundled with esbuild) under /au/, a return page, and Chromium through
// playwright-core. Plus a checker of statements against the xAPI rules (@learninglocker/xapi-validation).
import {createServer, type Server} from 'node:http';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {type Browser, type BrowserContext, type Page} from 'playwright-core';
import {
  createLrs,
  statementProblems,
  type Cmi5LaunchInput,
  type Lrs,
  type Statement,
} from '../../src/preview/lrs/lrs.js';
import {until} from './until.js';
import {launchChromium} from './browser.js';
import {listenLocal, stopLocal} from './http.js';
import {statementsFront, type StatementsFront, type ThirdPartyLrs} from './third-party-front.js';

// scripts/third-party-lrs.mjs has no type declarations: import it by URL with the types it has
const {startThirdPartyLrs} = (await import(new URL('../../scripts/third-party-lrs.mjs', import.meta.url).href)) as {
  startThirdPartyLrs(): Promise<ThirdPartyLrs>;
};
import type {Agent} from '@xapi/xapi';

export {until};

const here = dirname(fileURLToPath(import.meta.url));
let bundle: Promise<string> | null = null;

function pageBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(here, 'lrs-page.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
    logLevel: 'error',
  }).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export interface Harness {
  lrs: Lrs;
  origin: string;
  endpoint: string;
  auUrl: string;
  returnUrl: string;
  browser: Browser;
  /** with `thirdParty`: the LRS that answers the statements, and the front before it */
  front?: StatementsFront;
  close(): Promise<void>;
}

export const actor: Agent = {
  objectType: 'Agent',
  name: 'Amina Diallo',
  account: {homePage: 'https://lms.example.org', name: 'amina'},
};

/**
 * Starts the server and Chromium. With `thirdParty`, the statements go on to an LRS this project did not write
 * (scripts/third-party-lrs.mjs, started here) through tests/helpers/third-party-front.ts.
 */
export async function startHarness(opts: {thirdParty?: boolean} = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ict-lrs-e2e-'));
  const lrs = createLrs({dataDir, basePath: '/xapi/'});
  const js = await pageBundle();
  let origin = '';
  const third = opts.thirdParty ? await startThirdPartyLrs() : undefined;
  const front = third ? statementsFront(lrs, third, () => origin) : undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (front && (await front.handle(req, res))) return;
      if (await lrs.handle(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/au/index.html') {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
        res.end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AU</title><script type="module" src="/au/page.js"></script></head><body></body></html>',
        );
      } else if (path === '/au/page.js') {
        res.writeHead(200, {'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store'});
        res.end(js);
      } else if (path === '/return.html') {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
        res.end('<!doctype html><title>Back at the LMS</title><h1>Catalogue</h1>');
      } else {
        res.writeHead(404);
        res.end();
      }
    })();
  });
  origin = await listenLocal(server);
  const browser = await launchChromium();
  return {
    front,
    lrs,
    origin,
    endpoint: `${origin}/xapi/`,
    auUrl: `${origin}/au/index.html`,
    returnUrl: `${origin}/return.html`,
    browser,
    async close() {
      await stopLocal({browser, server, dir: dataDir});
      await third?.stop();
    },
  };
}

/** The LMS-generated activityId of the fixture course's AU, and the AU id in its cmi5.xml. */
export const CMI5_AU = 'https://lms.example.org/registrations/au/basics';
export const CMI5_PUBLISHER = 'urn:ict-manager-training:course:basics';

/** A cmi5 launch of the test AU by the harness's LMS: Normal, CompletedAndPassed, mastery 0.7, unless `over` says. */
export function cmi5Launch(h: Harness, over: Partial<Cmi5LaunchInput> = {}) {
  return h.lrs.createCmi5Launch({
    actor,
    activityId: CMI5_AU,
    publisherId: CMI5_PUBLISHER,
    courseIri: 'https://lms.example.org/courses/basics',
    endpoint: h.endpoint,
    auUrl: h.auUrl,
    masteryScore: 0.7,
    moveOn: 'CompletedAndPassed',
    launchMode: 'Normal',
    ...over,
  });
}

/** Opens the test AU's page at `url` and waits until it is ready to be driven (`window.au`). */
export async function openAu(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', {state: 'attached'});
  return page;
}

/** Every statement valid xAPI (the LRS validated it on the way in; this checks what it returns, too). */
export function xapiProblems(statements: Statement[]): string[] {
  return statements.flatMap((s) => statementProblems(s).map((p) => `${s.id}: ${p}`));
}

export const verbName = (s: Statement) => String(s.verb.id).split('/').at(-1);

/** What tests/helpers/lrs-page.ts puts on `window.au`. */
export interface AuApi {
  start(format: 'xapi' | 'cmi5'): Promise<{
    error?: {name?: string; code?: string; parameter?: string; message?: string};
    format?: string;
    mode?: string;
    masteryScore?: number | null;
    language?: string | null;
    learner?: {id: string; name?: string};
    resumedAt?: string | null;
    visited?: string[];
    waived?: boolean;
  }>;
  visit(id: string): Promise<void>;
  bulk(n: number, bytes: number): Promise<string[]>;
  visitAll(): Promise<void>;
  attempt(correct: boolean): Promise<{passed?: boolean; completed: boolean; scaled?: number; progressMeasure: number}>;
  status(): {state: string; pending: number; code?: string; detail?: string};
  /** resolves once what has been queued so far is stored on this device */
  stored(): Promise<void>;
  statuses(): string[];
  pendingIds(): string[];
  queue(): {
    sessionId: string | null;
    items: {id: string; kind: string; verb: string | null; sessionId: string | null}[];
  };
  endWhenGone(ids: string[]): void;
  ended(): Promise<unknown>;
  rejected(): {id: string; status: number; message: string}[];
  flush(): Promise<unknown>;
  drain(ms?: number): Promise<boolean>;
  idle(ms?: number): Promise<boolean>;
  end(how: 'exit' | 'suspend'): Promise<unknown>;
}

declare global {
  interface Window {
    au: AuApi;
  }
}
