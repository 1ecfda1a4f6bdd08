/**
 * A copy of the learner's last saved progress on this device, for the SCORM and AICC trackers; and the database
 * module as every tracker that reports to an LMS or LRS loads it ({@link localDatabase}, {@link mayHoldLocalData}).
 * Where the LMS returns older progress than this device holds for the same learner and course (a commit lost to a
 * closed tab or a broken link), the newer copy wins on the next launch and is saved back to the LMS.
 *
 * The database module (`offline/db.ts` and idb, about 3.5 KB gzip) is not part of an LMS or LRS launch's first
 * download: it is loaded at once where this device holds the course's database (a copy may be newer than the
 * LMS's, so the launch waits for it; after one visit it comes from the service worker's cache), and else after the
 * first screen is painted, for the first save.
 *
 * A copy not yet written when the page goes away is kept apart and taken by the next launch (./kept-copy.ts).
 *
 * These functions never throw: a device that cannot store anything simply has no copy.
 */
import type {CompiledCourse, Progress, SavedProgress} from '../course/types.js';
import {mayHoldDatabase, StorageError} from '../offline/device.js';
import {dropKeptCopy, keepUntilWritten, newerCopy, takeKeptCopy} from './kept-copy.js';
import {afterPaint, stateCodec} from './state-codec.js';

type Db = typeof import('../offline/db.js');

/** What a failed local operation reports, for a tracker's status (`storage-unavailable`, `quota-exceeded`). */
export type LocalCopyResult = {ok: true} | {ok: false; error: StorageError};

let db: Promise<Db> | null = null;

/** The database module: loaded now (`urgent`) or after the next paint; loaded again on the next call if it failed. */
export function localDatabase(urgent: boolean): Promise<Db> {
  if (!db) {
    const loading = (urgent ? Promise.resolve() : afterPaint()).then(() => import('../offline/db.js'));
    db = loading;
    loading.catch(() => {
      if (db === loading) db = null;
    });
  }
  return db;
}

/** Keep `progress` as this device's copy for the learner in this course (an older copy never replaces a newer one). */
export async function saveLocalCopy(
  course: CompiledCourse,
  learnerId: string,
  progress: Progress,
): Promise<LocalCopyResult> {
  const written = keepUntilWritten(course, learnerId, progress);
  try {
    await (await localDatabase(false)).saveProgressCopy(course.id, learnerId, progress, course.version);
    written();
    return {ok: true};
  } catch (e) {
    return {ok: false, error: asStorageError(e)};
  }
}

/** This device's copy, migrated to this course version, or null where there is none (or none can be read). */
export async function loadLocalCopy(course: CompiledCourse, learnerId: string): Promise<SavedProgress | null> {
  const kept = takeKeptCopy(course, learnerId);
  let saved: SavedProgress | null = null;
  try {
    if (kept || (await mayHoldLocalData())) {
      saved = await (await localDatabase(true)).loadProgressCopy(course.id, learnerId);
    }
  } catch {
    // none can be read: the copy kept as the page went away, if any
  }
  const newer = newerCopy(saved, kept);
  let copy: SavedProgress | null = null;
  try {
    const codec = newer && (await stateCodec(true).catch(() => null)); // (which migrates it; as it is without)
    copy = newer && {...newer, progress: codec ? codec.migrateProgress(newer.progress, course) : newer.progress};
  } catch {
    // unreadable: none
  }
  // the kept copy into the database before the launch goes on (which may delete it next: a new attempt)
  if (copy && newer === kept) await saveLocalCopy(course, learnerId, copy.progress);
  return copy;
}

/**
 * Whether this device may hold anything of an earlier launch (false on a first launch, where the database module
 * need not be loaded to know there is nothing).
 */
export async function mayHoldLocalData(): Promise<boolean> {
  return !!db || (await mayHoldDatabase());
}

/** A value of the database's `meta` store, undefined where there is none (never loading the module for nothing). */
export async function readMeta<T>(key: string): Promise<T | undefined> {
  return (await mayHoldLocalData()) ? (await localDatabase(true)).metaGet<T>(key) : undefined;
}

/** Remove this device's copy (a finished course launched as a new attempt); never throws. */
export async function deleteLocalCopy(course: CompiledCourse, learnerId: string): Promise<void> {
  dropKeptCopy(course, learnerId);
  try {
    await (await localDatabase(true)).deleteProgressCopy(course.id, learnerId);
  } catch {
    // nothing stored, or nothing can be: either way no old copy is merged into the new attempt
  }
}

/**
 * This device's copy where it is newer (`updated` later) than what the LMS returned, else null: resume from the
 * copy and save it to the LMS. With nothing from the LMS, any copy is newer.
 */
export async function newerLocalCopy(
  course: CompiledCourse,
  learnerId: string,
  fromLms: SavedProgress | null,
): Promise<SavedProgress | null> {
  const local = await loadLocalCopy(course, learnerId);
  if (!local) return null;
  if (fromLms && !(local.progress.updated > fromLms.progress.updated)) return null;
  return local;
}

function asStorageError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new StorageError('storage-unavailable', `keeping progress on this device: ${text}`, e);
}
