/**
 * The tracker of a cmi5 launch: the AU side of the cmi5 specification.
 *
 * - Launch parameters `endpoint`, `fetch`, `actor`, `registration`, `activityId` (any order, URL-encoded). The
 *   fetch URL is POSTed once; the token is kept in sessionStorage so a reload of the same session does not fetch
 *   again (the LMS refuses a second fetch: error 1).
 * - `LMS.LaunchData` (never written here): contextTemplate (with the session id), launchMode, masteryScore, moveOn,
 *   returnURL, launchParameters; the `cmi5LearnerPreferences` agent profile gives the language (403/404 are normal).
 * - `initialized` first and once per session; `completed` at most once per registration; `passed` at most once
 *   per registration and only at or above masteryScore; never `failed` after `passed`, and never both in one
 *   session (a `failed` waits for the end of the session, so a learner who retries and passes in the same
 *   session reports `passed` alone). Browse and Review send only initialized and terminated. Score only on
 *   passed/failed; durations on completed/passed/failed/terminated; the cmi5 category on cmi5-defined statements
 *   and the moveOn category on those with success or completion; progress not after completed.
 * - `terminated` last, after the outbox has been flushed; then the returnURL, where given; without one, a window
 *   the LMS opened for the AU alone (OwnWindow) closes.
 * - Two round trips before the first lesson at most: the fetch POST (none on a reload: the token is kept), then
 *   everything else at once: LaunchData, the learner preferences, the bookmark state (begin() is started by the
 *   launch itself, before LaunchData has arrived) and what the LRS holds of the registration's results.
 *   `initialized` is queued before anything else of the session and sent alone, without begin() waiting for it;
 *   nothing else of the session is sent until the LRS has acknowledged it. Settling an earlier session's statements
 *   with the LRS goes on after begin() (they are held until then, and what it re-establishes is queued after
 *   `initialized`, and before `terminated`: end() joins a settle under way).
 * - Statements of an earlier session that never reached the LMS are not sent into this session as they are: the
 *   LRS is asked which of them it has; results it lacks are re-established in this session (completed, passed;
 *   a failed is held to its end, as its own would be), other statements re-stamped with its id, the rest dropped.
 */
import type {Context} from '@xapi/xapi';
import type {CompiledCourse, Outcome, SavedProgress} from '../../course/types.js';
import {localDatabase, readMeta} from '../local-copy.js';
import type {QueuedItem} from '../outbox/outbox.js';
import {noLms} from '../standalone/no-lms.js';
import {TrackerUpdateEvent, type LaunchMode, type Tracker} from '../tracker.js';
import {LrsError, queryStatements} from '../xapi/client.js';
import {hasAnyParam, type Cmi5LaunchParams} from '../xapi/launch.js';
import {LrsTracker} from '../xapi/lrs-tracker.js';
import {
  CMI5_PARAMS,
  sessionKey,
  takeCmi5Start,
  type LaunchData,
  type MoveOn,
  type RegistrationRecord,
  type RegistrationResults,
  type SessionRecord,
} from './launch.js';
import {
  arr,
  CMI5_IRI,
  parentsOf,
  scoreOf,
  uuid,
  VERBS,
  writeSession,
  type Statement,
  type VerbName,
} from '../xapi/statements.js';

export {LaunchError} from '../xapi/launch.js';
export {LAUNCH_DATA_STATE_ID, LEARNER_PREFERENCES_PROFILE_ID, type LaunchData, type MoveOn} from './launch.js';

export class Cmi5Tracker extends LrsTracker {
  readonly format = 'cmi5' as const;
  readonly launch: Cmi5LaunchParams;
  /** set from LaunchData once it has arrived (see {@link established}) */
  declare mode: LaunchMode;
  declare masteryScore?: number;
  /** resolves when LaunchData and the learner preferences are known; rejects with a LaunchError where they are not */
  readonly established: Promise<void>;
  declare private session: SessionRecord;
  declare private reg: RegistrationRecord;
  /** what the LRS holds of the registration's results, asked at launch beside LaunchData */
  declare private results: Promise<RegistrationResults | null>;
  /** LaunchData is known and this session's opening statements are queued: until then nothing is sent */
  declare private ready: boolean;
  /** earlier sessions' statements still to be settled with the LRS (held back from sending) */
  declare private unsettled: boolean;
  declare private settling: Promise<void> | null;
  /** the id of this session's `initialized` while the LRS has not acknowledged it: nothing else is sent until then */
  declare private initializedId: string | null;
  declare private beginning: Promise<SavedProgress | null> | null;
  /** why LaunchData (or the learner preferences) could not be read */
  declare private launchFailure: Error | null;
  /** the LMS waived the AU for this learner (read at launch) */
  declare waived: boolean;

  /**
   * `session` may still lack its LaunchData (a first launch): `launching` completes it (LaunchData and learner
   * preferences read from the LRS) while begin() reads the saved progress.
   */
  constructor(
    course: CompiledCourse,
    launch: Cmi5LaunchParams,
    session: SessionRecord,
    launching: Promise<SessionRecord> = Promise.resolve(session),
    results: Promise<RegistrationResults | null> = Promise.resolve(null),
  ) {
    super({
      course,
      connection: {endpoint: launch.endpoint, auth: `Basic ${session.token}`},
      actor: launch.actor,
      registration: launch.registration,
      activityId: launch.activityId,
      queueKey: `cmi5|${launch.registration}|${launch.activityId}`,
      sessionStart: session.start,
    });
    this.launch = launch;
    this.session = session;
    this.reg = {};
    this.results = results;
    this.ready = false;
    this.unsettled = false;
    this.settling = null;
    this.initializedId = null;
    this.beginning = null;
    this.waived = false;
    this.launchFailure = null;
    this.established = launching.then((s) => this.adopt(s));
    // begin() rejects with a failure; one after begin() has resolved (a slow LRS) goes to the player
    this.established.catch((e: Error) => {
      this.launchFailure = e;
      if (this.begun) this.dispatchEvent(new TrackerUpdateEvent(undefined, e));
    });
    if (typeof window !== 'undefined') {
      window.addEventListener('online', () => {
        if (this.unsettled) void this.settle();
      });
    }
  }

  get launchData(): LaunchData {
    return this.session.launchData;
  }

  get sessionId(): string {
    return this.session.sessionId;
  }

  /** Take this session's LaunchData and preferences (mode, masteryScore, language). */
  private adopt(session: SessionRecord): void {
    this.session = session;
    const ld = session.launchData;
    this.mode = ld.launchMode.toLowerCase() as LaunchMode;
    this.masteryScore = typeof ld.masteryScore === 'number' ? ld.masteryScore : undefined;
    this.language = session.language;
    if (this.begun) this.dispatchEvent(new TrackerUpdateEvent()); // after the first lesson showed (a slow LRS)
  }

  /** Started once, by the launch itself (so that the saved progress is read beside LaunchData); later calls share it. */
  override begin(): Promise<SavedProgress | null> {
    // LaunchData could not be read (begin() waited for it as for the LRS): the launch stops here
    return (this.beginning ??= super
      .begin()
      .then((saved) => {
        if (this.launchFailure) throw this.launchFailure;
        return saved;
      })
      .catch((e: unknown) => {
        this.outbox.close();
        throw e;
      }));
  }

  protected override launchAnswers(): Promise<unknown> {
    return this.established.catch(() => undefined);
  }

  protected override get open(): boolean {
    return !this.session?.terminated;
  }

  get launchParameters(): string | undefined {
    return this.launchData.launchParameters;
  }

  get returnURL(): string | undefined {
    return this.launchData.returnURL;
  }

  get moveOn(): MoveOn {
    return this.launchData.moveOn;
  }

  private get regKey(): string {
    return `cmi5-reg|${this.registration}|${this.activityId}`;
  }

  // ------------------------------------------------------------------ begin

  protected async started(_saved: SavedProgress | null): Promise<void> {
    const record = readMeta<RegistrationRecord>(this.regKey).catch(() => undefined);
    await this.established; // a launch whose LaunchData could not be read stops here (createCmi5Tracker says why)
    this.reg = (await record) ?? {};
    this.unsettled = this.outbox.pendingItems.some((i) => this.isEarlierSession(i));
    // a reload mid-session: this session's initialized may still be waiting from the page before
    this.initializedId =
      this.outbox.pendingItems.find((i) => i.statement?.verb?.id === VERBS.initialized && !this.isEarlierSession(i))
        ?.id ?? null;
    if (!this.session.initialized) {
      // first of the session: queued before anything else and sent alone; begin() waits neither for the LRS's
      // answer nor for this device to have stored it
      this.session.initialized = true;
      this.saveSession();
      const initialized = this.definedStatement('initialized');
      this.initializedId = initialized.id ?? null;
      this.ready = true;
      void this.outbox.add([initialized]);
    }
    this.ready = true;
    // What the LMS holds for this registration decides (another device may have reported; a statement queued here
    // may never have arrived). Where the AU may not read statements, this device's record stands.
    const held = await this.results;
    if (held) {
      this.reg.completed = held.completed;
      this.reg.passed = held.passed;
      // waived: done for the LMS already, so no completed, passed or failed from this AU for the registration
      if (held.waived) this.waived = this.reg.completed = this.reg.passed = true;
      if (held.waived && this.begun) this.dispatchEvent(new TrackerUpdateEvent());
      // ... plus what this session has queued and not yet delivered (a reload mid-session)
      for (const item of this.outbox.pendingItems) {
        if (item.kind !== 'statement' || this.isEarlierSession(item)) continue;
        if (item.statement?.verb?.id === VERBS.completed) this.reg.completed = true;
        if (item.statement?.verb?.id === VERBS.passed) this.reg.passed = true;
      }
    }
    // an earlier session's statements are settled with the LRS after begin(); what it re-establishes follows
    void this.settle().catch(() => undefined);
    await this.payOwed();
  }

  /**
   * What waits: everything until LaunchData is known; statements of another session until settled (see
   * settleEarlierSessions); and everything else of this session until the LRS has acknowledged its `initialized`,
   * which goes alone (cmi5 9.3.0.0-4: an LMS checks each statement of a request against the session's state before
   * the request, so `initialized` batched with others is refused whole).
   */
  protected override holdItem(item: QueuedItem): boolean {
    if (!this.ready) return true;
    if (this.unsettled && this.isEarlierSession(item)) return true;
    if (this.initializedId && item.id !== this.initializedId) {
      if (this.outbox.has(this.initializedId)) return true;
      this.initializedId = null;
    }
    return false;
  }

  private isEarlierSession(item: QueuedItem): boolean {
    if (item.kind !== 'statement') return false;
    const sid = item.statement?.context?.extensions?.[CMI5_IRI.sessionId];
    return sid !== this.sessionId;
  }

  /**
   * Settle statements of earlier sessions with the LRS (see the module comment). Retried when back online. A call
   * while a settle is under way joins it: end() must not queue `terminated` before what it re-establishes.
   */
  private settle(): Promise<void> {
    if (this.settling) return this.settling;
    if (!this.unsettled) return Promise.resolve();
    this.settling = this.settleEarlierSessions().finally(() => {
      this.settling = null;
    });
    return this.settling;
  }

  private async settleEarlierSessions(): Promise<void> {
    if (this.session.terminated) return; // held for the next session to settle
    const earlier = this.outbox.pendingItems.filter((i) => this.isEarlierSession(i));
    if (!earlier.length) {
      this.unsettled = false;
      return;
    }
    let stored: Set<string>;
    try {
      const found = await queryStatements(
        this.conn,
        {registration: this.registration, agent: JSON.stringify(this.actor)},
        50,
      );
      stored = new Set(found.map((s) => String(s.id).toLowerCase()));
    } catch (e) {
      if (e instanceof LrsError) return; // offline or refused: held until the next try
      throw e;
    }
    if (this.session.terminated) return;
    const restamped: Statement[] = [];
    for (const item of earlier) {
      const s = item.statement!;
      if (stored.has(String(s.id).toLowerCase())) continue;
      const v = s.verb?.id;
      const isDefined = (s.context?.contextActivities?.category ?? []).some(
        (c: {id: string}) => c.id === CMI5_IRI.category,
      );
      if (isDefined) {
        const owed = (this.reg.owed ??= {});
        const scaled = s.result?.score?.scaled;
        if (v === VERBS.completed && !this.reg.completed) owed.completed = true;
        if (v === VERBS.passed && !this.reg.passed && typeof scaled === 'number') owed.passed = {scaled};
        if (v === VERBS.failed && !this.reg.passed && typeof scaled === 'number')
          owed.failed = {scaled, sessionId: String(s.context?.extensions?.[CMI5_IRI.sessionId] ?? '')};
        continue; // initialized and terminated belong to their session
      }
      if (this.mode !== 'normal') continue;
      if (v === VERBS.progressed && this.reg.completed) continue;
      restamped.push({...s, id: uuid(), context: this.allowedContext(parentsOf(s))});
    }
    this.unsettled = false;
    await this.outbox.discard(earlier.map((i) => i.id));
    await this.storeReg();
    if (restamped.length) await this.outbox.add(restamped);
    await this.payOwed();
  }

  protected override beforeIdle(): Promise<void> {
    return this.settle().catch(() => undefined);
  }

  /** Report results an earlier session could not: completed and passed; its failed is held to this session's end. */
  private async payOwed(): Promise<void> {
    const owed = this.reg.owed;
    if (!owed || this.mode !== 'normal' || this.session.terminated) return;
    const statements: Statement[] = [];
    if (owed.completed && !this.reg.completed) {
      statements.push(this.completedStatement());
      this.reg.completed = true;
    }
    delete owed.completed;
    if (owed.passed && !this.reg.passed && !this.session.verdict && owed.passed.scaled >= this.mastery) {
      statements.push(this.verdictStatement('passed', owed.passed.scaled));
      this.reg.passed = true;
      this.session.verdict = 'passed';
      delete owed.passed;
      delete owed.failed;
    }
    // an earlier session's failure is held like this session's own: a pass in this session supersedes it
    if (owed.failed && owed.failed.sessionId !== this.sessionId) {
      if (!this.reg.passed && !this.session.verdict && owed.failed.scaled < this.mastery)
        owed.failed.sessionId = this.sessionId;
      else delete owed.failed;
    }
    this.saveSession();
    const queued = statements.length ? this.outbox.add(statements) : undefined;
    await this.storeReg();
    await queued;
  }

  // ------------------------------------------------------------------ results

  async result(outcome: Outcome): Promise<void> {
    if (this.mode !== 'normal' || this.session.terminated) return;
    const statements: Statement[] = [];
    const percent = Math.round(Math.max(0, Math.min(1, outcome.progressMeasure)) * 100);
    if (!this.reg.completed && !outcome.completed && percent > this.lastProgressPercent) {
      this.lastProgressPercent = percent;
      statements.push(
        this.statement('progressed', {
          result: {extensions: {[CMI5_IRI.progress]: percent}},
          context: this.allowedContext(),
        }),
      );
    }
    if (outcome.completed && !this.reg.completed) {
      this.reg.completed = true;
      statements.push(this.completedStatement());
    }
    if (outcome.scaled !== undefined && outcome.passed !== undefined && !this.reg.passed) {
      const passed = outcome.passed && outcome.scaled >= this.mastery;
      const owed = (this.reg.owed ??= {});
      if (passed) {
        if (this.session.verdict === 'failed') {
          owed.passed = {scaled: outcome.scaled}; // failed already went out in this session: the next one reports it
        } else {
          statements.push(this.verdictStatement('passed', outcome.scaled));
          this.reg.passed = true;
          this.session.verdict = 'passed';
          delete owed.failed;
        }
      } else if (!this.session.verdict && outcome.scaled < this.mastery) {
        // held to the end of the session: a retry in this session may still pass
        owed.failed = {scaled: outcome.scaled, sessionId: this.sessionId};
      }
    }
    this.saveSession();
    // queued at once (in order, before anything end() queues after it); the device's record follows
    const queued = statements.length ? this.outbox.add(statements) : undefined;
    await this.storeReg();
    await queued;
  }

  async end(how: 'exit' | 'suspend'): Promise<void> {
    if (how === 'suspend') {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') this.outbox.flushKeepalive();
      else await this.outbox.flush();
      return;
    }
    if (this.session.terminated) return;
    const owedFailed = this.reg.owed?.failed;
    if (
      this.mode === 'normal' &&
      owedFailed &&
      owedFailed.sessionId === this.sessionId &&
      !this.reg.passed &&
      !this.session.verdict
    ) {
      this.session.verdict = 'failed';
      delete this.reg.owed!.failed;
      await this.storeReg();
      await this.outbox.add([this.verdictStatement('failed', owedFailed.scaled)]);
    }
    await this.settle();
    // terminated goes last: after everything queued before it has been acknowledged (or the wait is over)
    await this.outbox.drain(8000);
    this.session.terminated = true;
    this.saveSession();
    await this.outbox.add([this.definedStatement('terminated', {result: {duration: this.sessionDuration()}})]);
    await this.outbox.drain(5000);
    this.setOwnStatus({
      ...this.outbox.status,
      code: this.outbox.status.pending ? this.outbox.status.code : 'session-ended',
    });
    // cmi5: to returnURL when the learner leaves; with none, a window the LMS opened for the AU (OwnWindow) closes
    if (typeof window === 'undefined') return;
    if (this.launchData.returnURL) location.assign(this.launchData.returnURL);
    else if (window.top === window && window.opener) window.close();
  }

  // ------------------------------------------------------------------ statements

  /** contextTemplate + registration (+ the given activities), for every statement of this session. */
  private baseContext(extraCategories: string[] = [], activities: Context['contextActivities'] = {}): Context {
    const tpl = structuredClone(this.launchData.contextTemplate ?? {}) as Context;
    const ca = (tpl.contextActivities ??= {});
    for (const k of ['parent', 'grouping', 'category', 'other'] as const) {
      const list = activities[k];
      if (list?.length) ca[k] = [...arr(ca[k]), ...list];
    }
    if (extraCategories.length) ca.category = [...arr(ca.category), ...extraCategories.map((id) => ({id}))];
    if (!Object.keys(ca).length) delete tpl.contextActivities;
    tpl.extensions = {...(tpl.extensions ?? {}), [CMI5_IRI.sessionId]: this.sessionId};
    tpl.registration = this.registration;
    return tpl;
  }

  protected allowedContext(activities: Context['contextActivities'] = {}): Context {
    return this.baseContext([], activities);
  }

  private definedStatement(
    name: VerbName,
    rest: Partial<Statement> = {},
    moveOn = false,
    extensions: Record<string, unknown> = {},
  ): Statement {
    const context = this.baseContext(moveOn ? [CMI5_IRI.category, CMI5_IRI.moveOn] : [CMI5_IRI.category]);
    Object.assign(context.extensions!, extensions);
    return this.statement(name, {object: {objectType: 'Activity', id: this.activityId}, context, ...rest});
  }

  private completedStatement(): Statement {
    return this.definedStatement('completed', {result: {completion: true, duration: this.sessionDuration()}}, true);
  }

  private verdictStatement(name: 'passed' | 'failed', scaled: number): Statement {
    const ext = this.masteryScore !== undefined ? {[CMI5_IRI.masteryScore]: this.masteryScore} : {};
    return this.definedStatement(
      name,
      {result: {score: scoreOf(scaled), success: name === 'passed', duration: this.sessionDuration()}},
      true,
      ext,
    );
  }

  private saveSession(): void {
    writeSession(sessionKey(this.launch), JSON.stringify(this.session));
  }

  private async storeReg(): Promise<void> {
    try {
      await (await localDatabase(false)).metaSet(this.regKey, this.reg);
    } catch {
      // kept in memory for this page
    }
  }
}

/** The cmi5 tracker for this page's launch (see the module comment). */
export async function createCmi5Tracker(course: CompiledCourse): Promise<Tracker> {
  const search = typeof location === 'undefined' ? '' : location.search;
  if (!hasAnyParam(search, CMI5_PARAMS)) return noLms(course);
  // started by the page's first script, where it ran: everything the launch reads is on its way already
  const start = takeCmi5Start(search);
  const session = await start.session;
  const tracker = new Cmi5Tracker(course, start.launch, session, start.launching, start.results);
  tracker.begin().catch(() => undefined); // the player's begin() gets the same promise, and its outcome
  return tracker;
}
