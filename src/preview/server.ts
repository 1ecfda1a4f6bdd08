/**
 * The preview LMS behind `npm start`: one Node process (node:http) that compiles `courses/`, builds the five
 * players, serves every package from memory, and launches each course as an LMS does — SCORM 1.2 and 2004 through
 * scorm-again in a host page, xAPI with a Tin Can launch URL, cmi5 as an LMS launches an AU — against its own LRS
 * (`./lrs/`). Records persist in the data folder; an inspector beside each launch shows what the LMS receives.
 *
 * It is a preview: in production the courses report to the organization's own LMS or LRS.
 */
import {randomUUID} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {createRequire} from 'node:module';
import type {AddressInfo} from 'node:net';
import {dirname, extname, join, normalize, resolve, sep} from 'node:path';
import {fileURLToPath} from 'node:url';
import {UN_LANGUAGES, type CompiledCourse} from '../course/types.js';
import {FORMATS, identifiers, isFormat, MOVE_ON, type Format} from '../package/index.js';
import {CourseLibrary} from './courses.js';
import {EventHub, type Topic} from './events.js';
import {actorOf, findLearner, SAMPLE_LEARNERS, type SampleLearner} from './learners.js';
import {createLrs, type Credentials, type Lrs, type Statement} from './lrs/lrs.js';
import {cataloguePage, launchPage, notFoundPage, returnPage, TRACKED_FORMATS} from './pages.js';
import {ReleaseShelf} from './releases.js';
import {listRecords, summariseScorm, summariseStatements, type RecordSummary} from './records.js';
import {
  cmiGet,
  flattenCmi,
  PreviewStore,
  type Cmi,
  type Registration,
  type ScormFormat,
  type ScormSession,
} from './store.js';
import {toIsoDuration, toScorm12Time} from './time.js';

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsd': 'application/xml; charset=utf-8',
  '.dtd': 'application/xml-dtd; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The policy packages are served with: what a strict LMS allows (no inline script, nothing from elsewhere). */
export const PACKAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The folder of scorm-again's ES module builds (`dist/esm`). */
function scormAgainDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('scorm-again/scorm12')), 'esm');
  } catch {
    return join(ROOT, 'node_modules', 'scorm-again', 'dist', 'esm');
  }
}

export async function startPreview(opts: PreviewOptions = {}): Promise<PreviewServer> {
  const log = opts.log === false ? () => {} : (opts.log ?? ((l: string) => console.log(l)));
  const port = opts.port ?? (process.env.PORT ? Number(process.env.PORT) : 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT ${process.env.PORT} is not a port number (0-65535)`);
  const host = opts.host ?? process.env.HOST ?? '127.0.0.1';
  const coursesDir = resolve(opts.coursesDir ?? join(ROOT, 'courses'));
  const dataDir = resolve(opts.dataDir ?? process.env.ICT_DATA_DIR ?? join(ROOT, 'data'));
  const vendorDir = scormAgainDir();
  const shelf = new ReleaseShelf(resolve(opts.packagesDir ?? join(ROOT, 'dist', 'packages')));

  const lrs = createLrs({dataDir: join(dataDir, 'lrs'), basePath: '/xapi/'});
  const store = new PreviewStore({dataDir});
  const library = new CourseLibrary({
    coursesDir,
    watch: opts.watch,
    poll: opts.poll ?? process.env.ICT_PREVIEW_POLL === '1',
    log,
  });
  const hub = new EventHub();
  let lmsCredentials: Credentials | undefined;
  let building = true;
  let selfUrl = '';

  // ------------------------------------------------------------------ helpers
  /** The activity a registration's statements are about: the course (xAPI) or its AU (cmi5). */
  const activityIdOf = (reg: Registration): string | undefined => {
    if (reg.format === 'cmi5') {
      const known = lrs.cmi5Registration(reg.registration)?.activityId;
      if (known) return known;
    }
    const c = library.get(reg.course)?.course;
    if (c) return reg.format === 'xapi' ? identifiers(c).courseIri : identifiers(c).auIri;
    return undefined;
  };
  const records = (f: {learner?: string; course?: string; format?: string} = {}) =>
    listRecords(store, lrs, activityIdOf, f);
  const recordOf = (learner: string, course: string, format: string): RecordSummary | undefined =>
    records({learner, course, format})[0];
  const registrationIndex = () => new Map(store.allRegistrations().map((r) => [r.registration, r]));

  function publishRecord(topic: Required<Topic>, extra: Record<string, unknown> = {}) {
    const summary = recordOf(topic.learner, topic.course, topic.format);
    hub.publish('record', {summary, ...extra}, topic);
  }

  // Statements go to the inspectors in the order the LRS stored (and announced) them, a request's worth at a time:
  // an AU's batch, then what the LMS said in answer (cmi5 `satisfied`).
  let pending: Statement[] = [];
  lrs.on('statements', (list: Statement[]) => {
    if (!pending.length) setImmediate(flushStatements);
    pending.push(...list);
  });
  function flushStatements() {
    const list = pending;
    pending = [];
    const regs = registrationIndex();
    const touched = new Map<string, Required<Topic>>();
    for (const s of list) {
      const reg = s.context?.registration ? regs.get(s.context.registration) : undefined;
      if (!reg) continue;
      const topic = {learner: reg.learner, course: reg.course, format: reg.format};
      hub.publish('statement', s, topic, 'launch');
      touched.set(`${reg.learner}|${reg.course}|${reg.format}`, topic);
    }
    for (const t of touched.values()) publishRecord(t);
  }
  library.on('change', () => hub.publish('catalogue', {courses: coursesJson()}, {}, 'catalogue'));

  function coursesJson() {
    return library.list().map((e) => ({
      id: e.course?.id ?? e.id,
      ok: !!e.course,
      version: e.course?.version,
      build: e.build,
      title: e.course ? e.course.content[e.course.languages[0]]?.title : undefined,
      languages: e.course?.languages,
      minutes: e.course?.minutes,
      compiled: e.compiled,
      problems: e.problems,
      warnings: e.warnings,
      packages: e.course
        ? Object.fromEntries(FORMATS.map((f) => [f, packageBase(e.course!, e.build!, f) + 'index.html']))
        : undefined,
    }));
  }

  function packageBase(course: CompiledCourse, build: string, format: Format): string {
    return `/packages/${encodeURIComponent(course.id)}/${encodeURIComponent(course.version)}/${build}/${format}/`;
  }

  /** Writes the learner's language into the cmi5LearnerPreferences agent profile, as an LMS does before a launch. */
  async function setLanguagePreference(learner: SampleLearner, lang: string): Promise<void> {
    lmsCredentials ??= lrs.createCredentials({name: 'preview LMS'});
    const url = `${selfUrl}xapi/agents/profile?${new URLSearchParams({agent: JSON.stringify(actorOf(learner)), profileId: 'cmi5LearnerPreferences'})}`;
    const headers = {Authorization: lmsCredentials.authorization, 'X-Experience-API-Version': '1.0.3'};
    await fetch(url, {method: 'DELETE', headers});
    const r = await fetch(url, {
      method: 'PUT',
      headers: {...headers, 'Content-Type': 'application/json', 'If-None-Match': '*'},
      body: JSON.stringify({languagePreference: lang, audioPreference: 'on'}),
    });
    if (!r.ok) log(`could not write cmi5LearnerPreferences for ${learner.id}: ${r.status} ${await r.text()}`);
  }

  // ------------------------------------------------------------------ launches
  /** The mastery score the LMS hands the course: the launch's `mastery` (0..1, as an LMS administrator sets it), else the course's. */
  function lmsMastery(course: CompiledCourse, url: URL): number {
    const raw = url.searchParams.get('mastery');
    if (raw === null || raw === '') return course.settings.masteryScore;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0 || v > 1)
      throw new HttpError(400, `mastery=${raw} is not a mastery score between 0 and 1 (e.g. 0.8).`);
    return v;
  }

  function scormSeed(
    format: ScormFormat,
    course: CompiledCourse,
    learner: SampleLearner,
    lang: string,
    mode: string,
    session: ScormSession,
    cmi: Cmi | null,
    mastery: number,
  ): Cmi {
    const credit = mode === 'normal' ? 'credit' : 'no-credit';
    const hasAssessment = !!course.content[course.languages[0]]?.assessment;
    const put = (o: Cmi, k: string, v: unknown) => {
      if (v !== undefined && v !== null && v !== '') o[k] = String(v);
    };
    if (format === 'scorm12') {
      const core: Cmi = {
        student_id: learner.id,
        student_name: learner.scormName,
        lesson_mode: mode,
        credit,
        entry: session.entry,
      };
      put(core, 'lesson_location', cmiGet(cmi, 'core.lesson_location'));
      const status = cmiGet(cmi, 'core.lesson_status');
      if (status && status !== 'not attempted') core.lesson_status = status;
      const score: Cmi = {};
      for (const k of ['raw', 'min', 'max']) put(score, k, cmiGet(cmi, `core.score.${k}`));
      if (Object.keys(score).length) core.score = score;
      core.total_time = toScorm12Time(session.baseSeconds);
      const seed: Cmi = {core, student_preference: {language: lang}};
      put(seed, 'suspend_data', cmiGet(cmi, 'suspend_data'));
      if (hasAssessment) seed.student_data = {mastery_score: String(Math.round(mastery * 10000) / 100)};
      return seed;
    }
    const seed: Cmi = {
      learner_id: learner.id,
      learner_name: learner.name,
      mode,
      credit,
      entry: session.entry,
      learner_preference: {language: lang},
    };
    put(seed, 'location', cmiGet(cmi, 'location'));
    put(seed, 'suspend_data', cmiGet(cmi, 'suspend_data'));
    put(seed, 'progress_measure', cmiGet(cmi, 'progress_measure'));
    for (const k of ['completion_status', 'success_status']) {
      const v = cmiGet(cmi, k);
      if (v && v !== 'unknown') seed[k] = v;
    }
    const score: Cmi = {};
    for (const k of ['scaled', 'raw', 'min', 'max']) put(score, k, cmiGet(cmi, `score.${k}`));
    if (Object.keys(score).length) seed.score = score;
    seed.total_time = toIsoDuration(session.baseSeconds);
    if (hasAssessment) seed.scaled_passing_score = String(mastery);
    return seed;
  }

  async function launch(req: IncomingMessage, res: ServerResponse, courseId: string, formatName: string, url: URL) {
    if (!isFormat(formatName))
      throw new HttpError(404, `There is no format ${formatName}; use one of ${FORMATS.join(', ')}.`);
    const format = formatName;
    // the package: a release zip (`?release=<id>-<version>-<format>`), or the course as its sources compile now
    let course: CompiledCourse;
    let base: string;
    let source: string;
    const releaseStem = url.searchParams.get('release');
    if (releaseStem) {
      const rp = shelf.get(releaseStem);
      if (!rp || rp.course !== courseId || rp.format !== format)
        throw new HttpError(
          404,
          `There is no release package ${releaseStem}.zip of ${courseId} (${format}) in ${shelf.dir}.`,
        );
      try {
        course = shelf.open(rp).course;
      } catch (e) {
        throw new HttpError(422, `${rp.file} cannot be launched: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (course.id !== courseId)
        throw new HttpError(422, `${rp.file} carries the course ${course.id}, not ${courseId}.`);
      base = `/releases/${encodeURIComponent(rp.stem)}/${rp.sig}/`;
      source = `release package ${rp.file}`;
    } else {
      const entry = library.get(courseId);
      if (!entry) throw new HttpError(404, `There is no course ${courseId} in ${library.coursesDir}.`);
      if (!entry.course || !entry.build)
        throw new HttpError(409, `The course ${courseId} does not compile; the catalogue lists its problems.`);
      course = entry.course;
      await library.player(format); // a launch waits for its player
      base = packageBase(course, entry.build, format);
      source = `sources, build ${entry.build}`;
    }
    const learner = findLearner(url.searchParams.get('learner')) ?? SAMPLE_LEARNERS[0]!;
    const langParam = url.searchParams.get('lang') ?? '';
    const lang = (UN_LANGUAGES as readonly string[]).includes(langParam) ? langParam : learner.language;
    const modeParam = url.searchParams.get('mode') ?? 'normal';
    const mode = ['normal', 'browse', 'review'].includes(modeParam) ? modeParam : 'normal';
    const mastery = lmsMastery(course, url);
    const origin = `http://${req.headers.host ?? new URL(selfUrl).host}`;
    const back = `/?${new URLSearchParams({learner: learner.id, lang, ...(mode !== 'normal' ? {mode} : {})})}`;
    const topic = {learner: learner.id, course: course.id, format};
    const config: Record<string, unknown> = {
      format,
      course: {id: course.id, version: course.version},
      source,
      learner: {id: learner.id, name: learner.name},
      lang,
      mode,
      mastery,
      catalogueUrl: back,
      eventsUrl: `/api/events?${new URLSearchParams(topic)}`,
    };
    let launchUrl = base + 'index.html';
    let launchData: unknown;
    if (format === 'scorm12' || format === 'scorm2004') {
      const {session, cmi} = store.beginScormSession(learner.id, course.id, format, course.version, mode);
      config.sessionId = session.id;
      config.entry = session.entry;
      config.commitUrl = `/api/scorm/commit/${encodeURIComponent(learner.id)}/${encodeURIComponent(course.id)}/${format}/${session.id}`;
      config.seed = scormSeed(format, course, learner, lang, mode, session, cmi, mastery);
      publishRecord(topic);
    } else if (format === 'xapi') {
      const reg = store.useRegistration(learner.id, course.id, 'xapi', course.version, () => randomUUID());
      const l = lrs.createXapiLaunch({
        actor: actorOf(learner),
        activityId: identifiers(course).courseIri,
        endpoint: `${origin}/xapi/`,
        registration: reg.registration,
        auUrl: launchUrl,
      });
      await setLanguagePreference(learner, lang);
      launchUrl = l.url!;
      config.registration = reg.registration;
    } else if (format === 'cmi5') {
      const reg = store.useRegistration(learner.id, course.id, 'cmi5', course.version, () => randomUUID());
      const hasAssessment = !!course.content[course.languages[0]]?.assessment;
      const ids = identifiers(course);
      // the AU and course activity ids are this LMS's own, generated once per course; the package's ids
      // (cmi5.xml) go in the grouping (cmi5 8.1.5, 9.4, 9.6.2.3)
      const l = lrs.createCmi5Launch({
        actor: actorOf(learner),
        publisherId: ids.auIri,
        coursePublisherId: ids.courseIri,
        endpoint: `${origin}/xapi/`,
        auUrl: `${origin}${launchUrl}`,
        masteryScore: hasAssessment ? mastery : undefined,
        moveOn: MOVE_ON[course.settings.completion],
        launchMode: mode === 'browse' ? 'Browse' : mode === 'review' ? 'Review' : 'Normal',
        returnURL: `${origin}/return?${new URLSearchParams({learner: learner.id, lang, course: course.id})}`,
        registration: reg.registration,
      });
      await setLanguagePreference(learner, lang);
      launchUrl = l.url!;
      config.registration = reg.registration;
      config.sessionId = l.sessionId;
      launchData = lrs.getState(l.activityId, actorOf(learner), 'LMS.LaunchData', reg.registration);
    }
    config.packageUrl = launchUrl;
    log(`launch ${course.id} ${format} for ${learner.id} (${lang}, ${mode})`);
    sendHtml(
      res,
      200,
      launchPage({course, format, learner, lang, mode, config, launchUrl, backUrl: back, launchData, source}),
    );
  }

  // ------------------------------------------------------------------ HTTP
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    const path = url.pathname;
    if (path.startsWith('/xapi')) {
      if (await lrs.handle(req, res)) return;
    }
    // HEAD is answered as GET (node:http sends no body for it)
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    if (method === 'GET' && path === '/') return catalogue(res, url);
    if (method === 'GET' && path === '/favicon.ico') return send(res, 204, '', 'text/plain');
    if (method === 'GET' && path.startsWith('/static/'))
      return serveFile(res, STATIC_DIR, path.slice('/static/'.length));
    if (method === 'GET' && path.startsWith('/vendor/scorm-again/'))
      return serveFile(res, vendorDir, path.slice('/vendor/scorm-again/'.length), 'public, max-age=3600');
    if (method === 'GET' && path.startsWith('/packages/')) return servePackage(res, path);
    if (method === 'GET' && path.startsWith('/releases/')) return serveRelease(res, path);
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/launch\/([^/]+)\/([^/]+)\/?$/.exec(path)))
      return launch(req, res, decodeURIComponent(m[1]!), m[2]!, url);
    if (method === 'GET' && path === '/return') {
      const p = new URLSearchParams({
        learner: url.searchParams.get('learner') ?? '',
        lang: url.searchParams.get('lang') ?? '',
      });
      if (url.searchParams.get('course')) p.set('returned', url.searchParams.get('course')!);
      return sendHtml(res, 200, returnPage(`/?${p}`));
    }
    if (
      method === 'POST' &&
      (m = /^\/api\/scorm\/commit\/([^/]+)\/([^/]+)\/(scorm12|scorm2004)\/([^/]+)$/.exec(path))
    ) {
      return scormCommit(
        req,
        res,
        decodeURIComponent(m[1]!),
        decodeURIComponent(m[2]!),
        m[3] as ScormFormat,
        m[4]!,
        url.searchParams.get('final') === 'true',
      );
    }
    if (method === 'GET' && (m = /^\/api\/scorm\/([^/]+)\/([^/]+)\/(scorm12|scorm2004)$/.exec(path))) {
      const rec = store.scormRecord(decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), m[3] as ScormFormat);
      if (!rec) throw new HttpError(404, 'no SCORM record for this learner, course and format');
      return sendJson(res, 200, {...rec, summary: summariseScorm(rec), flat: Object.fromEntries(flattenCmi(rec.cmi))});
    }
    if (method === 'GET' && path === '/api/records') {
      const f = {
        learner: url.searchParams.get('learner') ?? undefined,
        course: url.searchParams.get('course') ?? undefined,
        format: url.searchParams.get('format') ?? undefined,
      };
      return sendJson(res, 200, records(f));
    }
    if (method === 'GET' && path === '/api/statements') {
      const learner = url.searchParams.get('learner') ?? '';
      const course = url.searchParams.get('course') ?? '';
      const format = url.searchParams.get('format');
      if (format !== 'xapi' && format !== 'cmi5') throw new HttpError(400, 'format must be xapi or cmi5');
      const reg = store.registration(learner, course, format);
      if (!reg) throw new HttpError(404, 'no registration for this learner, course and format');
      return sendJson(res, 200, {
        registration: reg.registration,
        statements: lrs.queryStatements({registration: reg.registration, ascending: true}),
      });
    }
    if (method === 'GET' && path === '/api/courses') return sendJson(res, 200, coursesJson());
    if (method === 'GET' && path === '/api/releases') return sendJson(res, 200, shelf.list());
    if (method === 'GET' && path === '/api/status') {
      return sendJson(res, 200, {
        ready: !building,
        watch: library.watchMode,
        coursesDir,
        dataDir,
        learners: SAMPLE_LEARNERS,
        formats: FORMATS,
      });
    }
    if (method === 'GET' && path === '/api/events') return events(req, res, url);
    if (method === 'POST' && path === '/api/reset') return reset(req, res);
    throw new HttpError(404, `Nothing at ${path}.`);
  }

  function catalogue(res: ServerResponse, url: URL) {
    const learner = findLearner(url.searchParams.get('learner')) ?? SAMPLE_LEARNERS[0]!;
    const langParam = url.searchParams.get('lang') ?? '';
    const lang = (UN_LANGUAGES as readonly string[]).includes(langParam) ? langParam : learner.language;
    const modeParam = url.searchParams.get('mode') ?? 'normal';
    const mode = ['normal', 'browse', 'review'].includes(modeParam) ? modeParam : 'normal';
    const returned = url.searchParams.get('returned');
    const notice =
      url.searchParams.get('notice') === 'reset'
        ? 'Every record has been deleted.'
        : returned
          ? `${learner.name} returned from ${library.get(returned)?.course ? (library.get(returned)!.course!.content[lang]?.title ?? library.get(returned)!.course!.content[library.get(returned)!.course!.languages[0]]?.title) : returned}.`
          : undefined;
    sendHtml(
      res,
      200,
      cataloguePage({
        entries: library.list(),
        releases: shelf.list(),
        releasesDir: shelf.dir,
        learner,
        lang,
        mode,
        records: records({learner: learner.id}),
        notice,
        building,
        watchMode: library.watchMode,
        coursesDir,
      }),
    );
  }

  async function servePackage(res: ServerResponse, path: string) {
    const m = /^\/packages\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
    if (!m) throw new HttpError(404, 'A package URL is /packages/<course>/<version>/<build>/<format>/<file>.');
    const [, id, version, build, format, rest] = m;
    if (!isFormat(format!)) throw new HttpError(404, `There is no format ${format}.`);
    const entry = library.get(decodeURIComponent(id!));
    if (!entry?.course) throw new HttpError(404, `There is no compiled course ${id}.`);
    if (entry.course.version !== decodeURIComponent(version!) || entry.build !== build) {
      throw new HttpError(
        404,
        `This build of ${id} has been replaced by an edit; launch the course again from the catalogue.`,
      );
    }
    const files = await library.packageFiles(entry.id, format, build!);
    if (!files) throw new HttpError(404, `This build of ${id} has been replaced; launch again.`);
    sendPackageFile(res, files, decodeURIComponent(rest || 'index.html'), `the ${format} package of ${id}`);
  }

  function sendPackageFile(res: ServerResponse, files: ReadonlyMap<string, Uint8Array>, name: string, what: string) {
    const data = files.get(name);
    if (!data) throw new HttpError(404, `${what} has no file ${name}.`);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': data.byteLength,
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': PACKAGE_CSP,
      'X-Content-Type-Options': 'nosniff',
      ...(name === 'sw.js' ? {'Service-Worker-Allowed': './'} : {}),
    });
    res.end(data);
  }

  function serveRelease(res: ServerResponse, path: string) {
    const m = /^\/releases\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
    if (!m) throw new HttpError(404, 'A release package URL is /releases/<id>-<version>-<format>/<sig>/<file>.');
    const rp = shelf.get(decodeURIComponent(m[1]!));
    if (!rp) throw new HttpError(404, `There is no release package ${m[1]}.zip in ${shelf.dir}.`);
    if (rp.sig !== m[2])
      throw new HttpError(404, `${rp.file} has been rewritten since this launch; launch it again from the catalogue.`);
    sendPackageFile(res, shelf.open(rp).files, decodeURIComponent(m[3] || 'index.html'), rp.file);
  }

  function serveFile(res: ServerResponse, dir: string, rel: string, cache = 'no-cache') {
    const file = normalize(join(dir, decodeURIComponent(rel)));
    if (!file.startsWith(dir + sep) || !existsSync(file)) throw new HttpError(404, `No file ${rel}.`);
    const data = readFileSync(file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': data.byteLength,
      'Cache-Control': cache,
    });
    res.end(data);
  }

  async function scormCommit(
    req: IncomingMessage,
    res: ServerResponse,
    learner: string,
    course: string,
    format: ScormFormat,
    sessionId: string,
    final: boolean,
  ) {
    const text = (await readBody(req)).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const outcome = store.commit(learner, course, format, sessionId, body, final);
    const topic = {learner, course, format};
    const at = new Date().toISOString();
    if (outcome.record) {
      publishRecord(topic, {
        cmi: flattenCmi(outcome.record.cmi),
        commit: {accepted: outcome.accepted, reason: outcome.reason, final, at, session: sessionId},
      });
    }
    if (!outcome.accepted) log(`refused a commit of ${learner} in ${course} (${format}): ${outcome.reason}`);
    sendJson(
      res,
      200,
      outcome.accepted
        ? {result: 'true', errorCode: 0}
        : {result: 'false', errorCode: 101, errorMessage: outcome.reason},
    );
  }

  function events(req: IncomingMessage, res: ServerResponse, url: URL) {
    const learner = url.searchParams.get('learner') ?? undefined;
    const course = url.searchParams.get('course') ?? undefined;
    const format = url.searchParams.get('format') ?? undefined;
    if (!course || !format) {
      hub.open(req, res, {learner}, 'catalogue');
      return;
    }
    const initial: {event: string; data: unknown}[] = [];
    if (learner && (format === 'scorm12' || format === 'scorm2004')) {
      const rec = store.scormRecord(learner, course, format);
      if (rec) initial.push({event: 'record', data: {summary: summariseScorm(rec), cmi: flattenCmi(rec.cmi)}});
    } else if (learner && (format === 'xapi' || format === 'cmi5')) {
      const reg = store.registration(learner, course, format);
      if (reg) {
        const statements = lrs.queryStatements({registration: reg.registration, ascending: true});
        for (const s of statements) initial.push({event: 'statement', data: s});
        initial.push({event: 'record', data: {summary: summariseStatements(reg, statements, activityIdOf(reg) ?? '')}});
      }
    }
    hub.open(req, res, {learner, course, format}, 'launch', initial);
  }

  async function reset(req: IncomingMessage, res: ServerResponse) {
    const text = (await readBody(req)).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    let confirmed = false;
    if (/json/.test(type)) {
      try {
        confirmed = JSON.parse(text)?.confirm === true;
      } catch {
        confirmed = false;
      }
    } else confirmed = new URLSearchParams(text).get('confirm') === 'yes';
    if (!confirmed)
      throw new HttpError(400, 'Reset needs confirmation: send confirm=yes (form) or {"confirm": true} (JSON).');
    store.reset();
    lrs.reset();
    log('every record deleted');
    hub.publish('reset', {}, {}, 'all');
    if (/json/.test(type)) return sendJson(res, 200, {reset: true});
    res.writeHead(303, {Location: '/?notice=reset'});
    res.end();
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      const status = e instanceof HttpError ? e.status : 500;
      const message = e instanceof Error ? e.message : String(e);
      if (status === 500)
        log(`error on ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? message) : message}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      const wantsJson = (req.url ?? '').startsWith('/api/') || /json/.test(String(req.headers.accept ?? ''));
      if (wantsJson) sendJson(res, status, {error: true, status, message});
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
  selfUrl = `http://${shownHost}:${actualPort}/`;
  log(`Preview LMS: ${selfUrl}  (courses: ${coursesDir}; records: ${dataDir})`);
  log('Compiling the courses and building the players…');
  const t0 = Date.now();
  const ready = library.start().then(
    () => {
      building = false;
      const list = library.list();
      const broken = list.filter((e) => !e.course);
      log(
        `Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${list.length - broken.length} course(s)${broken.length ? `, ${broken.length} that do not compile (${broken.map((e) => e.id).join(', ')})` : ''}; watching: ${library.watchMode}. Open ${selfUrl}`,
      );
      hub.publish('catalogue', {courses: coursesJson()}, {}, 'catalogue');
    },
    (e) => {
      building = false;
      log(`The preview could not build: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  if (opts.waitUntilReady !== false) await ready;

  return {
    url: selfUrl,
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

function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        fail(new HttpError(413, `The request body is over ${limit} bytes.`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function send(res: ServerResponse, status: number, body: string, type: string) {
  res.writeHead(status, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store'});
  res.end(body);
}
function sendHtml(res: ServerResponse, status: number, html: string) {
  send(res, status, html, 'text/html; charset=utf-8');
}
function sendJson(res: ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body, null, 1), 'application/json; charset=utf-8');
}

export {TRACKED_FORMATS};
