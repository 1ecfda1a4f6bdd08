// The LMSs managers use, as the tests meet them: each profile a documented set of behaviours applied to an LMS page
// where scorm-again hosts the SCORM API (`API` for 1.2, `API_1484_11` for 2004), the way that LMS hosts a course.
// Each behaviour and where it is documented is in docs/lms-compatibility.md ("What each LMS does to a course").
//
// The LMS page (`lmsHostPage`) keeps the learner's record on the test server (`LmsRecords`), as an LMS keeps it on
// its own: what a Commit it accepted holds (the quirks deciding what is really stored), and, for most LMSs, what is
// set when the course calls LMSFinish/Terminate. The next launch is seeded from that record (SCORM 2004: a new
// attempt unless the last exit was `suspend`, as the RTE's `cmi.entry` says; 1.2: `entry` resume after a suspend).

import type {HacpQuirks} from './hacp-server.js';

/** What an LMS does differently from a strict reading of the standard. */
export interface Quirks {
  /** how the course is opened: in a frame of the LMS page, several frames deep, or in a window of its own */
  layout: 'frame' | 'nested' | 'popup';
  /** frames between the LMS page and the course (layout `nested`) */
  depth?: number;
  /** the API appears on the LMS window this long after the course has started loading */
  apiLateMs?: number;
  /** GetValue of these elements fails with error 401 (not implemented) and returns "" */
  unsupported?: string[];
  /** `cmi.core.lesson_mode` / `cmi.mode` read as "" (never set by the LMS) */
  noLessonMode?: boolean;
  /** the longest suspend data the LMS takes, per version; longer is refused (405) */
  suspendMax?: {'1.2': number; '2004': number};
  /** LMSFinish/Terminate stores nothing: only what a Commit carried is kept */
  finishStoresNothing?: boolean;
  /** every launch is a new attempt: nothing of the last one is given to the course */
  newAttemptEachLaunch?: boolean;
  /** every Nth Commit returns "true" and is not stored */
  commitLostEvery?: number;
  /** these characters are removed from suspend data when it is stored */
  stripFromSuspend?: string;
  /** a Commit while the LMS page is being left (unload) returns "false" with error 391 */
  commitFailsInUnload?: boolean;
  /** session time over this many hours refused (405) */
  maxSessionHours?: number;
  /** SCORM 2004: the SCO is marked completed when it terminates, unless its manifest says the content sets completion */
  completesOnExitUnlessContentSets?: boolean;
}

export interface LmsProfile {
  id: string;
  name: string;
  /** the SCORM versions the LMS plays */
  versions: ('1.2' | '2004')[];
  quirks: Quirks;
  /** where the LMS launches AICC HACP: the parameter names it writes, and what it does with HACP */
  aicc?: {names: {sid: string; url: string}; quirks: HacpQuirks};
}

/** The standard's own limits (SCORM 1.2 CMIString4096; 2004 4th Edition, 64,000 characters). */
const STANDARD_SUSPEND = {'1.2': 4096, '2004': 64000};

export const LMS_PROFILES: LmsProfile[] = [
  {
    id: 'adl-strict',
    name: 'ADL strict (the standard as written)',
    versions: ['1.2', '2004'],
    quirks: {layout: 'frame', suspendMax: STANDARD_SUSPEND, maxSessionHours: 9999},
  },
  {
    id: 'moodle',
    name: 'Moodle (new window)',
    versions: ['1.2', '2004'],
    quirks: {layout: 'popup', suspendMax: STANDARD_SUSPEND},
    aicc: {names: {sid: 'aicc_sid', url: 'aicc_url'}, quirks: {}},
  },
  {
    id: 'totara',
    name: 'Totara (Moodle SCORM, force new attempt: always)',
    versions: ['1.2', '2004'],
    quirks: {layout: 'frame', suspendMax: STANDARD_SUSPEND, newAttemptEachLaunch: true},
    aicc: {names: {sid: 'aicc_sid', url: 'aicc_url'}, quirks: {}},
  },
  {
    id: 'cornerstone',
    name: 'Cornerstone OnDemand',
    versions: ['1.2', '2004'],
    quirks: {layout: 'nested', depth: 3, commitFailsInUnload: true, suspendMax: {'1.2': 4096, '2004': 4096}},
    aicc: {names: {sid: 'aicc_sid', url: 'aicc_url'}, quirks: {beaconIgnored: true}},
  },
  {
    id: 'successfactors',
    name: 'SAP SuccessFactors Learning',
    versions: ['1.2', '2004'],
    quirks: {layout: 'popup', completesOnExitUnlessContentSets: true},
    aicc: {names: {sid: 'AICC_SID', url: 'AICC_URL'}, quirks: {putLostEvery: 3, stripFromCoreLesson: `"'<>\\`}},
  },
  {
    id: 'workday',
    name: 'Workday Learning',
    versions: ['1.2', '2004'],
    quirks: {layout: 'frame', apiLateMs: 1200, noLessonMode: true},
  },
  {
    id: 'docebo',
    name: 'Docebo',
    versions: ['1.2', '2004'],
    quirks: {layout: 'frame', suspendMax: STANDARD_SUSPEND, finishStoresNothing: true},
  },
  {
    id: 'talentlms',
    name: 'TalentLMS',
    versions: ['1.2', '2004'],
    quirks: {layout: 'frame', commitLostEvery: 2, stripFromSuspend: `"'<>\\`},
  },
  {
    id: 'canvas',
    name: 'Canvas with a SCORM app',
    versions: ['1.2', '2004'],
    quirks: {
      layout: 'nested',
      depth: 2,
      unsupported: [
        'cmi.student_preference.language',
        'cmi.learner_preference.language',
        'cmi.interactions._count',
        'cmi.objectives._count',
      ],
    },
  },
];

/** A learner's record as the LMS keeps it (the last stored state; `seq` orders what arrives). */
export interface LmsRecord {
  seq: number;
  suspend: string;
  location: string;
  exit: string;
  /** 1.2 */
  status?: string;
  raw?: string;
  /** 2004 */
  completion?: string;
  success?: string;
  scaled?: string;
  /** LMSFinish/Terminate calls so far */
  finished: number;
  /** Commits the LMS answered "true" and did not store, refused during unload, and launches */
  lost: number;
  refusedInUnload: number;
  launches: number;
}

/** The records of the test server, by key; the LMS page reads and writes them over HTTP (`handle`). */
export class LmsRecords {
  private readonly records = new Map<string, LmsRecord>();

  get(key: string): LmsRecord | undefined {
    return this.records.get(key);
  }

  /** `GET /lms/record?key=` (the record, or null) and `POST /lms/record?key=` (a newer state, or counters). */
  handle(method: string, url: URL, body: string): {status: number; body: string} | null {
    if (url.pathname !== '/lms/record') return null;
    const key = url.searchParams.get('key') ?? '';
    if (method === 'GET') return {status: 200, body: JSON.stringify(this.records.get(key) ?? null)};
    const got = JSON.parse(body || '{}') as Partial<LmsRecord> & {
      count?: 'finished' | 'lost' | 'refusedInUnload' | 'launches';
    };
    const r: LmsRecord = this.records.get(key) ?? {
      seq: -1,
      suspend: '',
      location: '',
      exit: '',
      finished: 0,
      lost: 0,
      refusedInUnload: 0,
      launches: 0,
    };
    if (got.count) r[got.count]++;
    else if ((got.seq ?? -1) > r.seq) Object.assign(r, got);
    this.records.set(key, r);
    return {status: 204, body: ''};
  }
}

/** The page an LMS nests the course in (layout `nested`): `/lms/nest.html?d=<frames left>&src=<course>`. */
export function nestPage(url: URL): string {
  const d = Number(url.searchParams.get('d') ?? '0');
  const src = url.searchParams.get('src') ?? '';
  const next = d > 0 ? `/lms/nest.html?${new URLSearchParams({d: String(d - 1), src})}` : src;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS frame ${d}</title></head>
<body style="margin:0"><iframe title="Course" src="${next.replace(/"/g, '&quot;')}" style="width:100%;height:95vh;border:0"></iframe></body></html>`;
}

/**
 * The LMS page of `profile` for a SCORM `version` launch of the package at `packagePath` (its manifest beside it)
 * for `key` (one learner's record). `window.lms` for the test: `go()` opens the course where the layout is a
 * window of its own (`popup`, opened at once otherwise).
 */
export function lmsHostPage(profile: LmsProfile, version: '1.2' | '2004', packagePath: string, key: string): string {
  const q = profile.quirks;
  const module = version === '1.2' ? 'scorm12' : 'scorm2004';
  const cls = version === '1.2' ? 'Scorm12API' : 'Scorm2004API';
  const global = version === '1.2' ? 'API' : 'API_1484_11';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${profile.name}</title>
<script type="module">
import {${cls}} from '/vendor/scorm-again/${module}.min.js';
const Q = ${JSON.stringify(q)};
const V = ${JSON.stringify(version)};
const KEY = ${JSON.stringify(key)};
const PKG = ${JSON.stringify(packagePath)};
const post = (body) => fetch('/lms/record?key=' + encodeURIComponent(KEY), {method: 'POST', body: JSON.stringify(body), keepalive: true});
const kept = await (await fetch('/lms/record?key=' + encodeURIComponent(KEY))).json();
await post({count: 'launches'});
// SCORM 2004: a new attempt unless the last one was suspended; 1.2 LMSs give the suspend data back
const resume = !!kept && !Q.newAttemptEachLaunch && (V === '1.2' || kept.exit === 'suspend');
const api = new ${cls}({autocommit: false, logLevel: 5});
if (V === '1.2') {
  api.loadFromJSON({suspend_data: resume ? kept.suspend : '', core: {student_id: 'learner-1', student_name: 'Doe, Jane',
    lesson_mode: 'normal', credit: 'credit', entry: resume && kept.exit === 'suspend' ? 'resume' : 'ab-initio',
    lesson_location: resume ? kept.location : '', lesson_status: resume ? kept.status : 'not attempted'}});
} else {
  api.loadFromJSON({learner_id: 'learner-1', learner_name: 'Doe, Jane', mode: 'normal', credit: 'credit',
    entry: resume ? 'resume' : 'ab-initio', location: resume ? kept.location : '', suspend_data: resume ? kept.suspend : '',
    completion_status: resume ? kept.completion : 'unknown', success_status: resume ? kept.success : 'unknown'});
}
const N = V === '1.2'
  ? {get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish'}
  : {get: 'GetValue', set: 'SetValue', commit: 'Commit', finish: 'Terminate'};
const EL = V === '1.2'
  ? {suspend: 'cmi.suspend_data', time: 'cmi.core.session_time', mode: 'cmi.core.lesson_mode'}
  : {suspend: 'cmi.suspend_data', time: 'cmi.session_time', mode: 'cmi.mode'};
const snap = () => V === '1.2'
  ? {suspend: api.cmi.suspend_data, location: api.cmi.core.lesson_location, exit: api.cmi.core._exit ?? '',
     status: api.cmi.core.lesson_status, raw: String(api.cmi.core.score.raw)}
  : {suspend: api.cmi.suspend_data, location: api.cmi.location, exit: api.cmi.session?._exit ?? api.cmi._exit ?? '',
     completion: api.cmi.completion_status, success: api.cmi.success_status, scaled: String(api.cmi.score.scaled)};
let seq = Date.now() * 1000;
const strip = Q.stripFromSuspend ? new RegExp('[' + Q.stripFromSuspend.replace(/[\\]\\\\^-]/g, '\\\\$&') + ']', 'g') : null;
const store = (s) => post({...s, suspend: strip ? s.suspend.replace(strip, '') : s.suspend, seq: ++seq});
const get = api[N.get].bind(api);
api[N.get] = (e) => {
  if (Q.unsupported?.includes(e)) { api.lastErrorCode = '401'; return ''; }
  if (Q.noLessonMode && e === EL.mode) return '';
  return get(e);
};
const set = api[N.set].bind(api);
api[N.set] = (e, v) => {
  const max = Q.suspendMax?.[V];
  if (e === EL.suspend && max !== undefined && String(v).length > max) { api.lastErrorCode = '405'; return 'false'; }
  if (e === EL.time && Q.maxSessionHours !== undefined) {
    const h = V === '1.2' ? Number(String(v).split(':')[0]) : Number((/(\\d+)H/.exec(String(v)) ?? [0, 0])[1]);
    if (h > Q.maxSessionHours) { api.lastErrorCode = '405'; return 'false'; }
  }
  return set(e, v);
};
// the LMS page's own pagehide comes before its frames' (HTML: unloading a document unloads its children after it)
let unloading = false;
addEventListener('pagehide', () => (unloading = true));
let commits = 0;
const commit = api[N.commit].bind(api);
api[N.commit] = (p) => {
  if (Q.commitFailsInUnload && (unloading || document.visibilityState === 'hidden')) {
    void post({count: 'refusedInUnload'});
    api.lastErrorCode = '391';
    return 'false';
  }
  const r = commit(p);
  if (r === 'true') {
    commits++;
    if (Q.commitLostEvery && commits % Q.commitLostEvery === 0) void post({count: 'lost'});
    else void store(snap());
  }
  return r;
};
let contentSetsCompletion = true;
if (Q.completesOnExitUnlessContentSets && V === '2004') {
  const manifest = await (await fetch(new URL('imsmanifest.xml', new URL(PKG, location.href)))).text().catch(() => '');
  contentSetsCompletion = /completionSetByContent="true"/.test(manifest);
}
const finish = api[N.finish].bind(api);
api[N.finish] = (p) => {
  const s = snap();
  const r = finish(p);
  if (!contentSetsCompletion) s.completion = 'completed';
  if (!Q.finishStoresNothing || !contentSetsCompletion) void store(s);
  void post({count: 'finished'});
  return r;
};
const put = () => (window[${JSON.stringify(global)}] = api);
const lms = {api, go: null};
window.lms = lms;
if (!Q.apiLateMs) put();
let target = PKG;
if (Q.layout === 'nested') target = '/lms/nest.html?' + new URLSearchParams({d: String((Q.depth ?? 2) - 1), src: PKG});
const open = () => {
  if (Q.layout === 'popup') window.open(target, 'course');
  else {
    const f = document.createElement('iframe');
    f.title = 'Course';
    f.style.cssText = 'width:100%;height:95vh;border:0';
    f.src = target;
    document.body.append(f);
  }
  if (Q.apiLateMs) setTimeout(put, Q.apiLateMs);
};
lms.go = open;
if (Q.layout !== 'popup') open();
document.body.dataset.ready = 'true';
</script></head><body style="margin:0"></body></html>`;
}
