/**
 * What the benchmark puts into every document of a browser context (Playwright `addInitScript`) before the page's
 * own scripts run. Serialised into the page: it must not reference anything outside this function.
 *
 * - In a document with `<ict-course>`: notes (performance.now(), relative to this document's navigation start)
 *   when the player first shows a view and when a lesson heading is visible; with `autoStart` it presses the start
 *   button ("Start the course" / "Continue where you left off") as soon as it is there, as a learner would.
 * - With `report`: every press of a button in the player, the SCORM API calls made in the LMS's page (wrapping the
 *   `API` / `API_1484_11` object the host page sets), `sendBeacon`s and synchronous XMLHttpRequests are reported to
 *   the `__benchReport` binding. Once the course's frame is being dismissed (pagehide), they are also appended to
 *   `localStorage['ict-bench-dismissal']` ({@link DISMISSAL_LOG}), since nothing reaches the driver from a page
 *   that unloads. Synchronous XHRs also get the header `X-Bench-Sync: 1`.
 */
/** The localStorage key of what happened while the course's page was being dismissed: `[kind, detail][]`. */
export const DISMISSAL_LOG = 'ict-bench-dismissal';

export interface ProbeOptions {
  /** lesson titles, as the player shows them in its heading */
  titles: string[];
  autoStart: boolean;
  report: boolean;
}

export interface ProbeState {
  firstView: number | null;
  firstLesson: number | null;
  started: number | null;
  timeOrigin: number;
}

export function probe(o: ProbeOptions): void {
  type Report = (kind: string, detail?: unknown) => void;
  const w = window as unknown as {
    __bench: ProbeState;
    __benchReport?: Report;
    __benchDismissing?: boolean;
    top: Window | null;
  } & Record<string, unknown>;
  const state: ProbeState = {firstView: null, firstLesson: null, started: null, timeOrigin: performance.timeOrigin};
  w.__bench = state;
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const titles = new Set(o.titles.map(norm));
  const isTop = window === window.top;
  const DISMISSAL_LOG = 'ict-bench-dismissal';
  const dismissing = (): boolean => {
    try {
      return Boolean((window.top as unknown as {__benchDismissing?: boolean} | null)?.__benchDismissing);
    } catch {
      return false;
    }
  };
  const report: Report = (kind, detail) => {
    if (!o.report) return;
    if (dismissing()) {
      // messages to the test driver are lost while a page unloads: what happens then is written down here, and
      // read back from this origin's storage afterwards
      try {
        const list = JSON.parse(localStorage.getItem(DISMISSAL_LOG) ?? '[]') as unknown[];
        list.push([kind, detail ?? null]);
        localStorage.setItem(DISMISSAL_LOG, JSON.stringify(list));
      } catch {
        // storage unavailable
      }
    }
    try {
      void (w.__benchReport as unknown as (k: string, d: unknown, dismissing: boolean) => Promise<void> | undefined)?.(
        kind,
        detail ?? null,
        dismissing(),
      );
    } catch {
      // the binding is gone (the page is closing)
    }
  };

  // ---- the player's first view and first lesson
  const until = Date.now() + 120_000;
  const tick = () => {
    const el = document.querySelector('ict-course');
    const root = el?.shadowRoot;
    const h = root?.querySelector<HTMLElement>('#heading');
    if (root && h && h.getClientRects().length) {
      const now = performance.now();
      if (state.firstView === null) state.firstView = now;
      if (titles.has(norm(h.textContent ?? ''))) {
        state.firstLesson = now;
        return;
      }
      if (o.autoStart && state.started === null) {
        const start = root.querySelector<HTMLButtonElement>('.main .actions button');
        if (start) {
          state.started = now;
          start.click();
        }
      }
    }
    if (Date.now() < until) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  if (!o.report) return;

  // ---- learner steps: presses of buttons in the player
  document.addEventListener(
    'click',
    (e) => {
      if (e.composedPath().some((n) => n instanceof HTMLButtonElement)) report('click');
    },
    true,
  );
  // the course's frame is being dismissed (pagehide; or hidden, which in these runs only happens then): listeners
  // registered before any of the page's own
  if (!isTop) {
    const dismissed = () => {
      // only the course's document (not the frame's first about:blank, replaced by the launch)
      if (!document.querySelector('ict-course')) return;
      try {
        (window.top as unknown as {__benchDismissing?: boolean}).__benchDismissing = true;
      } catch {
        // a cross-origin LMS frame
      }
    };
    window.addEventListener('pagehide', dismissed, true);
    document.addEventListener(
      'visibilitychange',
      () => {
        if (document.visibilityState === 'hidden') dismissed();
      },
      true,
    );
  }

  // ---- requests the page makes: synchronous XHRs are marked, beacons counted
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const syncXhr = new WeakSet<XMLHttpRequest>();
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    if (args.length > 2 && args[2] === false) syncXhr.add(this);
    return (open as (...a: unknown[]) => void).apply(this, args);
  } as typeof XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    if (syncXhr.has(this)) {
      this.setRequestHeader('X-Bench-Sync', '1');
      report('sync-xhr');
    }
    return send.call(this, body);
  };
  if (typeof navigator.sendBeacon === 'function') {
    const beacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      report('beacon', String(url));
      return beacon(url, data);
    };
  }

  // ---- the SCORM API the LMS page offers: every call counted by method
  if (isTop) {
    const METHODS = [
      'LMSInitialize',
      'LMSFinish',
      'LMSGetValue',
      'LMSSetValue',
      'LMSCommit',
      'LMSGetLastError',
      'LMSGetErrorString',
      'LMSGetDiagnostic',
      'Initialize',
      'Terminate',
      'GetValue',
      'SetValue',
      'Commit',
      'GetLastError',
      'GetErrorString',
      'GetDiagnostic',
    ];
    for (const key of ['API', 'API_1484_11']) {
      let value: unknown;
      Object.defineProperty(window, key, {
        configurable: true,
        get: () => value,
        set: (api: Record<string, unknown>) => {
          if (api && typeof api === 'object') {
            for (const m of METHODS) {
              const fn = api[m];
              if (typeof fn !== 'function') continue;
              api[m] = (...args: unknown[]) => {
                report('api', m);
                return (fn as (...a: unknown[]) => unknown).apply(api, args);
              };
            }
          }
          value = api;
        },
      });
    }
  }
}

/** The init script for `context.addInitScript({content})`: {@link probe} with its options (tsx's `__name` shimmed). */
export function probeScript(o: ProbeOptions): string {
  return `(() => { const __name = (f) => f; (${probe.toString()})(${JSON.stringify(o)}); })();`;
}
