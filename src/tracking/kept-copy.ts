/**
 * The copy of the learner's progress kept as the page goes away. This device's copy lives in IndexedDB, written
 * asynchronously by modules that load after the first screen (the database, the state codec); a page hidden
 * before a write is done (a learner who leaves a first launch on a slow link before those modules arrive, or who
 * presses Exit and closes the tab at once) would lose the last steps. Every write is announced here first
 * ({@link keepUntilWritten}); what is still unwritten when the page is hidden is put in localStorage, synchronously
 * (no later task may run), and the next launch takes it ({@link takeKeptCopy}), resumes from the newer of it and the
 * database's copy, and writes it there.
 *
 * Never throws: where localStorage is refused (a sandboxed or third-party frame), nothing is kept.
 */
import type {CompiledCourse, Progress, SavedProgress} from '../course/types.js';

/** Copies announced and not yet written to the database, by key. */
const unwritten = new Map<string, SavedProgress>();
/** Keys put in localStorage as the page was hidden. */
const kept = new Set<string>();
let listening = false;

function keyOf(course: CompiledCourse, learnerId: string): string {
  return `ict-progress|${course.id}|${learnerId}`;
}

function storage<T>(use: (s: Storage) => T): T | null {
  try {
    return use(localStorage);
  } catch {
    return null;
  }
}

/**
 * Announces a write of `progress` as this device's copy; call the function returned once it is in the database.
 * Until then (and until a newer one is announced), a hidden page keeps it.
 */
export function keepUntilWritten(course: CompiledCourse, learnerId: string, progress: Progress): () => void {
  const key = keyOf(course, learnerId);
  const copy: SavedProgress = {progress, courseVersion: course.version};
  unwritten.set(key, copy);
  if (!listening) {
    listening = true;
    addEventListener('pagehide', () => {
      for (const [k, c] of unwritten) if (storage((s) => s.setItem(k, JSON.stringify(c))) !== null) kept.add(k);
    });
  }
  return () => {
    if (unwritten.get(key) !== copy) return; // a newer one waits
    unwritten.delete(key);
    if (kept.delete(key)) storage((s) => s.removeItem(key)); // (the page was hidden, then shown again)
  };
}

/**
 * The copy a page kept as it went away, or null; taken out of localStorage (the caller writes it to the database,
 * announcing it with {@link keepUntilWritten}, where it is the newer copy).
 */
export function takeKeptCopy(course: CompiledCourse, learnerId: string): SavedProgress | null {
  const key = keyOf(course, learnerId);
  const text = storage((s) => s.getItem(key));
  if (!text) return null;
  storage((s) => s.removeItem(key));
  try {
    const copy = JSON.parse(text) as SavedProgress;
    return typeof copy.progress?.updated === 'number' && Array.isArray(copy.progress.visited) ? copy : null;
  } catch {
    return null;
  }
}

/** Forgets every copy of the learner's kept here (a finished course's new attempt). */
export function dropKeptCopy(course: CompiledCourse, learnerId: string): void {
  const key = keyOf(course, learnerId);
  unwritten.delete(key);
  storage((s) => s.removeItem(key));
}

/** The newer of the database's copy and a kept one (null where neither). */
export function newerCopy(saved: SavedProgress | null, kept: SavedProgress | null): SavedProgress | null {
  return kept && (!saved || kept.progress.updated > saved.progress.updated) ? kept : saved;
}
