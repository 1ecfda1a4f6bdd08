/**
 * DOM events `<ict-course>` dispatches for the host page (a training centre's portal, the package page). All bubble
 * and cross shadow roots (composed), so `document.addEventListener('ict-complete', ...)` works.
 */
import type {Outcome} from '../course/types.js';
import type {TrackerStatus} from '../tracking/tracker.js';

export interface ProgressDetail {
  outcome: Outcome;
  /** a lesson id, `assessment`, `results`, `complete`, or null before the first step */
  location: string | null;
}

/** The learner's progress changed (a step, an answer, a result). */
export class IctProgressEvent extends Event {
  static readonly type = 'ict-progress';
  constructor(readonly detail: ProgressDetail) {
    super(IctProgressEvent.type, {bubbles: true, composed: true});
  }
}

export interface CompleteDetail {
  outcome: Outcome;
}

export interface SavedDetail {
  status: TrackerStatus;
}

/** The course became complete by its completion rule (once per launch). */
export class IctCompleteEvent extends Event {
  static readonly type = 'ict-complete';
  constructor(readonly detail: CompleteDetail) {
    super(IctCompleteEvent.type, {bubbles: true, composed: true});
  }
}

/** What the learner sees about saving changed (saved, saving, pending, offline, local, error). */
export class IctSavedEvent extends Event {
  static readonly type = 'ict-saved';
  constructor(readonly detail: SavedDetail) {
    super(IctSavedEvent.type, {bubbles: true, composed: true});
  }
}

export type IctErrorCode =
  /** course.json answered 404 (or another 4xx) */
  | 'course-missing'
  /** course.json is not JSON or not a compiled course this player understands */
  | 'course-invalid'
  /** course.json could not be downloaded (network) */
  | 'course-network'
  /** the tracker could not be created or begin() failed */
  | 'tracker-failed'
  /** the tracker reports an error status (its `code` is in `status`) */
  | 'tracker-status';

export interface ErrorDetail {
  code: IctErrorCode;
  /** technical English, for logs */
  message: string;
  /** the tracker's status, for `tracker-status` */
  status?: TrackerStatus;
  /** the tracker's launch error code (`missing-parameter`, `fetch-refused`, …), for `tracker-failed` */
  launchCode?: string;
  /** the launch parameter concerned, where there is one */
  parameter?: string;
}

/** Something went wrong that the learner was told about; `message` is technical English for logs. */
export class IctErrorEvent extends Event {
  static readonly type = 'ict-error';
  constructor(readonly detail: ErrorDetail) {
    super(IctErrorEvent.type, {bubbles: true, composed: true});
  }
}

/** The events of `<ict-course>`, by name. */
export interface IctCourseEventMap {
  'ict-progress': IctProgressEvent;
  'ict-complete': IctCompleteEvent;
  'ict-saved': IctSavedEvent;
  'ict-error': IctErrorEvent;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the map adds the element's events
  interface HTMLElementEventMap extends IctCourseEventMap {}
  // They bubble and are composed: a host page may listen on the document.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the map adds the element's events
  interface DocumentEventMap extends IctCourseEventMap {}
}
