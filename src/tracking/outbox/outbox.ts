/**
 * The outbox: xAPI statements (and State API documents) on their way to the LRS, modelled on Workbox
 * background-sync's `Queue` over a `QueueStore`.
 *
 * - A statement gets its id before it is stored, goes into IndexedDB (`src/offline/db.ts`, store `outbox`) and is
 *   sent from there: in order, in batches (POST of an array). The LRS deduplicates by id, so a batch retried after
 *   a lost acknowledgement is stored once; a 409 on a batch is resolved statement by statement (PUT with
 *   `statementId`: 204 or 409 both mean the LRS holds that id).
 * - Network failures, 5xx, 408 and 429 are retried with exponential backoff (and at once when the browser comes
 *   back `online`). A 401 stops sending and keeps everything (`credentials-expired`). Any other 4xx rejects the one
 *   statement the LRS refuses: it is recorded (in `rejected` and the `meta` store) and shown, never retried forever.
 * - When the page is hidden or dismissed, what is pending goes out with `fetch(..., {keepalive: true})` within the
 *   64 KB keepalive budget; what is not acknowledged stays stored and waits for the next launch. Requests sent
 *   while the page is open use keepalive too where they fit the budget, so one in flight when the page goes
 *   survives it and is not sent a second time (a cmi5 `terminated` is never POSTed twice).
 * - A request the LRS has not answered after `slowMs` is left to finish (the LRS may still store it), and the status
 *   turns from `saving` to `pending`: the learner sees changes waiting, not a save that never ends.
 * - Where IndexedDB is unavailable the queue lives in memory for this page and the status says so.
 */
import {
  metaGet,
  metaSet,
  outboxAdd,
  outboxDelete,
  outboxPeek,
  outboxUpdate,
  StorageError,
  type OutboxRecord,
} from '../../offline/db.js';
import {LrsError, lrsRequest, type LrsConnection} from '../xapi/client.js';
import {StatusCell, type StatusCode} from '../tracker.js';
import {uuid, type Statement} from '../xapi/statements.js';

/** A State API (or Agent Profile API) document write, queued with the statements. */
export interface DocumentWrite {
  resource: 'activities/state' | 'agents/profile';
  params: Record<string, string | undefined>;
  body: string;
  contentType: string;
}

/** What the outbox stores per item (beyond db.ts's `id`, `seq`, `key`). */
export interface QueuedItem extends OutboxRecord {
  kind: 'statement' | 'document';
  statement?: Statement;
  document?: DocumentWrite;
  /** document writes: bumped on every replacement, so a write that finished late does not remove a newer one */
  rev?: number;
  /** ms since epoch it was queued */
  added: number;
  attempts?: number;
}

/** A statement the LRS refused with a 4xx (not 401). */
export interface Rejection {
  id: string;
  status: number;
  message: string;
  at: number;
}

export interface OutboxStatus {
  state: 'saved' | 'saving' | 'pending' | 'offline' | 'error';
  /** items not yet acknowledged by the LRS */
  pending: number;
  /** `credentials-expired`, `statement-rejected`, `storage-unavailable`, `quota-exceeded` */
  code?: StatusCode;
  detail?: string;
}

export class OutboxStatusEvent extends Event {
  static readonly type = 'outbox-status';
  constructor(readonly status: OutboxStatus) {
    super(OutboxStatusEvent.type, {bubbles: false, composed: false});
  }
}

export interface OutboxOptions {
  /** the queue: a session or registration; only items of this key are sent by this outbox */
  key: string;
  /** where to send; null while there is no connection yet (the cmi5 token not fetched) */
  connection: () => LrsConnection | null;
  /** statements per POST (default 25) */
  batchSize?: number;
  /** largest POST body in bytes (default 256 KB) */
  maxBatchBytes?: number;
  /** first retry delay in ms (default 1,000), doubled per failure up to `maxRetryMs` (default 60,000) */
  retryMs?: number;
  maxRetryMs?: number;
  /** the keepalive budget for one page dismissal, in bytes (browsers allow 64 KiB in flight; default 60,000) */
  keepaliveBytes?: number;
  /** after this many ms without an answer from the LRS, the status says `pending` rather than `saving` (default 4,000) */
  slowMs?: number;
  /** listen to online/offline/visibilitychange/pagehide (default true) */
  listen?: boolean;
  /** items not to send for now (they keep their place; e.g. statements of an ended session awaiting a decision) */
  hold?: (item: QueuedItem) => boolean;
}

/** After this many ms without an answer from the LRS, the status says `pending` rather than `saving` (the default of `slowMs`). */
export const OUTBOX_SLOW_MS = 4000;

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;

export class Outbox extends EventTarget {
  readonly key: string;
  /** the queued items of this key, in order: the source of truth for this page (IndexedDB keeps them across launches) */
  declare private items: QueuedItem[];
  declare private running: Promise<void> | null;
  declare private again: boolean;
  declare private timer: ReturnType<typeof setTimeout> | undefined;
  declare private delay: number;
  declare private readonly cell: StatusCell<OutboxStatus>;
  declare private inflight: boolean;
  /** when the request in flight was sent (ms since epoch) */
  declare private inflightSince: number;
  declare private slowTimer: ReturnType<typeof setTimeout> | undefined;
  declare private offline: boolean;
  declare private credentialsExpired: string | null;
  declare private storageProblem: string | null;
  /** `storage-unavailable` or `quota-exceeded` (db.ts's StorageError codes) */
  declare private storageCode: StatusCode;
  declare private closed: boolean;
  declare private revCounter: number;
  /** statements the LRS refused in this page's life (also kept in the `meta` store) */
  declare readonly rejected: Rejection[];
  declare private readonly opts: Required<Omit<OutboxOptions, 'key' | 'connection' | 'hold'>> &
    Pick<OutboxOptions, 'connection' | 'hold'>;
  declare private readonly onOnline: () => void;
  declare private readonly onOffline: () => void;
  declare private readonly onHide: () => void;
  declare private readonly onPageHide: () => void;
  /** items in keepalive requests not yet answered, and their bytes: the browser's budget is shared */
  declare private readonly keepaliveIds: Set<string>;
  declare private keepaliveInFlight: number;
  /** items in the request of the send loop now in flight (with the revision sent, for documents), and whether it went with keepalive */
  declare private sendingIds: Map<string, number | undefined>;
  declare private sendingKeepalive: boolean;
  /**
   * items the send loop sent with keepalive whose request ended without an answer (the page being dismissed ends
   * the request for this page, not for the network): they may still arrive, so the dismissal does not send them again
   */
  declare private unanswered: Set<string>;

  constructor(opts: OutboxOptions) {
    super();
    this.key = opts.key;
    this.opts = {
      batchSize: 25,
      maxBatchBytes: 256 * 1024,
      retryMs: 1000,
      maxRetryMs: 60_000,
      keepaliveBytes: 60_000,
      slowMs: OUTBOX_SLOW_MS,
      listen: true,
      ...opts,
    };
    this.items = [];
    this.running = null;
    this.again = false;
    this.delay = this.opts.retryMs;
    this.inflight = false;
    this.inflightSince = 0;
    this.slowTimer = undefined;
    this.offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    this.credentialsExpired = null;
    this.storageProblem = null;
    this.storageCode = 'storage-unavailable';
    this.closed = false;
    this.revCounter = 0;
    this.rejected = [];
    this.cell = new StatusCell<OutboxStatus>({state: 'saved', pending: 0}, this, (s) => new OutboxStatusEvent(s));
    this.onOnline = () => {
      this.offline = false;
      this.delay = this.opts.retryMs;
      this.update();
      void this.flush();
    };
    this.onOffline = () => {
      this.offline = true;
      this.update();
    };
    this.onHide = () => {
      if (document.visibilityState === 'hidden') this.flushKeepalive();
    };
    this.onPageHide = () => this.flushKeepalive();
    this.keepaliveIds = new Set();
    this.keepaliveInFlight = 0;
    this.sendingIds = new Map();
    this.sendingKeepalive = false;
    this.unanswered = new Set();
  }

  /** Load what earlier launches left for this key, start listening, and send. */
  async open(): Promise<void> {
    try {
      this.items = (await outboxPeek(100_000, this.key)) as QueuedItem[];
      this.revCounter = Math.max(0, ...this.items.map((i) => i.rev ?? 0));
      const stored = await metaGet<Rejection[]>(`outbox-rejected|${this.key}`);
      if (stored?.length) this.rejected.push(...stored);
    } catch (e) {
      this.noteStorageProblem(e);
    }
    if (this.opts.listen && typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
      window.addEventListener('offline', this.onOffline);
      document.addEventListener('visibilitychange', this.onHide);
      // pagehide can fire while visibilityState is still 'visible'
      window.addEventListener('pagehide', this.onPageHide);
    }
    this.update();
  }

  /** Whether the item with this id is still queued (not yet acknowledged by the LRS). */
  has(id: string): boolean {
    return this.items.some((i) => i.id === id);
  }

  /** The queued items of this key (a copy), oldest first. */
  get pendingItems(): readonly QueuedItem[] {
    return [...this.items];
  }

  get status(): OutboxStatus {
    return this.cell.get();
  }

  /**
   * Queue statements (ids are given where missing, before anything is stored). Resolves when they are stored on
   * this device (or kept in memory where the device cannot store); sending starts at once. Returns their ids.
   */
  async add(statements: Statement[]): Promise<string[]> {
    const now = Date.now();
    const items: QueuedItem[] = statements.map((s) => {
      if (!s.id) s.id = uuid();
      return {id: s.id, seq: 0, key: this.key, kind: 'statement', statement: s, added: now};
    });
    this.items.push(...items);
    this.update();
    try {
      const records = items.map(({seq: _seq, ...rest}) => rest);
      await outboxAdd(records);
      this.storageProblem = null;
    } catch (e) {
      this.noteStorageProblem(e);
    }
    void this.flush();
    return items.map((i) => i.id);
  }

  /** Queue a document write; a pending write of the same document is replaced (the newest content wins). */
  async putDocument(docId: string, doc: DocumentWrite): Promise<void> {
    const id = `doc|${this.key}|${docId}`;
    const rev = ++this.revCounter;
    const existing = this.items.find((i) => i.id === id);
    let item: QueuedItem;
    if (existing) {
      existing.document = doc;
      existing.rev = rev;
      item = existing;
    } else {
      item = {id, seq: 0, key: this.key, kind: 'document', document: doc, rev, added: Date.now()};
      this.items.push(item);
    }
    this.update();
    try {
      const updated = existing ? await outboxUpdate({...item}) : false;
      if (!updated) {
        const {seq: _seq, ...rest} = item;
        await outboxAdd([rest]);
        if (existing) await outboxUpdate({...item}); // it was stored by an earlier add that raced this one
      }
      this.storageProblem = null;
    } catch (e) {
      this.noteStorageProblem(e);
    }
    void this.flush();
  }

  /** Forget queued items without sending them (e.g. statements of an ended cmi5 session, re-established anew). */
  async discard(ids: string[]): Promise<void> {
    const set = new Set(ids);
    this.items = this.items.filter((i) => !set.has(i.id));
    this.update();
    try {
      await outboxDelete(ids);
    } catch {
      // they stay stored; the next launch sees them again and decides again
    }
  }

  /**
   * Send everything queued, in order. Resolves when the queue is empty or sending has stopped for now (offline,
   * an LRS error to retry later, expired credentials). Concurrent calls share one run.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.run();
        } while (this.again && !this.timer && !this.credentialsExpired && !this.closed);
      } finally {
        this.running = null;
        this.update();
      }
    })();
    return this.running;
  }

  /** Wait for the queue to empty, up to `timeoutMs`. Resolves true when empty. */
  async drain(timeoutMs = 10_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (this.sendable().length && Date.now() < until && !this.credentialsExpired && !this.closed) {
      await this.flush();
      if (!this.sendable().length) break;
      await new Promise((r) => setTimeout(r, Math.min(250, Math.max(0, until - Date.now()))));
      if (this.timer) {
        // a retry is scheduled: try now rather than wait for it, while time is left
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    }
    return this.sendable().length === 0;
  }

  /**
   * Resolves true once nothing is queued (every item acknowledged or refused), false where that has not happened
   * within `timeoutMs` or sending has stopped for good (expired credentials, closed). Waits for the outbox's own
   * sending and retries; it does not hurry them.
   */
  whenEmpty(timeoutMs = 15_000): Promise<boolean> {
    return new Promise((resolve) => {
      const check = () => {
        const done = !this.items.length;
        if (!done && !this.credentialsExpired && !this.closed) return;
        clearTimeout(timer);
        this.removeEventListener(OutboxStatusEvent.type, check);
        resolve(done);
      };
      const timer = setTimeout(() => {
        this.removeEventListener(OutboxStatusEvent.type, check);
        resolve(!this.items.length);
      }, timeoutMs);
      this.addEventListener(OutboxStatusEvent.type, check);
      check();
    });
  }

  /**
   * Send what is pending with `fetch(..., {keepalive: true})`, within the keepalive budget (the page is being hidden
   * or dismissed). Nothing is removed unless the LRS acknowledges; the rest waits for the next launch.
   */
  flushKeepalive(): void {
    const conn = this.opts.connection();
    if (!conn || !this.items.length || this.credentialsExpired || this.closed) return;
    let budget = this.opts.keepaliveBytes - this.keepaliveInFlight;
    const send = (
      items: QueuedItem[],
      method: string,
      resource: string,
      body: string,
      opts: {params?: Record<string, string | undefined>; contentType?: string},
      bytes: number,
      onOk: () => Promise<void> | void,
    ) => {
      for (const i of items) this.keepaliveIds.add(i.id);
      this.keepaliveInFlight += bytes;
      lrsRequest(conn, method, resource, {...opts, body, keepalive: true})
        .then(onOk)
        .catch(() => undefined)
        .finally(() => {
          for (const i of items) this.keepaliveIds.delete(i.id);
          this.keepaliveInFlight -= bytes;
        });
    };
    // what the send loop has in flight with keepalive survives the page: it is not sent twice
    const inFlight = (i: QueuedItem) =>
      this.keepaliveIds.has(i.id) ||
      (i.kind === 'statement' && this.unanswered.has(i.id)) ||
      (this.sendingKeepalive && this.sendingIds.has(i.id) && this.sendingIds.get(i.id) === i.rev);
    const items = this.sendable();
    const doc = items.find((i) => i.kind === 'document' && !inFlight(i));
    if (doc?.document) {
      const size = byteLength(doc.document.body) + 600; // headers count towards the budget too
      if (size < budget) {
        budget -= size;
        const rev = doc.rev;
        const d = doc.document;
        send([doc], 'PUT', d.resource, d.body, {params: d.params, contentType: d.contentType}, size, () =>
          doc.rev === rev ? this.delivered([doc.id]) : undefined,
        );
      }
    }
    const batch: QueuedItem[] = [];
    let bytes = 600 + 2;
    for (const item of items) {
      if (item.kind !== 'statement') continue;
      if (inFlight(item)) continue;
      const size = byteLength(JSON.stringify(item.statement)) + 1;
      if (bytes + size > budget) break; // in order: what does not fit waits, and so does everything after it
      bytes += size;
      batch.push(item);
    }
    if (!batch.length) return;
    send(batch, 'POST', 'statements', JSON.stringify(batch.map((i) => i.statement)), {}, bytes, () =>
      this.delivered(batch.map((i) => i.id)),
    );
  }

  /** Stop listening and sending (the queue stays stored). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    clearTimeout(this.slowTimer);
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
      window.removeEventListener('offline', this.onOffline);
      document.removeEventListener('visibilitychange', this.onHide);
      window.removeEventListener('pagehide', this.onPageHide);
    }
  }

  // -------------------------------------------------------------------------------------------------------------

  /** The queued items that may be sent now, in order. */
  private sendable(): QueuedItem[] {
    const hold = this.opts.hold;
    return hold ? this.items.filter((i) => !hold(i)) : this.items;
  }

  private async run(): Promise<void> {
    while (this.sendable().length && !this.closed && !this.credentialsExpired) {
      const conn = this.opts.connection();
      if (!conn) return;
      const first = this.sendable()[0]!;
      this.inflight = true;
      this.inflightSince = Date.now();
      clearTimeout(this.slowTimer);
      this.slowTimer = setTimeout(() => this.update(), this.opts.slowMs);
      this.update();
      try {
        if (first.kind === 'document') {
          await this.sendDocument(conn, first);
        } else {
          const batch = this.nextBatch();
          await this.sendBatch(conn, batch);
        }
        this.delay = this.opts.retryMs;
        this.offline = false;
      } catch (e) {
        this.inflight = false;
        if (e instanceof LrsError && e.status === 401) {
          this.credentialsExpired = e.message;
          this.update();
          return;
        }
        if (!(e instanceof LrsError) || e.network) this.offline = e instanceof LrsError;
        this.scheduleRetry();
        return;
      } finally {
        this.inflight = false;
        clearTimeout(this.slowTimer);
      }
    }
  }

  private nextBatch(): QueuedItem[] {
    const batch: QueuedItem[] = [];
    let bytes = 2;
    for (const item of this.sendable()) {
      if (item.kind !== 'statement' || batch.length >= this.opts.batchSize) break;
      const size = byteLength(JSON.stringify(item.statement)) + 1;
      if (batch.length && bytes + size > this.opts.maxBatchBytes) break;
      bytes += size;
      batch.push(item);
    }
    return batch;
  }

  /**
   * One request of the send loop: with keepalive where it fits what is left of the keepalive budget (it then
   * survives the page being dismissed, and flushKeepalive does not send its items again).
   */
  private async sending<T>(items: QueuedItem[], body: string, request: (keepalive: boolean) => Promise<T>): Promise<T> {
    const bytes = byteLength(body) + 600;
    const keepalive = this.keepaliveInFlight + bytes < this.opts.keepaliveBytes;
    this.sendingIds = new Map(items.map((i) => [i.id, i.rev]));
    this.sendingKeepalive = keepalive;
    if (keepalive) this.keepaliveInFlight += bytes;
    for (const i of items) this.unanswered.delete(i.id);
    try {
      return await request(keepalive);
    } catch (e) {
      if (keepalive && e instanceof LrsError && e.network) for (const i of items) this.unanswered.add(i.id);
      throw e;
    } finally {
      if (keepalive) this.keepaliveInFlight -= bytes;
      this.sendingIds = new Map();
      this.sendingKeepalive = false;
    }
  }

  private async sendBatch(conn: LrsConnection, batch: QueuedItem[]): Promise<void> {
    try {
      const body = JSON.stringify(batch.map((i) => i.statement));
      await this.sending(batch, body, (keepalive) => lrsRequest(conn, 'POST', 'statements', {body, keepalive}));
      await this.delivered(batch.map((i) => i.id));
      return;
    } catch (e) {
      if (!(e instanceof LrsError) || e.retriable || e.status === 401) throw e;
      if (batch.length === 1 && e.status === 409) {
        // the id is stored already (a retry of a batch whose acknowledgement was lost)
        await this.delivered([batch[0]!.id]);
        return;
      }
      // 409 (some ids stored already) or another 4xx: settle each statement on its own
    }
    for (const item of batch) {
      try {
        const body = JSON.stringify(item.statement);
        await this.sending([item], body, (keepalive) =>
          lrsRequest(conn, 'PUT', 'statements', {params: {statementId: item.id}, body, accept: [409], keepalive}),
        );
        await this.delivered([item.id]);
      } catch (e) {
        if (!(e instanceof LrsError) || e.retriable || e.status === 401) throw e;
        await this.reject(item, e);
      }
    }
  }

  private async sendDocument(conn: LrsConnection, item: QueuedItem): Promise<void> {
    const doc = item.document!;
    const rev = item.rev;
    try {
      await this.sending([item], doc.body, (keepalive) =>
        lrsRequest(conn, 'PUT', doc.resource, {
          params: doc.params,
          body: doc.body,
          contentType: doc.contentType,
          keepalive,
        }),
      );
    } catch (e) {
      if (!(e instanceof LrsError) || e.retriable || e.status === 401) throw e;
      await this.reject(item, e);
      return;
    }
    if (item.rev === rev) await this.delivered([item.id]);
    else {
      // replaced while in flight: the newer content goes next, at the back of the queue
      this.items = [...this.items.filter((i) => i !== item), item];
    }
  }

  private async delivered(ids: string[]): Promise<void> {
    const set = new Set(ids);
    for (const id of ids) this.unanswered.delete(id);
    this.items = this.items.filter((i) => !set.has(i.id));
    try {
      await outboxDelete(ids);
    } catch {
      // stays stored: sent again next launch, and the LRS recognises the ids
    }
    this.update();
  }

  private async reject(item: QueuedItem, e: LrsError): Promise<void> {
    const r: Rejection = {id: item.id, status: e.status, message: e.message, at: Date.now()};
    this.rejected.push(r);
    this.items = this.items.filter((i) => i !== item);
    try {
      await metaSet(`outbox-rejected|${this.key}`, this.rejected.slice(-50));
      await outboxDelete([item.id]);
    } catch {
      // the rejection is still shown for this page
    }
    this.update();
  }

  private noteStorageProblem(e: unknown): void {
    this.storageProblem = e instanceof Error ? e.message : String(e);
    this.storageCode = e instanceof StorageError ? e.code : 'storage-unavailable';
  }

  private scheduleRetry(): void {
    if (this.timer || this.closed) return;
    const wait = this.delay * (0.75 + Math.random() * 0.5);
    this.delay = Math.min(this.delay * 2, this.opts.maxRetryMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
    this.update();
  }

  private update(): void {
    const pending = this.items.length;
    let next: OutboxStatus;
    if (this.credentialsExpired) {
      next = {state: 'error', pending, code: 'credentials-expired', detail: this.credentialsExpired};
    } else if (this.rejected.length) {
      const last = this.rejected.at(-1)!;
      next = {
        state: 'error',
        pending,
        code: 'statement-rejected',
        detail: `${this.rejected.length} refused by the LRS; last: ${last.message}`,
      };
    } else {
      const state =
        pending === 0
          ? 'saved'
          : this.offline
            ? 'offline'
            : this.inflight && Date.now() - this.inflightSince < this.opts.slowMs
              ? 'saving'
              : 'pending';
      // What waits lives in this page only where the device cannot store it: say so with every state, so that
      // "offline: kept on this device" is never claimed for statements a closed tab would lose.
      next = this.storageProblem
        ? {state, pending, code: this.storageCode, detail: this.storageProblem}
        : {state, pending};
    }
    this.cell.set(next);
  }
}
