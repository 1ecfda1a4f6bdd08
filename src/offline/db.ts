/**
 * The course's IndexedDB database: the ONE module that opens it, names it and upgrades it, through idb (`openDB`
 * with a typed schema; its `upgrade` callback holds the version history).
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
import {openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction} from 'idb';
import type {DecodedState} from '../course/codec.js';
import {stateCodec} from '../tracking/state-codec.js';
import {mergeProgress} from '../course/rules.js';
import {DB_NAME, StorageError} from './device.js';
import type {Progress, SavedProgress} from '../course/types.js';

export {DB_NAME, StorageError, type StorageErrorCode} from './device.js';
export const DB_VERSION = 1;

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

/** The database's stores, typed for idb. */
interface Schema extends DBSchema {
  progress: {key: string; value: ProgressRecord};
  outbox: {key: string; value: OutboxRecord; indexes: {seq: number; key: string}};
  meta: {key: string; value: unknown};
}

type Db = IDBPDatabase<Schema>;
type StoreName = 'progress' | 'outbox' | 'meta';

/**
 * A read-write transaction on one store. Its `done` rejects when it fails or aborts; a caller that awaits one of its
 * requests first sees that request's error, so `done` is marked handled here and reported where the caller awaits it.
 */
function writing<N extends StoreName>(db: Db, name: N): IDBPTransaction<Schema, [N], 'readwrite'> {
  const tx = db.transaction(name, 'readwrite');
  tx.done.catch(() => undefined);
  return tx;
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
      openDB<Schema>(DB_NAME, DB_VERSION, {
        upgrade(db, oldVersion) {
          if (oldVersion < 1) {
            db.createObjectStore('progress');
            const outbox = db.createObjectStore('outbox', {keyPath: 'id'});
            outbox.createIndex('seq', 'seq');
            outbox.createIndex('key', 'key');
            db.createObjectStore('meta');
          }
          // Later versions: add `if (oldVersion < 2) {...}` steps here, never change the ones above.
        },
        // `blocked`: an older tab holds the database open and has not closed on versionchange (a release before
        // this module): wait for it; the open timeout turns a wait that never ends into storage-unavailable.
        // Another tab wants a newer version: let it.
        blocking: () => forget(attempt),
        // The browser closed the connection (storage cleared, a crash): open afresh next time.
        terminated: () => {
          if (dbPromise === attempt) dbPromise = null;
        },
      }).then((db) => {
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
  return withDb('reading progress', (db) => db.get('progress', progressKey(courseId, learnerId)));
}

/**
 * Store a progress record unless the stored one is newer (`updated` greater): an old save finishing late never
 * overwrites a newer one. Returns whether it was written.
 */
export function saveProgressRecord(record: ProgressRecord): Promise<boolean> {
  return withDb('saving progress', async (db) => {
    const tx = writing(db, 'progress');
    const key = progressKey(record.courseId, record.learnerId);
    const stored = await tx.store.get(key);
    let written = false;
    if (!stored || !(stored.updated > record.updated)) {
      await tx.store.put(record, key);
      written = true;
    }
    await tx.done;
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
  // the codec (not in a launch's first download) before the transaction: an await of anything else would end it
  return stateCodec(false).then(({decodeState, encodeState, StateError}) =>
    withDb('saving progress', async (db) => {
      const tx = writing(db, 'progress');
      const key = progressKey(courseId, learnerId);
      const stored = await tx.store.get(key);
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
          await tx.store.put({courseId, learnerId, courseVersion, state, updated: next.updated}, key);
          written = true;
        }
      }
      await tx.done;
      return written;
    }),
  );
}

/**
 * The copy of a learner's progress on this device, or null where there is none or it cannot be read (a damaged
 * copy is treated as none). Throws StorageError where storage is unavailable.
 */
export async function loadProgressCopy(courseId: string, learnerId: string): Promise<SavedProgress | null> {
  const record = await loadProgressRecord(courseId, learnerId);
  if (!record) return null;
  const {decodeState, StateError} = await stateCodec(true);
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
  return withDb('deleting progress', (db) => db.delete('progress', progressKey(courseId, learnerId)));
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
    const tx = writing(db, 'outbox');
    const store = tx.store;
    const last = await store.index('seq').openCursor(null, 'prev');
    let seq = last ? last.value.seq : 0;
    const added: string[] = [];
    const seen = new Set<string>();
    for (const r of records) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      if ((await store.getKey(r.id)) !== undefined) continue;
      const record: OutboxRecord = {...r, seq: r.seq ?? ++seq};
      if (record.seq > seq) seq = record.seq;
      await store.add(record);
      added.push(r.id);
    }
    await tx.done;
    return added;
  });
}

/** The first `limit` queued records in queue order, optionally of one `key` only. */
export function outboxPeek(limit = 50, key?: string): Promise<OutboxRecord[]> {
  return withDb('reading queued statements', async (db) => {
    if (key === undefined) return db.getAllFromIndex('outbox', 'seq', null, limit);
    const mine = await db.getAllFromIndex('outbox', 'key', key);
    return mine.sort((a, b) => a.seq - b.seq).slice(0, limit);
  });
}

/** Remove records (delivered ones). Unknown ids are ignored. */
export function outboxDelete(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return Promise.resolve();
  return withDb('removing sent statements', async (db) => {
    const tx = writing(db, 'outbox');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  });
}

/** How many records are queued, optionally of one `key` only. */
export function outboxCount(key?: string): Promise<number> {
  return withDb('counting queued statements', (db) =>
    key === undefined ? db.count('outbox') : db.countFromIndex('outbox', 'key', key),
  );
}

/**
 * Replace a queued record (e.g. its retry count). A record no longer queued (sent and removed meanwhile, perhaps by
 * another tab) is not brought back. Returns whether it was updated.
 */
export function outboxUpdate(record: OutboxRecord): Promise<boolean> {
  return withDb('updating a queued statement', async (db) => {
    const tx = writing(db, 'outbox');
    const exists = (await tx.store.getKey(record.id)) !== undefined;
    if (exists) await tx.store.put(record);
    await tx.done;
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
  return withDb('reading settings', async (db) => (await db.get('meta', key)) as T | undefined);
}

export function metaSet(key: string, value: unknown): Promise<void> {
  return withDb('saving settings', (db) => db.put('meta', value, key).then(() => undefined));
}

export function metaDelete(key: string): Promise<void> {
  return withDb('removing settings', (db) => db.delete('meta', key));
}
