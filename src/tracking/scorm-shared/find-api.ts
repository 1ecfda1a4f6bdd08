/**
 * Finding the LMS's SCORM API object the way LMSs expect a SCO to (SCORM 1.2 RTE 3.3.6.1, SCORM 2004 RTE 3.3.6.1):
 * this window, then each `window.parent` up to the top, then `window.opener` and each of its parents; where a framed
 * or opened course finds none, it looks again for about 3 s (an LMS that sets the API late).
 *
 * A frame of another origin throws on access: it is skipped, never fatal. The walk is bounded, so a frame that
 * names itself as its own parent in some broken embedding cannot loop forever. `launchScorm()` (./launch.ts) makes
 * the tracker of the API found (or the standalone tracker where there is none).
 */

/** How many frames up the walk looks from each start (the ADL sample uses 500 for parents, 7 is common in LMSs). */
export const MAX_FRAME_DEPTH = 20;

/** The window's property `name`, or undefined where the window is cross-origin or gone. */
function read(win: Window, name: string): unknown {
  try {
    return (win as unknown as Record<string, unknown>)[name] ?? undefined;
  } catch {
    return undefined; // SecurityError: another origin
  }
}

function parentOf(win: Window): Window | null {
  try {
    const p = win.parent;
    return p && p !== win ? p : null;
  } catch {
    return null;
  }
}

function openerOf(win: Window): Window | null {
  try {
    const o = win.opener as Window | null;
    return o && o !== win ? o : null;
  } catch {
    return null;
  }
}

/** Walk `win` and its parents; the first `name` found that `accept` takes. */
function walk(start: Window, name: string, accept: (api: unknown) => boolean): unknown {
  let win: Window | null = start;
  for (let depth = 0; win && depth <= MAX_FRAME_DEPTH; depth++) {
    const api = read(win, name);
    if (api !== undefined && accept(api)) return api;
    win = parentOf(win);
  }
  return undefined;
}

/**
 * The API object called `name` (`API` for SCORM 1.2, `API_1484_11` for 2004) in this window, its parents, its
 * opener or the opener's parents; undefined where none is reachable. `accept` tells a real API from something else
 * of that name (it checks for the methods the caller needs).
 */
export function findScormApi(
  name: 'API' | 'API_1484_11',
  accept: (api: unknown) => boolean,
  start: Window = window,
): unknown {
  const own = walk(start, name, accept);
  if (own !== undefined) return own;
  // A popup launch: the LMS window opened this one. Its opener chain, bounded the same way.
  let top: Window = start;
  for (let depth = 0, p = parentOf(top); p && depth <= MAX_FRAME_DEPTH; depth++, p = parentOf(top)) top = p;
  let opener = openerOf(top) ?? openerOf(start);
  for (let hops = 0; opener && hops < 3; hops++) {
    const api = walk(opener, name, accept);
    if (api !== undefined) return api;
    opener = openerOf(opener);
  }
  return undefined;
}

/** How long a framed or opened course looks again for an API that is not there yet, in ms between looks. */
export const LATE_API_WAITS_MS = [50, 100, 200, 400, 800, 1500] as const;

/**
 * {@link findScormApi}, looking again for about 3 s where it finds none at first: some LMSs put the API on their
 * window only after the course's frame has started loading. A page that is neither framed nor opened by another
 * window has no LMS that could still add one: it is answered at once.
 */
export async function waitForScormApi(
  name: 'API' | 'API_1484_11',
  accept: (api: unknown) => boolean,
  start: Window = window,
): Promise<unknown> {
  let api = findScormApi(name, accept, start);
  if (api !== undefined || (!parentOf(start) && !openerOf(start))) return api;
  for (const ms of LATE_API_WAITS_MS) {
    await new Promise((r) => setTimeout(r, ms));
    api = findScormApi(name, accept, start);
    if (api !== undefined) return api;
  }
  return undefined;
}

/** Whether `api` has every one of `methods` as a function. */
export function hasMethods(api: unknown, methods: readonly string[]): boolean {
  if (!api || (typeof api !== 'object' && typeof api !== 'function')) return false;
  try {
    return methods.every((m) => typeof (api as Record<string, unknown>)[m] === 'function');
  } catch {
    return false;
  }
}
