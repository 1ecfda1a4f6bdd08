/**
 * The preview LMS behind `npm start`: one Node process (node:http) that compiles `courses/`, builds the five
 * players, serves every package from memory, and launches each course as an LMS does — SCORM 1.2 and 2004 through
 * scorm-again in a host page, xAPI with a Tin Can launch URL, cmi5 as an LMS launches an AU — against its own LRS
 * (`./lrs/`). Records persist in the data folder; an inspector beside each launch shows what the LMS receives.
 *
 * It is a preview: in production the courses report to the organization's own LMS or LRS.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {FORMATS} from '../package/index.js';
import {catalogue, events, reset, scormCommit} from './api.js';
import {Preview} from './context.js';
import {CourseLibrary} from './courses.js';
import {EventHub} from './events.js';
import {scormAgainDir, serveFile, servePackage, serveRelease} from './files.js';
import {HttpError, sendApiJson, sendHtml, sendText} from './http.js';
import {SAMPLE_LEARNERS} from './learners.js';
import {hacp} from './hacp.js';
import {launch} from './launch.js';
import {createLrs, type Lrs} from './lrs/lrs.js';
import {notFoundPage, returnPage, TRACKED_FORMATS} from './pages.js';
import {summariseScorm} from './records.js';
import {ReleaseShelf} from './releases.js';
import {flattenCmi, PreviewStore, type ScormFormat} from './store.js';

export {PACKAGE_CSP} from './files.js';
export {TRACKED_FORMATS};

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const STATIC_DIR = join(HERE, 'static');

export interface PreviewOptions {
  /** default: `PORT` from the environment, else 8080; 0 picks a free port */
  port?: number;
  /** default: `HOST` from the environment, else 127.0.0.1 (a secure context: service workers run) */
  host?: string;
  /** default `<project>/courses` */
  coursesDir?: string;
  /** default `ICT_DATA_DIR` from the environment, else `<project>/data` */
  dataDir?: string;
  /** release zips to offer beside the sources (default `<project>/dist/packages`, where `npm run package` writes) */
  packagesDir?: string;
  /** recompile on source changes (default true) */
  watch?: boolean;
  /** watch by polling instead of fs.watch (default: `ICT_PREVIEW_POLL=1` in the environment; fs.watch otherwise) */
  poll?: boolean;
  /** wait until the courses are compiled and the players built before resolving (default true) */
  waitUntilReady?: boolean;
  /** where progress lines go (default console.log); `false` for silence */
  log?: ((line: string) => void) | false;
}

export interface PreviewServer {
  /** `http://host:port/` */
  url: string;
  port: number;
  /** resolves when the courses are compiled and the players built */
  ready: Promise<void>;
  lrs: Lrs;
  library: CourseLibrary;
  store: PreviewStore;
  close(): Promise<void>;
}

/** One route: a method, a path (exact, or a pattern whose groups the handler gets as they are in the URL), and its handler. */
interface Route {
  method: 'GET' | 'POST';
  path: string | RegExp;
  handle(p: Preview, req: IncomingMessage, res: ServerResponse, url: URL, groups: string[]): unknown;
}

const param = (url: URL, name: string) => url.searchParams.get(name) ?? undefined;

const ROUTES: Route[] = [
  {method: 'GET', path: '/', handle: (p, _req, res, url) => catalogue(p, res, url)},
  {method: 'GET', path: '/favicon.ico', handle: (_p, _req, res) => sendText(res, 204, '', 'text/plain')},
  {method: 'GET', path: /^\/static\/(.*)$/s, handle: (_p, _req, res, _url, [rel]) => serveFile(res, STATIC_DIR, rel!)},
  {
    method: 'GET',
    path: /^\/vendor\/scorm-again\/(.*)$/s,
    handle: (p, _req, res, _url, [rel]) => serveFile(res, p.vendorDir, rel!, 'public, max-age=3600'),
  },
  {method: 'GET', path: /^\/packages\//, handle: (p, _req, res, url) => servePackage(p, res, url.pathname)},
  {method: 'GET', path: /^\/releases\//, handle: (p, _req, res, url) => serveRelease(p, res, url.pathname)},
  {
    method: 'GET',
    path: /^\/launch\/([^/]+)\/([^/]+)\/?$/,
    handle: (p, req, res, url, [course, format]) => launch(p, req, res, decodeURIComponent(course!), format!, url),
  },
  {
    method: 'GET',
    path: '/return',
    handle: (_p, _req, res, url) => {
      const back = new URLSearchParams({learner: param(url, 'learner') ?? '', lang: param(url, 'lang') ?? ''});
      if (url.searchParams.get('course')) back.set('returned', url.searchParams.get('course')!);
      return sendHtml(res, 200, returnPage(`/?${back}`));
    },
  },
  {
    method: 'POST',
    path: /^\/api\/scorm\/commit\/([^/]+)\/([^/]+)\/(scorm12|scorm2004|scorm2004-3rd)\/([^/]+)$/,
    handle: (p, req, res, url, [learner, course, format, session]) =>
      scormCommit(
        p,
        req,
        res,
        decodeURIComponent(learner!),
        decodeURIComponent(course!),
        format as ScormFormat,
        session!,
        url.searchParams.get('final') === 'true',
      ),
  },
  {
    method: 'GET',
    path: /^\/api\/scorm\/([^/]+)\/([^/]+)\/(scorm12|scorm2004|scorm2004-3rd|aicc)$/,
    handle: (p, _req, res, _url, [learner, course, format]) => {
      const rec = p.store.scormRecord(decodeURIComponent(learner!), decodeURIComponent(course!), format as ScormFormat);
      if (!rec) throw new HttpError(404, 'no SCORM record for this learner, course and format');
      return sendApiJson(res, 200, {
        ...rec,
        summary: summariseScorm(rec),
        flat: Object.fromEntries(flattenCmi(rec.cmi)),
      });
    },
  },
  {
    method: 'POST',
    path: '/hacp',
    handle: (p, req, res) => hacp(p, req, res),
  },
  {
    method: 'GET',
    path: '/api/records',
    handle: (p, _req, res, url) =>
      sendApiJson(
        res,
        200,
        p.records({learner: param(url, 'learner'), course: param(url, 'course'), format: param(url, 'format')}),
      ),
  },
  {
    method: 'GET',
    path: '/api/statements',
    handle: (p, _req, res, url) => {
      const format = url.searchParams.get('format');
      if (format !== 'xapi' && format !== 'cmi5') throw new HttpError(400, 'format must be xapi or cmi5');
      const reg = p.store.registration(param(url, 'learner') ?? '', param(url, 'course') ?? '', format);
      if (!reg) throw new HttpError(404, 'no registration for this learner, course and format');
      const statements = p.lrs.queryStatements({registration: reg.registration, ascending: true});
      return sendApiJson(res, 200, {registration: reg.registration, statements});
    },
  },
  {method: 'GET', path: '/api/courses', handle: (p, _req, res) => sendApiJson(res, 200, p.coursesJson())},
  {method: 'GET', path: '/api/releases', handle: (p, _req, res) => sendApiJson(res, 200, p.shelf.list())},
  {
    method: 'GET',
    path: '/api/status',
    handle: (p, _req, res) =>
      sendApiJson(res, 200, {
        ready: !p.building,
        watch: p.library.watchMode,
        coursesDir: p.coursesDir,
        dataDir: p.dataDir,
        learners: SAMPLE_LEARNERS,
        formats: FORMATS,
      }),
  },
  {method: 'GET', path: '/api/events', handle: (p, req, res, url) => events(p, req, res, url)},
  {method: 'POST', path: '/api/reset', handle: (p, req, res) => reset(p, req, res)},
];

/** The route of a request and the groups of its path, or null. */
function route(method: string, path: string): {route: Route; groups: string[]} | null {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    if (typeof r.path === 'string') {
      if (r.path === path) return {route: r, groups: []};
      continue;
    }
    const m = r.path.exec(path);
    if (m) return {route: r, groups: m.slice(1)};
  }
  return null;
}

async function handle(p: Preview, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://preview.invalid');
  if (url.pathname.startsWith('/xapi') && (await p.lrs.handle(req, res))) return;
  // HEAD is answered as GET (node:http sends no body for it)
  const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
  const found = route(method, url.pathname);
  if (!found) throw new HttpError(404, `Nothing at ${url.pathname}.`);
  await found.route.handle(p, req, res, url, found.groups);
}

export async function startPreview(opts: PreviewOptions = {}): Promise<PreviewServer> {
  const log = opts.log === false ? () => {} : (opts.log ?? ((l: string) => console.log(l)));
  const port = opts.port ?? (process.env.PORT ? Number(process.env.PORT) : 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT ${process.env.PORT} is not a port number (0-65535)`);
  const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
  const coursesDir = resolve(opts.coursesDir ?? join(ROOT, 'courses'));
  const dataDir = resolve(opts.dataDir ?? process.env.ICT_DATA_DIR ?? join(ROOT, 'data'));
  const p = new Preview({
    log,
    coursesDir,
    dataDir,
    vendorDir: scormAgainDir(ROOT),
    shelf: new ReleaseShelf(resolve(opts.packagesDir ?? join(ROOT, 'dist', 'packages'))),
    lrs: createLrs({dataDir: join(dataDir, 'lrs'), basePath: '/xapi/'}),
    store: new PreviewStore({dataDir}),
    library: new CourseLibrary({
      coursesDir,
      watch: opts.watch,
      poll: opts.poll ?? process.env.ICT_PREVIEW_POLL === '1',
      log,
    }),
    hub: new EventHub(),
  });
  const {library, hub, lrs, store} = p;

  const server: Server = createServer((req, res) => {
    handle(p, req, res).catch((e) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (status === 500)
        log(`error on ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? message) : message}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      const wantsJson = (req.url ?? '').startsWith('/api/') || /json/.test(String(req.headers.accept ?? ''));
      if (wantsJson) sendApiJson(res, status, {error: true, status, message});
      else sendHtml(res, status, notFoundPage(message));
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  p.selfUrl = `http://${shownHost}:${actualPort}/`;
  log(`Preview LMS: ${p.selfUrl}  (courses: ${coursesDir}; records: ${dataDir})`);
  log('Compiling the courses and building the players…');
  const t0 = Date.now();
  const ready = library.start().then(
    () => {
      p.building = false;
      const list = library.list();
      const broken = list.filter((e) => !e.course);
      log(
        `Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${list.length - broken.length} course(s)${broken.length ? `, ${broken.length} that do not compile (${broken.map((e) => e.id).join(', ')})` : ''}; watching: ${library.watchMode}. Open ${p.selfUrl}`,
      );
      p.publishCatalogue();
    },
    (e) => {
      p.building = false;
      log(`The preview could not build: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  if (opts.waitUntilReady !== false) await ready;

  return {
    url: p.selfUrl,
    port: actualPort,
    ready,
    lrs,
    library,
    store,
    async close() {
      library.close();
      hub.close();
      server.closeAllConnections?.();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
