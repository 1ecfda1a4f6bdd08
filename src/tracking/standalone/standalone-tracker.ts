/**
 * The tracker with no LMS: progress is kept in IndexedDB on this device (learner `local`), and the learner is told
 * so. Used by the web package, and by every other format as its fallback when no LMS answers (`reason: 'no-lms'`).
 *
 * Where the device cannot store anything (private mode, storage disabled, disk full) the course keeps running with
 * progress in memory, and the status says `error` with the code `storage-unavailable` or `quota-exceeded`. Every
 * later save tries again; the status returns to `local` once one succeeds.
 */
import type {CompiledCourse, Outcome, Progress, SavedProgress} from '../../course/types.js';
import {loadProgressCopy, saveProgressCopy, StorageError} from '../../offline/db.js';
import {keepUntilWritten, newerCopy, takeKeptCopy} from '../kept-copy.js';
import {stateCodec} from '../state-codec.js';
import {
  StatusCell,
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type Tracker,
  type TrackerStatus,
} from '../tracker.js';

export interface StandaloneOptions {
  /** why there is no LMS: `no-lms` where an LMS launch was expected and none answered */
  reason?: 'no-lms';
  /** the learner id progress is stored under (default `local`) */
  learnerId?: string;
}

export class StandaloneTracker extends EventTarget implements Tracker {
  readonly format = 'standalone' as const;
  readonly learner: Learner;
  readonly mode: LaunchMode = 'normal';
  readonly credit = true;
  readonly masteryScore?: number;
  readonly language?: string;
  declare private readonly cell: StatusCell<TrackerStatus>;
  declare private readonly reason: 'no-lms' | undefined;
  /** the last progress handed to save(): the learner's state even when the device cannot store it */
  declare private latest: Progress | null;
  /** saves run one after another, in the order they were asked for */
  declare private queue: Promise<void>;

  constructor(
    readonly course: CompiledCourse,
    opts: StandaloneOptions = {},
  ) {
    super();
    this.learner = {id: opts.learnerId ?? 'local'};
    this.reason = opts.reason;
    this.cell = new StatusCell<TrackerStatus>(
      {state: 'connecting', pending: 0},
      this,
      (s) => new TrackerStatusEvent(s),
    );
    this.latest = null;
    this.queue = Promise.resolve();
  }

  get status(): TrackerStatus {
    return this.cell.get();
  }

  /** The progress last given to save(), kept in memory whether or not the device stored it. */
  get lastProgress(): Progress | null {
    return this.latest;
  }

  async begin(): Promise<SavedProgress | null> {
    const kept = takeKeptCopy(this.course, this.learner.id); // (a page that went away before its last write)
    let saved: SavedProgress | null = null;
    try {
      saved = await loadProgressCopy(this.course.id, this.learner.id);
      this.setStatus(this.localStatus());
    } catch (e) {
      this.setStatus(this.errorStatus(e));
    }
    saved = newerCopy(saved, kept);
    if (!saved) return null;
    if (saved === kept) void this.save(kept.progress);
    const codec = await stateCodec(true).catch(() => null); // (which migrates it; the copy as it is without)
    try {
      return codec ? {...saved, progress: codec.migrateProgress(saved.progress, this.course)} : saved;
    } catch {
      return null;
    }
  }

  save(progress: Progress): Promise<void> {
    this.latest = progress;
    const written = keepUntilWritten(this.course, this.learner.id, progress);
    const run = this.queue.then(async () => {
      // A newer save queued behind this one will write; skip the stale one.
      if (this.latest !== progress) return;
      try {
        await saveProgressCopy(this.course.id, this.learner.id, progress, this.course.version);
        written();
        this.setStatus(this.localStatus());
      } catch (e) {
        this.setStatus(this.errorStatus(e, 1));
      }
    });
    this.queue = run;
    return run;
  }

  answer(_record: AnswerRecord): Promise<void> {
    return Promise.resolve();
  }

  result(_outcome: Outcome): Promise<void> {
    return Promise.resolve();
  }

  async end(_how: 'exit' | 'suspend'): Promise<void> {
    await this.queue;
  }

  private localStatus(): TrackerStatus {
    return this.reason ? {state: 'local', pending: 0, code: this.reason} : {state: 'local', pending: 0};
  }

  private errorStatus(e: unknown, pending = 0): TrackerStatus {
    const code = e instanceof StorageError ? e.code : 'storage-unavailable';
    const detail = e instanceof Error ? e.message : String(e);
    return {state: 'error', pending, code, detail};
  }

  private setStatus(next: TrackerStatus): void {
    this.cell.set(next);
  }
}

/** The tracker with no LMS. Resolves at once; begin() reads this device's copy. */
export function createStandaloneTracker(course: CompiledCourse, opts: StandaloneOptions = {}): Promise<Tracker> {
  return Promise.resolve(new StandaloneTracker(course, opts));
}
