import {html, nothing, type TemplateResult} from 'lit';
import {fill, loadOfflineStrings, type OfflineStrings, type Translator} from '../../i18n/index.js';
import type {OfflineController, OfflineState, OfflineStateEvent} from '../../offline/register.js';
import type {Tracker} from '../../tracking/tracker.js';

/** The status line of offline use, as the player knows it. */
export interface OfflineLine {
  readonly t: Translator;
  readonly state: OfflineState;
  readonly text: OfflineStrings;
  /** the web package: the learner decides about the offline copy; a new release may open between lessons */
  readonly web: boolean;
  /** this launch opened a new release (the page reloaded into it) */
  readonly updated: boolean;
  ask(how: 'enable' | 'remove'): void;
}

/**
 * The parts of the offline line: a note that this launch opened a new release (visible; heard once through the
 * player's announcement, so it stays outside the live status), the status of the offline copy, and the learner's
 * choice about it (web package).
 */
export function offlineParts(o: OfflineLine): {note: string; status: string; action: TemplateResult | typeof nothing} {
  const {t, state, text: s} = o;
  let status = '';
  if (state.state === 'installing')
    status = fill(s.offlineInstalling, {done: t.number(state.done), total: t.number(state.total)});
  else if (state.state === 'ready') status = s.offlineReady;
  // (an LMS launch never reloads: the new release opens at its next launch)
  else if (state.state === 'update-ready') status = o.web ? s.offlineUpdate : s.offlineUpdateNextLaunch;
  // (an LMS launch, a sandboxed or file:// page, or a copy the learner asked for: a quiet line, not an alert)
  else if (state.state === 'unavailable') status = state.reason === 'file' ? s.offlineFromFile : s.offlineUnavailable;
  const button = (how: 'enable' | 'remove', label: TemplateResult | string) =>
    html`<button type="button" class="small" @click=${() => o.ask(how)}>${label}</button>`;
  return {
    note: o.updated ? `${s.offlineUpdated} ` : '',
    status,
    action:
      state.state === 'off'
        ? button(
            'enable',
            html`${s.offlineMake}${state.bytes ? html` <span>(${fill(s.offlineSize, {size: bytes(t.lang, state.bytes)})})</span>` : nothing}`,
          )
        : state.state === 'ready' && o.web
          ? button('remove', s.offlineRemove)
          : nothing,
  };
}

/** A download size in a language, e.g. `1.2 MB`, `350 kB`. */
function bytes(lang: string, n: number): string {
  const [unit, value] = n >= 1e6 ? ['megabyte', n / 1e6] : ['kilobyte', Math.max(1, Math.round(n / 1e3))];
  return new Intl.NumberFormat(lang, {style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1}).format(
    value,
  );
}

/** What offline use needs from the player. */
export interface OfflineHost {
  /** the language shown, now */
  readonly locale: {readonly t: Translator};
  /** the state of the offline copy the player shows (a reactive property: setting it renders again) */
  offline: OfflineState | null;
  announce(text: string): void;
  /** render again (the texts of offline use arrived) */
  requestUpdate(): void;
}

/**
 * Offline use of the package page: an LMS launch caches the package at once; the web package asks the learner
 * first (it may be a shared or metered device) and may switch to a new release between lessons.
 */
export class OfflineUse {
  /** the offline support, once started */
  control: OfflineController | null = null;
  private readonly host: OfflineHost;
  /** the texts of offline use, in the language they were loaded in */
  private text: {lang: string; text: OfflineStrings} | null = null;
  /** the web package: the learner decides about the offline copy */
  private web = false;
  /** this launch opened a new release (the page reloaded into it): the learner reads so for this launch */
  private updated = false;

  constructor(host: OfflineHost) {
    this.host = host;
  }

  async start(tracker: Tracker): Promise<void> {
    const h = this.host;
    try {
      const [{OfflineController}] = await Promise.all([import('../../offline/register.js'), this.loadText()]);
      const web = tracker.format === 'standalone' && tracker.status.code !== 'no-lms';
      const control = new OfflineController({auto: !web, reloadOnUpdate: web});
      this.web = web;
      control.addEventListener('ict-offline-state', (e) => (h.offline = (e as OfflineStateEvent).offline));
      this.control = control;
      if (OfflineController.consumeUpdatedFlag() && this.text) {
        this.updated = true;
        h.announce(this.text.text.offlineUpdated);
      }
      h.offline = await control.start();
    } catch {
      h.offline = null;
    }
  }

  /** Loads the texts of offline use in the language shown. */
  private async loadText(): Promise<void> {
    const lang = this.host.locale.t.lang;
    if (this.text?.lang === lang) return;
    const text = await loadOfflineStrings(lang);
    if (this.host.locale.t.lang === lang) {
      this.text = {lang, text};
      this.host.requestUpdate();
    }
  }

  /** The offline line in the status area (the live status stays the same element while its words arrive and change). */
  render(): TemplateResult | typeof nothing {
    const h = this.host;
    const {
      locale: {t},
      offline: state,
    } = h;
    const control = this.control;
    if (!state || !control) return nothing;
    const text = this.text?.lang === t.lang ? this.text.text : null;
    if (!text) void this.loadText().catch(() => undefined);
    const ask = async (how: 'enable' | 'remove') => (h.offline = await control[how]());
    const p = text && offlineParts({t, state, text, web: this.web, updated: this.updated, ask});
    return html`<span class="offline">${p?.note}<span role="status">${p?.status}</span></span>${p?.action}`;
  }
}
