// The LMS page of a SCORM 1.2 launch for the end-to-end tests, served by the test servers at `/host/scorm12.html`:
// scorm-again's `Scorm12API` on `window.API` (as an LMS hosts it), the package in a frame below.
import {readFileSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {contentType} from './packages.js';

const require = createRequire(import.meta.url);
const SCORM_AGAIN_ESM = join(dirname(require.resolve('scorm-again/scorm12')), 'esm');

/** Serves scorm-again's ES modules under `/vendor/scorm-again/`; false where `path` is not one of them. */
export function serveScormAgain(path: string, res: ServerResponse): boolean {
  if (!path.startsWith('/vendor/scorm-again/')) return false;
  res.writeHead(200, {'Content-Type': contentType('x.js')});
  res.end(readFileSync(join(SCORM_AGAIN_ESM, path.slice('/vendor/scorm-again/'.length).replace(/\.\./g, ''))));
  return true;
}

export interface ScormHostOptions {
  /** the package's page, e.g. `/scorm12/index.html` */
  packagePath: string;
  /**
   * Where given, what a commit the LMS accepts holds (suspend data, location, status) is kept in localStorage under
   * this learner, as an LMS keeps it on its server, and seeds the next launch (`entry` resume). Where not, every load
   * of the page is a new LMS session with nothing kept.
   */
  learner?: string;
  /** wait for `lms.go()` before framing the package (so a test can `lms.seed()` first) */
  hold?: boolean;
}

/**
 * The page. `window.lms` is what tests read and break:
 * - `commits` (every LMSCommit: when, the suspend data, status and location then, and its result), `accepted`,
 *   `refused`, `finished` (LMSFinish calls), `launchedWith` (what was kept for the learner at launch), `kept()`;
 * - `refuse` = 'false' | 'throw' makes LMSCommit fail; `vanish()` deletes `window.API` and makes every call throw;
 * - `seed(suspendData)` before the frame loads, then `go()` (with `hold`).
 */
export function scormHostPage({packagePath, learner, hold = false}: ScormHostOptions): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script type="module">
import {Scorm12API} from '/vendor/scorm-again/scorm12.min.js';
const learner = ${JSON.stringify(learner ?? null)};
const key = 'lms|' + learner;
const kept = learner ? JSON.parse(localStorage.getItem(key) || 'null') : null;
const api = new Scorm12API({autocommit: false, logLevel: 5});
const core = {student_id: learner ?? 'learner', student_name: 'Doe, Jane', lesson_mode: 'normal', credit: 'credit',
  entry: kept ? 'resume' : 'ab-initio', lesson_location: kept?.location ?? '', lesson_status: kept?.status ?? 'not attempted'};
api.loadFromJSON({suspend_data: kept?.suspend ?? '', core});
const lms = {commits: [], accepted: 0, refused: 0, finished: 0, refuse: null, api, launchedWith: kept};
window.lms = lms;
const commit = api.LMSCommit.bind(api);
api.LMSCommit = (p) => {
  if (lms.refuse === 'throw') { lms.refused++; throw new Error('LMS server unreachable'); }
  if (lms.refuse === 'false') { lms.refused++; api.lastErrorCode = '101'; return 'false'; }
  const r = commit(p);
  if (r === 'true') {
    lms.accepted++;
    if (learner) localStorage.setItem(key, JSON.stringify({suspend: api.cmi.suspend_data, location: api.cmi.core.lesson_location, status: api.cmi.core.lesson_status}));
  }
  lms.commits.push({at: Date.now(), suspend: api.cmi.suspend_data, status: api.cmi.core.lesson_status, location: api.cmi.core.lesson_location, result: r});
  return r;
};
const finish = api.LMSFinish.bind(api);
api.LMSFinish = (...a) => { lms.finished++; return finish(...a); };
lms.vanish = () => {
  delete window.API;
  for (const m of ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic']) {
    api[m] = () => { throw new Error('the LMS page is gone'); };
  }
};
lms.kept = () => (learner ? JSON.parse(localStorage.getItem(key) || 'null') : null);
lms.seed = (suspend) => api.loadFromJSON({suspend_data: suspend, core: {...core, entry: 'resume'}});
lms.go = () => {
  window.API = api;
  const f = document.createElement('iframe');
  f.title = 'Course';
  f.style.cssText = 'width:100%;height:90vh;border:0';
  f.src = ${JSON.stringify(packagePath)};
  document.body.append(f);
};
if (!${hold}) lms.go();
</script></head><body></body></html>`;
}
