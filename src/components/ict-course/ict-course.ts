import {LitElement, html, nothing, type TemplateResult} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import {
  LOCATION_ASSESSMENT,
  LOCATION_COMPLETE,
  LOCATION_RESULTS,
  attemptInProgress,
  hasAssessment,
  lessonIds,
  setLanguage,
  setLocation,
  visitLesson,
} from '../../course/rules.js';
import type {CompiledCourse, CourseContent, Lesson, Progress, Question} from '../../course/types.js';
import {pickLanguage} from '../../i18n/index.js';
import type {OfflineState} from '../../offline/register.js';
import type {Tracker, TrackerFactory, TrackerStatus} from '../../tracking/tracker.js';
import {CourseLoader} from './course-load.js';
import {onContentClick, renderFailure, renderLesson, renderNotices, renderStart, renderToc} from './shell.js';
import {LocaleController} from './locale.js';
import {TrackerSession} from './session.js';
import {statusAlert, statusText, type StatusContext} from './status.js';
import {styles} from './ict-course.styles.js';
import type {OfflineUse, ViewHost, ViewState} from './views.js';

type Views = typeof import('./views.js');

/**
 * A course, for a learner: loads a compiled course (`course.json`), resumes the learner's progress through a
 * Tracker (an LMS, or this device), and shows the lessons, the assessment, the results and a printable certificate.
 *
 * @summary The learner's course player.
 *
 * @attr src - URL of the compiled course (`course.json`); relative asset paths in it resolve against this URL.
 * @attr lang - preferred language (BCP 47); the learner's own choice in the course wins over it.
 * @attr theme - a name a host stylesheet keys on (`ict-course[theme=x]`); examples/themes/ has two.
 * @attr tracking - `local` (progress on this device), `off` (nothing kept), or unset: the tracker given by `boot()`
 *   or the `trackerFactory` property, else `local`.
 * @attr embedded - render regions instead of page landmarks (banner, main), for a course inside a host page's
 *   `<main>`; set automatically when the element is inside one.
 *
 * @prop {CompiledCourse} course - the course itself, instead of `src`.
 * @prop {TrackerFactory} trackerFactory - creates the tracker of this launch (set by `boot()`).
 *
 * @fires {IctProgressEvent} ict-progress - progress changed; `detail: {outcome, location}`.
 * @fires {IctCompleteEvent} ict-complete - the course became complete; `detail: {outcome}`.
 * @fires {IctSavedEvent} ict-saved - the saving status changed; `detail: {status}` (a TrackerStatus).
 * @fires {IctErrorEvent} ict-error - the course could not load, or saving failed; `detail: {code, message, status?}`.
 *
 * @csspart header - the banner: course title, progress, language, exit.
 * @csspart title - the course title (h1).
 * @csspart progress - the progress bar.
 * @csspart tools - the language menu and Exit, in the banner.
 * @csspart status - the saving and connection status line.
 * @csspart notice - a notice: review or browse mode, waived, progress saved further elsewhere.
 * @csspart toc - the table of contents (nav).
 * @csspart lesson - the main region (a lesson, the assessment, the results, the completion screen).
 * @csspart question - an assessment question (form).
 * @csspart feedback - feedback after an answer, a decision or a self-check.
 * @csspart nav - the previous/next buttons.
 * @csspart results - the results of an attempt.
 * @csspart certificate - the printable certificate.
 * @csspart error - the error screen.
 *
 * @cssproperty --ict-font-family - body text font.
 * @cssproperty --ict-heading-font-family - headings font (default: the body font).
 * @cssproperty --ict-font-family-zh - body and headings font of Chinese text (default: system CJK fonts first).
 * @cssproperty --ict-font-size - base font size (default 1rem).
 * @cssproperty --ict-line-height - body line height.
 * @cssproperty --ict-color-text - text colour.
 * @cssproperty --ict-color-muted - secondary text colour (>= 4.5:1 on background and surface).
 * @cssproperty --ict-color-background - page background.
 * @cssproperty --ict-color-surface - background of the contents, status and feedback areas.
 * @cssproperty --ict-color-primary - links, buttons, accents.
 * @cssproperty --ict-color-on-primary - text on primary buttons.
 * @cssproperty --ict-color-header - banner background.
 * @cssproperty --ict-color-on-header - banner text and progress bar.
 * @cssproperty --ict-color-border - borders of fields, blocks and regions (>= 3:1).
 * @cssproperty --ict-color-focus - the focus ring.
 * @cssproperty --ict-color-success - correct answers, visited marks, passed.
 * @cssproperty --ict-color-error - wrong answers, errors, not passed.
 * @cssproperty --ict-radius - corner radius.
 * @cssproperty --ict-space - the base spacing unit.
 * @cssproperty --ict-focus-width - focus ring width.
 * @cssproperty --ict-content-max-width - the longest line of lesson text.
 * @cssproperty --ict-toc-width - width of the contents column on wide screens.
 *
 * @slot - nothing: the course renders its own content.
 */
export class IctCourse extends LitElement {
  static override styles = styles;
  static override properties = {
    src: {type: String},
    hostLang: {attribute: 'lang'},
    theme: {type: String, reflect: true},
    tracking: {type: String},
    embedded: {type: Boolean, reflect: true},
    course: {attribute: false},
    trackerFactory: {attribute: false},
    announcement: {state: true},
    offline: {state: true},
    tocOpen: {state: true},
    glossaryOpen: {state: true},
  };

  declare src: string;
  declare hostLang: string | undefined;
  declare theme: string | undefined;
  declare tracking: 'local' | 'off' | undefined;
  declare embedded: boolean;
  declare course: CompiledCourse | undefined;
  declare trackerFactory: TrackerFactory | undefined;
  /** set by boot(): the element owns the page, so it sets the document's language, direction and title */
  declare ownsDocument: boolean;

  declare private announcement: string;
  /** @internal on a narrow screen, the contents list is open */
  declare tocOpen: boolean;
  /** @internal the glossary is on show (over the learner's place, which does not change) */
  declare glossaryOpen: boolean;
  /** @internal offline use of the package (service worker), where this element owns the page */
  declare offline: OfflineState | null;

  /** @internal the tracker, the learner's progress, and the page lifecycle */
  readonly session = new TrackerSession(this);
  /** @internal the language shown and its texts */
  readonly locale = new LocaleController(this);
  /** @internal the course and the launch's phase */
  readonly loader = new CourseLoader(this);

  private _focusNext: string | null = null;
  private _views: Views | null = null;
  /** the views' state for the screen on show (once the views are loaded) */
  private _state: ViewState | null = null;
  /** offline use of the package page (with the views, after the first lesson) */
  private _offline: OfflineUse | null = null;
  private _viewsLoading: Promise<Views> | null = null;
  private _addingStrings = false;

  constructor() {
    super();
    this.src = '';
    this.embedded = false;
    this.ownsDocument = false;
    this.announcement = '';
    this.offline = null;
    this.tocOpen = false;
    this.glossaryOpen = false;
  }

  /** @internal show the glossary (its link comes with the views), or go back to the learner's place; focus moves to its heading */
  showGlossary(open: boolean): void {
    this.glossaryOpen = open;
    this.tocOpen = false;
    this.focusOn('#heading');
  }

  /** @internal open or close the contents list (narrow screens) */
  toggleToc(): void {
    this.tocOpen = !this.tocOpen;
  }

  /** The tracker of this launch, once the course has loaded. */
  get tracker(): Tracker | null {
    return this.session.tracker;
  }

  /** The learner's progress now (read only: the player changes it through the rules). */
  get currentProgress(): Progress {
    return this.session.progress;
  }

  /**
   * Resolves when the assessment, results and completion views are loaded, with the assessment's text in the
   * language shown (which a package sends apart, see ./questions.ts). They load on their own after the
   * course shows (or at once when the learner resumes in them); tests and hosts may wait for them.
   */
  loadViews(): Promise<Views> {
    this._viewsLoading ??= Promise.all([import('./views.js'), this.locale.addViewStrings()]).then(
      ([views]) => {
        this._views = views;
        this._adoptViewStyles();
        this.requestUpdate();
        return views;
      },
      (e: unknown) => {
        this._viewsLoading = null;
        throw e;
      },
    );
    return this._viewsLoading.then(
      async (views) => (await this.loader.loadQuestions(views, this.locale.t.lang), views),
    );
  }

  /**
   * Resolves, with the saving status then, once every tracker call the player has started so far (resume, saves of
   * progress, answers and results, the end of the session) has settled: accepted by the LMS, or stored on this
   * device or in the outbox on its way to the LRS. Never rejects. For host pages and tests that must know a step is
   * kept before they go on (the status text may show "saved" from before the step).
   */
  settled(): Promise<TrackerStatus> {
    return this.session.settled();
  }

  /** Go to a lesson, the assessment, the results or the completion screen; focus moves to its heading. */
  go(location: string): void {
    const course = this.loader.loaded;
    if (!course) return;
    const progress = this.session.progress;
    // A waiting release takes over between lessons, never inside an attempt: once this step is saved, the page
    // reloads into the new release and resumes where the learner went.
    const update = !attemptInProgress(progress) && this._offline?.control?.updateWaiting;
    const next = lessonIds(course).includes(location)
      ? visitLesson(progress, location)
      : setLocation(progress, location);
    const saved = this.session.commit(next);
    this.tocOpen = false;
    this.glossaryOpen = false;
    this._state?.enter();
    this.focusOn('#heading');
    if (update) this._offline!.control!.applyUpdateIfWaiting(saved);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._adoptViewStyles();
    if (!this.hasAttribute('embedded') && this.parentElement?.closest('main, [role="main"]')) this.embedded = true;
  }

  protected override updated(): void {
    if (this._focusNext) {
      const target = this.renderRoot.querySelector<HTMLElement>(this._focusNext);
      this._focusNext = null;
      target?.focus();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // What the controllers ask of the element

  /** @internal */
  get ready(): boolean {
    return this.loader.phase === 'ready';
  }

  /** @internal the views' strings are part of the translator */
  get withViews(): boolean {
    return !!this._views;
  }

  /** @internal The host page changed its preferred language; a learner who chose one keeps theirs. */
  hostLangChanged(): void {
    const loaded = this.loader.loaded;
    if (!this.ready || this.session.progress.lang || !loaded) return;
    const lang = pickLanguage(loaded.languages, {
      attribute: this.hostLang,
      lms: this.session.tracker?.language,
      browser: navigator.languages,
    });
    if (lang !== this.locale.t.lang)
      void this.loader.showLanguage(lang).then((shown) => shown && this._applyDocument());
  }

  /** @internal */
  phaseChanged(): void {
    const phase = this.loader.phase;
    if (phase === 'error') this._focusNext = '.error-screen h1';
    if (phase === 'error' || phase === 'ready') this._applyDocument();
  }

  /** @internal the course is on screen: the views and offline use load while the learner reads */
  shown(tracker: Tracker): void {
    this._state = null;
    void this.loadViews().then(
      (views) => {
        this._viewState(views);
        if (this.ownsDocument && !this._offline) void (this._offline = new views.OfflineUse(this)).start(tracker);
      },
      () => undefined,
    );
  }

  /** @internal */
  announce(text: string): void {
    // Clear first so that the same message twice is announced twice.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = text));
  }

  /** @internal */
  statusText(s: TrackerStatus): string {
    return statusText(s, this._statusContext());
  }

  /** @internal */
  networkText(online: boolean): string {
    return this.locale.t(online ? 'netOnline' : 'netOffline');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Helpers

  private _statusContext(): StatusContext {
    const {session, locale} = this;
    return {t: locale.t, online: session.online, notice: session.notice, message: (code) => locale.message(code)};
  }

  /** The views' state, made once the views and the tracker are there. */
  private _viewState(views: Views): ViewState {
    return (this._state ??= new views.ViewState(this));
  }

  private _adoptViewStyles(): void {
    const root = this.renderRoot as ShadowRoot | undefined;
    const sheet = this._views?.viewStyles.styleSheet;
    if (root?.adoptedStyleSheets && sheet && !root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  private _applyDocument(): void {
    if (!this.ownsDocument) return;
    this.locale.applyDocument(this.ready ? this.content().title : this.locale.t('errorTitle'));
  }

  /** @internal focus the element matching `selector` after the next render */
  focusOn(selector: string): void {
    this._focusNext = selector;
    this.requestUpdate();
  }

  private async _chooseLanguage(lang: string): Promise<void> {
    if (!(await this.loader.showLanguage(lang, true))) {
      return this.announce(this.locale.t('errorNetwork')); // the menu goes back to the language shown
    }
    this.session.commit(setLanguage(this.session.progress, lang));
    this._applyDocument();
  }

  private _exit = (): void => {
    if (!this.session.tracker || this.session.exited) return;
    this.loader.exited();
    this._focusNext = '#heading';
    void this.session.exit();
  };

  /** @internal the course's content in the language shown */
  content(): CourseContent {
    const course = this.loader.loaded!;
    return course.content[this.locale.t.lang] ?? course.content[course.languages[0]!]!;
  }

  /** @internal a question of the assessment, in the language shown */
  question(id: string): Question | undefined {
    return this.content().assessment?.questions.find((q) => q.id === id);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const t = this.locale.t;
    if (this.loader.phase === 'error' || this.loader.phase === 'loading' || !this.loader.loaded) {
      return html`<div class="frame" lang=${t.lang} dir=${t.dir}>
        ${this.loader.phase === 'error' && this.loader.failure ? renderFailure(this) : html`<p class="main" role="status">${t('loading')}</p>`}
      </div>`;
    }
    const content = this.content();
    const main = this.embedded ? 'region' : 'main';
    // the language menu, Exit and the page after Exit come with the views (after the first lesson)
    const views = t.hasViews ? this._views : null;
    return html`<div class="frame" lang=${t.lang} dir=${t.dir}>
      <button type="button" class="skip" @click=${this._skip}>${t('skip')}</button>
      <div class="header" part="header" role=${this.embedded ? nothing : 'banner'}>
        <h1 part="title">${content.title}</h1>
        <div class="tools" part="tools">${views?.renderTools({
          t,
          languages: this.loader.loaded.languages,
          open: this.loader.phase === 'ready',
          choose: (lang) => void this._chooseLanguage(lang),
          exit: this._exit,
        })}</div>
        ${this._renderStatus()}
        ${renderNotices(this)}
      </div>
      <div class="meter">
        <label for="progress">${t('progress')}</label>
        <progress id="progress" part="progress" max="100" .value=${Math.round(this.session.outcome.progressMeasure * 100)}
          aria-valuetext=${t('progressValue', {percent: t.percent(this.session.outcome.progressMeasure)})}></progress>
        <span aria-hidden="true">${t.percent(this.session.outcome.progressMeasure)}</span>
      </div>
      <div class="body">
        ${renderToc(this, content, views?.renderGlossaryLink(this, content))}
        <div class="main" part="lesson" role=${main} aria-label=${this.embedded ? content.title : nothing}
          @click=${(e: Event) => onContentClick(this, e)} @keydown=${views?.onContentKey}>
          ${this.loader.phase === 'exited' ? (views?.renderExited(t) ?? this._waitForViews()) : keyed(this._viewKey(), this._renderView(content))}
          <div class="vh" aria-live="polite">${this.announcement}</div>
        </div>
      </div>
    </div>`;
  }

  private _skip = (e: Event): void => {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
  };

  private _renderStatus(): TemplateResult {
    const s = this.session.status;
    const context = this._statusContext();
    return html`<div class="status" part="status">
      <span>${statusText(s, context)}</span>
      <span class="alert" role="alert">${statusAlert(s, context, this.locale.messagesShown)}</span>
      ${this._offline?.render()}
    </div>`;
  }

  /** A new view (another lesson, another question, another attempt) gets new DOM: no input state carries over. */
  private _viewKey(): string {
    const p = this.session.progress;
    const attempt = p.attempt;
    const current = this._state?.answered?.questionId ?? attempt?.questions.find((q) => !attempt.answers[q]) ?? '';
    return `${p.location}|${p.attemptsUsed}|${attemptInProgress(p) ? current : ''}|${this.locale.t.lang}|${this.glossaryOpen}`;
  }

  private _renderView(content: CourseContent): TemplateResult {
    const views = this.locale.t.hasViews ? this._views : null;
    if (this.glossaryOpen && content.glossary)
      return views ? views.renderGlossary(this._host(views), content.glossary, this) : this._waitForViews();
    const loc = this.session.progress.location;
    const lesson = content.lessons.find((l) => l.id === loc);
    if (lesson) return this._renderLesson(content, lesson);
    const later =
      (loc === LOCATION_ASSESSMENT || loc === LOCATION_RESULTS) && hasAssessment(this.loader.loaded!)
        ? loc
        : loc === LOCATION_COMPLETE && this.session.outcome.completed
          ? loc
          : null;
    if (!later) return renderStart(this, content);
    if (!views) {
      return html`<h2 id="heading" tabindex="-1">${this.locale.t(later === LOCATION_COMPLETE ? 'complete' : later === LOCATION_RESULTS ? 'results' : 'assessment')}</h2>
        ${this._waitForViews()}`;
    }
    const host = this._host(views);
    if (later === LOCATION_ASSESSMENT) return views.renderAssessment(host);
    if (later === LOCATION_RESULTS) return views.renderResults(host);
    return views.renderComplete(host);
  }

  /** A placeholder while the views load (they are usually there before the learner gets this far). */
  private _waitForViews(): TemplateResult {
    if (!this._views) void this.loadViews().catch(() => undefined);
    else if (!this._addingStrings) {
      this._addingStrings = true;
      void this.locale.addViewStrings().finally(() => (this._addingStrings = false));
    }
    return html`<p role="status">${this.locale.t('loading')}</p>`;
  }

  /** The player as the views see it. */
  private _host(views: Views): ViewHost {
    return views.viewHost(this, this._viewState(views));
  }

  private _renderLesson(content: CourseContent, lesson: Lesson): TemplateResult {
    return renderLesson(this, content, lesson, this.loader.base, (b) =>
      !this._views || !this.locale.t.hasViews
        ? this._waitForViews()
        : b.type === 'decision'
          ? this._views.renderDecision(this._host(this._views), b)
          : this._views.renderSelfCheck(this._host(this._views), b),
    );
  }
}

if (!customElements.get('ict-course')) customElements.define('ict-course', IctCourse);

declare global {
  interface HTMLElementTagNameMap {
    'ict-course': IctCourse;
  }
}
