// Which queued items go in the next request: pure functions of the queue, in order (what does not fit waits, and so
// does everything after it).
import type {QueuedItem} from './types.js';

const encoder = new TextEncoder();
/** The UTF-8 size of a string. */
export const byteLength = (s: string) => encoder.encode(s).length;

/** Request headers count towards the keepalive budget too. */
export const HEADER_BYTES = 600;

/** The statements of the send loop's next POST: at most `size` of them, within `maxBytes` (one at least). */
export function nextBatch(items: readonly QueuedItem[], size: number, maxBytes: number): QueuedItem[] {
  const batch: QueuedItem[] = [];
  let bytes = 2;
  for (const item of items) {
    if (item.kind !== 'statement' || batch.length >= size) break;
    const itemBytes = byteLength(JSON.stringify(item.statement)) + 1;
    if (batch.length && bytes + itemBytes > maxBytes) break;
    bytes += itemBytes;
    batch.push(item);
  }
  return batch;
}

/**
 * What goes out with keepalive when the page is hidden or dismissed, within `budget` bytes: the first document
 * not in flight, then the statements not in flight, in order, as far as they fit.
 */
export function keepaliveSelection(
  items: readonly QueuedItem[],
  inFlight: (item: QueuedItem) => boolean,
  budget: number,
): {doc?: {item: QueuedItem; size: number}; batch: QueuedItem[]; bytes: number} {
  let left = budget;
  let doc: {item: QueuedItem; size: number} | undefined;
  const first = items.find((i) => i.kind === 'document' && !inFlight(i));
  if (first?.document) {
    const size = byteLength(first.document.body) + HEADER_BYTES;
    if (size < left) {
      left -= size;
      doc = {item: first, size};
    }
  }
  const batch: QueuedItem[] = [];
  let bytes = HEADER_BYTES + 2;
  for (const item of items) {
    if (item.kind !== 'statement' || inFlight(item)) continue;
    const size = byteLength(JSON.stringify(item.statement)) + 1;
    if (bytes + size > left) break;
    bytes += size;
    batch.push(item);
  }
  return {doc, batch, bytes};
}
