/**
 * A copy of the learner's last saved progress on this device, for every tracker. Where the LMS or LRS returns
 * older progress than this device holds for the same learner and course (a commit lost to a closed tab or a broken
 * link), the newer copy wins on the next launch and is saved back to the LMS.
 *
 * These functions never throw: a device that cannot store anything simply has no copy.
 */
import {migrateProgress} from '../course/migrate.js';
import type {CompiledCourse, Progress, SavedProgress} from '../course/types.js';
import {loadProgressCopy, saveProgressCopy, StorageError} from '../offline/db.js';

/** What a failed local operation reports, for a tracker's status (`storage-unavailable`, `quota-exceeded`). */
export type LocalCopyResult = {ok: true} | {ok: false; error: StorageError};

/** Keep `progress` as this device's copy for the learner in this course (an older copy never replaces a newer one). */
export async function saveLocalCopy(
  course: CompiledCourse,
  learnerId: string,
  progress: Progress,
): Promise<LocalCopyResult> {
  try {
    await saveProgressCopy(course.id, learnerId, progress, course.version);
    return {ok: true};
  } catch (e) {
    return {ok: false, error: asStorageError(e)};
  }
}

/** This device's copy, migrated to this course version, or null where there is none (or none can be read). */
export async function loadLocalCopy(course: CompiledCourse, learnerId: string): Promise<SavedProgress | null> {
  try {
    const saved = await loadProgressCopy(course.id, learnerId);
    if (!saved) return null;
    return {...saved, progress: migrateProgress(saved.progress, course)};
  } catch {
    return null;
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
  return new StorageError('storage-unavailable', e instanceof Error ? e.message : String(e), e);
}
