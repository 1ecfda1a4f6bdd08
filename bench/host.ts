/**
 * A tiny LMS-like web server for the load timings: it serves the release packages `ict package` wrote, unpacked
 * from their zips, as a web server or LMS does (gzip where the browser accepts it, the packages' strict CSP), the
 * preview's LRS under `/xapi/`, and a host page that launches a package in an iframe as an LMS does: for SCORM with
 * scorm-again as the LMS side; for xAPI and cmi5 with the launch URL the LRS module makes. `window.__launch(url?)`
 * launches, so the LMS page itself is loaded before the network is slowed (or cut) and only the course counts.
 */
import {existsSync, readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import {createRequire} from 'node:module';
import type {AddressInfo} from 'node:net';
import {dirname, extname, join, normalize, sep} from 'node:path';
import {gzipSync} from 'node:zlib';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import type {CompiledCourse} from '../src/course/types.js';
import {identifiers, moveOnOf, unzipFiles, type Format} from '../src/package/index.js';
import {createLrs, type Agent} from '../src/preview/lrs/lrs.js';
import {PACKAGE_CSP} from '../src/preview/server.js';

export interface Host {
  url: string;
  /** the host page for a launch of `stem` in `format` */
  hostPage(format: Format, stem: string): string;
  /** the URL the LMS puts in the frame: the package's page, with the xAPI or cmi5 launch parameters (a new registration) */
  launchUrl(format: Format, stem: string, course: CompiledCourse): string;
  close(): Promise<void>;
}

const ACTOR: Agent = {
  objectType: 'Agent',
  name: 'Bench Learner',
  account: {homePage: 'https://lms.example.org', name: 'bench'},
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.xsd': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.json', '.webmanifest', '.css', '.svg', '.xml', '.xsd']);

const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<style>html,body{margin:0;height:100%}iframe{border:0;width:100%;height:100%}</style></head>
<body><main id="main"></main>
<script type="module">
const params = new URLSearchParams(location.search);
const format = params.get('format');
const scorm = format === 'scorm12' || format === 'scorm2004';
const v12 = format === 'scorm12';
const mod = scorm ? await import(v12 ? '/vendor/scorm-again/scorm12.min.js' : '/vendor/scorm-again/scorm2004.min.js') : null;
const seed = v12
  ? {core: {student_id: 'bench', student_name: 'Bench, Learner', lesson_mode: 'normal', credit: 'credit', entry: 'ab-initio'}}
  : {learner_id: 'bench', learner_name: 'Learner Bench', mode: 'normal', credit: 'credit', entry: 'ab-initio'};
// each launch gets a fresh LMS session (a new API object) and a new frame, as a relaunch from the LMS does
window.__launch = (url) => {
  if (scorm) {
    const api = v12 ? new mod.Scorm12API({autocommit: false, logLevel: 5}) : new mod.Scorm2004API({autocommit: false, logLevel: 5});
    api.loadFromJSON(seed);
    if (v12) window.API = api; else window.API_1484_11 = api;
  }
  document.getElementById('course-frame')?.remove();
  const frame = document.createElement('iframe');
  frame.id = 'course-frame';
  frame.title = 'Course';
  frame.src = url || '/pkg/' + encodeURIComponent(params.get('pkg')) + '/index.html';
  document.getElementById('main').append(frame);
};
window.__hostReady = true;
</script></body></html>`;

function scormAgainDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('scorm-again/scorm12')), 'esm');
}

/** Serves `<packagesDir>/<stem>.zip` at `/pkg/<stem>/`, the host page at `/host.html?format=scorm12&pkg=<stem>`. */
export async function startHost(packagesDir: string): Promise<Host> {
  const vendor = scormAgainDir();
  const lrsDir = mkdtempSync(join(tmpdir(), 'ict-bench-host-lrs-'));
  const lrs = createLrs({dataDir: lrsDir, basePath: '/xapi/'});
  const packages = new Map<string, Map<string, {data: Uint8Array; gzip?: Uint8Array}>>();
  const open = async (stem: string) => {
    let p = packages.get(stem);
    if (!p) {
      const zip = join(packagesDir, `${stem}.zip`);
      if (!/^[a-z0-9.+-]+$/i.test(stem) || !existsSync(zip)) return undefined;
      p = new Map();
      for (const [name, data] of unzipFiles(new Uint8Array(await readFile(zip)))) {
        p.set(name, {data, gzip: COMPRESSIBLE.has(extname(name)) ? gzipSync(data) : undefined});
      }
      packages.set(stem, p);
    }
    return p;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (await lrs.handle(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://host.invalid');
      const path = decodeURIComponent(url.pathname);
      const gzipOk = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (path === '/hacp' && req.method === 'POST') {
        // an AICC launch's LMS: a new learner at every GetParam, every PutParam and ExitAU stored (and forgotten)
        for await (const _ of req) void _;
        res.writeHead(200, {'Content-Type': 'text/plain', 'Cache-Control': 'no-store'});
        return res.end(HACP_ANSWER);
      }
      if (path === '/host.html') {
        res.writeHead(200, {'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-store'});
        return res.end(HOST_PAGE);
      }
      if (path.startsWith('/vendor/scorm-again/')) {
        const file = normalize(join(vendor, path.slice('/vendor/scorm-again/'.length)));
        if (!file.startsWith(vendor + sep) || !existsSync(file)) return notFound(res);
        res.writeHead(200, {'Content-Type': TYPES['.js']!, 'Cache-Control': 'max-age=3600'});
        return res.end(readFileSync(file));
      }
      const m = /^\/pkg\/([^/]+)\/(.*)$/.exec(path);
      if (!m) return notFound(res);
      const files = await open(m[1]!);
      const file = files?.get(m[2] || 'index.html');
      if (!file) return notFound(res);
      const name = m[2] || 'index.html';
      const body = gzipOk && file.gzip ? file.gzip : file.data;
      res.writeHead(200, {
        'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
        'Content-Length': body.byteLength,
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': PACKAGE_CSP,
        'X-Content-Type-Options': 'nosniff',
        Vary: 'Accept-Encoding',
        ...(body === file.gzip ? {'Content-Encoding': 'gzip'} : {}),
        ...(name === 'sw.js' ? {'Service-Worker-Allowed': './'} : {}),
      });
      res.end(body);
    })().catch((e) => {
      if (!res.headersSent) res.writeHead(500, {'Content-Type': 'text/plain'});
      res.end(String(e));
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let sessions = 0;
  const origin = url.slice(0, -1);
  return {
    url,
    hostPage: (format, stem) => `${url}host.html?${new URLSearchParams({format, pkg: stem})}`,
    launchUrl(format, stem, course) {
      const page = `${origin}/pkg/${encodeURIComponent(stem)}/index.html`;
      const ids = identifiers(course);
      if (format === 'xapi')
        return lrs.createXapiLaunch({actor: ACTOR, activityId: ids.courseIri, endpoint: `${origin}/xapi/`, auUrl: page})
          .url!;
      if (format === 'cmi5') {
        const hasAssessment = !!course.content[course.languages[0]!]?.assessment;
        return lrs.createCmi5Launch({
          actor: ACTOR,
          activityId: ids.auIri,
          courseIri: ids.courseIri,
          endpoint: `${origin}/xapi/`,
          auUrl: page,
          masteryScore: hasAssessment ? course.settings.masteryScore : undefined,
          moveOn: moveOnOf(course),
          launchMode: 'Normal',
          returnURL: `${origin}/host.html?returned=1`,
        }).url!;
      }
      if (format === 'aicc')
        return `${page}?${new URLSearchParams({aicc_sid: `bench-${++sessions}`, aicc_url: `${origin}/hacp`})}`;
      return page;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(lrsDir, {recursive: true, force: true});
    },
  };
}

/** Every HACP answer of the bench's LMS: success, and (read by GetParam) a learner who has not started. */
const HACP_ANSWER = [
  'error=0',
  'error_text=Successful',
  'aicc_data=',
  '[Core]',
  'Student_ID=bench',
  'Student_Name=Bench, Learner',
  'Lesson_Location=',
  'Credit=credit',
  'Lesson_Status=not attempted, ab-initio',
  'Score=',
  'Time=00:00:00',
  'Lesson_Mode=normal',
  '[Core_Lesson]',
  '',
].join('\r\n');

function notFound(res: import('node:http').ServerResponse) {
  res.writeHead(404, {'Content-Type': 'text/plain'});
  res.end('not found');
}
