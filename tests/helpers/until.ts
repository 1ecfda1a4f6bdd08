// Waiting in tests: for a condition on a real store or page to hold, never for a fixed time.

/** What a truthy value of T can be. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Polls `fn` until it returns something truthy, and returns that; throws after `ms` with `what` and the last error
 * `fn` threw. The poll interval only sets how soon a condition that already holds is seen, not whether the test
 * passes: on a slow, loaded machine the wait is longer, the result the same.
 *
 * Both argument orders are accepted: `until(fn, ms, what)` and `until(fn, what, ms)`.
 */
export function until<T>(fn: () => Promise<T> | T, ms?: number, what?: string): Promise<Truthy<T>>;
export function until<T>(fn: () => Promise<T> | T, what: string, ms?: number): Promise<Truthy<T>>;
export async function until<T>(fn: () => Promise<T> | T, a?: number | string, b?: number | string): Promise<Truthy<T>> {
  const ms = typeof a === 'number' ? a : typeof b === 'number' ? b : 15_000;
  const what = typeof a === 'string' ? a : typeof b === 'string' ? b : 'condition';
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as Truthy<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
