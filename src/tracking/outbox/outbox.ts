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
import {StorageError} from '../../offline/device.js';
import {localDatabase, mayHoldLocalData} from '../local-copy.js';
import {LrsError, lrsRequest, type LrsConnection} from '../xapi/client.js';
import {StatusCell, type StatusCode} from '../tracker.js';
import {byteLength, HEADER_BYTES, keepaliveSelection, nextBatch} from './batches.js';
import {outboxStatus} from './status.js';
import {
  OUTBOX_DEFAULTS,
  OutboxStatusEvent,
  type DocumentWrite,
  type OutboxOptions,
  type OutboxStatus,
  type QueuedItem,
  type Rejection,
} from './types.js';
import {uuid} from '../xapi/keys.js';
import type {Statement} from '../xapi/statements.js';

export {OUTBOX_SLOW_MS, OutboxStatusEvent} from './types.js';
export type {DocumentWrite, OutboxOptions, OutboxStatus, QueuedItem, Rejection} from './types.js';

export class Outbox extends EventTarget {
  readonly key: string;
  /** the queued items of this key, in order: the source of truth for this page (IndexedDB keeps them across launches) */
  private items: QueuedItem[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay: number;
  private readonly cell = new StatusCell<OutboxStatus>(
    {state: 'saved', pending: 0},
    this,
    (s) => new OutboxStatusEvent(s),
  );
  private inflight = false;
  /** when the request in flight was sent (ms since epoch) */
  private inflightSince = 0;
  private slowTimer: ReturnType<typeof setTimeout> | undefined;
  private offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  private credentialsExpired: string | null = null;
  private storageProblem: string | null = null;
  /** `storage-unavailable` or `quota-exceeded` (db.ts's StorageError codes) */
  private storageCode: StatusCode = 'storage-unavailable';
  private closed = false;
  private revCounter = 0;
  /** statements the LRS refused in this page's life (also kept in the `meta` store) */
  readonly rejected: Rejection[] = [];
  private readonly opts: Required<Omit<OutboxOptions, 'key' | 'connection' | 'hold'>> &
    Pick<OutboxOptions, 'connection' | 'hold'>;
  /** items in keepalive requests not yet answered, and their bytes: the browser's budget is shared */
  private readonly keepaliveIds = new Set<string>();
  private keepaliveInFlight = 0;
  /** items in the request of the send loop now in flight (with the revision sent, for documents), and whether it went with keepalive */
  private sendingIds = new Map<string, number | undefined>();
  private sendingKeepalive = false;
  /**
   * items the send loop sent with keepalive whose request ended without an answer (the page being dismissed ends
   * the request for this page, not for the network): they may still arrive, so the dismissal does not send them again
   */
  private unanswered = new Set<string>();

  private readonly onOnline = () => {
    this.offline = false;
    this.delay = this.opts.retryMs;
    this.update();
    void this.flush();
  };
  private readonly onOffline = () => {
    this.offline = true;
    this.update();
  };
  private readonly onHide = () => {
    if (document.visibilityState === 'hidden') this.flushKeepalive();
  };
  private readonly onPageHide = () => this.flushKeepalive();

  constructor(opts: OutboxOptions) {
    super();
    this.key = opts.key;
    this.opts = {...OUTBOX_DEFAULTS, ...opts};
    this.delay = this.opts.retryMs;
  }

  /** Load what earlier launches left for this key (none where the device holds no database), listen, and send. */
  async open(): Promise<void> {
    try {
      if (await mayHoldLocalData()) {
        const db = await localDatabase(true);
        this.items = (await db.outboxPeek(100_000, this.key)) as QueuedItem[];
        this.revCounter = Math.max(0, ...this.items.map((i) => i.rev ?? 0));
        const stored = await db.metaGet<Rejection[]>(`outbox-rejected|${this.key}`);
        if (stored?.length) this.rejected.push(...stored);
      }
    } catch (e) {
      this.noteStorageProblem(e);
    }
    if (this.opts.listen) this.listen('addEventListener');
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
    await this.store((db) => db.outboxAdd(items.map(({seq: _seq, ...rest}) => rest)));
    if (!this.timer) void this.flush(); // (where a retry waits, it sends them: the LRS is given its backoff)
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
    await this.store(async (db) => {
      const updated = existing ? await db.outboxUpdate({...item}) : false;
      if (!updated) {
        const {seq: _seq, ...rest} = item;
        await db.outboxAdd([rest]);
        if (existing) await db.outboxUpdate({...item}); // it was stored by an earlier add that raced this one
      }
    });
    if (!this.timer) void this.flush(); // (where a retry waits, it sends them: the LRS is given its backoff)
  }

  /** Forget queued items without sending them (e.g. statements of an ended cmi5 session, re-established anew). */
  async discard(ids: string[]): Promise<void> {
    const set = new Set(ids);
    this.items = this.items.filter((i) => !set.has(i.id));
    this.update();
    try {
      await (await localDatabase(false)).outboxDelete(ids);
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
    const budget = this.opts.keepaliveBytes - this.keepaliveInFlight;
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
    const {doc, batch, bytes} = keepaliveSelection(this.sendable(), inFlight, budget);
    const d = doc?.item.document;
    if (doc && d) {
      const {item, size} = doc;
      const rev = item.rev;
      send([item], 'PUT', d.resource, d.body, {params: d.params, contentType: d.contentType}, size, () =>
        item.rev === rev ? this.delivered([item.id]) : undefined,
      );
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
    this.listen('removeEventListener');
  }

  /** The network and the page's lifecycle: back online sends at once; a hidden or dismissed page sends with keepalive. */
  private listen(how: 'addEventListener' | 'removeEventListener'): void {
    if (typeof window === 'undefined') return;
    window[how]('online', this.onOnline);
    window[how]('offline', this.onOffline);
    document[how]('visibilitychange', this.onHide);
    // pagehide can fire while visibilityState is still 'visible'
    window[how]('pagehide', this.onPageHide);
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
        if (first.kind === 'document') await this.sendDocument(conn, first);
        else await this.sendBatch(conn, nextBatch(this.sendable(), this.opts.batchSize, this.opts.maxBatchBytes));
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

  /**
   * One request of the send loop: with keepalive where it fits what is left of the keepalive budget (it then
   * survives the page being dismissed, and flushKeepalive does not send its items again).
   */
  private async sending<T>(items: QueuedItem[], body: string, request: (keepalive: boolean) => Promise<T>): Promise<T> {
    const bytes = byteLength(body) + HEADER_BYTES;
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
      await (await localDatabase(false)).outboxDelete(ids);
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
      await (await localDatabase(false)).metaSet(`outbox-rejected|${this.key}`, this.rejected.slice(-50));
      await (await localDatabase(false)).outboxDelete([item.id]);
    } catch {
      // the rejection is still shown for this page
    }
    this.update();
  }

  /** A write of the queue to IndexedDB; where it fails the queue lives on in this page and the status says so. */
  private async store(write: (db: Awaited<ReturnType<typeof localDatabase>>) => Promise<unknown>): Promise<void> {
    try {
      await write(await localDatabase(false));
      this.storageProblem = null;
    } catch (e) {
      this.noteStorageProblem(e);
    }
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
    this.cell.set(
      outboxStatus({
        pending: this.items.length,
        credentialsExpired: this.credentialsExpired,
        rejected: this.rejected,
        offline: this.offline,
        slow: !this.inflight || Date.now() - this.inflightSince >= this.opts.slowMs,
        storageProblem: this.storageProblem,
        storageCode: this.storageCode,
      }),
    );
  }
}
