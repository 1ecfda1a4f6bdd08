/**
 * The course's IndexedDB database: the ONE module that opens it, names it and upgrades it. It speaks to IndexedDB
 * directly, through two small promise helpers ({@link request}, {@link transaction}): the few operations below need
 * no more, and every learner downloads this module.
 *
 * Stores (version 1):
 * - `progress`: a copy of each learner's progress per course, key `${courseId}|${learnerId}`.
 * - `outbox`: xAPI statements waiting to be sent, keyPath `id` (the statement id, a UUID), index `seq` (the order
 *   they were queued in) and index `key` (the session / registration they belong to).
 * - `meta`: small key-value settings.
 *
 * Every function either does its work or throws a {@link StorageError} (`storage-unavailable`: IndexedDB is missing,
 * blocked, disabled in private mode or broken; `quota-exceeded`: the device is full). None hangs: opening gives up
 * after {@link setOpenTimeout} ms. When another tab opens a newer version, this tab closes its connection so the
 * upgrade can proceed, and opens again on the next call.
 */
import {decodeState, encodeState, StateError, type DecodedState} from '../course/codec.js';
import {mergeProgress} from '../course/rules.js';
import type {Progress, SavedProgress} from '../course/types.js';

export const DB_NAME = 'ict-manager-training';
export const DB_VERSION = 1;

/** Why the device could not store or read something. */
export type StorageErrorCode = 'storage-unavailable' | 'quota-exceeded';

/** IndexedDB could not do what was asked. Keep the data in memory and tell the learner it is not kept on this device. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** One learner's progress in one course, as stored. */
export interface ProgressRecord {
  courseId: string;
  learnerId: string;
  courseVersion: string;
  /** the progress, encoded by the state codec */
  state: string;
  /** ms since epoch: `progress.updated` */
  updated: number;
}

/** One queued statement (or any request to deliver). Fields beyond these are the sender's. */
export interface OutboxRecord {
  /** unique: the statement id (a UUID) */
  id: string;
  /** the queue order: given by {@link outboxAdd} where left out */
  seq: number;
  /** the session or registration the record belongs to */
  key: string;
  [field: string]: unknown;
}

/** What {@link outboxAdd} takes: a record, with or without its `seq`. */
export interface NewOutboxRecord {
  id: string;
  seq?: number;
  key: string;
  [field: string]: unknown;
}

type Db = IDBDatabase;
type StoreName = 'progress' | 'outbox' | 'meta';

/** A request's result; rejects with the request's error. */
function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/**
 * A transaction on one store, and `done`: resolves when it commits, rejects with its error when it fails or aborts
 * (a caller that awaits one of its requests first sees that request's error; `done` is then handled already).
 */
function transaction(
  db: Db,
  name: StoreName,
  mode: IDBTransactionMode = 'readonly',
): {store: IDBObjectStore; done: Promise<void>} {
  const tx = db.transaction(name, mode);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new DOMException('AbortError', 'AbortError'));
  });
  done.catch(() => undefined); // failures are reported by `await done` where the caller awaits it
  return {store: tx.objectStore(name), done};
}

/** One read of `name` in its own transaction. */
function read<T>(db: Db, name: StoreName, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return request(fn(transaction(db, name).store));
}

/** One write to `name` in its own transaction; resolves once it has committed. */
async function write(db: Db, name: StoreName, fn: (store: IDBObjectStore) => IDBRequest): Promise<void> {
  const {store, done} = transaction(db, name, 'readwrite');
  await request(fn(store));
  await done;
}

let openTimeoutMs = 5000;
let dbPromise: Promise<Db> | null = null;

/** How long opening the database may take before calls fail with `storage-unavailable` (default 5,000 ms). */
export function setOpenTimeout(ms: number): void {
  openTimeoutMs = ms;
}

/** Close this tab's connection (tests; a page about to be replaced). The next call opens it again. */
export async function closeDb(): Promise<void> {
  const p = dbPromise;
  dbPromise = null;
  if (!p) return;
  try {
    (await p).close();
  } catch {
    // it never opened
  }
}

/** The key of a learner's progress in a course. */
export function progressKey(courseId: string, learnerId: string): string {
  return `${courseId}|${learnerId}`;
}

function toStorageError(e: unknown, what: string): StorageError {
  if (e instanceof StorageError) return e;
  const name = e && typeof e === 'object' && 'name' in e ? String((e as {name: unknown}).name) : '';
  const text = e instanceof Error ? e.message : String(e);
  if (name === 'QuotaExceededError' || /quota/i.test(text)) {
    return new StorageError('quota-exceeded', `${what}: this device has no room left (${text}). Free some space.`, e);
  }
  if (name === 'VersionError') {
    return new StorageError(
      'storage-unavailable',
      `${what}: a newer release of the course is open in another tab and has upgraded ${DB_NAME}; reload this page.`,
      e,
    );
  }
  return new StorageError(
    'storage-unavailable',
    `${what}: this browser does not let the course store data (${name || text}). Private mode or a browser setting may block it.`,
    e,
  );
}

function open(): Promise<Db> {
  if (dbPromise) return dbPromise;
  const attempt = new Promise<Db>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(
        new StorageError(
          'storage-unavailable',
          `opening ${DB_NAME}: no answer after ${openTimeoutMs} ms (another tab may hold an older version open; close it)`,
        ),
      );
    }, openTimeoutMs);
    const fail = (e: unknown): void => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(toStorageError(e, `opening ${DB_NAME}`));
    };
    try {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('IndexedDB is not available');
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = (event) => {
        const db = req.result;
        if (event.oldVersion < 1) {
          db.createObjectStore('progress');
          const outbox = db.createObjectStore('outbox', {keyPath: 'id'});
          outbox.createIndex('seq', 'seq');
          outbox.createIndex('key', 'key');
          db.createObjectStore('meta');
        }
        // Later versions: add `if (event.oldVersion < 2) {...}` steps here, never change the ones above.
      };
      // `blocked`: an older tab holds the database open and has not closed on versionchange (a release before this
      // module): wait for it; the open timeout turns a wait that never ends into storage-unavailable.
      request(req).then((db) => {
        // Another tab wants a newer version: let it.
        db.onversionchange = () => forget(attempt);
        // The browser closed the connection (storage cleared, a crash): open afresh next time.
        db.onclose = () => {
          if (dbPromise === attempt) dbPromise = null;
        };
        clearTimeout(timer);
        if (settled) {
          db.close(); // too late: the caller has given up
          return;
        }
        settled = true;
        resolve(db);
      }, fail);
    } catch (e) {
      fail(e);
    }
  });
  dbPromise = attempt;
  attempt.catch(() => {
    if (dbPromise === attempt) dbPromise = null;
  });
  return attempt;
}

function forget(p: Promise<Db>): void {
  if (dbPromise === p) dbPromise = null;
  p.then((db) => db.close()).catch(() => undefined);
}

/**
 * Run `fn` on an open database; every failure becomes a StorageError. A connection found closed (the browser closed
 * it, or another tab's upgrade did) is opened again once.
 */
async function withDb<T>(what: string, fn: (db: Db) => Promise<T>, retry = true): Promise<T> {
  const db = await open();
  try {
    return await fn(db);
  } catch (e) {
    if (retry && e instanceof DOMException && e.name === 'InvalidStateError') {
      if (dbPromise) forget(dbPromise);
      return withDb(what, fn, false);
    }
    const err = toStorageError(e, what);
    // A connection closed under us (versionchange, browser shutting it): open afresh next time.
    if (err.code === 'storage-unavailable' && dbPromise) {
      const p = dbPromise;
      p.then((d) => (d === db ? forget(p) : undefined)).catch(() => undefined);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// progress

/** The stored progress record, if any. */
export function loadProgressRecord(courseId: string, learnerId: string): Promise<ProgressRecord | undefined> {
  return withDb('reading progress', (db) =>
    read<ProgressRecord | undefined>(db, 'progress', (store) => store.get(progressKey(courseId, learnerId))),
  );
}

/**
 * Store a progress record unless the stored one is newer (`updated` greater): an old save finishing late never
 * overwrites a newer one. Returns whether it was written.
 */
export function saveProgressRecord(record: ProgressRecord): Promise<boolean> {
  return withDb('saving progress', async (db) => {
    const {store, done} = transaction(db, 'progress', 'readwrite');
    const key = progressKey(record.courseId, record.learnerId);
    const stored = (await request(store.get(key))) as ProgressRecord | undefined;
    let written = false;
    if (!stored || !(stored.updated > record.updated)) {
      await request(store.put(record, key));
      written = true;
    }
    await done;
    return written;
  });
}

/**
 * Keep a copy of a learner's progress on this device. Where the stored copy is of the same course version and holds
 * something this one does not (another tab of the same course saved meanwhile), the two are merged
 * ({@link mergeProgress}): no tab's update is lost. A copy of another version: the newer wins. Returns whether
 * anything was written.
 */
export function saveProgressCopy(
  courseId: string,
  learnerId: string,
  progress: Progress,
  courseVersion: string,
): Promise<boolean> {
  return withDb('saving progress', async (db) => {
    const {store, done} = transaction(db, 'progress', 'readwrite');
    const key = progressKey(courseId, learnerId);
    const stored = (await request(store.get(key))) as ProgressRecord | undefined;
    let next: Progress | null = progress;
    if (stored) {
      let previous: DecodedState | null = null;
      try {
        previous = decodeState(stored.state, courseId);
      } catch (e) {
        if (!(e instanceof StateError)) throw e; // a damaged copy is replaced
      }
      if (previous && previous.courseVersion === courseVersion) next = mergeProgress(previous.progress, progress);
      else if (stored.updated > progress.updated) next = null;
    }
    let written = false;
    if (next) {
      const state = encodeState(next, courseVersion, courseId);
      if (state !== stored?.state) {
        await request(
          store.put({courseId, learnerId, courseVersion, state, updated: next.updated} satisfies ProgressRecord, key),
        );
        written = true;
      }
    }
    await done;
    return written;
  });
}

/**
 * The copy of a learner's progress on this device, or null where there is none or it cannot be read (a damaged
 * copy is treated as none). Throws StorageError where storage is unavailable.
 */
export async function loadProgressCopy(courseId: string, learnerId: string): Promise<SavedProgress | null> {
  const record = await loadProgressRecord(courseId, learnerId);
  if (!record) return null;
  try {
    const {progress, courseVersion} = decodeState(record.state, courseId);
    return {progress, courseVersion: courseVersion || record.courseVersion};
  } catch (e) {
    if (e instanceof StateError) return null;
    throw e;
  }
}

/** Remove a learner's stored progress. */
export function deleteProgressCopy(courseId: string, learnerId: string): Promise<void> {
  return withDb('deleting progress', (db) =>
    write(db, 'progress', (store) => store.delete(progressKey(courseId, learnerId))),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// outbox

/**
 * Queue records. A record whose id is already queued is ignored (never overwritten), so queuing the same statement
 * twice sends it once. Records without `seq` get the next numbers, in the order given. Returns the ids added.
 */
export function outboxAdd(records: readonly NewOutboxRecord[]): Promise<string[]> {
  if (records.length === 0) return Promise.resolve([]);
  return withDb('queuing statements', async (db) => {
    const {store, done} = transaction(db, 'outbox', 'readwrite');
    const last = await request(store.index('seq').openCursor(null, 'prev'));
    let seq = last ? (last.value as OutboxRecord).seq : 0;
    const added: string[] = [];
    const seen = new Set<string>();
    for (const r of records) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      if ((await request(store.getKey(r.id))) !== undefined) continue;
      const record = {...r, seq: r.seq ?? ++seq} as OutboxRecord;
      if (record.seq > seq) seq = record.seq;
      await request(store.add(record));
      added.push(r.id);
    }
    await done;
    return added;
  });
}

/** The first `limit` queued records in queue order, optionally of one `key` only. */
export function outboxPeek(limit = 50, key?: string): Promise<OutboxRecord[]> {
  return withDb('reading queued statements', async (db) => {
    if (key === undefined) return read<OutboxRecord[]>(db, 'outbox', (store) => store.index('seq').getAll(null, limit));
    const mine = await read<OutboxRecord[]>(db, 'outbox', (store) => store.index('key').getAll(key));
    return mine.sort((a, b) => a.seq - b.seq).slice(0, limit);
  });
}

/** Remove records (delivered ones). Unknown ids are ignored. */
export function outboxDelete(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  return withDb('removing sent statements', async (db) => {
    const {store, done} = transaction(db, 'outbox', 'readwrite');
    await Promise.all(ids.map((id) => request(store.delete(id))));
    await done;
  });
}

/** How many records are queued, optionally of one `key` only. */
export function outboxCount(key?: string): Promise<number> {
  return withDb('counting queued statements', (db) =>
    read(db, 'outbox', (store) => (key === undefined ? store.count() : store.index('key').count(key))),
  );
}

/**
 * Replace a queued record (e.g. its retry count). A record no longer queued (sent and removed meanwhile, perhaps by
 * another tab) is not brought back. Returns whether it was updated.
 */
export function outboxUpdate(record: OutboxRecord): Promise<boolean> {
  return withDb('updating a queued statement', async (db) => {
    const {store, done} = transaction(db, 'outbox', 'readwrite');
    const exists = (await request(store.getKey(record.id))) !== undefined;
    if (exists) await request(store.put(record));
    await done;
    return exists;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// the device's storage

/**
 * Ask the browser to keep this origin's data under storage pressure (`navigator.storage.persist()`), e.g. when the
 * learner makes the course available offline. Returns whether storage is persistent; never throws.
 */
export async function persistStorage(): Promise<boolean> {
  try {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.persist) return false;
    return (await storage.persisted?.()) || (await storage.persist());
  } catch {
    return false;
  }
}

/** Bytes used and available to this origin, where the browser tells; never throws. */
export async function storageEstimate(): Promise<{usage?: number; quota?: number}> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e ? {usage: e.usage, quota: e.quota} : {};
  } catch {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------------------------
// meta

export function metaGet<T = unknown>(key: string): Promise<T | undefined> {
  return withDb('reading settings', (db) => read<T | undefined>(db, 'meta', (store) => store.get(key)));
}

export function metaSet(key: string, value: unknown): Promise<void> {
  return withDb('saving settings', (db) => write(db, 'meta', (store) => store.put(value, key)));
}

export function metaDelete(key: string): Promise<void> {
  return withDb('removing settings', (db) => write(db, 'meta', (store) => store.delete(key)));
}
