import {LitElement, html, nothing, type PropertyValues, type TemplateResult} from 'lit';
import {keyed} from 'lit/directives/keyed.js';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';
import {migrateProgress} from '../../course/migrate.js';
import {
  LOCATION_ASSESSMENT,
  LOCATION_COMPLETE,
  LOCATION_RESULTS,
  attemptInProgress,
  emptyProgress,
  evaluate,
  hasAssessment,
  isCorrect,
  lessonIds,
  setLanguage,
  setLocation,
  visitLesson,
} from '../../course/rules.js';
import type {CompiledCourse, CourseContent, Lesson, Outcome, Progress, Question} from '../../course/types.js';
import {UN_LANGUAGES} from '../../course/types.js';
import {
  fallbackTranslator,
  fill,
  loadMessages,
  loadTranslator,
  loadViewStrings,
  pickLanguage,
  type Messages,
  type Translator,
} from '../../i18n/index.js';
import {
  TrackerStatusEvent,
  type AnswerRecord,
  type Tracker,
  type TrackerFactory,
  type TrackerStatus,
} from '../../tracking/tracker.js';
import type {OfflineState} from '../../offline/register.js';
import {IctCompleteEvent, IctErrorEvent, IctProgressEvent, IctSavedEvent, type IctErrorCode} from '../events.js';
import type {Answered, OfflineUse, ViewHost} from './views.js';
import {styles} from './ict-course.styles.js';

type Phase = 'loading' | 'ready' | 'error' | 'exited';
type LoadFailure = 'missing' | 'broken' | 'network' | 'tracker';

type Views = typeof import('./views.js');
/** The player's state the views read live through their host (and set: the feedback, the form error, the name). */
const LIVE = ['progress', 'outcome', 'answered', 'formError', 'learnerName', 'selfcheckMissing'] as const;

/** Status codes whose message stays in view for the rest of the launch once reported. */
const STICKY_CODES = new Set(['state-unreadable', 'session-ended']);

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
 * @csspart status - the saving and connection status line.
 * @csspart notice - the review-mode notice.
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
    phase: {state: true},
    failure: {state: true},
    t: {state: true},
    progress: {state: true},
    outcome: {state: true},
    status: {state: true},
    online: {state: true},
    answered: {state: true},
    formError: {state: true},
    announcement: {state: true},
    learnerName: {state: true},
    selfcheckMissing: {state: true},
    offline: {state: true},
    messages: {state: true},
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

  declare private phase: Phase;
  declare private failure: {
    kind: LoadFailure;
    code: IctErrorCode;
    detail: string;
    launchCode?: string;
    parameter?: string;
  } | null;
  declare private t: Translator;
  declare private progress: Progress;
  declare private outcome: Outcome;
  declare private status: TrackerStatus;
  declare private online: boolean;
  declare private answered: Answered | null;
  declare private formError: string | null;
  declare private announcement: string;
  declare private learnerName: string;
  declare private selfcheckMissing: string | null;
  /** offline use of the package (service worker), where this element owns the page */
  declare private offline: OfflineState | null;
  /** the messages of status and launch error codes, once one has appeared (in the language shown) */
  declare private messages: {lang: string; text: Messages} | null;

  private _tracker: Tracker | null = null;
  private _loaded: CompiledCourse | null = null;
  private _base = '';
  private _generation = 0;
  private _focusNext: string | null = null;
  private _shownAt = 0;
  private _suspended = false;
  private _exited = false;
  private _completeSent = false;
  private _views: Views | null = null;
  /** offline use of the package page (with the views, after the first lesson) */
  private _offline: OfflineUse | null = null;
  private _viewsLoading: Promise<Views> | null = null;
  private _messagesLoading: string | null = null;
  /** tracker calls started (begin, saves, answers, results, end), all settled when this settles: see settled() */
  private _work: Promise<unknown> = Promise.resolve();
  /** a status code the learner keeps seeing for this launch (see STICKY_CODES) */
  private _notice: string | null = null;
  private _addingStrings = false;

  constructor() {
    super();
    this.src = '';
    this.embedded = false;
    this.ownsDocument = false;
    this.phase = 'loading';
    this.failure = null;
    this.t = fallbackTranslator;
    this.progress = emptyProgress();
    this.outcome = {progressMeasure: 0, completed: false};
    this.status = {state: 'connecting', pending: 0};
    this.online = typeof navigator === 'undefined' ? true : navigator.onLine;
    this.answered = null;
    this.formError = null;
    this.announcement = '';
    this.learnerName = '';
    this.selfcheckMissing = null;
    this.offline = null;
    this.messages = null;
  }

  /** The tracker of this launch, once the course has loaded. */
  get tracker(): Tracker | null {
    return this._tracker;
  }

  /** The learner's progress now (read only: the player changes it through the rules). */
  get currentProgress(): Progress {
    return this.progress;
  }

  /**
   * Resolves when the assessment, results and completion views are loaded. They load on their own after the
   * course shows (or at once when the learner resumes in them); tests and hosts may wait for them.
   */
  loadViews(): Promise<Views> {
    this._viewsLoading ??= Promise.all([import('./views.js'), this._addViewStrings()]).then(
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
    return this._viewsLoading;
  }

  /** Add the strings of the views to the translator, in the language shown when they arrive. */
  private async _addViewStrings(): Promise<void> {
    for (;;) {
      const lang = this.t.lang;
      const strings = await loadViewStrings(lang);
      if (this.t.lang === lang) {
        this.t = this.t.withViews(strings);
        return;
      }
    }
  }

  /** Add the views' style sheet to the shadow root (once it exists and the views have loaded). */
  private _adoptViewStyles(): void {
    const root = this.renderRoot as ShadowRoot | undefined;
    const sheet = this._views?.viewStyles.styleSheet;
    if (root?.adoptedStyleSheets && sheet && !root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._adoptViewStyles();
    if (!this.hasAttribute('embedded') && this.parentElement?.closest('main, [role="main"]')) this.embedded = true;
    document.addEventListener('visibilitychange', this._onVisibility);
    window.addEventListener('pagehide', this._onPageHide);
    window.addEventListener('online', this._onNetwork);
    window.addEventListener('offline', this._onNetwork);
    // Moved in the page (disconnected, then connected again): listen to the tracker again.
    this._tracker?.addEventListener(TrackerStatusEvent.type, this._onStatus);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this._onVisibility);
    window.removeEventListener('pagehide', this._onPageHide);
    window.removeEventListener('online', this._onNetwork);
    window.removeEventListener('offline', this._onNetwork);
    this._tracker?.removeEventListener(TrackerStatusEvent.type, this._onStatus);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('src') || changed.has('course')) && (this.src || this.course)) void this._load();
    else if (changed.has('hostLang') && this.phase === 'ready' && !this.progress.lang && this._loaded) {
      // The host page changed its preferred language; a learner who chose one keeps theirs.
      const lang = pickLanguage(this._loaded.languages, {
        attribute: this.hostLang,
        lms: this._tracker?.language,
        browser: navigator.languages,
      });
      if (lang !== this.t.lang)
        void loadTranslator(lang, this.t.hasViews).then((t) => ((this.t = t), this._applyDocument()));
    }
    if (this._focusNext) {
      const target = this.renderRoot.querySelector<HTMLElement>(this._focusNext);
      this._focusNext = null;
      target?.focus();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Loading

  private async _load(): Promise<void> {
    const generation = ++this._generation;
    this.phase = 'loading';
    this.failure = null;
    const stale = () => generation !== this._generation;
    // Strings for an error that happens before the course says which languages it has.
    const early = loadTranslator(
      pickLanguage(UN_LANGUAGES, {attribute: this.hostLang, browser: navigator.languages}),
    ).then((t) => {
      if (!stale() && this.phase !== 'ready') this.t = t;
    });

    let course: CompiledCourse;
    try {
      this._base = new URL(this.src || '.', document.baseURI).href;
    } catch {
      this._base = document.baseURI;
    }
    if (this.course) course = this.course;
    else {
      const got = await this._fetchCourse();
      if (stale()) return;
      if ('kind' in got) return this._fail(got.kind, got.code, got.detail, early);
      course = got.course;
    }
    if (!isCompiledCourse(course)) {
      return this._fail(
        'broken',
        'course-invalid',
        'not a compiled course (schema 1) with content in its first language',
        early,
      );
    }

    let tracker: Tracker;
    let saved: Awaited<ReturnType<Tracker['begin']>>;
    try {
      tracker = await this._createTracker(course);
      if (stale()) return;
      this._tracker?.removeEventListener(TrackerStatusEvent.type, this._onStatus);
      this._tracker = tracker;
      this.status = tracker.status;
      tracker.addEventListener(TrackerStatusEvent.type, this._onStatus);
      saved = await this._track(tracker.begin());
    } catch (e) {
      if (stale()) return;
      const launch = launchErrorOf(e);
      return this._fail('tracker', 'tracker-failed', e instanceof Error ? e.message : String(e), early, launch);
    }
    if (stale()) return;

    let progress: Progress;
    try {
      progress = saved ? migrateProgress(saved.progress, course) : emptyProgress();
    } catch {
      progress = emptyProgress();
    }
    const lang = pickLanguage(course.languages, {
      choice: progress.lang,
      attribute: this.hostLang,
      lms: tracker.language,
      browser: navigator.languages,
    });
    const t = await loadTranslator(lang, !!this._views);
    if (stale()) return;
    this._loaded = course;
    this.t = t;
    this.progress = progress;
    this.outcome = evaluate(course, progress, tracker.masteryScore);
    this._completeSent = this.outcome.completed;
    this.status = tracker.status;
    this.learnerName = tracker.learner.name ?? '';
    this.answered = this._pendingFeedback(progress);
    this._shownAt = Date.now();
    this.phase = 'ready';
    this._applyDocument();
    // The first lesson does not wait for these; they arrive while the learner reads.
    void this.loadViews().catch(() => undefined);
    if (this.ownsDocument) {
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- the view host reads the element's current fields through getters
      const el = this;
      void this.loadViews().then(
        (views) =>
          void (this._offline = new views.OfflineUse({
            get t() {
              return el.t;
            },
            get offline() {
              return el.offline;
            },
            set offline(v) {
              el.offline = v;
            },
            announce: (text) => this._announce(text),
            update: () => this.requestUpdate(),
          })).start(tracker),
        () => undefined,
      );
    }
  }

  private async _fetchCourse(): Promise<
    {course: CompiledCourse} | {kind: LoadFailure; code: IctErrorCode; detail: string}
  > {
    let response: Response;
    try {
      response = await fetch(this._base, {credentials: 'same-origin'});
    } catch (e) {
      return {kind: 'network', code: 'course-network', detail: `${this.src}: ${String(e)}`};
    }
    if (!response.ok) {
      const kind = response.status >= 400 && response.status < 500 ? 'missing' : 'network';
      return {
        kind,
        code: kind === 'missing' ? 'course-missing' : 'course-network',
        detail: `${this.src}: HTTP ${response.status}`,
      };
    }
    try {
      return {course: (await response.json()) as CompiledCourse};
    } catch (e) {
      return {kind: 'broken', code: 'course-invalid', detail: `${this.src}: ${String(e)}`};
    }
  }

  private async _createTracker(course: CompiledCourse): Promise<Tracker> {
    if (this.tracking === 'off') return new (await import('./memory-tracker.js')).MemoryTracker(course);
    if (this.tracking !== 'local' && this.trackerFactory) return this.trackerFactory(course);
    return (await import('../../tracking/standalone/standalone-tracker.js')).createStandaloneTracker(course);
  }

  private async _fail(
    kind: LoadFailure,
    code: IctErrorCode,
    detail: string,
    strings: Promise<void>,
    launch?: {launchCode: string; parameter?: string},
  ): Promise<void> {
    await strings;
    if (launch) await this._loadMessages().catch(() => undefined);
    this.failure = {kind, code, detail, ...launch};
    this.phase = 'error';
    this._focusNext = '.error-screen h1';
    this._applyDocument();
    this.dispatchEvent(new IctErrorEvent({code, message: detail, ...launch}));
  }

  /** The learner's message for a status or launch error code, or null (unknown code, or not loaded yet: it loads). */
  private _message(code: string | undefined, params: Record<string, string> = {}): string | null {
    if (!code) return null;
    const m = this.messages;
    if (!m || m.lang !== this.t.lang) {
      void this._loadMessages().catch(() => undefined);
      return null;
    }
    const text = (m.text as Record<string, string>)[code];
    return text === undefined ? null : fill(text, params);
  }

  /** Loads the messages of the codes in the language shown (once per language). */
  private async _loadMessages(): Promise<void> {
    const lang = this.t.lang;
    if (this.messages?.lang === lang || this._messagesLoading === lang) return;
    this._messagesLoading = lang;
    try {
      const text = await loadMessages(lang);
      if (this.t.lang === lang) this.messages = {lang, text};
    } catch (e) {
      // not to be had in this page (offline, not cached): the generic texts stand in for the codes' own
      this.messages = {lang, text: {} as Messages};
      throw e;
    } finally {
      if (this._messagesLoading === lang) this._messagesLoading = null;
    }
  }

  /** After a reload in the middle of an attempt whose questions are all answered: show the last feedback. */
  private _pendingFeedback(progress: Progress): Answered | null {
    const attempt = progress.attempt;
    if (!attempt || attempt.submitted || progress.location !== LOCATION_ASSESSMENT) return null;
    if (!attempt.questions.every((q) => attempt.answers[q])) return null;
    const last = attempt.questions[attempt.questions.length - 1];
    const q = last ? this._question(last) : undefined;
    if (!q || !last) return null;
    const chosen = attempt.answers[last] ?? [];
    return {questionId: last, chosen, correct: isCorrect(q, chosen)};
  }

  private _applyDocument(): void {
    if (!this.ownsDocument) return;
    const root = document.documentElement;
    root.lang = this.t.lang;
    root.dir = this.t.dir;
    const title = this.phase === 'ready' ? this._content().title : this.t('errorTitle');
    if (this.phase !== 'loading') document.title = title;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Tracker, page lifecycle, network

  private _onStatus = (e: Event): void => {
    const status = (e as TrackerStatusEvent).status;
    const before = this.status;
    // What the learner must know about this launch stays in view after the next save (the LMS's copy was unreadable,
    // the session ended), not only until the status changes.
    if (status.code && STICKY_CODES.has(status.code)) this._notice = status.code;
    this.status = status;
    this.dispatchEvent(new IctSavedEvent({status}));
    // Screen readers hear what needs attention (changes waiting, offline, and the return to saved after that),
    // not "saving… saved" at every step; the visible line shows everything. Errors go to the alert region.
    const worrying = (s: TrackerStatus) => s.state === 'pending' || s.state === 'offline' || s.state === 'error';
    if (
      this.phase === 'ready' &&
      status.state !== before.state &&
      (worrying(status) || (status.state === 'saved' && worrying(before)))
    ) {
      if (status.state !== 'error') this._announce(this._statusText(status));
    }
    if (status.state === 'error' && (before.state !== 'error' || before.code !== status.code)) {
      this.dispatchEvent(
        new IctErrorEvent({code: 'tracker-status', message: status.detail ?? status.code ?? 'error', status}),
      );
    }
  };

  private _suspend(): void {
    if (this._suspended || this._exited || !this._tracker || this.phase !== 'ready') return;
    this._suspended = true;
    void this._track(this._tracker.end('suspend')).catch(() => undefined);
  }

  private _onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this._suspend();
    else this._suspended = false;
  };

  private _onPageHide = (): void => this._suspend();

  private _onNetwork = (): void => {
    const online = navigator.onLine;
    if (online === this.online) return;
    this.online = online;
    this._announce(this.t(online ? 'netOnline' : 'netOffline'));
  };

  // -------------------------------------------------------------------------------------------------------------
  // Steps: every change of progress goes through _commit (one save per step)

  /** Returns the save of this step (reported as an error if it fails; it never rejects). */
  private _commit(next: Progress, record?: AnswerRecord): Promise<unknown> | undefined {
    const course = this._loaded;
    const tracker = this._tracker;
    if (!course || !tracker || next === this.progress) return;
    this._suspended = false;
    const before = this.outcome;
    const outcome = evaluate(course, next, tracker.masteryScore);
    this.progress = next;
    this.outcome = outcome;
    const counts = tracker.mode === 'normal';
    const report = (p: Promise<void>) =>
      this._track(p).catch((e: unknown) =>
        this.dispatchEvent(new IctErrorEvent({code: 'tracker-status', message: String(e)})),
      );
    if (record && counts) void report(tracker.answer(record));
    const saved = report(tracker.save(next));
    if (counts && !sameOutcome(before, outcome)) void report(tracker.result(outcome));
    this.dispatchEvent(new IctProgressEvent({outcome, location: next.location}));
    if (outcome.completed && !this._completeSent) {
      this._completeSent = true;
      this.dispatchEvent(new IctCompleteEvent({outcome}));
    }
    return saved;
  }

  /** Adds `p` to the work settled() waits for. */
  private _track<T>(p: Promise<T>): Promise<T> {
    this._work = Promise.allSettled([this._work, p]);
    return p;
  }

  /**
   * Resolves, with the saving status then, once every tracker call the player has started so far (resume, saves of
   * progress, answers and results, the end of the session) has settled: accepted by the LMS, or stored on this
   * device or in the outbox on its way to the LRS. Never rejects. For host pages and tests that must know a step is
   * kept before they go on (the status text may show "saved" from before the step).
   */
  async settled(): Promise<TrackerStatus> {
    // work started while waiting is waited for too
    for (let work; work !== this._work;) await (work = this._work);
    return this.status;
  }

  /** Go to a lesson, the assessment, the results or the completion screen; focus moves to its heading. */
  go(location: string): void {
    const course = this._loaded;
    if (!course) return;
    // A waiting release takes over between lessons, never inside an attempt: once this step is saved, the page
    // reloads into the new release and resumes where the learner went.
    const update = !attemptInProgress(this.progress) && this._offline?.control?.updateWaiting;
    const next = lessonIds(course).includes(location)
      ? visitLesson(this.progress, location)
      : setLocation(this.progress, location);
    this.answered = location === LOCATION_ASSESSMENT ? this._pendingFeedback(next) : null;
    this.formError = null;
    this.selfcheckMissing = null;
    this._shownAt = Date.now();
    const saved = this._commit(next);
    this._focusNext = '#heading';
    this.requestUpdate();
    if (update) this._offline!.control!.applyUpdateIfWaiting(saved);
  }

  private async _chooseLanguage(lang: string): Promise<void> {
    const t = await loadTranslator(lang, this.t.hasViews);
    this.t = t;
    this._commit(setLanguage(this.progress, lang));
    this._applyDocument();
  }

  private _exit = async (): Promise<void> => {
    const tracker = this._tracker;
    if (!tracker || this._exited) return;
    this._exited = true;
    this.phase = 'exited';
    this._focusNext = '#heading';
    try {
      await this._track(tracker.end('exit'));
    } catch (e) {
      this.dispatchEvent(new IctErrorEvent({code: 'tracker-status', message: String(e)}));
    }
  };

  private _announce(text: string): void {
    // Clear first so that the same message twice is announced twice.
    this.announcement = '';
    requestAnimationFrame(() => (this.announcement = text));
  }

  // -------------------------------------------------------------------------------------------------------------
  // Content helpers

  private _content(): CourseContent {
    const course = this._loaded!;
    return course.content[this.t.lang] ?? course.content[course.languages[0]!]!;
  }

  private _question(id: string): Question | undefined {
    return this._content().assessment?.questions.find((q) => q.id === id);
  }

  /** The order of the course: lessons, then the assessment. */
  private _steps(): string[] {
    const ids = lessonIds(this._loaded!);
    return hasAssessment(this._loaded!) ? [...ids, LOCATION_ASSESSMENT] : ids;
  }

  /**
   * Lesson HTML made to fit the page: its headings one level below the lesson title, its paths from the course, and
   * each table in a region of its own that scrolls sideways when the table is wider than the page (keyboard users
   * reach it with Tab, screen readers hear its caption or number).
   */
  private _html(source: string): ReturnType<typeof unsafeHTML> {
    let tables = 0;
    const shifted = source
      .replace(/<(\/?)h([1-6])\b/gi, (_m, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + 1)}`)
      .replace(/<table\b[\s\S]*?<\/table>/gi, (table) => {
        const caption = /<caption\b[^>]*>([\s\S]*?)<\/caption>/i.exec(table)?.[1];
        const label = (caption && textOf(caption)) || this.t('table', {n: this.t.number(++tables)});
        return `<div class="table-scroll" role="region" tabindex="0" aria-label="${escapeAttribute(label)}">${table}</div>`;
      })
      .replace(/(\s(?:src|href))="(?![a-z][a-z0-9+.-]*:|\/|#)([^"]*)"/gi, (m, attr: string, path: string) => {
        try {
          return `${attr}="${new URL(path, this._base).href}"`;
        } catch {
          return m;
        }
      });
    return unsafeHTML(shifted);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Rendering

  protected override render(): TemplateResult {
    const t = this.t;
    if (this.phase === 'error' || this.phase === 'loading' || !this._loaded) {
      return html`<div class="frame" lang=${t.lang} dir=${t.dir}>
        ${this.phase === 'error' && this.failure ? this._renderFailure() : html`<p class="main" role="status">${t('loading')}</p>`}
      </div>`;
    }
    const content = this._content();
    const main = this.embedded ? 'region' : 'main';
    // the language menu, Exit and the page after Exit come with the views (after the first lesson)
    const views = t.hasViews ? this._views : null;
    return html`<div class="frame" lang=${t.lang} dir=${t.dir}>
      <button type="button" class="skip" @click=${this._skip}>${t('skip')}</button>
      <div class="header" part="header" role=${this.embedded ? nothing : 'banner'}>
        <h1 part="title">${content.title}</h1>
        <div class="tools">${views?.renderTools({
          t,
          languages: this._loaded.languages,
          open: this.phase === 'ready',
          choose: (lang) => void this._chooseLanguage(lang),
          exit: this._exit,
        })}</div>
        <div class="meter">
          <label for="progress">${t('progress')}</label>
          <progress id="progress" part="progress" max="100" .value=${Math.round(this.outcome.progressMeasure * 100)}
            aria-valuetext=${t('progressValue', {percent: t.percent(this.outcome.progressMeasure)})}></progress>
          <span aria-hidden="true">${t.percent(this.outcome.progressMeasure)}</span>
        </div>
        ${this._renderStatus()}
        ${this._tracker && this._tracker.mode !== 'normal' ? html`<p class="notice" part="notice" role="note">${t('modeNotice')}</p>` : nothing}
      </div>
      <div class="body">
        ${this._renderToc(content)}
        <div class="main" part="lesson" role=${main} aria-label=${this.embedded ? content.title : nothing}
          @click=${this._onContentClick}>
          ${this.phase === 'exited' ? (views?.renderExited(t) ?? this._waitForViews()) : keyed(this._viewKey(), this._renderView(content))}
          <div class="vh" aria-live="polite">${this.announcement}</div>
        </div>
      </div>
    </div>`;
  }

  private _skip = (e: Event): void => {
    e.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
  };

  private _onContentClick = (e: Event): void => {
    const link = (e.target as Element).closest?.('a[data-lesson]');
    if (!link) return;
    e.preventDefault();
    const id = link.getAttribute('data-lesson');
    if (id) this.go(id);
  };

  /** The visible words for a tracker status (errors excepted: see _renderStatus). */
  private _statusText(s: TrackerStatus): string {
    const t = this.t;
    // This device cannot keep a copy: never claim it does, online or not.
    if (s.code === 'storage-unavailable' || s.code === 'quota-exceeded') {
      const waiting = s.pending > 0 ? `${t('statusPending', {n: t.number(s.pending)})} ` : '';
      return waiting + (this._message(s.code) ?? t('statusNotSaved'));
    }
    if (!this.online && s.state !== 'local') return t('statusOffline');
    if (s.state === 'local') {
      if (s.code === 'not-saved') return t('statusNotSaved');
      return this._message(s.code) ?? t('statusLocal');
    }
    // saved, with something to know (the LMS's copy was unreadable; this device cannot keep a copy; the session ended)
    if (s.state === 'saved' && s.code) return this._message(s.code) ?? t('statusSaved');
    if ((s.state === 'saved' || s.state === 'saving') && this._notice)
      return this._message(this._notice) ?? t('statusSaved');
    if (s.state === 'pending') return t('statusPending', {n: t.number(s.pending)});
    if (s.state === 'offline') return t('statusOffline');
    if (s.state === 'saving') return t('statusSaving');
    if (s.state === 'saved') return t('statusSaved');
    return s.state === 'error' ? '' : t('statusConnecting');
  }

  private _renderStatus(): TemplateResult {
    const s = this.status;
    // An error's own message once it has loaded; until then nothing rather than advice that may be wrong for the
    // case (a generic "check your connection" for expired credentials); the generic text where the code has no
    // message or the messages cannot be loaded.
    const alert =
      s.state !== 'error'
        ? ''
        : (this._message(s.code) ?? (this.messages?.lang === this.t.lang || !s.code ? this.t('statusError') : ''));
    return html`<div class="status" part="status">
      <span>${this._statusText(s)}</span>
      <span class="alert" role="alert">${alert}</span>
      ${this._offline?.render()}
    </div>`;
  }

  private _renderToc(content: CourseContent): TemplateResult {
    const t = this.t;
    const loc = this.progress.location;
    const visited = new Set(this.progress.visited);
    const inAssessment = loc === LOCATION_ASSESSMENT || loc === LOCATION_RESULTS;
    const item = (id: string, title: string, current: boolean, done: boolean) =>
      html`<li><a href="#${id}" aria-current=${current ? 'page' : nothing} @click=${(e: Event) => {
        e.preventDefault();
        this.go(id);
      }}><span class="mark" aria-hidden="true">${done ? '✓' : ''}</span><span>${title}${done ? html`<span class="vh"> (${t('visited')})</span>` : nothing}</span></a></li>`;
    return html`<nav part="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">${t('contents')}</h2>
      <ol>
        ${content.lessons.map((l) => item(l.id, l.title, loc === l.id, visited.has(l.id)))}
        ${hasAssessment(this._loaded!) ? item(LOCATION_ASSESSMENT, t('assessment'), inAssessment, this.progress.attemptsUsed > 0) : nothing}
      </ol>
    </nav>`;
  }

  /** A new view (another lesson, another question, another attempt) gets new DOM: no input state carries over. */
  private _viewKey(): string {
    const p = this.progress;
    const attempt = p.attempt;
    const current = this.answered?.questionId ?? attempt?.questions.find((q) => !attempt.answers[q]) ?? '';
    return `${p.location}|${p.attemptsUsed}|${attemptInProgress(p) ? current : ''}|${this.t.lang}`;
  }

  private _renderView(content: CourseContent): TemplateResult {
    const loc = this.progress.location;
    const lesson = content.lessons.find((l) => l.id === loc);
    if (lesson) return this._renderLesson(content, lesson);
    const later =
      (loc === LOCATION_ASSESSMENT || loc === LOCATION_RESULTS) && content.assessment
        ? loc
        : loc === LOCATION_COMPLETE && this.outcome.completed
          ? loc
          : null;
    if (!later) return this._renderStart(content);
    const views = this.t.hasViews ? this._views : null;
    if (!views) {
      return html`<h2 id="heading" tabindex="-1">${this.t(later === LOCATION_COMPLETE ? 'complete' : later === LOCATION_RESULTS ? 'results' : 'assessment')}</h2>
        ${this._waitForViews()}`;
    }
    const host = this._host(content);
    if (later === LOCATION_ASSESSMENT) return views.renderAssessment(host);
    if (later === LOCATION_RESULTS) return views.renderResults(host);
    return views.renderComplete(host);
  }

  /** A placeholder while the views load (they are usually there before the learner gets this far). */
  private _waitForViews(): TemplateResult {
    if (!this._views) void this.loadViews().catch(() => undefined);
    else if (!this._addingStrings) {
      this._addingStrings = true;
      void this._addViewStrings().finally(() => (this._addingStrings = false));
    }
    return html`<p role="status">${this.t('loading')}</p>`;
  }

  /** The player as the views see it. */
  private _host(content: CourseContent): ViewHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the view host reads the element's current fields through getters
    const el = this;
    const host: Omit<ViewHost, (typeof LIVE)[number]> = {
      t: this.t,
      course: this._loaded!,
      content,
      tracker: this._tracker!,
      root: this.renderRoot,
      get shownAt() {
        return el._shownAt;
      },
      set shownAt(v) {
        el._shownAt = v;
      },
      question: (id) => this._question(id),
      commit: (next, record) => this._commit(next, record),
      go: (location) => this.go(location),
      announce: (text) => this._announce(text),
      focus: (selector) => {
        this._focusNext = selector;
        this.requestUpdate();
      },
    };
    for (const key of LIVE) {
      Object.defineProperty(host, key, {
        get: () => this[key],
        set: (v) => ((this as Record<typeof key, unknown>)[key] = v),
      });
    }
    return host as ViewHost;
  }

  private _renderStart(content: CourseContent): TemplateResult {
    const t = this.t;
    const first = content.lessons[0];
    const started = this.progress.visited.length > 0;
    const resumeAt = this.progress.visited[this.progress.visited.length - 1] ?? first?.id;
    return html`<h2 id="heading" tabindex="-1">${t('about')}</h2>
      <p>${content.description}</p>
      <ul class="facts">
        ${content.audience ? html`<li>${t('audience')}: ${content.audience}</li>` : nothing}
        <li>${t('estimated', {duration: t.minutes(this._loaded!.minutes)})}</li>
      </ul>
      ${
        content.objectives.length
          ? html`<h3>${t('objectives')}</h3><ul>${content.objectives.map((o) => html`<li>${o}</li>`)}</ul>`
          : nothing
      }
      <div class="actions">
        ${resumeAt ? html`<button type="button" @click=${() => this.go(resumeAt)}>${t(started ? 'resume' : 'start')}</button>` : nothing}
      </div>`;
  }

  private _renderLesson(content: CourseContent, lesson: Lesson): TemplateResult {
    const t = this.t;
    const steps = this._steps();
    const index = steps.indexOf(lesson.id);
    const prev = index > 0 ? steps[index - 1] : undefined;
    let next: string | undefined = steps[index + 1];
    let nextLabel = t('next');
    if (!next && this.outcome.completed) {
      next = LOCATION_COMPLETE;
      nextLabel = t('finishCourse');
    } else if (!next) next = steps.find((s) => s !== LOCATION_ASSESSMENT && !this.progress.visited.includes(s));
    return html`<h2 id="heading" tabindex="-1">${lesson.title}</h2>
      <p class="kicker">${t('lessonOf', {n: t.number(index + 1), total: t.number(content.lessons.length)})}</p>
      ${lesson.blocks.map((b) =>
        b.type === 'html'
          ? html`<div class="html">${this._html(b.html)}</div>`
          : !this._views || !this.t.hasViews
            ? this._waitForViews()
            : b.type === 'decision'
              ? this._views.renderDecision(this._host(content), b)
              : this._views.renderSelfCheck(this._host(content), b),
      )}
      <div class="pager" part="nav">
        ${prev ? html`<button type="button" class="prev secondary" @click=${() => this.go(prev)}>${t('previous')}</button>` : nothing}
        ${next ? html`<button type="button" class="next" @click=${() => this.go(next)}>${nextLabel}</button>` : nothing}
      </div>`;
  }

  private _renderFailure(): TemplateResult {
    const t = this.t;
    const f = this.failure!;
    const message = {
      missing: 'errorMissing',
      broken: 'errorBroken',
      network: 'errorNetwork',
      tracker: 'errorTracker',
    } as const;
    return html`<div class="error-screen" part="error" role=${this.embedded ? 'region' : 'main'} aria-labelledby="error-heading">
      <h1 id="error-heading" tabindex="-1">${t('errorTitle')}</h1>
      <p>${this._message(f.launchCode, {parameter: f.parameter ?? ''}) ?? t(message[f.kind])}</p>
      <p class="hint">${t('errorCode', {code: f.launchCode ?? f.code})}</p>
      ${
        f.kind === 'network' || f.kind === 'tracker'
          ? html`<div class="actions"><button type="button" @click=${() => void this._load()}>${t('tryAgain')}</button></div>`
          : nothing
      }
    </div>`;
  }
}

/** The code (and parameter) of a tracker's launch error (`LaunchError` of the xAPI and cmi5 trackers). */
function launchErrorOf(e: unknown): {launchCode: string; parameter?: string} | undefined {
  if (!(e instanceof Error)) return undefined;
  const {code, parameter} = e as Error & {code?: unknown; parameter?: unknown};
  if (typeof code !== 'string') return undefined;
  return typeof parameter === 'string' ? {launchCode: code, parameter} : {launchCode: code};
}

/** The text of a fragment of sanitized HTML (tags dropped, entities kept as they are: the result goes back into HTML). */
function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/gi, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return (
    a.completed === b.completed &&
    a.passed === b.passed &&
    a.scaled === b.scaled &&
    a.progressMeasure === b.progressMeasure
  );
}

function isCompiledCourse(value: unknown): value is CompiledCourse {
  const c = value as CompiledCourse | null;
  return (
    !!c &&
    typeof c === 'object' &&
    c.schema === 1 &&
    typeof c.id === 'string' &&
    Array.isArray(c.languages) &&
    c.languages.length > 0 &&
    !!c.content?.[c.languages[0]!]?.lessons
  );
}

if (!customElements.get('ict-course')) customElements.define('ict-course', IctCourse);

declare global {
  interface HTMLElementTagNameMap {
    'ict-course': IctCourse;
  }
}
