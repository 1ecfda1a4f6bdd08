import type {CompiledCourse, Outcome, Progress, QuestionType, SavedProgress} from '../course/types.js';

/**
 * One Tracker per launch, chosen once by the format's entry point (`src/entries/<format>.ts`). The player talks
 * to nothing else about the LMS: no format checks anywhere outside `src/tracking/<format>/`.
 *
 * A tracker is an EventTarget: it dispatches {@link TrackerStatusEvent} (`tracker-status`) whenever what the learner
 * should see about saving changes.
 */
export interface Tracker extends EventTarget {
  /** the standard this launch reports to */
  readonly format: TrackerFormat;
  /** the learner as the LMS names them (`cmi.core.student_id`, `cmi.learner_id`, the xAPI actor) */
  readonly learner: Learner;
  /** `browse` and `review` launches change no status and no score (`cmi.core.lesson_mode`, `cmi.mode`, cmi5 launchMode) */
  readonly mode: LaunchMode;
  /** scaled 0..1 from the LMS (`cmi.student_data.mastery_score` / 100, `cmi.scaled_passing_score`, cmi5 masteryScore); overrides the course's */
  readonly masteryScore?: number;
  /** the LMS's learner language preference (BCP 47), if it gave one */
  readonly language?: string;
  /** `false` where `cmi.credit` is `no-credit` */
  readonly credit: boolean;
  /** what the learner should see about saving, now */
  readonly status: TrackerStatus;
  /** the LMS has waived this course for the learner (cmi5 `waived`): it counts as done, whatever happens here */
  readonly waived?: boolean;

  /** Connect to the LMS and read the saved progress, if any. Never throws for an LMS problem: it reports status. */
  begin(): Promise<SavedProgress | null>;
  /** Save bookmark and suspend state. Called once per learner step that changed something. */
  save(progress: Progress): Promise<void>;
  /** Record one submitted answer (SCORM interaction, xAPI `answered`). */
  answer(record: AnswerRecord): Promise<void>;
  /** Report completion, success and score as the rules computed them. Trackers never downgrade a pass. */
  result(outcome: Outcome): Promise<void>;
  /** End the session: `suspend` keeps the attempt open (page hidden/dismissed), `exit` is the learner's exit button. */
  end(how: 'exit' | 'suspend'): Promise<void>;
}

export type TrackerFormat = 'scorm12' | 'scorm2004' | 'aicc' | 'xapi' | 'cmi5' | 'standalone';
export type LaunchMode = 'normal' | 'browse' | 'review';

export interface Learner {
  id: string;
  name?: string;
}

/** One submitted answer, in terms every standard can express. */
export interface AnswerRecord {
  /** stable question id; trackers derive the interaction id / activity IRI from it */
  questionId: string;
  type: QuestionType;
  /** chosen option ids (`true`/`false` for true/false questions) */
  response: string[];
  /** the correct option ids */
  correct: string[];
  result: 'correct' | 'incorrect';
  /** the question's weight in the score */
  weighting: number;
  /** ms from showing the question to submitting it */
  latencyMs: number;
  /** ms since epoch */
  timestamp: number;
  /** plain text, <= 250 characters */
  description: string;
  /** all option ids with their plain text, for xAPI interaction definitions */
  choices: {id: string; text: string}[];
}

/**
 * What the learner sees about saving:
 * - `connecting`: begin() has not finished
 * - `saved`: the LMS (or this device, for standalone) holds everything
 * - `saving`: a save is in flight
 * - `pending`: `pending` changes are waiting (offline, or the LMS refused and a retry is scheduled)
 * - `offline`: no network; changes are kept on this device
 * - `local`: no LMS; progress is stored on this device only
 * - `error`: something needs the learner (credentials expired, the LMS refuses for good); `message` says what
 */
export interface TrackerStatus {
  state: 'connecting' | 'saved' | 'saving' | 'pending' | 'offline' | 'local' | 'error';
  /** changes not yet accepted by the LMS/LRS */
  pending: number;
  /** what the learner should know besides the state; each code has a message in every language */
  code?: StatusCode;
  /** detail for logs and the host page (English, technical) */
  detail?: string;
}

/**
 * The codes of {@link TrackerStatus}. Each but `not-saved` (the player's own line for `tracking="off"`) has a
 * learner-facing message in every language (`src/i18n/<lang>-messages.ts`, typed by this union: a code without a
 * message does not compile).
 */
export type StatusCode =
  /** no LMS was found: progress is kept on this device only */
  | 'no-lms'
  /** this device cannot store (private mode, blocked site data) */
  | 'storage-unavailable'
  /** this device is out of space */
  | 'quota-exceeded'
  /** the LMS refused a commit (SCORM) */
  | 'commit-refused'
  /** the LRS answered 401: the launch's credentials have expired */
  | 'credentials-expired'
  /** the LRS refused a statement for good (400, 403) */
  | 'statement-rejected'
  /** the cmi5 session has ended (terminated, or abandoned by the LMS) */
  | 'session-ended'
  /** the learner's state is larger than the LMS keeps (SCORM 1.2's 4,096 characters) */
  | 'state-too-large'
  /** the LMS's copy of the learner's state could not be read */
  | 'state-unreadable'
  /** nothing is kept (`tracking="off"`) */
  | 'not-saved';

/**
 * A tracker's (or the outbox's) current status: `set()` keeps the new one and dispatches `event(status)` on
 * `target`, only when something the learner sees has changed.
 */
export class StatusCell<S extends {state: string; pending: number; code?: string; detail?: string}> {
  constructor(
    private current: S,
    private readonly target: EventTarget,
    private readonly event: (status: S) => Event,
  ) {}

  get(): S {
    return this.current;
  }

  set(next: S): void {
    const prev = this.current;
    if (
      prev.state === next.state &&
      prev.pending === next.pending &&
      prev.code === next.code &&
      prev.detail === next.detail
    )
      return;
    this.current = next;
    this.target.dispatchEvent(this.event(next));
  }
}

/** Dispatched by a tracker (and re-dispatched by `<ict-course>` as `ict-saved` / `ict-error`) when its status changes. */
export class TrackerStatusEvent extends Event {
  static readonly type = 'tracker-status';
  constructor(readonly status: TrackerStatus) {
    super(TrackerStatusEvent.type, {bubbles: true, composed: true});
  }
}

/**
 * Dispatched by a tracker when what the LMS holds arrived after begin() had resolved (a slow LRS): its launch data
 * (mode, mastery score, language, waived); with `progress`, its copy of the learner's progress (the tracker has
 * merged it into what it saves); with `error`, why the launch cannot go on after all (cmi5: LaunchData unreadable).
 */
export class TrackerUpdateEvent extends Event {
  static readonly type = 'tracker-update';
  constructor(
    readonly progress?: Progress,
    readonly error?: Error,
  ) {
    super(TrackerUpdateEvent.type);
  }
}

/**
 * Creates the tracker of one format for a course. Each entry point (`src/entries/<format>.ts`) passes the one it
 * was built for to `boot()`; where the LMS cannot be reached the factory returns the standalone tracker with a
 * status that says so (code `no-lms`).
 */
export type TrackerFactory = (course: CompiledCourse) => Promise<Tracker>;
