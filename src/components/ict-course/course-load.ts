import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {emptyProgress} from '../../course/rules.js';
import type {CompiledCourse, CourseContent, Progress, SavedProgress} from '../../course/types.js';
import {UN_LANGUAGES} from '../../course/types.js';
import {loadTranslator, pickLanguage} from '../../i18n/index.js';
import {stateCodec} from '../../tracking/state-codec.js';
import {TrackerUpdateEvent, type Tracker, type TrackerFactory} from '../../tracking/tracker.js';
import {IctErrorEvent, type IctErrorCode} from '../events.js';
import {dropPrefetched, rememberChoice, takePrefetched} from '../prefetch.js';
import type {LocaleController} from './locale.js';
import type {QuestionText} from './questions.js';
import type {TrackerSession} from './session.js';

export type Phase = 'loading' | 'ready' | 'error' | 'exited';
export type LoadFailure = 'missing' | 'broken' | 'network' | 'tracker';

export interface Failure {
  kind: LoadFailure;
  code: IctErrorCode;
  detail: string;
  launchCode?: string;
  parameter?: string;
}

/** What loading needs of the element: its properties, and the other controllers. */
export interface LoadHost extends ReactiveControllerHost, EventTarget {
  readonly src: string;
  readonly course: CompiledCourse | undefined;
  readonly hostLang: string | undefined;
  readonly tracking: 'local' | 'off' | undefined;
  readonly trackerFactory: TrackerFactory | undefined;
  readonly session: TrackerSession;
  readonly locale: LocaleController;
  /** the views' strings are part of the translator (they loaded before the course) */
  readonly withViews: boolean;
  /** the phase changed (the document's title follows; an error screen takes the focus) */
  phaseChanged(): void;
  /** the course is on screen: what comes after the first lesson may load now */
  shown(tracker: Tracker): void;
}

/**
 * Loading a launch: the compiled course (from `src` or the `course` property), the tracker (from `boot()`'s
 * factory, this device, or nothing kept), the saved progress (migrated to this release of the course) and the
 * language to show; or the error screen saying what failed. A new `src` while loading wins over the earlier one.
 */
export class CourseLoader implements ReactiveController {
  phase: Phase = 'loading';
  failure: Failure | null = null;
  /** the course shown, once loaded */
  loaded: CompiledCourse | null = null;
  /** the course's URL, against which its relative paths resolve */
  base = '';
  private generation = 0;
  private source: [string, CompiledCourse | undefined] = ['', undefined];
  /** the text of the assessment of each language, where the course comes without it (set with the views) */
  questionText: QuestionText | null = null;

  constructor(private readonly host: LoadHost) {
    host.addController(this);
  }

  /** A new `src` or `course` starts a new load. */
  hostUpdated(): void {
    const {src, course} = this.host;
    if (src === this.source[0] && course === this.source[1]) return;
    this.source = [src, course];
    if (src || course) void this.load();
  }

  async load(): Promise<void> {
    const host = this.host;
    const {session, locale} = host;
    const generation = ++this.generation;
    this.questionText = null;
    this.set('loading', null);
    const stale = () => generation !== this.generation;
    // Strings for an error that happens before the course says which languages it has.
    const early = loadTranslator(
      pickLanguage(UN_LANGUAGES, {attribute: host.hostLang, browser: navigator.languages}),
    ).then((t) => {
      if (!stale() && this.phase !== 'ready') locale.use(t);
    });

    try {
      this.base = new URL(host.src || '.', document.baseURI).href;
    } catch {
      this.base = document.baseURI;
    }
    let course: CompiledCourse;
    if (host.course) course = host.course;
    else {
      const got = await fetchCourse(this.base, host.src);
      if (stale()) return;
      if ('kind' in got) return this.fail(got, early);
      course = got.course;
    }
    if (!isCompiledCourse(course)) {
      const detail = 'not a compiled course (schema 1) with content in its first language';
      return this.fail({kind: 'broken', code: 'course-invalid', detail}, early);
    }

    let tracker: Tracker;
    let saved: Awaited<ReturnType<Tracker['begin']>>;
    try {
      tracker = await this.createTracker(course);
      if (stale()) return;
      // a launch that turns out broken after the course showed (cmi5 LaunchData from a slow LRS) ends like one before
      tracker.addEventListener(TrackerUpdateEvent.type, (e) => {
        const error = (e as TrackerUpdateEvent).error;
        if (error && !stale()) void this.fail(failureOf(error), Promise.resolve());
      });
      saved = await session.begin(tracker);
    } catch (e) {
      if (stale()) return;
      return this.fail(failureOf(e), early);
    }
    if (stale()) return;

    const progress = await progressToShow(saved, course);
    let lang = pickLanguage(course.languages, {
      choice: progress.lang,
      attribute: host.hostLang,
      lms: tracker.language,
      browser: navigator.languages,
    });
    if (progress.lang === lang) rememberChoice(course.id, lang); // a choice made on another device, or before
    // a package's course.json carries no text: fetch the language shown (or, failing that, the default one)
    let missing = await this.fetchLanguage(course, lang);
    if (missing && lang !== course.languages[0]) {
      lang = course.languages[0]!;
      missing = await this.fetchLanguage(course, lang);
    }
    dropPrefetched(); // a language fetched early and not shown after all
    if (stale()) return;
    if (missing) return this.fail(missing, early);
    const t = await loadTranslator(lang, host.withViews);
    if (stale()) return;
    this.loaded = course;
    locale.use(t);
    session.open(course, progress);
    this.set('ready', null);
    host.shown(tracker);
  }

  /**
   * Makes sure the course has the content of `lang`, fetching its file where the course came without its text;
   * null when it has it, else why it could not.
   */
  async fetchLanguage(course: CompiledCourse, lang: string): Promise<Failure | null> {
    if (course.content[lang]) return null;
    const file = course.contentFiles?.[lang];
    if (!file) return {kind: 'broken', code: 'course-invalid', detail: `no content in ${lang}`};
    let url: string;
    try {
      url = new URL(file, this.base).href;
    } catch {
      return {kind: 'broken', code: 'course-invalid', detail: `${file}: not a URL`};
    }
    const got = await fetchJson(url, file);
    if ('kind' in got) return got;
    const content = got.json as CourseContent | null;
    if (!Array.isArray(content?.lessons))
      return {kind: 'broken', code: 'course-invalid', detail: `${file}: not a course's content`};
    course.content[lang] = content;
    return null;
  }

  /** Fetches the text of the assessment in `lang` where it is not here, with ./questions.ts (a views module). */
  loadQuestions(views: {QuestionText: typeof QuestionText}, lang: string): Promise<Failure | null> {
    this.questionText ??= new views.QuestionText(this, () => this.host.requestUpdate(), fetchJson);
    return this.questionText.load(lang);
  }

  /**
   * Shows `lang` (`chosen`: the learner chose it): its content (fetched from its file where the course came without its text, from the service
   * worker's cache when offline), then its strings. False, and nothing changes, where its content cannot be had.
   */
  async showLanguage(lang: string, chosen = false): Promise<boolean> {
    const course = this.loaded;
    if (!course || (await this.fetchLanguage(course, lang))) return false;
    await this.host.locale.load(lang);
    if (chosen) rememberChoice(course.id, lang); // the next launch on this device fetches this language at once
    return true;
  }

  /** The learner pressed Exit. */
  exited(): void {
    this.set('exited', null);
  }

  private set(phase: Phase, failure: Failure | null): void {
    this.phase = phase;
    this.failure = failure;
    this.host.requestUpdate();
    this.host.phaseChanged();
  }

  private async createTracker(course: CompiledCourse): Promise<Tracker> {
    const {tracking, trackerFactory} = this.host;
    if (tracking === 'off') return new (await import('./memory-tracker.js')).MemoryTracker(course);
    if (tracking !== 'local' && trackerFactory) return trackerFactory(course);
    return (await import('../../tracking/standalone/standalone-tracker.js')).createStandaloneTracker(course);
  }

  private async fail(failure: Failure, strings: Promise<void>): Promise<void> {
    await strings;
    if (failure.launchCode) await this.host.locale.loadMessages().catch(() => undefined);
    this.set('error', failure);
    const {kind: _kind, detail, ...codes} = failure;
    this.host.dispatchEvent(new IctErrorEvent({...codes, message: detail}));
  }
}

async function fetchCourse(url: string, src: string): Promise<{course: CompiledCourse} | Failure> {
  const got = await fetchJson(url, src);
  return 'kind' in got ? got : {course: got.json as CompiledCourse};
}

export async function fetchJson(url: string, src: string): Promise<{json: unknown} | Failure> {
  let response: Response;
  try {
    // the page's first script may have started this request already (./prefetch.ts)
    response = await (takePrefetched(url) ?? fetch(url, {credentials: 'same-origin'}));
  } catch (e) {
    return {kind: 'network', code: 'course-network', detail: `${src}: ${String(e)}`};
  }
  if (!response.ok) {
    const missing = response.status >= 400 && response.status < 500;
    return {
      kind: missing ? 'missing' : 'network',
      code: missing ? 'course-missing' : 'course-network',
      detail: `${src}: HTTP ${response.status}`,
    };
  }
  try {
    return {json: await response.json()};
  } catch (e) {
    return {kind: 'broken', code: 'course-invalid', detail: `${src}: ${String(e)}`};
  }
}

/**
 * The progress a launch shows: the saved one, migrated to this course version (the trackers have done so already;
 * again for a tracker of the host page's), as it is where the codec cannot load; else a new one.
 */
async function progressToShow(saved: SavedProgress | null, course: CompiledCourse): Promise<Progress> {
  if (!saved) return emptyProgress();
  const codec = await stateCodec(true).catch(() => null);
  try {
    return codec ? codec.migrateProgress(saved.progress, course) : saved.progress;
  } catch {
    return emptyProgress();
  }
}

/** The failure of a tracker that could not begin (or found its launch broken later). */
function failureOf(e: unknown): Failure {
  const detail = e instanceof Error ? e.message : String(e);
  return {kind: 'tracker', code: 'tracker-failed', detail, ...launchErrorOf(e)};
}

/** The code (and parameter) of a tracker's launch error (`LaunchError` of the xAPI and cmi5 trackers). */
function launchErrorOf(e: unknown): {launchCode: string; parameter?: string} | undefined {
  if (!(e instanceof Error)) return undefined;
  const {code, parameter} = e as Error & {code?: unknown; parameter?: unknown};
  if (typeof code !== 'string') return undefined;
  return typeof parameter === 'string' ? {launchCode: code, parameter} : {launchCode: code};
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
    !!c.content &&
    !!(c.structure ?? c.content[c.languages[0]!])?.lessons
  );
}
