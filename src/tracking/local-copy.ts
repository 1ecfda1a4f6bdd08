/**
 * A copy of the learner's last saved progress on this device, for the SCORM trackers. Where the LMS returns older
 * progress than this device holds for the same learner and course (a commit lost to a closed tab or a broken link),
 * the newer copy wins on the next launch and is saved back to the LMS.
 *
 * The database module (`offline/db.ts` and idb, about 2.5 KB gzip) is not part of a SCORM launch's first download
 * (the budget is 25 KB): it is loaded at once where this device holds the course's database (a copy may be newer
 * than the LMS's, so the launch waits for it; after one visit it comes from the service worker's cache), and else
 * after the first screen is painted, for the first save.
 *
 * These functions never throw: a device that cannot store anything simply has no copy.
 */
import {migrateProgress} from '../course/migrate.js';
import type {CompiledCourse, Progress, SavedProgress} from '../course/types.js';
import {mayHoldDatabase, StorageError} from '../offline/device.js';
import {afterPaint} from './state-codec.js';

type Db = typeof import('../offline/db.js');

/** What a failed local operation reports, for a tracker's status (`storage-unavailable`, `quota-exceeded`). */
export type LocalCopyResult = {ok: true} | {ok: false; error: StorageError};

let db: Promise<Db> | null = null;

/** The database module: loaded now (`urgent`) or after the next paint; loaded again on the next call if it failed. */
function database(urgent: boolean): Promise<Db> {
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
  try {
    await (await database(false)).saveProgressCopy(course.id, learnerId, progress, course.version);
    return {ok: true};
  } catch (e) {
    return {ok: false, error: asStorageError(e)};
  }
}

/** This device's copy, migrated to this course version, or null where there is none (or none can be read). */
export async function loadLocalCopy(course: CompiledCourse, learnerId: string): Promise<SavedProgress | null> {
  try {
    if (!db && !(await mayHoldDatabase())) return null;
    const saved = await (await database(true)).loadProgressCopy(course.id, learnerId);
    if (!saved) return null;
    return {...saved, progress: migrateProgress(saved.progress, course)};
  } catch {
    return null;
  }
}

/** Remove this device's copy (a finished course launched as a new attempt); never throws. */
export async function deleteLocalCopy(course: CompiledCourse, learnerId: string): Promise<void> {
  try {
    await (await database(true)).deleteProgressCopy(course.id, learnerId);
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
