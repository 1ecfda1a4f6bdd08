/**
 * The learner's record per course and format, as the catalogue's table and `/api/records` show it: status,
 * completion, success, score, time. SCORM records come from the committed CMI; xAPI and cmi5 records are read from
 * the statements the LRS holds for the registration.
 */
import {LMS_IRI, VERBS} from '../tracking/xapi/vocabulary.js';
import type {Lrs, Statement} from './lrs/lrs.js';
import {objectId} from './lrs/xapi.js';
import {scormSummary, totalSeconds, type PreviewStore, type Registration, type ScormRecord} from './store.js';
import {humanDuration, isoSeconds} from './time.js';

export interface RecordSummary {
  learner: string;
  course: string;
  format: 'scorm12' | 'scorm2004' | 'scorm2004-3rd' | 'aicc' | 'xapi' | 'cmi5';
  courseVersion: string;
  /** as the LMS would show it: 1.2 lesson_status; 2004 `completion, success`; xAPI/cmi5 from the verbs */
  status: string;
  completion: string;
  success: string;
  /** scaled 0..1, or null */
  score: number | null;
  /** time spent in the current attempt (SCORM) or in every terminated session (xAPI, cmi5), seconds */
  seconds: number;
  time: string;
  /** SCORM attempt number; xAPI/cmi5 launches of the registration */
  attempt?: number;
  sessions: number;
  updated: string | null;
  registration?: string;
  /** cmi5: the LMS recorded `satisfied` (moveOn met) */
  satisfied?: boolean;
  /** statements the LRS holds for the registration */
  statements?: number;
  /** why the last SCORM commit was refused, if one was */
  lastRefusal?: {at: string; reason: string};
  /** SCORM: every attempt's outcome, the best first (passed, then completed, then the higher score) */
  attempts?: AttemptOutcome[];
}

export interface AttemptOutcome {
  attempt: number;
  status: string;
  score: number | null;
}

/** The better outcome first: passed, then completed, then not failed, then the higher score, then the later one. */
function bestFirst(a: AttemptOutcome, b: AttemptOutcome): number {
  const rank = (o: AttemptOutcome) =>
    /passed/.test(o.status) ? 3 : /completed/.test(o.status) ? 2 : /failed/.test(o.status) ? 0 : 1;
  return rank(b) - rank(a) || (b.score ?? -1) - (a.score ?? -1) || b.attempt - a.attempt;
}

export function summariseScorm(rec: ScormRecord): RecordSummary {
  const s = scormSummary(rec.format, rec.cmi);
  const seconds = totalSeconds(rec);
  return {
    learner: rec.learner,
    course: rec.course,
    format: rec.format,
    courseVersion: rec.courseVersion,
    status: s.status,
    completion: s.completion,
    success: s.success,
    score: s.score,
    seconds,
    time: humanDuration(seconds),
    attempt: rec.attempt,
    sessions: rec.sessions.length,
    updated: rec.updated,
    ...(rec.lastRefusal ? {lastRefusal: rec.lastRefusal} : {}),
    attempts: [
      ...rec.previous.map((p) => ({attempt: p.attempt, status: p.status, score: p.score})),
      {attempt: rec.attempt, status: s.status, score: s.score},
    ].sort(bestFirst),
  };
}

const VERB = {...VERBS, satisfied: LMS_IRI.satisfied};

/** Status, score and time from a registration's statements (oldest first) about `activityId`. */
export function summariseStatements(reg: Registration, statements: Statement[], activityId: string): RecordSummary {
  let completed = false;
  let passed = false;
  let failed = false;
  let started = false;
  let satisfied = false;
  let score: number | null = null;
  let seconds = 0;
  let sessions = 0;
  let updated: string | null = null;
  for (const s of statements) {
    const verb = s.verb?.id;
    updated = s.stored ?? s.timestamp ?? updated;
    if (verb === VERB.satisfied) satisfied = true;
    if (objectId(s) !== activityId) continue;
    const scaled = s.result?.score?.scaled;
    switch (verb) {
      case VERB.initialized:
        started = true;
        sessions += 1;
        break;
      case VERB.completed:
        completed = true;
        break;
      case VERB.passed:
        passed = true;
        if (typeof scaled === 'number') score = scaled;
        break;
      case VERB.failed:
        failed = true;
        if (typeof scaled === 'number' && !passed) score = scaled;
        break;
      case VERB.terminated: {
        const d = isoSeconds(s.result?.duration);
        if (Number.isFinite(d)) seconds += d;
        break;
      }
    }
    if (score === null && typeof scaled === 'number') score = scaled;
  }
  const completion = completed ? 'completed' : started ? 'incomplete' : 'not attempted';
  const success = passed ? 'passed' : failed ? 'failed' : 'unknown';
  return {
    learner: reg.learner,
    course: reg.course,
    format: reg.format,
    courseVersion: reg.courseVersion,
    status: success === 'unknown' ? completion : `${completion}, ${success}`,
    completion,
    success,
    score,
    seconds,
    time: humanDuration(seconds),
    attempt: reg.launches,
    sessions,
    updated,
    registration: reg.registration,
    statements: statements.length,
    ...(reg.format === 'cmi5' ? {satisfied} : {}),
  };
}

export interface RecordFilter {
  learner?: string;
  course?: string;
  format?: string;
}

/** Every record matching the filter, SCORM and xAPI/cmi5 alike, sorted by learner, course and format. */
export function listRecords(
  store: PreviewStore,
  lrs: Lrs,
  activityIdOf: (reg: Registration) => string | undefined,
  f: RecordFilter = {},
): RecordSummary[] {
  const match = (r: {learner: string; course: string; format: string}) =>
    (!f.learner || r.learner === f.learner) &&
    (!f.course || r.course === f.course) &&
    (!f.format || r.format === f.format);
  const out: RecordSummary[] = store.allScorm().filter(match).map(summariseScorm);
  for (const reg of store.allRegistrations().filter(match)) {
    const statements = lrs.queryStatements({registration: reg.registration, ascending: true});
    const activityId = activityIdOf(reg) ?? objectId(statements.find((s) => s.verb?.id === VERB.initialized)) ?? '';
    out.push(summariseStatements(reg, statements, activityId));
  }
  const order = ['scorm12', 'scorm2004', 'scorm2004-3rd', 'aicc', 'xapi', 'cmi5'];
  return out.sort(
    (a, b) =>
      a.learner.localeCompare(b.learner) ||
      a.course.localeCompare(b.course) ||
      order.indexOf(a.format) - order.indexOf(b.format),
  );
}
