// What differs between SCORM 1.2 and SCORM 2004, as the shared tracker sees it: a dialect per version
// (`src/tracking/scorm12/`, `src/tracking/scorm2004/`).
import type {CourseSettings, Outcome} from '../../course/types.js';
import type {AnswerRecord} from '../tracker.js';

/** The LMS's API object: its methods are called by name ({@link ScormDialect.callNames}); what they return is checked. */
export type ScormApi = Record<string, (...args: string[]) => unknown>;

/** `[element, value]` pairs to set, in order. */
export type CmiPairs = [element: string, value: string][];

/** What the LMS holds (as read at launch or written since), by element name; `''` where unknown. */
export type Known = (element: string) => string;

/** Everything that differs between SCORM 1.2 and SCORM 2004. */
export interface ScormDialect {
  readonly format: 'scorm12' | 'scorm2004';
  /** the API's method names (Initialize, Terminate, GetValue, SetValue, Commit, GetLastError, GetErrorString) */
  readonly callNames: {
    initialize: string;
    terminate: string;
    getValue: string;
    setValue: string;
    commit: string;
    getLastError: string;
    getErrorString: string;
  };
  readonly api: ScormApi;
  /** the elements the tracker reads and writes itself */
  readonly el: {
    entry: string;
    location: string;
    suspendData: string;
    credit: string;
    mode: string;
    learnerId: string;
    learnerName: string;
    language: string;
    masteryScore: string;
    exit: string;
    sessionTime: string;
    interactionsCount: string;
  };
  /** further elements read at launch (status, score) so that results never downgrade what the LMS holds */
  readonly statusElements: readonly string[];
  /** the SPM of the location element (1.2: 255, 2004: 1,000) */
  readonly locationMax: number;
  /** the SPM of `cmi.suspend_data` (1.2: 4,096, 2004: 64,000); a longer state is never sent */
  readonly suspendDataMax: number;
  /** the LMS's mastery score as a scaled 0..1, or undefined where it sets none */
  masteryScore(raw: string): number | undefined;
  /** values a first launch sets (status `incomplete`) */
  firstLaunch(known: Known): CmiPairs;
  /** whether the LMS already records this course as finished (nothing reported this session yet) */
  finishedInLms(known: Known): boolean;
  /** status and score for an outcome; never a downgrade of what `known` holds */
  result(outcome: Outcome, settings: CourseSettings, known: Known): CmiPairs;
  /** a valid, unique-per-attempt interaction id for a question */
  interactionId(questionId: string, attemptNo: number): string;
  /** the elements of interaction `index` (id first, then type, then the rest) */
  interaction(index: number, id: string, record: AnswerRecord): CmiPairs;
  /** the session time in this version's syntax */
  sessionTime(ms: number): string;
  /** `cmi.core.exit` / `cmi.exit` when the learner leaves a finished course by the exit button */
  readonly exitFinished: string;
  /**
   * elements to set before the exit button's Terminate (2004 `adl.nav.request`), reading validity through `get`;
   * `finished`: the course is complete (and passed, where it has an assessment)
   */
  exitRequest(settings: CourseSettings, get: (element: string) => string, finished: boolean): CmiPairs;
}

/** Counts of what this tracker asked of the LMS (for logs and `npm run bench`). */
export interface ScormCallStats {
  /** every API call, GetLastError and GetErrorString included */
  calls: number;
  /** calls other than GetLastError / GetErrorString */
  dataCalls: number;
  commits: number;
  /** calls by API method name */
  byName: Record<string, number>;
}
