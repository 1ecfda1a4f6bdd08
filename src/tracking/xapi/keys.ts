/**
 * What an xAPI or cmi5 launch names things by, on its own (the page's first script needs it before the player has
 * loaded): statement and session ids, the progress document's parameters, and this tab's session storage.
 */
import type {Agent} from '@xapi/xapi';

/** A UUID v4 for a statement id: `crypto.randomUUID` where the page is a secure context, else from getRandomValues. */
export function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The State API document that holds bookmark and suspend state. */
export const PROGRESS_STATE_ID = 'https://w3id.org/xapi/ict-manager-training/state/progress';

/** A State API document's parameters, in the order every read names them (a read started early must match). */
export function stateParams(
  activityId: string,
  actor: Agent,
  registration: string | undefined,
  stateId: string,
): Record<string, string | undefined> {
  return {activityId, agent: JSON.stringify(actor), registration, stateId};
}

/** sessionStorage that never throws (disabled storage: a reload then counts as a new launch). */
export function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}
export function writeSession(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // storage disabled: a reload then counts as a new launch
  }
}
export function removeSession(key: string): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // nothing to remove
  }
}
