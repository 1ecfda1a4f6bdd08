/**
 * What the LMS or LRS sees of one learner's run through a course: the preview LMS (`startPreview`) launches the
 * release packages as an LMS does (SCORM through scorm-again in its launch page, xAPI and cmi5 against its LRS),
 * and the course is played through the player's own UI (tests/preview/play.ts). The probe counts the SCORM API
 * calls in the LMS page, the learner's button presses, synchronous requests and beacons; the preview's records
 * give the commits it stored and the statements its LRS holds; Playwright sees every request the course makes.
 */
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Browser, Page} from 'playwright-core';
import type {CompiledCourse} from '../src/course/types.js';
import {startPreview, type PreviewServer} from '../src/preview/server.js';
import {play} from '../tests/preview/play.js';
import {DISMISSAL_LOG, probeScript} from './probe.js';

export interface ScormRun {
  format: 'scorm12' | 'scorm2004';
  /** buttons the learner pressed in the player */
  steps: number;
  apiCalls: number;
  byMethod: Record<string, number>;
  /** LMSCommit / Commit calls by the course */
  commitCalls: number;
  /** commits the LMS received and stored (HTTP, including the final one on LMSFinish / Terminate) */
  commitsStored: number;
  syncRequests: number;
  beacons: number;
  /** leaving mid-course (the window closed after two lessons, no Exit): what happens during page dismissal */
  dismissal: {
    apiCalls: number;
    byMethod: Record<string, number>;
    /** synchronous XHRs the LMS page made while the course's page was dismissed (scorm-again's LMSCommit is one) */
    syncRequests: number;
    beacons: number;
    /** commits the LMS received during the dismissal, and whether the last one ended the session */
    commitsStored: number;
    finished: boolean;
  } | null;
  seconds: number;
  error?: string;
}

export interface LrsRun {
  format: 'xapi' | 'cmi5';
  steps: number;
  /** statements the LRS holds for the registration, all and those the course sent (cmi5: the LMS sends `launched`, the LRS `satisfied`) */
  statements: number;
  statementsByCourse: number;
  byVerb: Record<string, number>;
  /** HTTP requests the course made to the LRS, by method and resource */
  requests: number;
  byRequest: Record<string, number>;
  seconds: number;
  error?: string;
}

interface Seen {
  kind: string;
  detail: unknown;
  dismissing: boolean;
}

const LEARNER = 'grace.otieno';
const LEAVER = 'amina.diallo';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  return undefined;
}

const count = (list: string[]) => list.reduce<Record<string, number>>((o, k) => ((o[k] = (o[k] ?? 0) + 1), o), {});

async function getJson<T = any>(server: PreviewServer, path: string): Promise<T> {
  const r = await fetch(new URL(path, server.url));
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return (await r.json()) as T;
}

interface Session {
  page: Page;
  seen: Seen[];
  requests: {method: string; url: string; type: string; sync: boolean; course: boolean; at: number}[];
  close(): Promise<void>;
}

async function open(browser: Browser, titles: string[]): Promise<Session> {
  const context = await browser.newContext({viewport: {width: 1440, height: 900}});
  const seen: Seen[] = [];
  const requests: Session['requests'] = [];
  await context.exposeBinding('__benchReport', (_source, kind: string, detail: unknown, dismissing: boolean) => {
    seen.push({kind, detail, dismissing});
  });
  await context.addInitScript({content: probeScript({titles, autoStart: false, report: true})});
  const page = await context.newPage();
  page.on('request', (r) => {
    let course = false;
    try {
      course = r.frame() !== page.mainFrame();
    } catch {
      course = false;
    }
    requests.push({
      method: r.method(),
      url: r.url(),
      type: r.resourceType(),
      sync: r.headers()['x-bench-sync'] === '1',
      course,
      at: Date.now(),
    });
  });
  return {page, seen, requests, close: () => context.close()};
}

function launchUrl(
  server: PreviewServer,
  course: CompiledCourse,
  format: string,
  stem: string,
  learner: string,
  lang: string,
): string {
  return new URL(
    `/launch/${encodeURIComponent(course.id)}/${format}?${new URLSearchParams({release: stem, learner, lang})}`,
    server.url,
  ).href;
}

async function scormRun(
  browser: Browser,
  server: PreviewServer,
  course: CompiledCourse,
  format: 'scorm12' | 'scorm2004',
  stem: string,
  titles: string[],
): Promise<ScormRun> {
  const lang = course.languages[0]!;
  const t0 = Date.now();
  const s = await open(browser, titles);
  try {
    await s.page.goto(launchUrl(server, course, format, stem, LEARNER, lang));
    await play(s.page.frameLocator('#course-frame'), course, {lang, timeoutMs: 30_000});
    const rec = await until(async () => {
      const r = await getJson(server, `/api/scorm/${LEARNER}/${course.id}/${format}`);
      return r.sessions?.at(-1)?.finished && r;
    });
    await leave(s.page);
    await sleep(300);
    const api = s.seen.filter((e) => e.kind === 'api').map((e) => String(e.detail));
    const byMethod = count(api);
    const run: ScormRun = {
      format,
      steps: s.seen.filter((e) => e.kind === 'click').length,
      apiCalls: api.length,
      byMethod,
      commitCalls: (byMethod.LMSCommit ?? 0) + (byMethod.Commit ?? 0),
      commitsStored: rec?.sessions?.at(-1)?.commits ?? 0,
      syncRequests: s.requests.filter((r) => r.sync).length,
      beacons: s.seen.filter((e) => e.kind === 'beacon').length,
      dismissal: null,
      seconds: 0,
    };
    if (!rec) run.error = 'the LMS did not receive the final commit';
    await s.close();
    run.dismissal = await leaveMidCourse(browser, server, course, format, stem, titles);
    run.seconds = (Date.now() - t0) / 1000;
    return run;
  } catch (e) {
    await s.close();
    return {
      format,
      steps: 0,
      apiCalls: 0,
      byMethod: {},
      commitCalls: 0,
      commitsStored: 0,
      syncRequests: 0,
      beacons: 0,
      dismissal: null,
      seconds: (Date.now() - t0) / 1000,
      error: errorLine(e),
    };
  }
}

/** Two lessons, then the LMS window goes away (no Exit): what the course does while its page is dismissed. */
async function leaveMidCourse(
  browser: Browser,
  server: PreviewServer,
  course: CompiledCourse,
  format: 'scorm12' | 'scorm2004',
  stem: string,
  titles: string[],
): Promise<ScormRun['dismissal']> {
  const lang = course.languages[0]!;
  const s = await open(browser, titles);
  try {
    await s.page.goto(launchUrl(server, course, format, stem, LEAVER, lang));
    await play(s.page.frameLocator('#course-frame'), course, {lang, lessons: 2, exit: false, timeoutMs: 30_000});
    await sleep(300);
    const sessionOf = async () =>
      (await getJson(server, `/api/scorm/${LEAVER}/${course.id}/${format}`)).sessions?.at(-1) as
        {commits: number; finished?: boolean} | undefined;
    const before = (await sessionOf())?.commits ?? 0;
    await leave(s.page);
    const after = await until(async () => {
      const session = await sessionOf();
      return session?.finished && session;
    }, 5000);
    // what the probe wrote down during the dismissal, read back from the launch page's origin
    await s.page.goto(new URL('/api/status', server.url).href);
    const log = JSON.parse(
      ((await s.page.evaluate(`localStorage.getItem(${JSON.stringify(DISMISSAL_LOG)})`)) as string | null) ?? '[]',
    ) as [string, unknown][];
    const api = log.filter(([k]) => k === 'api').map(([, d]) => String(d));
    return {
      apiCalls: api.length,
      byMethod: count(api),
      syncRequests: log.filter(([k]) => k === 'sync-xhr').length,
      beacons: log.filter(([k]) => k === 'beacon').length,
      commitsStored: after ? after.commits - before : 0,
      finished: Boolean(after),
    };
  } finally {
    await s.close();
  }
}

async function lrsRun(
  browser: Browser,
  server: PreviewServer,
  course: CompiledCourse,
  format: 'xapi' | 'cmi5',
  stem: string,
  titles: string[],
): Promise<LrsRun> {
  const lang = course.languages[0]!;
  const t0 = Date.now();
  const s = await open(browser, titles);
  try {
    await s.page.goto(launchUrl(server, course, format, stem, LEARNER, lang));
    await play(s.page.frameLocator('#course-frame'), course, {lang, timeoutMs: 30_000});
    // cmi5: the course goes to the LMS's returnURL when it has terminated
    if (format === 'cmi5') await s.page.waitForURL(/[?&]returned=/, {timeout: 15_000}).catch(() => undefined);
    const list = await until(async () => {
      const r = await getJson(server, `/api/statements?learner=${LEARNER}&course=${course.id}&format=${format}`);
      const verbs = (r.statements as any[]).map((x) => String(x.verb.id).split('/').pop());
      return (
        verbs.includes('terminated') && (format === 'xapi' || verbs.includes('satisfied')) && (r.statements as any[])
      );
    });
    await leave(s.page);
    await sleep(300);
    const statements = list ?? [];
    const verbs = statements.map((x) => String(x.verb.id).split('/').pop()!);
    const byLms = statements.filter((x) => {
      const v = String(x.verb.id).split('/').pop();
      return format === 'cmi5' && (v === 'launched' || v === 'satisfied');
    }).length;
    const lrs = s.requests.filter((r) => r.course && new URL(r.url).pathname.startsWith('/xapi/'));
    const byRequest = count(lrs.map((r) => `${r.method} ${new URL(r.url).pathname.slice('/xapi/'.length)}`));
    return {
      format,
      steps: s.seen.filter((e) => e.kind === 'click').length,
      statements: statements.length,
      statementsByCourse: statements.length - byLms,
      byVerb: count(verbs),
      requests: lrs.length,
      byRequest,
      seconds: (Date.now() - t0) / 1000,
      ...(list ? {} : {error: 'the LRS did not receive terminated'}),
    };
  } catch (e) {
    return {
      format,
      steps: 0,
      statements: 0,
      statementsByCourse: 0,
      byVerb: {},
      requests: 0,
      byRequest: {},
      seconds: (Date.now() - t0) / 1000,
      error: errorLine(e),
    };
  } finally {
    await s.close();
  }
}

/** The window goes away: another page replaces the launch page (a navigation already under way is waited for). */
async function leave(page: Page): Promise<void> {
  await page.goto('about:blank').catch(async () => {
    await page.waitForLoadState('load').catch(() => undefined);
    await page.goto('about:blank').catch(() => undefined);
  });
}

function errorLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/** Plays `course` once per tracked format against the preview LMS serving the release zips in `packagesDir`. */
export async function measureTracking(
  browser: Browser,
  packagesDir: string,
  course: CompiledCourse,
  stemOf: (format: string) => string,
): Promise<{scorm: ScormRun[]; lrs: LrsRun[]}> {
  const work = mkdtempSync(join(tmpdir(), 'ict-bench-preview-'));
  const coursesDir = join(work, 'courses');
  mkdirSync(coursesDir);
  const server = await startPreview({
    port: 0,
    coursesDir,
    dataDir: join(work, 'data'),
    packagesDir,
    watch: false,
    log: false,
  });
  const titles = course.content[course.languages[0]!]!.lessons.map((l) => l.title);
  try {
    const scorm: ScormRun[] = [];
    for (const f of ['scorm12', 'scorm2004'] as const)
      scorm.push(await scormRun(browser, server, course, f, stemOf(f), titles));
    const lrs: LrsRun[] = [];
    for (const f of ['xapi', 'cmi5'] as const) lrs.push(await lrsRun(browser, server, course, f, stemOf(f), titles));
    return {scorm, lrs};
  } finally {
    await server.close();
    rmSync(work, {recursive: true, force: true});
  }
}
