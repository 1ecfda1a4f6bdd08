/**
 * What SCORM 1.2 and SCORM 2004 trackers share: the session with the LMS's API object, every call checked, the
 * suspend state written through the state codec, commits coalesced to one per learner step and retried with
 * backoff when the LMS refuses them, a copy of the progress kept in IndexedDB, and the learner-visible status.
 *
 * What differs between the versions (element names, vocabularies, response syntax, time formats) is a
 * {@link ScormDialect}: `src/tracking/scorm12/` and `src/tracking/scorm2004/` each define one.
 *
 * Commits: `save()`, `answer()` and `result()` set values at once and schedule one commit for the next task, so the
 * calls the player makes for one learner step (in the same turn of the event loop, awaited or not) end in one
 * Commit. `save()` resolves once that commit has been tried; the status says how it went. A refused commit (`false`,
 * an exception, an error code, or suspend data that does not read back as sent) is retried after 1, 2, 4, 8, 16 and
 * then every 30 s, with status `pending` (from the third failure `error`), code `commit-refused`, until the LMS
 * accepts it: then `saved` again.
 *
 * Status codes (learner messages in `src/i18n/<lang>-messages.ts`): `commit-refused` (Commit, the read-back or Terminate failed; the progress
 * is on this device), `no-lms` (Initialize refused: this launch saves on this device only), `state-too-large` (the
 * state exceeds the version's `cmi.suspend_data` limit and was not sent), `state-unreadable` (the LMS returned
 * suspend data the codec cannot read; shown once, the launch resumes from this device's copy if there is one).
 *
 * Launch: the newer of the LMS's and this device's copy wins (by `progress.updated`); with no LMS data, this
 * device's copy is used unless it is a finished course launched as a new attempt (`ab-initio`).
 */
import {decodeState, encodeState, StateError} from '../../course/codec.js';
import type {CompiledCourse, CourseSettings, Outcome, Progress, SavedProgress} from '../../course/types.js';
import {migrateProgress} from '../../course/migrate.js';
import {evaluate} from '../../course/rules.js';
import {deleteProgressCopy} from '../../offline/db.js';
import {loadLocalCopy, saveLocalCopy} from '../local-copy.js';
import {
  StatusCell,
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type StatusCode,
  type Tracker,
  type TrackerStatus,
} from '../tracker.js';

/** The SCORM error code of success: "No Error" (SCORM 1.2 and 2004 alike). */
const NO_ERROR = '0';
/** Not a SCORM error code: the API function threw instead of answering. */
const CALL_THREW = 'exception';

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
  /** elements to set before the exit button's Terminate (2004 `adl.nav.request`), reading validity through `get` */
  exitRequest(settings: CourseSettings, get: (element: string) => string): CmiPairs;
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

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, 30000];
/** From this many refused commits in a row, the status turns from `pending` to `error`. */
const ERROR_AFTER_FAILURES = 3;

interface CallResult {
  /** what the call returned, as a string */
  value: string;
  /** GetLastError after it ("0": none) or `exception` */
  error: string;
  /** a message for logs where something went wrong */
  detail?: string;
}

type SetOutcome = 'same' | 'set' | 'failed';

/** A tracker for one SCORM launch, parameterized by its version's dialect. */
export class ScormTracker extends EventTarget implements Tracker {
  readonly format: 'scorm12' | 'scorm2004';
  learner: Learner = {id: ''};
  mode: LaunchMode = 'normal';
  masteryScore?: number;
  language?: string;
  credit = true;
  private readonly cell = new StatusCell<TrackerStatus>(
    {state: 'connecting', pending: 0},
    this,
    (s) => new TrackerStatusEvent(s),
  );

  get status(): TrackerStatus {
    return this.cell.get();
  }
  /** what this tracker asked of the LMS so far */
  readonly stats: ScormCallStats = {calls: 0, dataCalls: 0, commits: 0, byName: {}};
  /** what went wrong with the LMS, newest last (at most 50 entries; for logs and the host page) */
  readonly problems: string[] = [];

  private readonly _course: CompiledCourse;
  private readonly _d: ScormDialect;
  private readonly _known = new Map<string, string>();
  private _connected = false;
  private _beginning: Promise<SavedProgress | null> | null = null;
  private _ending: Promise<void> | null = null;
  private _started = Date.now();
  private _progress: Progress | null = null;
  private _outcome: Outcome | null = null;
  /** location and state last meant for the LMS (re-sent when a commit is retried) */
  private _intended: {location?: string; state?: string} = {};
  /** suspend data sent since the last accepted commit: read back after the next one */
  private _verifyState: string | null = null;
  /** values set since the last accepted commit */
  private _dirty = false;
  /** learner steps not yet accepted by the LMS */
  private _steps = 0;
  private _failures = 0;
  private _commitTimer: ReturnType<typeof setTimeout> | null = null;
  private _retryTimer: ReturnType<typeof setTimeout> | null = null;
  private _waiters: (() => void)[] = [];
  private _interactionIndex = 0;
  private _interactionsRefused = false;
  private readonly _interactionIds = new Set<string>();
  /** a lasting problem shown with the status until it clears: state too large, unreadable resume data */
  private _problem: {code: StatusCode; detail: string; sticky: boolean} | null = null;
  private _localSave: Promise<unknown> = Promise.resolve();
  private _begun = false;
  private _pageHiding = false;
  private readonly _onPageHide = (): void => {
    this._pageHiding = true;
    void this.end('suspend');
  };
  private readonly _onVisibility = (): void => {
    if (document.visibilityState === 'hidden' && this._commitTimer !== null) this._flush();
  };

  constructor(course: CompiledCourse, dialect: ScormDialect) {
    super();
    this._course = course;
    this._d = dialect;
    this.format = dialect.format;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tracker

  begin(): Promise<SavedProgress | null> {
    this._beginning ??= this._begin();
    return this._beginning;
  }

  async save(progress: Progress): Promise<void> {
    this._progress = progress;
    this._keepLocal(progress);
    if (this._live() && this._writeState(progress)) this._step();
    await this._localSave;
    await this._batchDone();
  }

  async answer(record: AnswerRecord): Promise<void> {
    if (!this._live() || this.mode !== 'normal' || this._interactionsRefused) return;
    const attemptNo = (this._progress?.attemptsUsed ?? 0) + 1;
    const base = this._d.interactionId(record.questionId, attemptNo);
    let id = base;
    for (let n = 2; this._interactionIds.has(id); n++) id = `${base}.${n}`;
    let index = this._interactionIndex;
    let pairs = this._d.interaction(index, id, record);
    const [idEl, idValue] = pairs[0]!;
    if (this._set(idEl, idValue, true) === 'failed') {
      // The LMS may count differently (another SCO wrote some, or it caps them): ask it where the next one goes.
      const count = Number(this._get(this._d.el.interactionsCount));
      const retry = Number.isInteger(count) && count !== index;
      if (retry) {
        index = count;
        pairs = this._d.interaction(index, id, record);
      }
      if (!retry || this._set(pairs[0]![0], idValue, true) === 'failed') {
        // This LMS takes no (more) interactions: stop asking for this session; status and progress still go.
        this._interactionsRefused = true;
        return;
      }
    }
    this._interactionIds.add(id);
    this._interactionIndex = index + 1;
    for (const [el, value] of pairs.slice(1)) this._set(el, value, true);
    this._step();
  }

  async result(outcome: Outcome): Promise<void> {
    this._outcome = outcome;
    if (!this._live() || this.mode !== 'normal') return;
    let changed = false;
    for (const [el, value] of this._d.result(outcome, this._course.settings, (el) => this._known.get(el) ?? '')) {
      if (this._set(el, value) === 'set') changed = true;
    }
    if (changed) this._step();
  }

  /**
   * `exit` and a dismissed page (`pagehide`) commit and Terminate; a second call does nothing. `suspend` while the
   * page is only hidden (another tab, another app: the learner may come back) commits what is pending with
   * `suspend` as the exit and keeps the session open; Terminate follows on `pagehide`, which this tracker listens
   * for itself. Terminating on every tab switch would leave the rest of the session unsaved: SCORM allows one
   * Initialize per launch.
   */
  end(how: 'exit' | 'suspend'): Promise<void> {
    if (this._ending) return this._ending;
    if (
      how === 'suspend' &&
      !this._pageHiding &&
      typeof document !== 'undefined' &&
      document.visibilityState === 'hidden'
    ) {
      if (this._live()) {
        this._set(this._d.el.exit, 'suspend');
        if (this._dirty || this._commitTimer !== null) this._flush();
      }
      return this._localSave.then(() => undefined);
    }
    // Synchronous up to Terminate where begin() is done: a page being dismissed may run no later task.
    this._ending =
      this._begun || !this._beginning
        ? this._end(how)
        : this._beginning.then(
            () => this._end(how),
            () => this._end(how),
          );
    return this._ending;
  }

  // -------------------------------------------------------------------------------------------------------------
  // launch

  private async _begin(): Promise<SavedProgress | null> {
    const d = this._d;
    this._started = Date.now();
    const init = this._call(d.callNames.initialize, '');
    if (!isTrue(init)) {
      // Initialized already (by a previous page of this SCO, or a wrapper)? Then a read works.
      const probe = this._call(d.callNames.getValue, d.el.entry);
      if (probe.error !== NO_ERROR) {
        this._setStatus({
          state: 'error',
          pending: 0,
          code: 'no-lms',
          detail: `${init.detail ?? 'Initialize failed'}. Progress is kept on this device only; relaunch the course from the LMS.`,
        });
        this._begun = true;
        return this._loadLocal();
      }
    }
    this._connected = true;

    const el = d.el;
    for (const element of [
      el.entry,
      el.learnerId,
      el.learnerName,
      el.mode,
      el.credit,
      el.masteryScore,
      el.language,
      el.location,
      el.suspendData,
      el.interactionsCount,
      ...d.statusElements,
    ]) {
      const r = this._call(d.callNames.getValue, element);
      if (r.error === NO_ERROR) this._known.set(element, r.value);
    }
    const known: Known = (element) => this._known.get(element) ?? '';
    this.learner = {id: known(el.learnerId), ...(known(el.learnerName) ? {name: known(el.learnerName)} : {})};
    const mode = known(el.mode);
    this.mode = mode === 'browse' || mode === 'review' ? mode : 'normal';
    this.credit = known(el.credit) !== 'no-credit';
    const mastery = d.masteryScore(known(el.masteryScore));
    if (mastery !== undefined) this.masteryScore = mastery;
    const language = known(el.language).trim();
    if (language) this.language = language;
    const count = Number(known(el.interactionsCount));
    this._interactionIndex = Number.isInteger(count) && count > 0 ? count : 0;

    // The LMS's copy of the progress, and this device's.
    let fromLms: SavedProgress | null = null;
    const raw = known(el.suspendData);
    if (raw) {
      try {
        const decoded = decodeState(raw, this._course.id);
        fromLms = {progress: migrateProgress(decoded.progress, this._course), courseVersion: decoded.courseVersion};
      } catch (e) {
        const code = e instanceof StateError ? e.code : 'malformed';
        this._problem = {
          code: 'state-unreadable',
          detail: `${el.suspendData} could not be read (${code}: ${e instanceof Error ? e.message : String(e)}); resuming from this device's copy where there is one`,
          sticky: false,
        };
      }
    }
    const local = await this._loadLocal();
    const entry = known(el.entry);
    let chosen = fromLms;
    if (local) {
      if (fromLms) {
        if (local.progress.updated > fromLms.progress.updated) chosen = local;
      } else if (
        this._problem ||
        entry !== 'ab-initio' ||
        !evaluate(this._course, local.progress, this.masteryScore).completed
      ) {
        // The LMS lost or mangled the state (commits refused until the tab closed, a truncating LMS): this device's
        // copy is the newest.
        chosen = local;
      } else {
        // A course finished on this device and launched as a new attempt starts afresh: drop the old copy so that
        // the new attempt's saves are not merged with it.
        await deleteProgressCopy(this._course.id, this.learner.id).catch(() => undefined);
      }
    }

    let changed = false;
    if (this.mode === 'normal') {
      for (const [element, value] of d.firstLaunch(known)) if (this._set(element, value) === 'set') changed = true;
    }
    // Keep the attempt open while unfinished: an exit offline or a closed tab must not end it (`suspend` early).
    if (this._set(el.exit, 'suspend') === 'set') changed = true;
    if (chosen) {
      this._progress = chosen.progress;
      if (chosen !== fromLms && this._writeState(chosen.progress)) changed = true;
    }
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this._onPageHide);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this._onVisibility);
    this._begun = true;
    if (changed) this._step();
    else this._setStatus({state: 'saved', pending: 0});
    return chosen;
  }

  /** This device's copy (none where storage is unavailable: the LMS's copy is all there is). */
  private _loadLocal(): Promise<SavedProgress | null> {
    return loadLocalCopy(this._course, this.learner.id);
  }

  /** Keep this device's copy; a device that cannot store leaves the LMS's copy as the only one. */
  private _keepLocal(progress: Progress): void {
    this._localSave = saveLocalCopy(this._course, this.learner.id, progress);
  }

  // -------------------------------------------------------------------------------------------------------------
  // writing

  private _live(): boolean {
    return this._connected && this._ending === null;
  }

  /** Set location and suspend data for `progress`; whether anything was sent. */
  private _writeState(progress: Progress): boolean {
    const d = this._d;
    let changed = false;
    const location = progress.location ?? '';
    if (location.length <= d.locationMax) {
      this._intended.location = location;
      if (this._set(d.el.location, location) === 'set') changed = true;
    }
    const state = encodeState(progress, this._course.version, this._course.id);
    if (state.length > d.suspendDataMax) {
      this._problem = {
        code: 'state-too-large',
        detail: `${d.el.suspendData}: the state is ${state.length} characters, over the ${d.suspendDataMax} this LMS version allows; it was not sent and is kept on this device. Rebuild the course: its worst case must fit.`,
        sticky: true,
      };
      this._setStatus({...this.status});
      return changed;
    }
    if (this._problem?.code === 'state-too-large') this._problem = null;
    this._intended.state = state;
    const r = this._set(d.el.suspendData, state);
    if (r !== 'same') {
      this._verifyState = state;
      changed = true;
    }
    return changed;
  }

  /** One learner step changed something: count it (once per batch) and schedule the commit. */
  private _step(): void {
    if (this._commitTimer === null) this._steps++;
    this._dirty = true;
    if (this._retryTimer === null) this._setStatus({state: 'saving', pending: this._steps});
    else this._setStatus({...this.status, pending: this._steps});
    this._commitTimer ??= setTimeout(() => this._flush(), 0);
  }

  /** Resolves when the scheduled commit (if any) has been tried. */
  private _batchDone(): Promise<void> {
    if (this._commitTimer === null) return Promise.resolve();
    return new Promise((resolve) => this._waiters.push(resolve));
  }

  /** Commit what is pending, now; whether the LMS accepted it. Retries are scheduled on failure. */
  private _flush(final = false): boolean {
    if (this._commitTimer !== null) clearTimeout(this._commitTimer);
    this._commitTimer = null;
    if (this._retryTimer !== null) clearTimeout(this._retryTimer);
    this._retryTimer = null;
    let ok = true;
    if (this._connected && (this._dirty || final)) ok = this._commit();
    if (ok) {
      this._failures = 0;
      this._steps = 0;
      this._dirty = false;
      if (!final) this._setStatus({state: 'saved', pending: 0});
    } else if (!final) {
      const delay = RETRY_DELAYS_MS[Math.min(this._failures, RETRY_DELAYS_MS.length - 1)]!;
      this._failures++;
      this._retryTimer = setTimeout(() => {
        this._retryTimer = null;
        if (this._live()) this._flush();
      }, delay);
    }
    const waiters = this._waiters;
    this._waiters = [];
    for (const w of waiters) w();
    return ok;
  }

  /** Session time, Commit, check, read back. */
  private _commit(): boolean {
    const d = this._d;
    if (this._failures > 0) {
      // The LMS refused before: send location and state again in case it dropped them.
      if (this._intended.location !== undefined) this._set(d.el.location, this._intended.location, true);
      if (this._intended.state !== undefined) {
        this._set(d.el.suspendData, this._intended.state, true);
        this._verifyState = this._intended.state;
      }
    }
    this._set(d.el.sessionTime, d.sessionTime(Date.now() - this._started), true);
    this.stats.commits++;
    const r = this._call(d.callNames.commit, '');
    let detail = isTrue(r) ? undefined : (r.detail ?? `${d.callNames.commit} failed`);
    if (!detail && this._verifyState !== null) {
      const back = this._call(d.callNames.getValue, d.el.suspendData);
      if (back.value !== this._verifyState) {
        detail = `${d.el.suspendData} read back after ${d.callNames.commit} differs from what was sent (${back.value.length} of ${this._verifyState.length} characters${back.error !== NO_ERROR ? `, error ${back.error}` : ''})`;
      }
    }
    if (!detail) {
      this._verifyState = null;
      return true;
    }
    this._note(detail);
    const failures = this._failures + 1;
    this._setStatus({
      state: failures >= ERROR_AFTER_FAILURES ? 'error' : 'pending',
      pending: Math.max(this._steps, 1),
      code: 'commit-refused',
      detail: `${detail}. Progress is kept on this device; retrying.`,
    });
    return false;
  }

  private async _end(how: 'exit' | 'suspend'): Promise<void> {
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this._onPageHide);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this._onVisibility);
    // Synchronous until Terminate: a page being dismissed may not run any later task.
    if (this._connected) {
      const d = this._d;
      const known: Known = (el) => this._known.get(el) ?? '';
      const finished = this._outcome
        ? this._outcome.completed && this._outcome.passed !== false
        : d.finishedInLms(known);
      this._set(d.el.exit, how === 'exit' && finished ? d.exitFinished : 'suspend');
      if (how === 'exit') {
        const get = (el: string): string => this._call(d.callNames.getValue, el).value;
        for (const [el, value] of d.exitRequest(this._course.settings, get)) this._set(el, value, true);
      }
      if (this._progress) this._writeState(this._progress);
      this._dirty = true; // the session time is always sent last
      let committed = true;
      // `suspend` reaches here only from a page being dismissed (a hidden page returned above), whichever of the
      // player's or this tracker's pagehide listeners came first.
      if (this._pageHiding || how === 'suspend') {
        // The page is being dismissed: no Commit of our own, which an LMS sends as a synchronous request that the
        // browser refuses now. Terminate persists every value set (SCORM RTE: LMSFinish/Terminate implies a
        // commit), and LMSs send it in a way that survives dismissal (scorm-again: sendBeacon).
        for (const timer of [this._commitTimer, this._retryTimer]) if (timer !== null) clearTimeout(timer);
        this._commitTimer = this._retryTimer = null;
        for (const w of this._waiters.splice(0)) w();
        this._set(d.el.sessionTime, d.sessionTime(Date.now() - this._started), true);
      } else {
        committed = this._flush(true);
      }
      const fin = this._call(d.callNames.terminate, '');
      this._connected = false;
      if (!committed) {
        this._setStatus({
          state: 'error',
          pending: Math.max(this._steps, 1),
          code: 'commit-refused',
          detail: `${this.problems.at(-1) ?? 'the last commit was refused'}. Progress is kept on this device and goes to the LMS at the next launch.`,
        });
      } else if (isTrue(fin)) {
        this._setStatus({state: 'saved', pending: 0});
      } else {
        // Terminate refused: the LMS may not have stored the last values (this device has them).
        this._setStatus({state: 'error', pending: 0, code: 'commit-refused', detail: fin.detail});
      }
    }
    await this._localSave;
  }

  // -------------------------------------------------------------------------------------------------------------
  // the API, checked

  /** Call the API's method `name`, then GetLastError; exceptions are caught and reported, never thrown. */
  private _call(name: string, ...args: string[]): CallResult {
    const element = args[0];
    this._count(name);
    this.stats.dataCalls++;
    let value: string;
    try {
      const v = this._d.api[name]!(...args);
      value = v === null || v === undefined ? '' : String(v);
    } catch (e) {
      return {
        value: '',
        error: CALL_THREW,
        detail: `${name}(${element ?? ''}) threw ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    const error = this._lastError();
    if (error === NO_ERROR) return {value, error};
    // A GetValue error is mostly "not initialized" (403) for an empty element: no need to ask for its text.
    let text = '';
    if (name !== this._d.callNames.getValue) {
      try {
        this._count('GetErrorString');
        text = String(this._d.api[this._d.callNames.getErrorString]!(error) ?? '');
      } catch {
        // no text
      }
    }
    return {
      value,
      error,
      detail: `${name}(${element !== undefined ? `"${element}"` : '""'}) returned "${value}", error ${error}${text ? ` (${text})` : ''}`,
    };
  }

  private _lastError(): string {
    this._count('GetLastError');
    try {
      const e = this._d.api[this._d.callNames.getLastError]!();
      const s = e === null || e === undefined ? NO_ERROR : String(e).trim();
      return s === '' ? NO_ERROR : s;
    } catch {
      return CALL_THREW;
    }
  }

  private _note(detail: string): void {
    this.problems.push(detail);
    if (this.problems.length > 50) this.problems.shift();
  }

  private _count(name: string): void {
    this.stats.calls++;
    this.stats.byName[name] = (this.stats.byName[name] ?? 0) + 1;
  }

  private _get(element: string): string {
    const r = this._call(this._d.callNames.getValue, element);
    return r.error === NO_ERROR ? r.value : '';
  }

  /** SetValue unless the LMS already holds `value` (or `force`); checked. */
  private _set(element: string, value: string, force = false): SetOutcome {
    if (!this._connected) return 'failed';
    if (!force && this._known.get(element) === value) return 'same';
    const r = this._call(this._d.callNames.setValue, element, value);
    if (!isTrue(r)) {
      this._known.delete(element);
      this._note(r.detail ?? `${this._d.callNames.setValue}("${element}") failed`);
      return 'failed';
    }
    this._known.set(element, value);
    this._dirty = true;
    return 'set';
  }

  private _setStatus(next: TrackerStatus): void {
    let status = next;
    if (this._problem && (next.state === 'saved' || next.state === 'saving')) {
      status = {
        state: this._problem.code === 'state-too-large' ? 'error' : next.state,
        pending: next.pending,
        code: this._problem.code,
        detail: this._problem.detail,
      };
      if (!this._problem.sticky) this._problem = null;
    }
    this.cell.set(status);
  }
}

function isTrue(r: CallResult): boolean {
  return r.value === 'true' && r.error === NO_ERROR;
}
