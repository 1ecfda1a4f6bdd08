/**
 * What the xAPI and cmi5 trackers share: statements through the outbox, bookmark and suspend state in the State
 * API (and a copy on this device), `experienced` per newly visited lesson, `answered` with the interaction
 * definition, and the learner-visible status. The format-specific parts (launch, context, which results may be
 * sent when, how a session ends) are the subclasses'.
 *
 * The saved progress is never one tab's or one copy's alone:
 * - every save stores this tab's progress in this device's copy (which merges it with what other tabs of the same
 *   course version saved there) and writes that merged copy as the State API document;
 * - `begin()` merges the LRS's copy with this device's (same course version: {@link mergeProgress}; else the newer
 *   wins) and, where the LRS lacks some of it (a save that never reached it), writes the merged copy back;
 * - `begin()` waits for the LRS's answers at launch (the saved progress; what the format reads besides, cmi5's
 *   LaunchData) until {@link REMOTE_PROGRESS_WAIT_MS} after the page began to load, and at least
 *   {@link LAUNCH_WAIT_MIN_MS}: on a good connection they are in by then; on a slow one the first lesson shows
 *   from this device's copy (or the start) and what comes later is taken in. A copy of the progress that arrives
 *   later is merged into this device's copy and into every document this tab writes from then on (and written at
 *   once where this tab has written one already), so nothing the LRS held is lost; the player hears of it
 *   ({@link TrackerUpdateEvent}) and offers the learner the later place.
 */
import type {Context} from '@xapi/xapi';
import {defaultContent, mergeProgress} from '../../course/rules.js';
import type {CompiledCourse, Outcome, Progress, SavedProgress} from '../../course/types.js';
import {keepUntilWritten} from '../kept-copy.js';
import {loadLocalCopy, localDatabase} from '../local-copy.js';
import {loadedStateCodec, stateCodec} from '../state-codec.js';
import {Outbox, OutboxStatusEvent, type QueuedItem} from '../outbox/outbox.js';
import {
  StatusCell,
  TrackerStatusEvent,
  TrackerUpdateEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type Tracker,
  type TrackerFormat,
  type TrackerStatus,
} from '../tracker.js';
import {getJsonDocument, LrsError, type LrsConnection} from './client.js';
import {
  activityIds,
  answerResult,
  interactionDefinition,
  isoDuration,
  PROGRESS_STATE_ID,
  stateParams,
  uuid,
  verb,
  type Agent,
  type Statement,
  type VerbName,
} from './statements.js';

export {PROGRESS_STATE_ID} from './statements.js';

/** Until when (ms after the page began to load) begin() waits for the LRS's answers at launch. */
export const REMOTE_PROGRESS_WAIT_MS = 1500;
/** How long begin() waits for them at least (a page that was slow to load itself gives the LRS this much more). */
export const LAUNCH_WAIT_MIN_MS = 200;

/** Two copies of the progress as one: same course version, merged; else the newer. */
export function combineProgress(a: SavedProgress | null, b: SavedProgress | null): SavedProgress | null {
  if (!a || !b) return a ?? b;
  if (a.courseVersion === b.courseVersion)
    return {courseVersion: a.courseVersion, progress: mergeProgress(a.progress, b.progress)};
  return b.progress.updated > a.progress.updated ? b : a;
}

const LATE = Symbol('late');

/** `p`, or LATE where it has not settled after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export interface ProgressDocument {
  /** the progress, encoded by the state codec */
  state: string;
  courseVersion: string;
  updated: number;
}

export interface LrsTrackerInit {
  course: CompiledCourse;
  connection: LrsConnection;
  actor: Agent;
  registration?: string;
  /** the activity statements about the course (and the State API documents) are keyed on */
  activityId: string;
  mode?: LaunchMode;
  masteryScore?: number;
  language?: string;
  /** the outbox queue */
  queueKey: string;
  /** ms since epoch the session started (durations) */
  sessionStart?: number;
}

export function learnerOf(actor: Agent): Learner {
  const account = actor.account as {homePage?: string; name?: string} | undefined;
  const id =
    account?.name ??
    (typeof actor.mbox === 'string' ? actor.mbox.replace(/^mailto:/, '') : undefined) ??
    (actor.mbox_sha1sum as string | undefined) ??
    (actor.openid as string | undefined) ??
    'unknown';
  return {id, name: typeof actor.name === 'string' ? actor.name : undefined};
}

export abstract class LrsTracker extends EventTarget implements Tracker {
  abstract readonly format: TrackerFormat;
  readonly learner: Learner;
  readonly mode: LaunchMode;
  readonly masteryScore?: number;
  /** the learner's language preference; a subclass may learn it while begin() runs */
  language?: string;
  readonly credit = true;
  readonly course: CompiledCourse;
  readonly actor: Agent;
  readonly registration?: string;
  readonly activityId: string;
  readonly outbox: Outbox;
  readonly ids: ReturnType<typeof activityIds>;
  declare protected conn: LrsConnection;
  declare protected sessionStart: number;
  declare private readonly cell: StatusCell<TrackerStatus>;
  /** begin() has resolved: what the LRS answers from now on comes late (TrackerUpdateEvent) */
  declare protected begun: boolean;
  declare private statusOverride: TrackerStatus | null;
  /** lessons already reported as experienced */
  declare protected visited: Set<string>;
  /** last progress reported, in percent */
  declare protected lastProgressPercent: number;
  /** how long begin() waits for the LRS's copy of the progress */
  declare protected remoteWaitMs: number;
  /** the LRS's copy where it arrived after begin() had resumed without it (same course version only) */
  declare private lateRemote: Progress | null;
  /** the progress of this tab's last save (null: none yet) */
  declare private lastSaved: Progress | null;
  /** document writes, one after another: each writes a copy at least as complete as the one before */
  declare private writing: Promise<void>;

  constructor(init: LrsTrackerInit) {
    super();
    this.course = init.course;
    this.conn = init.connection;
    this.actor = init.actor;
    this.registration = init.registration;
    this.activityId = init.activityId;
    this.learner = learnerOf(init.actor);
    this.mode = init.mode ?? 'normal';
    this.masteryScore = init.masteryScore;
    this.language = init.language;
    this.ids = activityIds(init.course);
    this.sessionStart = init.sessionStart ?? Date.now();
    this.cell = new StatusCell<TrackerStatus>(
      {state: 'connecting', pending: 0},
      this,
      (s) => new TrackerStatusEvent(s),
    );
    this.begun = false;
    this.statusOverride = null;
    this.visited = new Set();
    this.lastProgressPercent = -1;
    this.remoteWaitMs = REMOTE_PROGRESS_WAIT_MS;
    this.lateRemote = null;
    this.lastSaved = null;
    this.writing = Promise.resolve();
    this.outbox = new Outbox({key: init.queueKey, connection: () => this.conn, hold: (item) => this.holdItem(item)});
    this.outbox.addEventListener(OutboxStatusEvent.type, () => this.refreshStatus());
  }

  get status(): TrackerStatus {
    return this.cell.get();
  }

  /** The key of this device's copy of the progress: per learner and registration (a new enrolment starts afresh). */
  get localKey(): string {
    return this.registration ? `${this.learner.id}|${this.registration}` : this.learner.id;
  }

  /** The mastery score in force: the LMS's where it gave one, else the course's. */
  get mastery(): number {
    return this.masteryScore ?? this.course.settings.masteryScore;
  }

  // ------------------------------------------------------------------ Tracker

  async begin(): Promise<SavedProgress | null> {
    const until = performance.now() + Math.max(LAUNCH_WAIT_MIN_MS, this.remoteWaitMs - performance.now());
    const left = () => Math.max(0, until - performance.now());
    await this.outbox.open();
    const reading = this.readRemoteProgress();
    const [, local] = await Promise.all([
      within(Promise.all([reading, this.launchAnswers()]), left()),
      this.readLocalProgress(),
    ]);
    const remote = await within(reading, 0); // LATE where it has not come yet
    if (remote === LATE) {
      // A slow LRS does not keep the learner waiting: resume from this device; its copy is merged when it comes.
      reading.then((r) => this.adoptLateRemote(r)).catch(() => undefined);
    }
    let saved = remote === LATE ? local : combineProgress(remote, local);
    const codec = saved && (await stateCodec(true).catch(() => null)); // (which migrates progress: a copy may be older)
    if (saved && codec) saved = {...saved, progress: codec.migrateProgress(saved.progress, this.course)};
    for (const id of saved?.progress.visited ?? []) this.visited.add(id);
    const opening = this.started(saved); // cmi5: queues its opening statements once LaunchData is known
    opening.catch(() => undefined);
    await within(opening, left());
    if (remote !== LATE && saved && this.mode === 'normal' && this.open && !this.sameAs(remote, saved)) {
      // the LRS lacks some of the progress (a save that never reached it, another tab's): write the merged copy
      // (queued with the outbox; the learner does not wait for it)
      this.lastSaved = saved.progress;
      this.writeDocument(saved.progress).catch(() => undefined);
    }
    this.begun = true;
    this.refreshStatus();
    void this.outbox.flush();
    return saved;
  }

  async save(progress: Progress): Promise<void> {
    if (this.mode !== 'normal' || !this.open) return;
    const fresh = progress.visited.filter((id) => !this.visited.has(id));
    for (const id of fresh) this.visited.add(id);
    const statements = fresh.map((id) => this.lessonStatement(id));
    this.lastSaved = progress;
    const document = this.writeDocument(progress);
    if (statements.length) await this.outbox.add(statements);
    await document;
  }

  async answer(record: AnswerRecord): Promise<void> {
    if (this.mode !== 'normal' || !this.open) return;
    await this.outbox.add([
      this.statement('answered', {
        object: {
          objectType: 'Activity',
          id: this.ids.question(record.questionId),
          definition: interactionDefinition(record),
        },
        result: answerResult(record),
        timestamp: new Date(record.timestamp || Date.now()).toISOString(),
        context: this.allowedContext({parent: [{id: this.activityId}]}),
      }),
    ]);
  }

  /**
   * Resolves true once everything this tracker has been asked to report has reached the LRS: the progress documents
   * written, whatever the format still has to work out queued (cmi5: an earlier session's statements settled), and
   * the outbox empty. False where that has not happened within `timeoutMs` (offline, the LRS refusing, expired
   * credentials). For host pages and tests that must know the LRS holds a step; it does not hurry retries.
   */
  async idle(timeoutMs = 15_000): Promise<boolean> {
    await this.writing;
    await this.beforeIdle();
    return this.outbox.whenEmpty(timeoutMs);
  }

  /** Work of the format that queues statements after the calls that caused it (cmi5: settling an earlier session). */
  protected async beforeIdle(): Promise<void> {}

  abstract result(outcome: Outcome): Promise<void>;
  abstract end(how: 'exit' | 'suspend'): Promise<void>;

  // ------------------------------------------------------------------ for subclasses

  /** Whether statements may still be sent in this session (cmi5: not after terminated). */
  protected get open(): boolean {
    return true;
  }

  /** Queued items not to send for now (they keep their place in the queue). */
  protected holdItem(_item: QueuedItem): boolean {
    return false;
  }

  /** Called by begin() after reading saved progress: send the opening statements (begin() waits as for the LRS). */
  protected abstract started(saved: SavedProgress | null): Promise<void>;
  /** What the format reads from the LRS at launch besides the progress, which begin() waits for (never rejects). */
  protected launchAnswers(): Promise<unknown> {
    return Promise.resolve();
  }
  /** The context of statements the format does not define (experienced, answered, progressed). */
  protected abstract allowedContext(activities?: Context['contextActivities']): Context;

  protected stateParams(stateId: string): Record<string, string | undefined> {
    return stateParams(this.activityId, this.actor, this.registration, stateId);
  }

  /** A statement by this learner with an id given now (before it is stored). */
  protected statement(name: VerbName, rest: Partial<Statement> = {}): Statement {
    return {
      id: uuid(),
      actor: this.actor,
      verb: verb(name),
      object: {objectType: 'Activity', id: this.activityId},
      timestamp: new Date().toISOString(),
      ...rest,
    };
  }

  protected lessonStatement(lessonId: string): Statement {
    const title = defaultContent(this.course).lessons.find((l) => l.id === lessonId)?.title || lessonId;
    return this.statement('experienced', {
      object: {
        objectType: 'Activity',
        id: this.ids.lesson(lessonId),
        definition: {
          type: 'http://adlnet.gov/expapi/activities/lesson',
          name: {[this.course.languages[0] ?? 'en']: title},
        },
      },
      context: this.allowedContext({parent: [{id: this.activityId}]}),
    });
  }

  protected sessionDuration(): string {
    return isoDuration(Date.now() - this.sessionStart);
  }

  /** Show a status of the tracker's own (e.g. a session that has ended) instead of the outbox's; null: the outbox's. */
  protected setOwnStatus(status: TrackerStatus | null): void {
    this.statusOverride = status;
    this.refreshStatus();
  }

  protected refreshStatus(): void {
    let next: TrackerStatus;
    if (this.statusOverride) next = this.statusOverride;
    else if (!this.begun) next = {state: 'connecting', pending: this.outbox.status.pending};
    else next = {...this.outbox.status};
    this.cell.set(next);
  }

  /**
   * Store `progress` in this device's copy and queue the State API document: the copy as merged there with other
   * tabs' saves (and with the LRS's copy where it came late). Where the device cannot store, `progress` itself.
   */
  private writeDocument(progress: Progress): Promise<void> {
    const written = keepUntilWritten(this.course, this.localKey, progress); // (kept if the page goes away first)
    const next = this.writing.then(async () => {
      let merged = progress;
      try {
        const db = await localDatabase(false);
        await db.saveProgressCopy(this.course.id, this.localKey, progress, this.course.version);
        written();
        const stored = await db.loadProgressCopy(this.course.id, this.localKey);
        if (stored?.courseVersion === this.course.version) merged = mergeProgress(stored.progress, merged);
      } catch {
        // no copy on this device: this tab's progress alone (the outbox says the device cannot store)
      }
      if (this.lateRemote) merged = mergeProgress(this.lateRemote, merged);
      // the codec loads after the first screen (../state-codec.ts); where it cannot, this device's copy holds it
      const codec = await stateCodec(false).catch(() => null);
      if (!codec) return;
      const doc: ProgressDocument = {
        state: codec.encodeState(merged, this.course.version, this.course.id),
        courseVersion: this.course.version,
        updated: merged.updated,
      };
      await this.outbox.putDocument('progress', {
        resource: 'activities/state',
        params: this.stateParams(PROGRESS_STATE_ID),
        body: JSON.stringify(doc),
        contentType: 'application/json',
      });
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** The LRS's copy, arrived after begin() resumed without it: kept in every copy from now on. */
  private async adoptLateRemote(remote: SavedProgress | null): Promise<void> {
    if (!remote || remote.courseVersion !== this.course.version) return; // another version: this device's stands
    const progress = (await stateCodec(true)).migrateProgress(remote.progress, this.course); // (decoded with it)
    this.lateRemote = progress;
    for (const id of progress.visited) this.visited.add(id); // reported by the session that visited them
    try {
      await (await localDatabase(false)).saveProgressCopy(this.course.id, this.localKey, progress, this.course.version);
    } catch {
      // kept in memory for this tab's documents
    }
    this.dispatchEvent(new TrackerUpdateEvent(progress)); // the player offers the learner the later place
    // this tab may have replaced the LRS's copy meanwhile: write the merged one now
    if (this.lastSaved && this.mode === 'normal' && this.open) await this.writeDocument(this.lastSaved);
  }

  /** Whether the LRS's copy already holds `saved` (in this course version). */
  private sameAs(remote: SavedProgress | null, saved: SavedProgress): boolean {
    const codec = loadedStateCodec(); // loaded: the remote copy was decoded with it
    if (!codec || !remote || remote.courseVersion !== this.course.version) return false;
    return (
      codec.encodeState(remote.progress, this.course.version, this.course.id) ===
      codec.encodeState(saved.progress, this.course.version, this.course.id)
    );
  }

  private async readRemoteProgress(): Promise<SavedProgress | null> {
    try {
      const doc = await getJsonDocument<ProgressDocument>(
        this.conn,
        'activities/state',
        this.stateParams(PROGRESS_STATE_ID),
      );
      if (!doc || typeof doc.state !== 'string') return null;
      const codec = await stateCodec(true).catch(() => null);
      if (!codec) return null; // the codec could not be loaded: this device's copy stands
      try {
        const {progress, courseVersion} = codec.decodeState(doc.state, this.course.id);
        return {progress, courseVersion: courseVersion || doc.courseVersion};
      } catch (e) {
        if (e instanceof codec.StateError) return null;
        throw e;
      }
    } catch (e) {
      if (e instanceof LrsError) return null;
      throw e;
    }
  }

  /** This device's copy: the database's, or the one a page kept as it went away before writing it, the newer. */
  private readLocalProgress(): Promise<SavedProgress | null> {
    return loadLocalCopy(this.course, this.localKey);
  }
}
