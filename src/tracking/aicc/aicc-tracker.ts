/**
 * The AICC HACP tracker: a course launched by an LMS with `aicc_sid` and `aicc_url` reports through form POSTs to
 * the LMS (`GetParam` at launch, `PutParam` per learner step, `ExitAU` at the end; see hacp.ts).
 *
 * As the SCORM trackers: the learner's place and state (`[Core] Lesson_Location`, `[Core_Lesson]`), status and score
 * (`[Core] Lesson_Status` and `Score`, reported as the course's `scorm12Report` says, never downgraded) and the
 * session time go to the LMS once per learner step; a copy stays on this device. Every PutParam carries the whole
 * current state, so a retry (after 1, 2, 4, 8, 16, then every 30 s) resends what is newest and nothing is lost
 * between two refusals. Status `pending`, from the third refusal in a row `error`, code `commit-refused`; an LMS
 * that no longer knows the session (error 3) ends it (`session-ended`), as relaunching is the only way on.
 *
 * Page dismissal: no synchronous request. A hidden page sends what is pending at once with `keepalive`; a dismissed
 * page (`pagehide`) sends a beacon (`navigator.sendBeacon`, a form body as HACP wants): the last PutParam where
 * anything is unsent, else ExitAU. The exit button sends the last PutParam, then ExitAU.
 */
import {ERROR_AFTER_FAILURES, RETRY_DELAYS_MS, withProblem, type LaunchProblem} from '../scorm-shared/retry.js';
import {encodeState} from '../../course/codec.js';
import {migrateProgress} from '../../course/migrate.js';
import {takeEarlyGetParam} from './early.js';
import type {CompiledCourse, Outcome, Progress, SavedProgress} from '../../course/types.js';
import {decodeState, StateError} from '../../course/codec.js';
import {deleteLocalCopy, loadLocalCopy, saveLocalCopy} from '../local-copy.js';
import {chooseProgress} from '../scorm-shared/resume.js';
import {lessonStatus} from '../scorm12/scorm12-tracker.js';
import {decimal} from '../scorm-shared/time-formats.js';
import {
  StatusCell,
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type Tracker,
  type TrackerFactory,
  type TrackerStatus,
} from '../tracker.js';
import {
  AICC_CORE_LESSON_MAX,
  AICC_LOCATION_MAX,
  hacpBody,
  hacpLaunch,
  hacpTime,
  hacpValue,
  parseHacp,
  putParamData,
  readLessonStatus,
  readScore,
  type HacpCommand,
  type HacpLaunch,
  type HacpResponse,
  type LessonStatus,
} from './hacp.js';

/** GetParam at launch: tried this many times (a field office's link drops a request now and then). */
const GET_PARAM_TRIES = 3;
/** CMI001's error 3: the session id is not (or no longer) valid. */
const HACP_INVALID_SESSION = 3;

/** One request's outcome: the parsed answer, or why there is none. */
type Sent = {ok: true; response: HacpResponse} | {ok: false; detail: string; sessionGone?: boolean};

export class AiccTracker extends EventTarget implements Tracker {
  readonly format = 'aicc' as const;
  learner: Learner = {id: ''};
  mode: LaunchMode = 'normal';
  masteryScore?: number;
  language?: string;
  credit = true;
  /** what went wrong with the LMS, newest last (at most 50; for logs and the host page) */
  readonly problems: string[] = [];
  /** requests sent, by command (for logs and tests) */
  readonly requests: Record<HacpCommand, number> = {GetParam: 0, PutParam: 0, ExitAU: 0};

  private readonly cell = new StatusCell<TrackerStatus>(
    {state: 'connecting', pending: 0},
    this,
    (s) => new TrackerStatusEvent(s),
  );
  private readonly _course: CompiledCourse;
  private readonly _launch: HacpLaunch;
  private _connected = false;
  private _beginning: Promise<SavedProgress | null> | null = null;
  private _ending: Promise<void> | null = null;
  private _started = Date.now();
  private _progress: Progress | null = null;
  private _outcome: Outcome | null = null;
  /** what the LMS holds, as GetParam said and accepted PutParams since */
  private _lms: {status: LessonStatus; score?: number} = {status: 'not attempted'};
  /** learner steps not yet accepted */
  private _steps = 0;
  private _failures = 0;
  private _dirty = false;
  private _inFlight: Promise<void> | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _retryTimer: ReturnType<typeof setTimeout> | null = null;
  private _waiters: (() => void)[] = [];
  private _problem: LaunchProblem | null = null;
  private _localSave: Promise<unknown> = Promise.resolve();
  private _pageHiding = false;
  private readonly _onPageHide = (): void => {
    this._pageHiding = true;
    void this.end('suspend');
  };
  private readonly _onVisibility = (): void => {
    if (document.visibilityState === 'hidden' && this._dirty) this._flush(true);
  };

  constructor(course: CompiledCourse, launch: HacpLaunch) {
    super();
    this._course = course;
    this._launch = launch;
  }

  get status(): TrackerStatus {
    return this.cell.get();
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tracker

  begin(): Promise<SavedProgress | null> {
    this._beginning ??= this._begin();
    return this._beginning;
  }

  async save(progress: Progress): Promise<void> {
    this._progress = progress;
    this._localSave = saveLocalCopy(this._course, this.learner.id, progress);
    if (this._live()) this._step();
    await this._localSave;
    if (this._timer !== null || this._inFlight) await new Promise<void>((resolve) => this._waiters.push(resolve));
  }

  /** HACP's interactions (PutInteractions, a CSV table) are optional in CMI001, and LMSs that launch by HACP seldom keep them. */
  async answer(_record: AnswerRecord): Promise<void> {}

  async result(outcome: Outcome): Promise<void> {
    this._outcome = outcome;
    if (!this._live() || this.mode !== 'normal') return;
    this._step();
  }

  end(how: 'exit' | 'suspend'): Promise<void> {
    if (this._ending) return this._ending;
    if (how === 'suspend' && !this._pageHiding && document.visibilityState === 'hidden') {
      // only hidden (another tab or app): send what is pending now, in a request that outlives the page
      if (this._live() && this._dirty) this._flush(true);
      return this._localSave.then(() => undefined);
    }
    this._ending = (this._beginning ?? Promise.resolve(null)).then(
      () => this._end(how),
      () => this._end(how),
    );
    if (this._pageHiding || how === 'suspend') {
      // dismissed: no task may run after this one, so the beacons go now (begin() is done or never will be)
      if (this._connected) this._beacons();
    }
    return this._ending;
  }

  // -------------------------------------------------------------------------------------------------------------
  // launch

  private async _begin(): Promise<SavedProgress | null> {
    this._started = Date.now();
    let sent: Sent = {ok: false, detail: 'not sent'};
    for (let i = 0; i < GET_PARAM_TRIES; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[i - 1]));
      sent = await this._send('GetParam', '', {tolerateNoError: true});
      if (sent.ok || sent.sessionGone) break;
    }
    if (!sent.ok) {
      this._setStatus({
        state: 'error',
        pending: 0,
        code: 'no-lms',
        detail: `GetParam to ${this._launch.url} failed: ${sent.detail}. Progress is kept on this device only; relaunch the course from the LMS.`,
      });
      return loadLocalCopy(this._course, this.learner.id);
    }
    const r = sent.response;
    this._connected = true;
    this.learner = {
      id: hacpValue(r, 'core', 'student_id'),
      ...(hacpValue(r, 'core', 'student_name') ? {name: hacpValue(r, 'core', 'student_name')} : {}),
    };
    const mode = hacpValue(r, 'core', 'lesson_mode').toLowerCase();
    this.mode = mode === 'browse' || mode === 'review' ? mode : 'normal';
    this.credit = hacpValue(r, 'core', 'credit').toLowerCase() !== 'no-credit';
    const mastery = Number(hacpValue(r, 'student_data', 'mastery_score'));
    if (hacpValue(r, 'student_data', 'mastery_score') !== '' && mastery >= 0 && mastery <= 100)
      this.masteryScore = mastery / 100;
    const language = hacpValue(r, 'student_preferences', 'language').trim();
    if (language) this.language = language;
    const {status, entry} = readLessonStatus(hacpValue(r, 'core', 'lesson_status'));
    const score = readScore(hacpValue(r, 'core', 'score'));
    this._lms = {status, ...(score !== undefined ? {score} : {})};

    const fromLms = this._lmsCopy(r.groups.get('core_lesson')?.text ?? '');
    const local = await loadLocalCopy(this._course, this.learner.id);
    const chosen = chooseProgress(this._course, fromLms, local, {
      entry: entry || (status === 'not attempted' ? 'ab-initio' : ''),
      lmsCopyUnreadable: this._problem?.code === 'state-unreadable',
      masteryScore: this.masteryScore,
    });
    if (local && !chosen) await deleteLocalCopy(this._course, this.learner.id);
    if (chosen) this._progress = chosen.progress;
    window.addEventListener('pagehide', this._onPageHide);
    document.addEventListener('visibilitychange', this._onVisibility);
    // the first PutParam opens the attempt (incomplete, suspend) and sends this device's newer copy if it won
    if (this.mode === 'normal' && (status === 'not attempted' || chosen !== fromLms)) this._step();
    else this._setStatus({state: 'saved', pending: 0});
    return chosen;
  }

  private _lmsCopy(raw: string): SavedProgress | null {
    if (!raw) return null;
    try {
      const decoded = decodeState(raw, this._course.id);
      return {
        progress: migrateProgress(decoded.progress, this._course),
        courseVersion: decoded.courseVersion,
      };
    } catch (e) {
      const code = e instanceof StateError ? e.code : 'malformed';
      this._problem = {
        code: 'state-unreadable',
        detail: `[Core_Lesson] could not be read (${code}: ${e instanceof Error ? e.message : String(e)}); resuming from this device's copy where there is one`,
        sticky: false,
      };
      return null;
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // PutParam

  private _live(): boolean {
    return this._connected && this._ending === null;
  }

  /** A learner step changed something: one PutParam for it (and for the other calls of the same turn). */
  private _step(): void {
    if (this._timer === null) this._steps++;
    this._dirty = true;
    if (this._retryTimer === null) this._setStatus({state: 'saving', pending: this._steps});
    else this._setStatus({...this.status, pending: this._steps});
    this._timer ??= setTimeout(() => this._flush(), 0);
  }

  /** Sends what is pending now (one request at a time; a step during a request is sent right after it). */
  private _flush(keepalive = false): void {
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = null;
    if (this._inFlight) return;
    if (this._retryTimer !== null) clearTimeout(this._retryTimer);
    this._retryTimer = null;
    if (!this._dirty || !this._connected) return this._release();
    this._dirty = false;
    const steps = this._steps;
    const data = this._putData('suspend');
    this._inFlight = this._send('PutParam', data.text, {keepalive}).then((sent) => {
      this._inFlight = null;
      if (sent.ok) {
        this._accepted(data);
        this._failures = 0;
        this._steps = Math.max(0, this._steps - steps);
        if (this._dirty && this._live()) return this._flush();
        if (!this._ending) this._setStatus({state: 'saved', pending: 0});
      } else {
        this._dirty = true;
        this._refused(sent);
      }
      this._release();
    });
  }

  private _release(): void {
    if (this._timer !== null || this._inFlight) return;
    for (const w of this._waiters.splice(0)) w();
  }

  private _refused(sent: Extract<Sent, {ok: false}>): void {
    this._failures++;
    if (sent.sessionGone) {
      this._connected = false;
      this._setStatus({
        state: 'error',
        pending: Math.max(this._steps, 1),
        code: 'session-ended',
        detail: `${sent.detail}. Progress is kept on this device and goes to the LMS at the next launch.`,
      });
      return;
    }
    this._setStatus({
      state: this._failures >= ERROR_AFTER_FAILURES ? 'error' : 'pending',
      pending: Math.max(this._steps, 1),
      code: 'commit-refused',
      detail: `${sent.detail}. Progress is kept on this device; retrying.`,
    });
    if (this._ending) return;
    const delay = RETRY_DELAYS_MS[Math.min(this._failures - 1, RETRY_DELAYS_MS.length - 1)]!;
    this._retryTimer = setTimeout(() => {
      this._retryTimer = null;
      if (this._live()) this._flush();
    }, delay);
  }

  /** The PutParam of now: place, state, status and score (never below what the LMS holds), session time. */
  private _putData(exit: 'suspend' | 'finish'): {text: string; status: LessonStatus; score?: number} {
    const settings = this._course.settings;
    let status: LessonStatus = this._lms.status;
    let score: number | undefined;
    if (this.mode === 'normal') {
      if (status === 'not attempted' || status === 'browsed') status = 'incomplete';
      if (this._outcome) {
        const next = lessonStatus(this._outcome, settings);
        const keep = status === 'passed' || (status === 'completed' && next === 'incomplete');
        if (!keep) status = next;
        const raw = Math.min(100, Math.max(0, (this._outcome.scaled ?? 0) * 100));
        if (this._outcome.scaled !== undefined && !((this._lms.score ?? -1) > raw)) score = raw;
      }
    }
    const finished = this._outcome
      ? this._outcome.completed && this._outcome.passed !== false
      : this._lms.status === 'passed' || this._lms.status === 'completed';
    let coreLesson: string | undefined;
    const p = this._progress;
    if (p) {
      const state = encodeState(p, this._course.version, this._course.id);
      if (state.length <= AICC_CORE_LESSON_MAX) {
        coreLesson = state;
        if (this._problem?.code === 'state-too-large') this._problem = null;
      } else {
        this._problem = {
          code: 'state-too-large',
          detail: `[Core_Lesson]: the state is ${state.length} characters, over the ${AICC_CORE_LESSON_MAX} the LMS keeps; it was not sent and is kept on this device`,
          sticky: true,
        };
      }
    }
    const location = p?.location ?? '';
    const text = putParamData({
      location: location.length <= AICC_LOCATION_MAX ? location : '',
      status,
      exit: this.mode !== 'normal' ? '' : exit === 'finish' && finished ? '' : 'suspend',
      ...(score !== undefined ? {score: decimal(score, 2)} : {}),
      time: hacpTime(Date.now() - this._started),
      coreLesson: coreLesson ?? '',
    });
    // without a state that fits, the [Core_Lesson] group is left out: the LMS keeps the last one it had
    return {
      text: coreLesson === undefined ? text.replace(/\[Core_Lesson\]\r\n\r\n$/, '') : text,
      status,
      ...(score !== undefined ? {score} : {}),
    };
  }

  private _accepted(data: {status: LessonStatus; score?: number}): void {
    this._lms = {status: data.status, ...(data.score !== undefined ? {score: data.score} : {score: this._lms.score})};
  }

  // -------------------------------------------------------------------------------------------------------------
  // the end

  private async _end(how: 'exit' | 'suspend'): Promise<void> {
    window.removeEventListener('pagehide', this._onPageHide);
    document.removeEventListener('visibilitychange', this._onVisibility);
    if (!this._connected) return void (await this._localSave);
    if (this._pageHiding || how === 'suspend') {
      // the beacons went in end(); the page is going
      for (const t of [this._timer, this._retryTimer]) if (t !== null) clearTimeout(t);
      this._timer = this._retryTimer = null;
      this._release();
      return void (await this._localSave);
    }
    // the exit button: the last PutParam (the attempt closed where the course is finished), then ExitAU
    for (const t of [this._timer, this._retryTimer]) if (t !== null) clearTimeout(t);
    this._timer = this._retryTimer = null;
    if (this._inFlight) await this._inFlight;
    const data = this._putData('finish');
    const put = await this._send('PutParam', data.text);
    if (put.ok) this._accepted(data);
    const exit = put.ok ? await this._send('ExitAU', '') : put;
    this._connected = false;
    this._release();
    if (!put.ok) {
      this._setStatus({
        state: 'error',
        pending: Math.max(this._steps, 1),
        code: 'commit-refused',
        detail: `${put.detail}. Progress is kept on this device and goes to the LMS at the next launch.`,
      });
    } else if (!exit.ok) {
      this._note(`ExitAU: ${exit.detail}`);
      this._setStatus({state: 'saved', pending: 0});
    } else this._setStatus({state: 'saved', pending: 0});
    await this._localSave;
  }

  /**
   * A dismissed page: a beacon (a form body; the browser sends it after the page is gone). With something unsent
   * (or a PutParam still on its way), the last PutParam alone: ExitAU beside it could overtake it on another
   * connection and close the session before the data arrives, and LMSs close an abandoned session themselves.
   * With everything accepted, ExitAU.
   */
  private _beacons(): void {
    const pending = this._dirty || this._inFlight !== null || this._timer !== null || this._retryTimer !== null;
    const command: HacpCommand = pending ? 'PutParam' : 'ExitAU';
    const body = hacpBody(command, this._launch.sid, pending ? this._putData('suspend').text : '');
    this.requests[command]++;
    let ok = false;
    try {
      ok = navigator.sendBeacon(this._launch.url, body);
    } catch {
      ok = false;
    }
    if (!ok) this._note(`the browser refused the beacon of the last ${command}`);
    this._connected = false;
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP

  private async _send(
    command: HacpCommand,
    aiccData: string,
    opts: {keepalive?: boolean; tolerateNoError?: boolean} = {},
  ): Promise<Sent> {
    this.requests[command]++;
    let text: string;
    try {
      // the first GetParam may have been sent by the page's first script (./early.ts)
      const res = await ((command === 'GetParam' && takeEarlyGetParam(this._launch)) ||
        fetch(this._launch.url, {
          method: 'POST',
          body: hacpBody(command, this._launch.sid, aiccData),
          keepalive: !!opts.keepalive,
          cache: 'no-store',
        }));
      text = await res.text();
      if (!res.ok) return this._fail(`${command}: HTTP ${res.status} ${res.statusText}`.trim());
    } catch (e) {
      return this._fail(`${command}: no answer (${e instanceof Error ? e.message : String(e)})`);
    }
    const response = parseHacp(text);
    if (response.error === undefined) {
      // an answer without error= is accepted for GetParam where it carries the [Core] data, never for a write
      if (opts.tolerateNoError && response.groups.has('core')) {
        this._note(`${command}: the answer has no error= line; its [Core] data is used`);
        return {ok: true, response};
      }
      return this._fail(`${command}: the LMS's answer has no error= line (${JSON.stringify(text.slice(0, 80))})`);
    }
    if (response.error !== 0) {
      const detail = `${command}: error=${response.error}${response.errorText ? ` (${response.errorText})` : ''}`;
      return {...this._fail(detail), sessionGone: response.error === HACP_INVALID_SESSION};
    }
    return {ok: true, response};
  }

  private _fail(detail: string): {ok: false; detail: string} {
    this._note(detail);
    return {ok: false, detail};
  }

  private _note(detail: string): void {
    this.problems.push(detail);
    if (this.problems.length > 50) this.problems.shift();
  }

  private _setStatus(next: TrackerStatus): void {
    const shown = withProblem(next, this._problem);
    this._problem = shown.problem;
    this.cell.set(shown.status);
  }
}

/**
 * The tracker for an AICC HACP launch. Where the launch URL has no `aicc_sid` and `aicc_url` (the course opened
 * outside an LMS), the standalone tracker, whose status says `no-lms`.
 */
export const createAiccTracker: TrackerFactory = async (course: CompiledCourse): Promise<Tracker> => {
  const launch = hacpLaunch(location.search, location.href);
  if (!launch) {
    const {createStandaloneTracker} = await import('../standalone/standalone-tracker.js');
    return createStandaloneTracker(course, {reason: 'no-lms'});
  }
  return new AiccTracker(course, launch);
};
