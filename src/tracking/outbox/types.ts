// The outbox's shapes: what it queues, what it reports, and how it is set up.
import type {OutboxRecord} from '../../offline/db.js';
import type {StatusCode} from '../tracker.js';
import type {LrsConnection} from '../xapi/client.js';
import type {Statement} from '../xapi/statements.js';

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

/** The settings an outbox has where its options do not say. */
export const OUTBOX_DEFAULTS = {
  batchSize: 25,
  maxBatchBytes: 256 * 1024,
  retryMs: 1000,
  maxRetryMs: 60_000,
  keepaliveBytes: 60_000,
  slowMs: OUTBOX_SLOW_MS,
  listen: true,
};
