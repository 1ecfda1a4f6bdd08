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
 * A copy not yet written when the page goes away (the learner left before those modules arrived, on a slow link, or
 * while a write was under way) is kept in localStorage, synchronously, as the page is hidden; the next launch reads
 * it with the database's copy, takes the newer, and moves it into the database.
 *
 * These functions never throw: a device that cannot store anything simply has no copy.
 */
import type {CompiledCourse, Progress, SavedProgress} from '../course/types.js';
import {mayHoldDatabase, StorageError} from '../offline/device.js';
import {afterPaint, stateCodec} from './state-codec.js';

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
  const key = rescueKey(course, learnerId);
  const copy: SavedProgress = {progress, courseVersion: course.version};
  unwritten.set(key, copy);
  keepOnHide();
  try {
    await (await database(false)).saveProgressCopy(course.id, learnerId, progress, course.version);
    if (unwritten.get(key) === copy) {
      unwritten.delete(key);
      if (rescued.delete(key)) storage((s) => s.removeItem(key)); // (kept as the page was hidden, then shown again)
    }
    return {ok: true};
  } catch (e) {
    return {ok: false, error: asStorageError(e)};
  }
}

// ---------------------------------------------------------------------------------------------------------------
// the copy not yet written when the page goes away

/** Copies handed to saveLocalCopy and not yet in the database, by rescueKey. */
const unwritten = new Map<string, SavedProgress>();
/** Keys written to localStorage as the page was hidden. */
const rescued = new Set<string>();
let listening = false;

function rescueKey(course: CompiledCourse, learnerId: string): string {
  return `ict-progress|${course.id}|${learnerId}`;
}

/** localStorage, where this page may use it (a sandboxed or third-party frame may not): never throws. */
function storage<T>(use: (s: Storage) => T): T | null {
  try {
    return use(localStorage);
  } catch {
    return null;
  }
}

/** Keeps what is not written yet, synchronously, when the page is hidden: no later task may run. */
function keepOnHide(): void {
  if (listening) return;
  listening = true;
  addEventListener('pagehide', () => {
    for (const [key, copy] of unwritten) {
      if (storage((s) => s.setItem(key, JSON.stringify(copy))) !== null) rescued.add(key);
    }
  });
}

/** The copy kept as a page went away, or null; it is moved into the database (and removed) by the caller. */
function rescuedCopy(key: string): SavedProgress | null {
  const text = storage((s) => s.getItem(key));
  if (!text) return null;
  try {
    const copy = JSON.parse(text) as SavedProgress;
    return typeof copy.progress?.updated === 'number' && Array.isArray(copy.progress.visited) ? copy : null;
  } catch {
    return null;
  }
}

/** This device's copy, migrated to this course version, or null where there is none (or none can be read). */
export async function loadLocalCopy(course: CompiledCourse, learnerId: string): Promise<SavedProgress | null> {
  const key = rescueKey(course, learnerId);
  const kept = rescuedCopy(key);
  let saved: SavedProgress | null = null;
  try {
    if (db || kept || (await mayHoldDatabase())) {
      saved = await (await database(true)).loadProgressCopy(course.id, learnerId);
    }
  } catch {
    // none can be read: the copy kept as the page went away, if any
  }
  const newer = kept && (!saved || kept.progress.updated > saved.progress.updated);
  if (newer) saved = kept;
  let copy: SavedProgress | null = null;
  try {
    const codec = saved && (await stateCodec(true).catch(() => null)); // (which migrates it; as it is without)
    copy = saved && {...saved, progress: codec ? codec.migrateProgress(saved.progress, course) : saved.progress};
  } catch {
    // unreadable: none
  }
  if (kept) {
    storage((s) => s.removeItem(key));
    // into the database before the launch goes on (it may delete the copy next: a finished course's new attempt)
    if (newer && copy) {
      await saveLocalCopy(course, learnerId, copy.progress);
    }
  }
  return copy;
}

/** Remove this device's copy (a finished course launched as a new attempt); never throws. */
export async function deleteLocalCopy(course: CompiledCourse, learnerId: string): Promise<void> {
  const key = rescueKey(course, learnerId);
  unwritten.delete(key);
  storage((s) => s.removeItem(key));
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
