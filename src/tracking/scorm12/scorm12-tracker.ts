/**
 * The SCORM 1.2 tracker: the `API` object's LMSInitialize / LMSGetValue / LMSSetValue / LMSCommit / LMSFinish, the
 * SCORM 1.2 data model (RTE 3.4) and its one `cmi.core.lesson_status`, reported as the course's
 * `settings.scorm12Report` says (LMSs disagree on which status counts as done).
 */
import type {CompiledCourse, CourseSettings, Outcome} from '../../course/types.js';
import {cut, interactionId} from '../scorm-shared/ids.js';
import {SCORM_CALLS} from '../scorm-shared/calls.js';
import {launchScorm} from '../scorm-shared/launch.js';
import {type CmiPairs, type Known, type ScormApi, type ScormDialect} from '../scorm-shared/scorm-tracker.js';
import {cmiTime, cmiTimespan, decimal} from '../scorm-shared/time-formats.js';
import type {AnswerRecord, Tracker, TrackerFactory} from '../tracker.js';

/** The SCORM 1.2 API object (RTE 3.3.4), as the LMS provides it in a parent or opener window as `API`. */
export interface Scorm12Api {
  LMSInitialize(parameter: ''): string;
  LMSFinish(parameter: ''): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(parameter: ''): string;
  LMSGetLastError(): string;
  LMSGetErrorString(code: string): string;
  LMSGetDiagnostic?(code: string): string;
}

const CALLS = SCORM_CALLS.API;

/** CMIString4096: `cmi.suspend_data` (RTE 3.4.2, data types). Many 1.2 LMSs truncate or refuse anything longer. */
export const SCORM12_SUSPEND_DATA_MAX = 4096;
/** CMIString255: `cmi.core.lesson_location`, `cmi.interactions.n.student_response`. */
export const SCORM12_STRING255_MAX = 255;

/** `cmi.core.lesson_status` for an outcome, by the course's reporting choice (before the no-downgrade rule). */
export function lessonStatus(
  outcome: Outcome,
  settings: CourseSettings,
): 'passed' | 'completed' | 'failed' | 'incomplete' {
  const failed = outcome.passed === false;
  switch (settings.scorm12Report) {
    case 'completed-incomplete':
      return outcome.completed ? 'completed' : 'incomplete';
    case 'completed-failed':
      if (failed) return settings.failedIsIncomplete ? 'incomplete' : 'failed';
      return outcome.completed ? 'completed' : 'incomplete';
    case 'passed-failed':
    default:
      if (failed) return settings.failedIsIncomplete ? 'incomplete' : 'failed';
      return outcome.completed ? 'passed' : 'incomplete';
  }
}

/**
 * SCORM 1.2 choice responses are single characters `0-9`, `a-z` separated by commas (RTE 3.4.2,
 * `cmi.interactions.n.student_response`). Option ids that already are such characters are used as they are;
 * otherwise every option of the question is named by its position (`a` ... `z`, then `0` ... `9`).
 */
export function choiceKeys(record: AnswerRecord): Map<string, string> {
  const ids = record.choices.map((c) => c.id);
  for (const id of [...record.response, ...record.correct]) if (!ids.includes(id)) ids.push(id);
  const direct = ids.every((id) => /^[0-9a-z]$/.test(id));
  const keys = new Map<string, string>();
  ids.forEach((id, i) => {
    keys.set(id, direct ? id : i < 26 ? String.fromCharCode(97 + i) : i < 36 ? String(i - 26) : 'z');
  });
  return keys;
}

/** A response or correct-response pattern in SCORM 1.2 syntax: `a,c` for choice, `t` / `f` for true-false. */
export function response12(record: AnswerRecord, ids: readonly string[]): string {
  if (record.type === 'truefalse') return ids[0] === 'true' ? 't' : ids[0] === 'false' ? 'f' : '';
  const keys = choiceKeys(record);
  const out = ids.map((id) => keys.get(id) ?? '').filter(Boolean);
  let s = out.join(',');
  while (s.length > SCORM12_STRING255_MAX) s = s.slice(0, s.lastIndexOf(','));
  return s;
}

function dialect(api: Scorm12Api): ScormDialect {
  const statusEl = 'cmi.core.lesson_status';
  return {
    format: 'scorm12',
    callNames: CALLS,
    api: api as unknown as ScormApi,
    el: {
      entry: 'cmi.core.entry',
      location: 'cmi.core.lesson_location',
      suspendData: 'cmi.suspend_data',
      credit: 'cmi.core.credit',
      mode: 'cmi.core.lesson_mode',
      learnerId: 'cmi.core.student_id',
      learnerName: 'cmi.core.student_name',
      language: 'cmi.student_preference.language',
      masteryScore: 'cmi.student_data.mastery_score',
      exit: 'cmi.core.exit',
      sessionTime: 'cmi.core.session_time',
      interactionsCount: 'cmi.interactions._count',
    },
    statusElements: [statusEl, 'cmi.core.score.raw'],
    locationMax: SCORM12_STRING255_MAX,
    suspendDataMax: SCORM12_SUSPEND_DATA_MAX,
    masteryScore(raw) {
      // CMIDecimal 0..100 (the manifest's adlcp:masteryscore), "" where none.
      if (raw.trim() === '') return undefined;
      const n = Number(raw);
      return Number.isFinite(n) && n >= 0 && n <= 100 ? n / 100 : undefined;
    },
    firstLaunch(known: Known): CmiPairs {
      const s = known(statusEl);
      return s === '' || s === 'not attempted' ? [[statusEl, 'incomplete']] : [];
    },
    finishedInLms: (known) => known(statusEl) === 'passed' || known(statusEl) === 'completed',
    result(outcome, settings, known): CmiPairs {
      const out: CmiPairs = [];
      const raw = Math.min(100, Math.max(0, (outcome.scaled ?? 0) * 100));
      // Never a lower score than the LMS holds (a pass from an earlier session stays the recorded one).
      if (outcome.scaled !== undefined && !(+known('cmi.core.score.raw') > raw)) {
        out.push(['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'], ['cmi.core.score.raw', decimal(raw, 2)]);
      }
      const current = known(statusEl);
      const next = lessonStatus(outcome, settings);
      // Never downgrade: a pass stays a pass; a completed course does not become incomplete again.
      const keep = current === 'passed' || (current === 'completed' && next === 'incomplete');
      if (!keep && next !== current) out.push([statusEl, next]);
      return out;
    },
    interactionId: (questionId, attemptNo) => interactionId(questionId, attemptNo, SCORM12_STRING255_MAX),
    interaction(n, id, r): CmiPairs {
      const p = `cmi.interactions.${n}.`;
      return [
        [`${p}id`, id],
        [`${p}type`, r.type === 'truefalse' ? 'true-false' : 'choice'],
        [`${p}time`, cmiTime(r.timestamp)],
        [`${p}weighting`, decimal(r.weighting, 2)],
        [`${p}student_response`, cut(response12(r, r.response), SCORM12_STRING255_MAX)],
        [`${p}correct_responses.0.pattern`, response12(r, r.correct)],
        [`${p}result`, r.result === 'correct' ? 'correct' : 'wrong'],
        [`${p}latency`, cmiTimespan(r.latencyMs)],
      ];
    },
    sessionTime: cmiTimespan,
    exitFinished: '',
    exitRequest: () => [],
  };
}

/**
 * The tracker for a SCORM 1.2 launch. Where no `API` is reachable (the course opened outside an LMS, or the LMS
 * serves it from another origin without a bridge), the standalone tracker, whose status says `no-lms`.
 */
export const createScorm12Tracker: TrackerFactory = (course: CompiledCourse): Promise<Tracker> =>
  launchScorm(course, 'API', CALLS, (api) => dialect(api as unknown as Scorm12Api));
