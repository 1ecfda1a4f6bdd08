import type {StatusCode} from '../tracker.js';
import type {OutboxStatus, Rejection} from './types.js';

/** What the outbox's status depends on. */
export interface OutboxState {
  /** items not yet acknowledged */
  pending: number;
  /** why sending stopped (a 401), or null */
  credentialsExpired: string | null;
  rejected: readonly Rejection[];
  offline: boolean;
  /** no request in flight, or the one in flight has waited longer than `slowMs` */
  slow: boolean;
  /** why this device cannot store the queue, or null */
  storageProblem: string | null;
  storageCode: StatusCode;
}

/**
 * The outbox's status: an error needs the learner (expired credentials, a refused statement); otherwise saved,
 * offline, saving (a request under way, not yet slow) or pending. Where the device cannot store, the code says so
 * with every state, so that "offline: kept on this device" is never claimed for statements a closed tab would lose.
 */
export function outboxStatus(o: OutboxState): OutboxStatus {
  const pending = o.pending;
  if (o.credentialsExpired) return {state: 'error', pending, code: 'credentials-expired', detail: o.credentialsExpired};
  const last = o.rejected.at(-1);
  if (last) {
    const detail = `${o.rejected.length} refused by the LRS; last: ${last.message}`;
    return {state: 'error', pending, code: 'statement-rejected', detail};
  }
  const state = pending === 0 ? 'saved' : o.offline ? 'offline' : o.slow ? 'pending' : 'saving';
  return o.storageProblem ? {state, pending, code: o.storageCode, detail: o.storageProblem} : {state, pending};
}
