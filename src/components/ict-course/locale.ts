import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {
  fallbackTranslator,
  fill,
  loadMessages,
  loadTranslator,
  loadViewStrings,
  type Messages,
  type Translator,
} from '../../i18n/index.js';

/**
 * The language the player shows: its translator (with the views' strings once they are loaded), the messages of
 * status and launch error codes (loaded the first time one appears), and the document's language, direction and
 * title where the element owns the page.
 */
/** What the locale needs of the element. */
export interface LocaleHost extends ReactiveControllerHost {
  /** the host page's preferred language (the `lang` attribute) */
  readonly hostLang: string | undefined;
  /** the host page's preferred language changed */
  hostLangChanged(): void;
}

export class LocaleController implements ReactiveController {
  t: Translator = fallbackTranslator;
  /** the messages of status and launch error codes, once one has appeared (in the language shown) */
  messages: {lang: string; text: Messages} | null = null;
  private messagesLoading: string | null = null;
  private hostLang: string | undefined;

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.host.hostLang === this.hostLang) return;
    this.hostLang = this.host.hostLang;
    this.host.hostLangChanged();
  }

  /** Shows `t` (a translator of another language, or the same one with more strings). */
  use(t: Translator): void {
    this.t = t;
    this.host.requestUpdate();
  }

  /** Switches to `lang`, keeping the views' strings if they are there. */
  async load(lang: string): Promise<Translator> {
    const t = await loadTranslator(lang, this.t.hasViews);
    this.use(t);
    return t;
  }

  /** Adds the strings of the views to the translator, in the language shown when they arrive. */
  async addViewStrings(): Promise<void> {
    for (;;) {
      const lang = this.t.lang;
      const strings = await loadViewStrings(lang);
      if (this.t.lang === lang) return this.use(this.t.withViews(strings));
    }
  }

  /** The learner's message for a status or launch error code, or null (unknown code, or not loaded yet: it loads). */
  message(code: string | undefined, params: Record<string, string> = {}): string | null {
    if (!code) return null;
    const m = this.messages;
    if (!m || m.lang !== this.t.lang) {
      void this.loadMessages().catch(() => undefined);
      return null;
    }
    const text = (m.text as Record<string, string>)[code];
    return text === undefined ? null : fill(text, params);
  }

  /** The messages are loaded in the language shown, or cannot be (then the generic texts stand in). */
  get messagesShown(): boolean {
    return this.messages?.lang === this.t.lang;
  }

  /** Loads the messages of the codes in the language shown (once per language). */
  async loadMessages(): Promise<void> {
    const lang = this.t.lang;
    if (this.messages?.lang === lang || this.messagesLoading === lang) return;
    this.messagesLoading = lang;
    try {
      const text = await loadMessages(lang);
      if (this.t.lang === lang) this.messages = {lang, text};
    } catch (e) {
      // not to be had in this page (offline, not cached): the generic texts stand in for the codes' own
      this.messages = {lang, text: {} as Messages};
      throw e;
    } finally {
      if (this.messagesLoading === lang) this.messagesLoading = null;
      this.host.requestUpdate();
    }
  }

  /** Sets the document's language, direction and title. */
  applyDocument(title: string): void {
    const root = document.documentElement;
    root.lang = this.t.lang;
    root.dir = this.t.dir;
    document.title = title;
  }
}
