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
 * Status codes ({@link StatusCode}): `commit-refused`, `no-lms`, `state-too-large`, `state-unreadable` (shown once).
 * Launch: which copy of the progress resumes is `chooseProgress()` in resume.ts.
 */
import {ERROR_AFTER_FAILURES, RETRY_DELAYS_MS, withProblem, type LaunchProblem} from './retry.js';
import type {CompiledCourse, Outcome, Progress, SavedProgress} from '../../course/types.js';
import {deleteLocalCopy, loadLocalCopy, saveLocalCopy} from '../local-copy.js';
import {isTrue, NO_ERROR, ScormConnection} from './connection.js';
import {takeEarlyInitialize} from './early.js';
import {chooseProgress, launchElements, lmsCopy} from './resume.js';
import {HELD, loadedStateCodec, stateCodec} from '../state-codec.js';
import type {Known, ScormCallStats, ScormDialect} from './dialect.js';
import {
  StatusCell,
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type Tracker,
  type TrackerStatus,
} from '../tracker.js';

export type {CmiPairs, Known, ScormApi, ScormCallStats, ScormDialect} from './dialect.js';

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
  readonly stats: ScormCallStats;
  /** what went wrong with the LMS, newest last (at most 50 entries; for logs and the host page) */
  readonly problems: string[];

  private readonly _course: CompiledCourse;
  private readonly _d: ScormDialect;
  private readonly _api: ScormConnection;
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
  private _problem: LaunchProblem | null = null;
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
    this._api = new ScormConnection(dialect);
    this.stats = this._api.stats;
    this.problems = this._api.problems;
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
    // this device's copy; a device that cannot store leaves the LMS's copy as the only one
    this._localSave = saveLocalCopy(this._course, this.learner.id, progress);
    if (this._live() && this._writeState(progress)) this._step();
    await this._localSave;
    // the scheduled commit (if any) has been tried
    if (this._commitTimer !== null) await new Promise<void>((resolve) => this._waiters.push(resolve));
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
      const count = Number(this._api.get(this._d.el.interactionsCount));
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
    for (const [el, value] of this._d.result(outcome, this._course.settings, this._knownValue)) {
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
    if (how === 'suspend' && !this._pageHiding && document.visibilityState === 'hidden') {
      if (this._live()) {
        if (this.mode === 'normal') this._set(this._d.el.exit, 'suspend');
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
    this._started = Date.now();
    if (!this._connect()) {
      this._begun = true;
      return loadLocalCopy(this._course, this.learner.id);
    }
    this._readLaunch();
    if (this._knownValue(this._d.el.suspendData)) await stateCodec(true).catch(() => undefined); // to read it
    const fromLms = this._lmsCopy();
    const chosen = await this._choose(fromLms);
    const changed = this._open(chosen, fromLms);
    this._listen('addEventListener');
    this._begun = true;
    if (changed) this._step();
    else this._setStatus({state: 'saved', pending: 0});
    return chosen;
  }

  /** Initialize; where the LMS refuses (and reads fail too), the launch saves on this device only. */
  private _connect(): boolean {
    const d = this._d;
    // the page's first script may have called Initialize already (./early.ts): one Initialize per launch
    const init = takeEarlyInitialize(d.api) ?? this._api.call(d.callNames.initialize, '');
    if (!isTrue(init)) {
      // Initialized already (by a previous page of this SCO, or a wrapper)? Then a read works.
      const probe = this._api.call(d.callNames.getValue, d.el.entry);
      if (probe.error !== NO_ERROR) {
        this._setStatus({
          state: 'error',
          pending: 0,
          code: 'no-lms',
          detail: `${init.detail ?? 'Initialize failed'}. Progress is kept on this device only; relaunch the course from the LMS.`,
        });
        return false;
      }
    }
    this._connected = true;
    return true;
  }

  /** Reads what the LMS says of this launch: the learner, the mode, the mastery score, what it holds. */
  private _readLaunch(): void {
    const d = this._d;
    for (const element of launchElements(d)) {
      const r = this._api.call(d.callNames.getValue, element);
      if (r.error === NO_ERROR) this._known.set(element, r.value);
    }
    const known = this._knownValue;
    const el = d.el;
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
  }

  private readonly _knownValue: Known = (element) => this._known.get(element) ?? '';

  /** The LMS's copy of the progress (suspend data), or null; unreadable data is noted for the learner. */
  private _lmsCopy(): SavedProgress | null {
    const copy = lmsCopy(this._d, this._knownValue, this._course, loadedStateCodec());
    if ('problem' in copy) {
      this._problem = {code: 'state-unreadable', detail: copy.problem, sticky: false};
      return null;
    }
    return copy.saved;
  }

  /** The progress to resume: the newer of the LMS's copy and this device's. */
  private async _choose(fromLms: SavedProgress | null): Promise<SavedProgress | null> {
    // this device's copy (none where storage is unavailable: the LMS's copy is all there is)
    const local = await loadLocalCopy(this._course, this.learner.id);
    const chosen = chooseProgress(this._course, fromLms, local, {
      entry: this._knownValue(this._d.el.entry),
      lmsCopyUnreadable: this._problem?.code === 'state-unreadable',
      masteryScore: this.masteryScore,
    });
    // A course finished here and launched as a new attempt starts afresh: its old copy must not merge into the new.
    if (local && !chosen) await deleteLocalCopy(this._course, this.learner.id);
    return chosen;
  }

  /** Opens the attempt in the LMS (first-launch values, exit = suspend, the chosen progress); true if anything was set. */
  private _open(chosen: SavedProgress | null, fromLms: SavedProgress | null): boolean {
    const d = this._d;
    let changed = false;
    if (this.mode === 'normal') {
      for (const [element, value] of d.firstLaunch(this._knownValue))
        if (this._set(element, value) === 'set') changed = true;
    }
    // Open while unfinished (`suspend`: an exit offline or a closed tab must not end it); review and browse: nothing.
    if (this.mode === 'normal' && this._set(d.el.exit, 'suspend') === 'set') changed = true;
    if (chosen) {
      this._progress = chosen.progress;
      if (chosen !== fromLms && this._writeState(chosen.progress)) changed = true;
    }
    return changed;
  }

  /** A dismissed page ends the session; a hidden one commits what is scheduled at once. */
  private _listen(how: 'addEventListener' | 'removeEventListener'): void {
    window[how]('pagehide', this._onPageHide);
    document[how]('visibilitychange', this._onVisibility);
  }

  // -------------------------------------------------------------------------------------------------------------
  // writing

  private _live(): boolean {
    return this._connected && this._ending === null;
  }

  /** Set location and suspend data for `progress`; whether anything was sent. */
  private _writeState(progress: Progress): boolean {
    const codec = loadedStateCodec();
    if (!codec) {
      // a first launch's first save: this step's commit waits for the codec, to carry the suspend data (one commit)
      this._step();
      clearTimeout(this._commitTimer!);
      this._commitTimer = HELD;
      const go = () => {
        if (this._commitTimer !== HELD) return; // committed meanwhile (the page hidden): the next save sends it
        this._commitTimer = setTimeout(() => this._flush(), 0);
        if (this._live() && loadedStateCodec()) this._writeState(this._progress ?? progress);
      };
      void stateCodec(false).then(go, go);
      return false;
    }
    const d = this._d;
    let changed = false;
    const location = progress.location ?? '';
    if (location.length <= d.locationMax) {
      this._intended.location = location;
      if (this._set(d.el.location, location) === 'set') changed = true;
    }
    const state = codec.encodeState(progress, this._course.version, this._course.id);
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
    const r = this._api.call(d.callNames.commit, '');
    let detail = isTrue(r) ? undefined : (r.detail ?? `${d.callNames.commit} failed`);
    if (!detail && this._verifyState !== null) {
      const back = this._api.call(d.callNames.getValue, d.el.suspendData);
      if (back.value !== this._verifyState) {
        detail = `${d.el.suspendData} read back after ${d.callNames.commit} differs from what was sent (${back.value.length} of ${this._verifyState.length} characters${back.error !== NO_ERROR ? `, error ${back.error}` : ''})`;
      }
    }
    if (!detail) {
      this._verifyState = null;
      return true;
    }
    this._api.note(detail);
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
    this._listen('removeEventListener');
    // Synchronous until Terminate: a page being dismissed may not run any later task.
    if (this._connected) {
      const d = this._d;
      const finished = this._outcome
        ? this._outcome.completed && this._outcome.passed !== false
        : d.finishedInLms(this._knownValue);
      if (this.mode === 'normal') this._set(d.el.exit, how === 'exit' && finished ? d.exitFinished : 'suspend');
      if (how === 'exit') {
        const get = (el: string): string => this._api.call(d.callNames.getValue, el).value;
        for (const [el, value] of d.exitRequest(this._course.settings, get, finished)) this._set(el, value, true);
      }
      if (this._progress) this._writeState(this._progress);
      this._dirty = true; // the session time is always sent last
      let committed = true;
      // `suspend` comes here only from a page being dismissed (a hidden page returned above), by either listener.
      if (this._pageHiding || how === 'suspend') {
        // No Commit of our own now (an LMS sends it synchronously, which a page being dismissed may not): Terminate
        // persists every value set (SCORM RTE: it implies a commit), sent so that it survives (scorm-again: a beacon).
        for (const timer of [this._commitTimer, this._retryTimer]) if (timer !== null) clearTimeout(timer);
        this._commitTimer = this._retryTimer = null;
        for (const w of this._waiters.splice(0)) w();
        this._set(d.el.sessionTime, d.sessionTime(Date.now() - this._started), true);
      } else {
        committed = this._flush(true);
      }
      const fin = this._api.call(d.callNames.terminate, '');
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

  /** SetValue unless the LMS already holds `value` (or `force`); checked. */
  private _set(element: string, value: string, force = false): SetOutcome {
    if (!this._connected) return 'failed';
    if (!force && this._known.get(element) === value) return 'same';
    const r = this._api.call(this._d.callNames.setValue, element, value);
    if (!isTrue(r)) {
      this._known.delete(element);
      this._api.note(r.detail ?? `${this._d.callNames.setValue}("${element}") failed`);
      return 'failed';
    }
    this._known.set(element, value);
    this._dirty = true;
    return 'set';
  }

  private _setStatus(next: TrackerStatus): void {
    const shown = withProblem(next, this._problem);
    this._problem = shown.problem;
    this.cell.set(shown.status);
  }
}
