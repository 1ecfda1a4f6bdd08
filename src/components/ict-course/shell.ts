import {html, nothing, type TemplateResult} from 'lit';
import {
  LOCATION_ASSESSMENT,
  LOCATION_COMPLETE,
  LOCATION_RESULTS,
  hasAssessment,
  lessonIds,
} from '../../course/rules.js';
import type {
  CompiledCourse,
  CourseContent,
  DecisionBlock,
  Lesson,
  Outcome,
  Progress,
  SelfCheckBlock,
} from '../../course/types.js';
import type {Translator} from '../../i18n/index.js';
import type {Tracker} from '../../tracking/tracker.js';
import type {Failure} from './course-load.js';
import {fitLessonHtml} from './lesson-html.js';

/** The player as the screens of its shell (contents, start, error) know it. */
export interface Shell {
  readonly embedded: boolean;
  readonly locale: {
    readonly t: Translator;
    message(code: string | undefined, params?: Record<string, string>): string | null;
  };
  readonly session: {
    readonly progress: Progress;
    readonly outcome: Outcome;
    readonly tracker: Pick<Tracker, 'mode' | 'waived'> | null;
    /** where the LMS's copy of the progress, arrived late, has the learner (offered, never forced) */
    readonly later: string | null;
  };
  readonly loader: {readonly loaded: CompiledCourse | null; readonly failure: Failure | null; load(): Promise<void>};
  /** on a narrow screen, the contents list is open */
  readonly tocOpen: boolean;
  toggleToc(): void;
  /** the glossary is on show */
  readonly glossaryOpen: boolean;
  go(location: string): void;
}

/**
 * The table of contents: the lessons, then the assessment; the current one marked, the visited (or passed) ticked;
 * then `more` (the way to the glossary, once the views are there).
 */
export function renderToc(p: Shell, content: CourseContent, more?: TemplateResult | typeof nothing): TemplateResult {
  const t = p.locale.t;
  const loc = p.session.progress.location;
  const visited = new Set(p.session.progress.visited);
  const inAssessment = loc === LOCATION_ASSESSMENT || loc === LOCATION_RESULTS;
  const item = (id: string, title: string, current: boolean, done: boolean) =>
    html`<li><a href="#${id}" aria-current=${current && !p.glossaryOpen ? 'page' : nothing} @click=${(e: Event) => {
      e.preventDefault();
      p.go(id);
    }}><span class="mark" aria-hidden="true">${done ? '✓' : ''}</span><span>${title}${done ? html`<span class="vh"> (${t('visited')})</span>` : nothing}</span></a></li>`;
  // On a narrow screen the list is a disclosure behind the Contents button (the heading shows on wide screens only).
  return html`<nav part="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading">${t('contents')}</h2>
      <button type="button" class="toc-btn secondary" aria-expanded=${p.tocOpen} @click=${() => p.toggleToc()}>${t('contents')}</button>
      <ol>
        ${content.lessons.map((l) => item(l.id, l.title, loc === l.id, visited.has(l.id)))}
        ${hasAssessment(p.loader.loaded!) ? item(LOCATION_ASSESSMENT, t('assessment'), inAssessment, p.session.outcome.passed === true) : nothing}
      </ol>
      ${more ?? nothing}
    </nav>`;
}

/** A lesson: its title, its place in the course, its blocks (`block` renders a decision or a self-check), the pager. */
export function renderLesson(
  p: Shell,
  content: CourseContent,
  lesson: Lesson,
  base: string,
  block: (b: DecisionBlock | SelfCheckBlock) => TemplateResult,
): TemplateResult {
  const t = p.locale.t;
  const ids = lessonIds(p.loader.loaded!);
  const steps = hasAssessment(p.loader.loaded!) ? [...ids, LOCATION_ASSESSMENT] : ids;
  const index = steps.indexOf(lesson.id);
  const prev = index > 0 ? steps[index - 1] : undefined;
  let next: string | undefined = steps[index + 1];
  let nextLabel = t('next');
  if (!next && p.session.outcome.completed) {
    next = LOCATION_COMPLETE;
    nextLabel = t('finishCourse');
  } else if (!next) next = steps.find((s) => s !== LOCATION_ASSESSMENT && !p.session.progress.visited.includes(s));
  return html`<h2 id="heading" tabindex="-1">${lesson.title}</h2>
      <p class="kicker">${t('lessonOf', {n: t.number(index + 1), total: t.number(content.lessons.length)})}</p>
      ${lesson.blocks.map((b) =>
        b.type === 'html' ? html`<div class="html" .innerHTML=${fitLessonHtml(b.html, t, base)}></div>` : block(b),
      )}
      <div class="pager" part="nav">
        ${prev ? html`<button type="button" class="prev secondary" @click=${() => p.go(prev)}>${t('previous')}</button>` : nothing}
        ${next ? html`<button type="button" class="next" @click=${() => p.go(next)}>${nextLabel}</button>` : nothing}
      </div>`;
}

/** A click in the lesson: a link to another lesson goes there; a term opens or closes its definition. */
export function onContentClick(p: Shell, e: Event): void {
  const target = e.target as Element;
  const term = target.closest?.('button.term');
  if (term) return toggleTerm(term, term.getAttribute('aria-expanded') !== 'true');
  const link = target.closest?.('a[data-lesson]');
  if (!link) return;
  e.preventDefault();
  const id = link.getAttribute('data-lesson');
  if (id) p.go(id);
}

/** A term's button and the definition after it (in the page, hidden until opened). */
export function toggleTerm(button: Element, open: boolean): void {
  button.setAttribute('aria-expanded', String(open));
  const definition = button.nextElementSibling;
  if (definition?.classList.contains('term-def')) definition.toggleAttribute('hidden', !open);
}

/** The start screen: what the course is about, for whom, how long it takes, its objectives; start or resume. */
export function renderStart(p: Shell, content: CourseContent): TemplateResult {
  const t = p.locale.t;
  const first = content.lessons[0];
  const started = p.session.progress.visited.length > 0;
  const resumeAt = p.session.progress.visited[p.session.progress.visited.length - 1] ?? first?.id;
  return html`<h2 id="heading" tabindex="-1">${t('about')}</h2>
      <p>${content.description}</p>
      <ul class="facts">
        ${content.audience ? html`<li>${t('audience')}: ${content.audience}</li>` : nothing}
        <li>${t('estimated', {duration: t.minutes(p.loader.loaded!.minutes)})}</li>
      </ul>
      ${
        content.objectives.length
          ? html`<h3>${t('objectives')}</h3><ul>${content.objectives.map((o) => html`<li>${o}</li>`)}</ul>`
          : nothing
      }
      <div class="actions">
        ${resumeAt ? html`<button type="button" @click=${() => p.go(resumeAt)}>${t(started ? 'resume' : 'start')}</button>` : nothing}
      </div>`;
}

/** The error screen of a launch that failed: what happened, its code, and Try again where trying again can help. */
export function renderFailure(p: Shell): TemplateResult {
  const t = p.locale.t;
  const f = p.loader.failure!;
  const message = {
    missing: 'errorMissing',
    broken: 'errorBroken',
    network: 'errorNetwork',
    tracker: 'errorTracker',
  } as const;
  return html`<div class="error-screen" part="error" role=${p.embedded ? 'region' : 'main'} aria-labelledby="error-heading">
      <h1 id="error-heading" tabindex="-1">${t('errorTitle')}</h1>
      <p>${p.locale.message(f.launchCode, {parameter: f.parameter ?? ''}) ?? t(message[f.kind])}</p>
      <p class="hint">${t('errorCode', {code: f.launchCode ?? f.code})}</p>
      ${
        f.kind === 'network' || f.kind === 'tracker'
          ? html`<div class="actions"><button type="button" @click=${() => void p.loader.load()}>${t('tryAgain')}</button></div>`
          : nothing
      }
    </div>`;
}

/**
 * What the learner should know about this launch, under the banner: a review or browse launch, a course the LMS
 * waived, and progress saved further elsewhere (the LMS's copy came after the first lesson showed: a slow LRS),
 * with a button to continue there; the learner is never moved while reading.
 */
export function renderNotices(p: Shell): TemplateResult {
  const t = p.locale.t;
  const {tracker, later} = p.session;
  const note = (text: string) => html`<p class="notice" part="notice" role="note">${text}</p>`;
  return html`${tracker && tracker.mode !== 'normal' ? note(t(tracker.mode === 'browse' ? 'browseNotice' : 'modeNotice')) : nothing}
    ${tracker?.waived ? note(t('waivedNotice')) : nothing}
    ${
      later
        ? html`<p class="notice" part="notice" role="status">${t('laterNotice')}
      <button type="button" @click=${() => p.go(later)}>${t('resume')}</button></p>`
        : nothing
    }`;
}
