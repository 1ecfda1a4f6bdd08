/**
 * What the preview LMS keeps about its learners, on disk in `<dataDir>/preview/`: the CMI data every SCORM launch
 * committed (per learner, course and format, with the sessions and attempts), and the xAPI/cmi5 registrations it
 * issued. Each file is JSON written atomically (a temporary file renamed over the old one), so a crash or a restart
 * never leaves half a file; the xAPI statements themselves live in the LRS's own folder (`<dataDir>/lrs/`).
 */
import {randomUUID} from 'node:crypto';
import {join} from 'node:path';
import {ensureDir, JsonFile} from './json-files.js';
import {isoSeconds, scorm12Seconds} from './time.js';

import type {ScormFormat as PackageScormFormat} from '../package/formats.js';
/** The formats whose records are CMI data: SCORM's, and AICC's (kept in the SCORM 1.2 shape). */
export type ScormFormat = PackageScormFormat | 'aicc';
/** Whether a format's CMI has SCORM 1.2's shape (`core.lesson_status`, `core.session_time`). */
export const cmi12Shaped = (format: string): boolean => format === 'scorm12' || format === 'aicc';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
export type Cmi = Record<string, any>;

export interface ScormSession {
  id: string;
  started: string;
  /** `ab-initio`, `resume` or `` as given to the SCO in `cmi.core.entry` / `cmi.entry` */
  entry: string;
  mode: string;
  /** total time of the attempt before this session, seconds */
  baseSeconds: number;
  /** this session's time as the SCO last reported it, seconds */
  seconds: number;
  commits: number;
  /** commits the LMS refused (for example a 1.2 suspend_data over 4,096 characters) */
  refused: number;
  lastCommit?: string;
  /** the commit sent by LMSFinish / Terminate arrived */
  finished?: boolean;
}

export interface ScormAttempt {
  attempt: number;
  status: string;
  score: number | null;
  seconds: number;
  ended: string;
}

export interface ScormRecord {
  learner: string;
  course: string;
  format: ScormFormat;
  courseVersion: string;
  /** the attempt number, from 1 */
  attempt: number;
  /** the `cmi` object of the last accepted commit, as scorm-again sent it (`dataCommitFormat: 'json'`) */
  cmi: Cmi | null;
  /** the sessions of this attempt, oldest first */
  sessions: ScormSession[];
  /** finished attempts, oldest first */
  previous: ScormAttempt[];
  updated: string;
  /** why the last refused commit was refused */
  lastRefusal?: {at: string; reason: string};
}

export interface Registration {
  learner: string;
  course: string;
  format: 'xapi' | 'cmi5';
  registration: string;
  created: string;
  courseVersion: string;
  launches: number;
  lastLaunch: string;
}

export interface CommitOutcome {
  accepted: boolean;
  /** why it was refused */
  reason?: string;
  record?: ScormRecord;
}

export const recordKey = (learner: string, course: string, format: string) => `${learner}|${course}|${format}`;

/** Reads a value at a dotted path of a CMI object (`core.lesson_status`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
export function cmiGet(cmi: Cmi | null | undefined, path: string): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
  let v: any = cmi;
  for (const p of path.split('.')) {
    if (v === null || v === undefined || typeof v !== 'object') return undefined;
    v = v[p];
  }
  return v;
}

/** A CMI object as `cmi.x.y` = value pairs, arrays and indexed objects as `.0.`, `.1.`, in order. */
export function flattenCmi(value: unknown, prefix = 'cmi'): [string, string][] {
  const out: [string, string][] = [];
  const walk = (v: unknown, p: string) => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}.${i}`));
    else if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // scorm-again renders CMI arrays as {childArray: [...]} in some versions
      if (Array.isArray(o.childArray)) return walk(o.childArray, p);
      for (const k of Object.keys(o)) walk(o[k], `${p}.${k}`);
    } else out.push([p, String(v)]);
  };
  walk(value, prefix);
  return out;
}

/** Status, score and time as the LMS's records table shows them. */
export function scormSummary(format: ScormFormat, cmi: Cmi | null) {
  if (!cmi)
    return {completion: 'not attempted', success: 'unknown', status: 'not attempted', score: null as number | null};
  if (cmi12Shaped(format)) {
    const status = String(cmiGet(cmi, 'core.lesson_status') || 'not attempted');
    const raw = Number.parseFloat(cmiGet(cmi, 'core.score.raw'));
    const max = Number.parseFloat(cmiGet(cmi, 'core.score.max'));
    const min = Number.parseFloat(cmiGet(cmi, 'core.score.min'));
    const lo = Number.isFinite(min) ? min : 0;
    const hi = Number.isFinite(max) && max > lo ? max : 100;
    const score = Number.isFinite(raw) ? Math.max(0, Math.min(1, (raw - lo) / (hi - lo))) : null;
    const completion =
      status === 'passed' || status === 'completed' || status === 'failed'
        ? 'completed'
        : status === 'not attempted'
          ? 'not attempted'
          : 'incomplete';
    const success = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown';
    return {completion, success, status, score};
  }
  const completion = String(cmiGet(cmi, 'completion_status') || 'unknown');
  const success = String(cmiGet(cmi, 'success_status') || 'unknown');
  const scaled = Number.parseFloat(cmiGet(cmi, 'score.scaled'));
  const status = success === 'unknown' ? completion : `${completion}, ${success}`;
  return {completion, success, status, score: Number.isFinite(scaled) ? scaled : null};
}

export interface PreviewStoreOptions {
  dataDir: string;
}

/** The SCORM records and xAPI/cmi5 registrations of the preview, persisted under `<dataDir>/preview/`. */
export class PreviewStore {
  readonly dir: string;
  private scormFile: JsonFile<Record<string, ScormRecord>>;
  private regFile: JsonFile<Record<string, Registration>>;
  private scorm: Record<string, ScormRecord>;
  private regs: Record<string, Registration>;

  constructor(opts: PreviewStoreOptions) {
    this.dir = join(opts.dataDir, 'preview');
    ensureDir(this.dir);
    this.scormFile = new JsonFile(join(this.dir, 'scorm.json'), () => ({}));
    this.regFile = new JsonFile(join(this.dir, 'registrations.json'), () => ({}));
    this.scorm = this.scormFile.load();
    this.regs = this.regFile.load();
  }

  scormRecord(learner: string, course: string, format: ScormFormat): ScormRecord | undefined {
    return this.scorm[recordKey(learner, course, format)];
  }
  /** The record and session of a session id (an AICC `aicc_sid`), or undefined. */
  scormSession(sessionId: string): {record: ScormRecord; session: ScormSession} | undefined {
    if (!sessionId) return undefined;
    for (const record of Object.values(this.scorm)) {
      const session = record.sessions.find((s) => s.id === sessionId);
      if (session) return {record, session};
    }
    return undefined;
  }
  allScorm(): ScormRecord[] {
    return Object.values(this.scorm);
  }
  registration(learner: string, course: string, format: 'xapi' | 'cmi5'): Registration | undefined {
    return this.regs[recordKey(learner, course, format)];
  }
  allRegistrations(): Registration[] {
    return Object.values(this.regs);
  }

  /**
   * Starts a SCORM session as an LMS does: resume the attempt where the SCO suspended it (`exit` = suspend). Where
   * the last attempt ended (1.2: a final status and no suspend; 2004: any exit but suspend), a normal launch opens it
   * again in review mode, as Moodle does by default: the learner sees what they achieved and nothing is recorded; a
   * new attempt starts only when the learner asks for one (`newAttempt`). Returns the session (with the mode the
   * launch gets) and the CMI the SCO finds at LMSInitialize (without learner, mode and preferences: the caller adds
   * those).
   */
  beginScormSession(
    learner: string,
    course: string,
    format: ScormFormat,
    courseVersion: string,
    requestedMode: string,
    newAttempt = false,
  ): {session: ScormSession; record: ScormRecord; resumed: boolean; cmi: Cmi | null} {
    let mode = requestedMode;
    const key = recordKey(learner, course, format);
    const now = new Date().toISOString();
    let rec = this.scorm[key];
    let resumed = false;
    if (rec?.cmi) {
      const exit = String(cmi12Shaped(format) ? (cmiGet(rec.cmi, 'core.exit') ?? '') : (cmiGet(rec.cmi, 'exit') ?? ''));
      const summary = scormSummary(format, rec.cmi);
      const ended = cmi12Shaped(format) ? exit !== 'suspend' && summary.completion === 'completed' : exit !== 'suspend';
      if (ended && mode === 'normal' && !newAttempt) mode = 'review';
      else if (ended && mode === 'normal') {
        rec.previous.push({
          attempt: rec.attempt,
          status: summary.status,
          score: summary.score,
          seconds: totalSeconds(rec),
          ended: rec.updated,
        });
        rec.attempt += 1;
        rec.cmi = null;
        rec.sessions = [];
      } else resumed = exit === 'suspend';
    }
    if (!rec) {
      rec = {learner, course, format, courseVersion, attempt: 1, cmi: null, sessions: [], previous: [], updated: now};
      this.scorm[key] = rec;
    }
    rec.courseVersion = courseVersion;
    const session: ScormSession = {
      id: randomUUID(),
      started: now,
      entry: rec.cmi ? (resumed ? 'resume' : '') : 'ab-initio',
      mode,
      baseSeconds: totalSeconds(rec),
      seconds: 0,
      commits: 0,
      refused: 0,
    };
    rec.sessions.push(session);
    rec.updated = now;
    this.scormFile.save(this.scorm);
    return {session, record: rec, resumed, cmi: rec.cmi};
  }

  /**
   * A commit from scorm-again (`{cmi: {...}}`, or a CommitObject with `runtimeData` when common fields are rendered).
   * Refuses what a strict LMS refuses: an unknown session, a body that is not CMI, a SCORM 1.2 `cmi.suspend_data`
   * over 4,096 characters (CMIString4096).
   */
  commit(
    learner: string,
    course: string,
    format: ScormFormat,
    sessionId: string,
    body: unknown,
    final: boolean,
  ): CommitOutcome {
    const rec = this.scorm[recordKey(learner, course, format)];
    const session = rec?.sessions.find((s) => s.id === sessionId);
    if (!rec || !session)
      return {
        accepted: false,
        reason: `no open session ${sessionId} for ${learner} in ${course} (${format}): launch the course again`,
      };
    const refuse = (reason: string): CommitOutcome => {
      session.refused += 1;
      rec.lastRefusal = {at: new Date().toISOString(), reason};
      rec.updated = rec.lastRefusal.at;
      this.scormFile.save(this.scorm);
      return {accepted: false, reason, record: rec};
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
    const b = body as Record<string, any> | null;
    const cmi = b && typeof b === 'object' ? (b.cmi ?? b.runtimeData?.cmi) : undefined;
    if (!cmi || typeof cmi !== 'object' || Array.isArray(cmi))
      return refuse('the commit body is not a JSON object with a `cmi` member');
    if (cmi12Shaped(format)) {
      const sd = cmiGet(cmi, 'suspend_data');
      if (typeof sd === 'string' && sd.length > 4096)
        return refuse(`cmi.suspend_data is ${sd.length} characters; SCORM 1.2 allows 4,096 (CMIString4096)`);
    }
    const sessionTime = cmi12Shaped(format)
      ? scorm12Seconds(cmiGet(cmi, 'core.session_time'))
      : isoSeconds(cmiGet(cmi, 'session_time'));
    if (Number.isFinite(sessionTime) && session.mode === 'normal') session.seconds = sessionTime;
    session.commits += 1;
    session.lastCommit = new Date().toISOString();
    if (final) session.finished = true;
    // A review or browse session is no-credit: the LMS keeps the attempt's data as it was.
    if (session.mode === 'normal') rec.cmi = cmi;
    rec.updated = session.lastCommit;
    this.scormFile.save(this.scorm);
    return {accepted: true, record: rec};
  }

  /** The xAPI/cmi5 registration of a learner in a course (one per learner, course and format, kept across launches). */
  useRegistration(
    learner: string,
    course: string,
    format: 'xapi' | 'cmi5',
    courseVersion: string,
    make: () => string,
  ): Registration {
    const key = recordKey(learner, course, format);
    const now = new Date().toISOString();
    let r = this.regs[key];
    if (!r) {
      r = {learner, course, format, registration: make(), created: now, courseVersion, launches: 0, lastLaunch: now};
      this.regs[key] = r;
    }
    r.launches += 1;
    r.lastLaunch = now;
    r.courseVersion = courseVersion;
    this.regFile.save(this.regs);
    return r;
  }

  /** Forget every record. */
  reset(): void {
    this.scorm = {};
    this.regs = {};
    this.scormFile.save(this.scorm);
    this.regFile.save(this.regs);
  }
}

/** Seconds of the current attempt: every session's last reported time. */
export function totalSeconds(rec: ScormRecord): number {
  const last = rec.sessions.at(-1);
  return last ? last.baseSeconds + last.seconds : 0;
}
