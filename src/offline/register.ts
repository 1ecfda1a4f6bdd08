/**
 * Offline use: registers the package's service worker (`sw.js`, beside index.html) and reports what the learner
 * should know: whether the course works offline, how far the download is, and when a new release is ready.
 *
 * Where a service worker cannot register (a `file://` page, a sandboxed or cross-origin LMS frame with
 * partitioned storage, a browser setting), the course runs online as before and the state says `unavailable`
 * with a reason: nothing is thrown and nothing is logged as an error.
 */
import {Workbox} from 'workbox-window';

export type OfflineReason = 'no-service-worker' | 'insecure' | 'file' | 'sandboxed' | 'refused';

export type OfflineState =
  /** the web format before the learner asks for an offline copy */
  | {state: 'off'; bytes?: number}
  /** the package is being cached: `done` of `total` files */
  | {state: 'installing'; done: number; total: number; bytes?: number}
  /** every file is cached; a relaunch without network works */
  | {state: 'ready'; bytes?: number}
  /** a new release is cached and waits; it takes over between lessons (web) or at the next launch (LMS) */
  | {state: 'update-ready'}
  /** offline use is not possible here; the course keeps working online */
  | {state: 'unavailable'; reason: OfflineReason; detail?: string};

/** Dispatched by {@link OfflineController} whenever its state changes. */
export class OfflineStateEvent extends Event {
  static readonly type = 'ict-offline-state';
  constructor(readonly offline: OfflineState) {
    super(OfflineStateEvent.type, {bubbles: true, composed: true});
  }
}

declare global {
  interface HTMLElementEventMap {
    'ict-offline-state': OfflineStateEvent;
  }
}

export interface OfflineOptions {
  /** the worker script, relative to the page */
  swUrl?: string;
  /** register at once (LMS formats) or only when the learner asks (`enable()`, the web format) */
  auto: boolean;
  /** a new release may replace the running page (reload) between lessons: true only outside an LMS session */
  reloadOnUpdate: boolean;
}

const ENABLED_KEY = 'ict-offline-enabled';
const UPDATED_KEY = 'ict-updated';

/** Why a service worker cannot be used on this page, or null when it can. */
export function offlineUnavailableReason(win: Window = window): OfflineReason | null {
  if (win.location.protocol === 'file:') return 'file';
  if (win.origin === 'null') return 'sandboxed';
  if (!win.isSecureContext) return 'insecure';
  try {
    if (!('serviceWorker' in win.navigator)) return 'no-service-worker';
  } catch {
    return 'sandboxed';
  }
  return null;
}

export class OfflineController extends EventTarget {
  #state: OfflineState = {state: 'off'};
  #wb?: Workbox;
  #bytes?: number;
  readonly #options: Required<OfflineOptions>;

  constructor(options: OfflineOptions) {
    super();
    this.#options = {swUrl: './sw.js', ...options};
  }

  get state(): OfflineState {
    return this.#state;
  }

  /** True once after a reload that applied a new release, so the player can say so. */
  static consumeUpdatedFlag(): boolean {
    try {
      const was = sessionStorage.getItem(UPDATED_KEY) === '1';
      sessionStorage.removeItem(UPDATED_KEY);
      return was;
    } catch {
      return false;
    }
  }

  /** Starts offline support: registers now (auto, or the learner enabled it earlier), else reports `off`. */
  async start(): Promise<OfflineState> {
    const reason = offlineUnavailableReason();
    if (reason) return this.#set({state: 'unavailable', reason});
    this.#bytes = await this.#downloadSize();
    let enabled = this.#options.auto;
    if (!enabled) {
      try {
        enabled = localStorage.getItem(ENABLED_KEY) === '1';
      } catch {
        enabled = false;
      }
    }
    if (!enabled) return this.#set({state: 'off', bytes: this.#bytes});
    return this.#register();
  }

  /** The learner asked for an offline copy (web format). */
  async enable(): Promise<OfflineState> {
    try {
      localStorage.setItem(ENABLED_KEY, '1');
    } catch {
      // private mode: the copy works for this visit's registration all the same
    }
    return this.#register();
  }

  /** The learner removed the offline copy: unregister and delete this package's caches. */
  async remove(): Promise<OfflineState> {
    try {
      localStorage.removeItem(ENABLED_KEY);
    } catch {
      // nothing stored
    }
    try {
      const scope = new URL('./', location.href).href;
      const registration = await navigator.serviceWorker.getRegistration(scope);
      await registration?.unregister();
      // Workbox names its caches `workbox-<kind>-<scope>`: this package's, not those of a package in a subfolder
      for (const key of await caches.keys()) if (key.endsWith(`-${scope}`)) await caches.delete(key);
    } catch (e) {
      return this.#set({state: 'unavailable', reason: 'refused', detail: String(e)});
    }
    this.#wb = undefined;
    return this.#set({state: 'off', bytes: this.#bytes});
  }

  /** A new release is cached and waits for a safe point (see {@link applyUpdateIfWaiting}). */
  get updateWaiting(): boolean {
    return this.#state.state === 'update-ready';
  }

  /**
   * Called by the player at a safe point (between lessons, not in an assessment). Where a new release waits and
   * this launch may reload, it takes over now; returns true when the page is about to reload. `saved` (for
   * example the save of the lesson the learner just chose) is awaited first, so that the reload resumes there.
   */
  applyUpdateIfWaiting(saved?: Promise<unknown>): boolean {
    if (this.#state.state !== 'update-ready' || !this.#wb || !this.#options.reloadOnUpdate) return false;
    const wb = this.#wb;
    wb.addEventListener('controlling', () => {
      try {
        sessionStorage.setItem(UPDATED_KEY, '1');
      } catch {
        // the learner is told on the next launch instead
      }
      location.reload();
    });
    void Promise.resolve(saved)
      .catch(() => undefined)
      .then(() => wb.messageSkipWaiting());
    return true;
  }

  async #register(): Promise<OfflineState> {
    const refused = await this.#scriptRefused();
    if (refused) return this.#set({state: 'unavailable', reason: 'refused', detail: refused});
    const wb = new Workbox(this.#options.swUrl, {scope: './'});
    this.#wb = wb;
    wb.addEventListener('message', (event) => {
      const data = event.data as {type?: string; done?: number; total?: number};
      // Only while installing: the worker posts each file's progress after an awaited client lookup, so a message
      // can arrive after the install has failed (redundant) and must not turn `unavailable` back into `installing`.
      if (data?.type === 'ict-precache-progress' && this.#state.state === 'installing') {
        this.#set({state: 'installing', done: data.done ?? 0, total: data.total ?? 0, bytes: this.#bytes});
      }
    });
    wb.addEventListener('waiting', () => this.#set({state: 'update-ready'}));
    // The first install failed (a file of the package could not be fetched: an LMS that does not serve every file,
    // the network gone during the download): the course keeps working online; the next launch tries again.
    wb.addEventListener('redundant', (event) => {
      if (event.isUpdate || event.isExternal || navigator.serviceWorker.controller) return;
      if (this.#state.state === 'ready' || this.#state.state === 'update-ready' || this.#state.state === 'unavailable')
        return;
      this.#set({
        state: 'unavailable',
        reason: 'refused',
        detail: 'not every file of the package could be saved for offline use',
      });
    });
    wb.addEventListener('activated', (event) => {
      if (!event.isUpdate) this.#set({state: 'ready', bytes: this.#bytes});
    });
    try {
      const registration = await wb.register();
      if (!registration) return this.#set({state: 'unavailable', reason: 'refused'});
      if (registration.waiting && registration.active) return this.#set({state: 'update-ready'});
      // (a new release may be installing: this one stays ready until it waits)
      if (registration.active) return this.#set({state: 'ready', bytes: this.#bytes});
      if (!registration.installing && !registration.waiting) {
        return this.#set({
          state: 'unavailable',
          reason: 'refused',
          detail: 'not every file of the package could be saved for offline use',
        });
      }
      return this.#set({state: 'installing', done: 0, total: 0, bytes: this.#bytes});
    } catch (e) {
      return this.#set({state: 'unavailable', reason: 'refused', detail: e instanceof Error ? e.message : String(e)});
    }
  }

  /**
   * Before the first registration only: why the browser would refuse the worker script (the LMS does not serve it,
   * or serves it with a type that is not JavaScript), or null. A refused registration makes the browser log an
   * error in the console; asking first keeps the console clean. With a worker already registered (and offline,
   * where this request would fail) nothing is asked: the browser checks for updates on its own.
   */
  async #scriptRefused(): Promise<string | null> {
    try {
      if (await navigator.serviceWorker.getRegistration()) return null;
      const r = await fetch(this.#options.swUrl, {method: 'HEAD', cache: 'no-store', credentials: 'same-origin'});
      if (r.status === 404 || r.status === 410) return `${this.#options.swUrl}: HTTP ${r.status}`;
      const type = r.headers.get('content-type');
      if (r.ok && type && !/javascript|ecmascript/i.test(type))
        return `${this.#options.swUrl}: served as ${type}, not JavaScript`;
      return null;
    } catch {
      // no answer (offline, blocked): let the registration decide
      return null;
    }
  }

  /** The download size of the whole package, from `offline.json` written by the packager. */
  async #downloadSize(): Promise<number | undefined> {
    try {
      const r = await fetch('./offline.json', {cache: 'no-cache'});
      if (!r.ok) return undefined;
      const info = (await r.json()) as {bytes?: number};
      return typeof info.bytes === 'number' ? info.bytes : undefined;
    } catch {
      return undefined;
    }
  }

  #set(state: OfflineState): OfflineState {
    this.#state = state;
    this.dispatchEvent(new OfflineStateEvent(state));
    return state;
  }
}
