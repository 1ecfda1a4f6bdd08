/**
 * The SCORM 2004 4th edition tracker: the `API_1484_11` object's Initialize / GetValue / SetValue / Commit /
 * Terminate and the SCORM 2004 data model (RTE 4.2), with completion and success reported separately.
 */
import type {CompiledCourse, CourseSettings, Outcome} from '../../course/types.js';
import {cut, interactionId} from '../scorm-shared/ids.js';
import {SCORM_CALLS} from '../scorm-shared/calls.js';
import {launchScorm} from '../scorm-shared/launch.js';
import {type CmiPairs, type Known, type ScormApi, type ScormDialect} from '../scorm-shared/scorm-tracker.js';
import {decimal, isoDuration, isoTimestamp} from '../scorm-shared/time-formats.js';
import type {AnswerRecord, Tracker, TrackerFactory} from '../tracker.js';

/** The SCORM 2004 API object (RTE 3.1), as the LMS provides it in a parent or opener window as `API_1484_11`. */
export interface Scorm2004Api {
  Initialize(parameter: ''): string;
  Terminate(parameter: ''): string;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string;
  Commit(parameter: ''): string;
  GetLastError(): string;
  GetErrorString(code: string): string;
  GetDiagnostic?(code: string): string;
}

const CALLS = SCORM_CALLS.API_1484_11;

/** characterstring SPM 64,000: `cmi.suspend_data` (RTE 4.2.23). */
export const SCORM2004_SUSPEND_DATA_MAX = 64000;
/** characterstring SPM 1,000: `cmi.location` (RTE 4.2.14). */
export const SCORM2004_LOCATION_MAX = 1000;
/** localized_string_type SPM 250: `cmi.interactions.n.description` (RTE 4.2.9). */
export const SCORM2004_DESCRIPTION_MAX = 250;

/** short_identifier_type characters (RTE 4.1.1.4): anything else in an option id becomes `_`. */
function shortId(id: string): string {
  return cut(id.replace(/[^\w\-()+.:=@;$!*'%/#]/g, '_'), 250) || '_';
}

/** A response or correct-response pattern in SCORM 2004 syntax: `a[,]c` for choice, `true` / `false` for true-false. */
export function response2004(record: AnswerRecord, ids: readonly string[]): string {
  if (record.type === 'truefalse') return ids[0] === 'true' ? 'true' : ids[0] === 'false' ? 'false' : '';
  return [...new Set(ids.map(shortId))].slice(0, 36).join('[,]');
}

/** The description as a localized_string_type: a leading `{` would read as a language tag, so one is given. */
export function description2004(text: string, lang: string): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.startsWith('{')
    ? `{lang=${lang}}${cut(plain, SCORM2004_DESCRIPTION_MAX)}`
    : cut(plain, SCORM2004_DESCRIPTION_MAX);
}

/** Completion, success, progress and score for an outcome; never a downgrade of what the LMS holds. */
export function result2004(outcome: Outcome, settings: CourseSettings, known: Known): CmiPairs {
  const out: CmiPairs = [];
  const pm = Math.min(1, Math.max(0, outcome.progressMeasure));
  out.push(['cmi.progress_measure', decimal(pm, 7)]);
  const scaled = Math.min(1, Math.max(0, outcome.scaled ?? 0));
  // Never a lower score than the LMS holds (a pass from an earlier session stays the recorded one).
  if (outcome.scaled !== undefined && !(+known('cmi.score.scaled') > scaled)) {
    out.push(
      ['cmi.score.scaled', decimal(scaled, 7)],
      ['cmi.score.min', '0'],
      ['cmi.score.max', '100'],
      ['cmi.score.raw', decimal(scaled * 100, 2)],
    );
  }
  const completion = outcome.completed ? 'completed' : 'incomplete';
  if (known('cmi.completion_status') !== 'completed') out.push(['cmi.completion_status', completion]);
  if (outcome.passed !== undefined && known('cmi.success_status') !== 'passed') {
    // failedIsIncomplete: a failure is not reported (success stays unknown) so LMSs that lock failed attempts allow a retry.
    if (outcome.passed) out.push(['cmi.success_status', 'passed']);
    else if (!settings.failedIsIncomplete) out.push(['cmi.success_status', 'failed']);
  }
  return out;
}

function dialect(api: Scorm2004Api, lang: string): ScormDialect {
  return {
    format: 'scorm2004',
    callNames: CALLS,
    api: api as unknown as ScormApi,
    el: {
      entry: 'cmi.entry',
      location: 'cmi.location',
      suspendData: 'cmi.suspend_data',
      credit: 'cmi.credit',
      mode: 'cmi.mode',
      learnerId: 'cmi.learner_id',
      learnerName: 'cmi.learner_name',
      language: 'cmi.learner_preference.language',
      masteryScore: 'cmi.scaled_passing_score',
      exit: 'cmi.exit',
      sessionTime: 'cmi.session_time',
      interactionsCount: 'cmi.interactions._count',
    },
    statusElements: ['cmi.completion_status', 'cmi.success_status', 'cmi.score.scaled'],
    locationMax: SCORM2004_LOCATION_MAX,
    suspendDataMax: SCORM2004_SUSPEND_DATA_MAX,
    masteryScore(raw) {
      // real(10,7) -1..1 (the manifest's imsss:minNormalizedMeasure), "" where none.
      if (raw.trim() === '') return undefined;
      const n = Number(raw);
      return Number.isFinite(n) && n >= -1 && n <= 1 ? Math.max(0, n) : undefined;
    },
    firstLaunch(known) {
      const c = known('cmi.completion_status');
      return c === '' || c === 'not attempted' || c === 'unknown' ? [['cmi.completion_status', 'incomplete']] : [];
    },
    finishedInLms: (known) =>
      known('cmi.completion_status') === 'completed' && known('cmi.success_status') !== 'failed',
    result: result2004,
    interactionId: (questionId, attemptNo) => interactionId(questionId, attemptNo, 4000),
    interaction(n, id, r): CmiPairs {
      const p = `cmi.interactions.${n}.`;
      // RTE 4.2.9: id first, then type, before any response.
      return [
        [`${p}id`, id],
        [`${p}type`, r.type === 'truefalse' ? 'true-false' : 'choice'],
        [`${p}timestamp`, isoTimestamp(r.timestamp)],
        [`${p}weighting`, decimal(r.weighting, 7)],
        [`${p}learner_response`, response2004(r, r.response)],
        [`${p}correct_responses.0.pattern`, response2004(r, r.correct)],
        [`${p}result`, r.result === 'correct' ? 'correct' : 'incorrect'],
        [`${p}latency`, isoDuration(r.latencyMs)],
        [`${p}description`, description2004(r.description, lang)],
      ];
    },
    sessionTime: isoDuration,
    exitFinished: 'normal',
    exitRequest(settings, get, finished): CmiPairs {
      const req = settings.scorm2004ExitRequest;
      if (!req || req === 'none') return [];
      // `continue` only where the LMS says it is valid now (RTE 4.4.2: an invalid one is ignored or an error).
      // exit, exitAll and suspendAll have no `adl.nav.request_valid` element (reading one is error 401 in a strict
      // LMS): they are always valid. An unfinished course leaves by suspendAll, never exitAll, which would end the
      // attempt and lose the learner's place.
      if (req === 'continue') return get('adl.nav.request_valid.continue') === 'true' ? [['adl.nav.request', req]] : [];
      return [['adl.nav.request', req === 'exitAll' && !finished ? 'suspendAll' : req]];
    },
  };
}

/**
 * The tracker for a SCORM 2004 launch. Where no `API_1484_11` is reachable, the standalone tracker, whose status
 * says `no-lms`.
 */
export const createScorm2004Tracker: TrackerFactory = (course: CompiledCourse): Promise<Tracker> =>
  launchScorm(course, 'API_1484_11', CALLS, (api) =>
    dialect(api as unknown as Scorm2004Api, course.languages[0] ?? 'en'),
  );
