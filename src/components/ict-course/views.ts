/**
 * The interactive views of `<ict-course>`: decisions and self-checks in lessons, the assessment, its results and
 * the completion screen, the glossary, the header's tools and offline use. Loaded on demand, right after the first lesson is on
 * screen, so that a launch downloads only what the first lesson needs before it shows.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {live} from 'lit/directives/live.js';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';
import {LOCATION_ASSESSMENT, choiceToRatings, ratingsToChoice, setChoice} from '../../course/rules.js';
import {profile} from '../../course/selfcheck.js';
import {isCorrect} from '../../course/attempts.js';
import type {
  CompiledCourse,
  CourseContent,
  DecisionBlock,
  GlossaryEntry,
  Outcome,
  Progress,
  Question,
  SelfCheckBlock,
} from '../../course/types.js';
import type {Translator} from '../../i18n/index.js';
import type {AnswerRecord, Tracker} from '../../tracking/tracker.js';
import {plain} from './html.js';
import {toggleTerm} from './shell.js';

export {viewStyles} from './views.styles.js';
export {renderAssessment, renderComplete, renderResults} from './assessment-view.js';
import {QuestionText} from './questions.js';
export {QuestionText};
export {OfflineUse, offlineParts, type OfflineHost, type OfflineLine} from './offline-view.js';

/** The feedback shown after an answer, until the learner moves on. */
export interface Answered {
  questionId: string;
  chosen: string[];
  correct: boolean;
}

/** The learner's progress and outcome now, and the one way to change them (see TrackerSession). */
export interface ViewSession {
  readonly tracker: Tracker | null;
  readonly progress: Progress;
  readonly outcome: Outcome;
  /** one learner step: the new progress is saved (with the answer record first, where there is one) */
  commit(next: Progress, record?: AnswerRecord): unknown;
}

/** The player (`<ict-course>`) as the views know it. */
export interface Player {
  readonly session: ViewSession;
  readonly locale: {readonly t: Translator};
  readonly loader: {
    readonly loaded: CompiledCourse | null;
    /** the text of the assessment, where the course sends it apart (null until the views ask for it) */
    readonly questionText: QuestionText | null;
    loadQuestions(views: {QuestionText: typeof QuestionText}, lang: string): Promise<unknown>;
  };
  readonly renderRoot: ParentNode;
  content(): CourseContent;
  question(id: string): Question | undefined;
  go(location: string): void;
  announce(text: string): void;
  /** focus the element matching `selector` after the next render */
  focusOn(selector: string): void;
  requestUpdate(): void;
}

/**
 * What the views keep between renders for the screen on show: the feedback of the last answer, the error of a form,
 * the name typed for the certificate, and when the question on screen was shown (for the answer's latency). Each
 * change renders the player again.
 */
export class ViewState {
  answered: Answered | null;
  formError: string | null = null;
  /** the self-check whose submit lacked a rating */
  selfcheckMissing: string | null = null;
  learnerName: string;
  /** when the question on screen was shown (ms since epoch) */
  shownAt = Date.now();

  constructor(private readonly player: Player) {
    this.learnerName = player.session.tracker?.learner.name ?? '';
    this.answered = pendingFeedback(player);
  }

  set(
    change: Partial<Pick<ViewState, 'answered' | 'formError' | 'selfcheckMissing' | 'learnerName' | 'shownAt'>>,
  ): void {
    Object.assign(this, change);
    this.player.requestUpdate();
  }

  /**
   * The learner went to another screen: nothing carries over from the one before, except (after a reload in the
   * middle of an attempt whose questions are all answered) the feedback of the last answer.
   */
  enter(): void {
    this.set({answered: pendingFeedback(this.player), formError: null, selfcheckMissing: null, shownAt: Date.now()});
  }
}

function pendingFeedback(player: Player): Answered | null {
  const progress = player.session.progress;
  const attempt = progress.attempt;
  if (!attempt || attempt.submitted || progress.location !== LOCATION_ASSESSMENT) return null;
  if (!attempt.questions.every((q) => attempt.answers[q])) return null;
  const last = attempt.questions[attempt.questions.length - 1];
  const q = last ? player.question(last) : undefined;
  if (!q || !last) return null;
  const chosen = attempt.answers[last] ?? [];
  return {questionId: last, chosen, correct: isCorrect(q, chosen)};
}

/** What these views read from and do to the player (the progress and outcome as they are now). */
export interface ViewHost {
  readonly t: Translator;
  readonly course: CompiledCourse;
  readonly content: CourseContent;
  readonly tracker: Tracker;
  readonly root: ParentNode;
  readonly progress: Progress;
  readonly outcome: Outcome;
  readonly state: ViewState;
  /** one learner step: the new progress is saved (with the answer record first, where there is one) */
  commit(next: Progress, record?: AnswerRecord): unknown;
  question(id: string): Question | undefined;
  go(location: string): void;
  announce(text: string): void;
  /** focus the element matching `selector` after the next render */
  focus(selector: string): void;
  /** the text of the assessment in the language shown, where the course sends it apart (./questions.ts) */
  readonly questions: QuestionText | null;
  /** fetches it (again after a failure) */
  loadQuestions(): void;
}

export function viewHost(p: Player, state: ViewState): ViewHost {
  const session = p.session;
  return {
    t: p.locale.t,
    course: p.loader.loaded!,
    content: p.content(),
    tracker: session.tracker!,
    root: p.renderRoot,
    get progress() {
      return session.progress;
    },
    get outcome() {
      return session.outcome;
    },
    state,
    commit: (next, record) => session.commit(next, record),
    question: (id) => p.question(id),
    go: (location) => p.go(location),
    announce: (text) => p.announce(text),
    focus: (selector) => p.focusOn(selector),
    questions: p.loader.questionText,
    loadQuestions: () => void p.loader.loadQuestions({QuestionText}, p.locale.t.lang),
  };
}

export function renderDecision(h: ViewHost, block: DecisionBlock): TemplateResult {
  const t = h.t;
  const chosen = h.progress.choices[block.id];
  const option = block.options.find((o) => o.id === chosen);
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const value = new FormData(e.target as HTMLFormElement).get('choice');
    if (typeof value !== 'string') return;
    h.commit(setChoice(h.progress, block.id, value));
    const picked = block.options.find((o) => o.id === value);
    if (picked) h.announce(`${t('decisionResult')}: ${plain(picked.consequence)}`);
  };
  // The prompt is a scenario, often several sentences: ordinary text that names the group of options, not a legend.
  return html`<form class="block decision" @submit=${onSubmit}>
    <div class="prompt" id="prompt-${block.id}">${unsafeHTML(block.prompt)}</div>
    <fieldset aria-labelledby="prompt-${block.id}" aria-describedby="hint-${block.id}">
      <p class="hint" id="hint-${block.id}">${t('decisionChoose')}</p>
      ${block.options.map(
        (
          o,
        ) => html`<label class="option"><input type="radio" name="choice" value=${o.id} ?checked=${o.id === chosen} required />
          <span>${unsafeHTML(o.text)}</span></label>`,
      )}
    </fieldset>
    <button type="submit" class="secondary">${t('decisionShow')}</button>
    ${
      option
        ? html`<div class="feedback" part="feedback"><h3>${t('decisionResult')}</h3><p>${unsafeHTML(option.consequence)}</p></div>`
        : nothing
    }
  </form>`;
}

export function renderSelfCheck(h: ViewHost, block: SelfCheckBlock): TemplateResult {
  const t = h.t;
  const ratings = choiceToRatings(h.progress.choices[block.id]);
  const complete = block.items.every((i) => ratings[i.id] !== undefined);
  const onSubmit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const next: Record<string, number> = {};
    for (const item of block.items) {
      const v = data.get(item.id);
      if (typeof v === 'string') next[item.id] = Number(v);
    }
    if (Object.keys(next).length < block.items.length) {
      h.state.set({selfcheckMissing: block.id});
      return;
    }
    h.state.set({selfcheckMissing: null});
    h.commit(setChoice(h.progress, block.id, ratingsToChoice(next)));
    h.announce(
      profile(block, next)
        .map((p) => `${t('selfcheckArea', {area: p.area, label: p.band.label})}. ${p.band.advice}`)
        .join(' '),
    );
  };
  return html`<form class="block selfcheck" @submit=${onSubmit} aria-labelledby="sc-${block.id}">
    <h3 id="sc-${block.id}">${block.title}</h3>
    ${block.items.map(
      (item) => html`<fieldset>
        <legend>${item.text}</legend>
        <div class="scale">
          ${block.scale.map(
            (
              label,
              i,
            ) => html`<label class="option"><input type="radio" name=${item.id} value=${i} ?checked=${ratings[item.id] === i} />
              <span>${label}</span></label>`,
          )}
        </div>
      </fieldset>`,
    )}
    <button type="submit" class="secondary">${t('selfcheckShow')}</button>
    <p class="error" role="alert">${h.state.selfcheckMissing === block.id ? t('selfcheckIncomplete') : ''}</p>
    ${
      complete
        ? html`<div class="feedback" part="feedback">
          <h4>${t('selfcheckProfile')}</h4>
          ${profile(block, ratings).map(
            (p) =>
              html`<p><strong>${t('selfcheckArea', {area: p.area, label: p.band.label})}</strong><br />${p.band.advice}</p>`,
          )}
        </div>`
        : nothing
    }
  </form>`;
}

/** The header's tools, as the player knows them. */
export interface Tools {
  readonly t: Translator;
  /** the course's languages: a menu when there are two or more */
  readonly languages: readonly string[];
  /** the learner has not left the course: Exit is offered */
  readonly open: boolean;
  choose(lang: string): void;
  exit(): void;
}

/** The header's tools: the language menu and Exit. */
export function renderTools(o: Tools): TemplateResult {
  const t = o.t;
  return html`${
    o.languages.length < 2
      ? nothing
      : html`<label>${t('language')}
        <select
          .value=${live(t.lang)}
          @change=${(e: Event) => o.choose((e.target as HTMLSelectElement).value)}
        >
          ${o.languages.map((l) => html`<option value=${l} lang=${l} ?selected=${l === t.lang}>${autonym(l)}</option>`)}
        </select></label>`
  }${o.open ? html`<button type="button" @click=${o.exit}>${t('exit')}</button>` : nothing}`;
}

/** Escape on a term whose definition is open closes it. */
export function onContentKey(e: KeyboardEvent): void {
  if (e.key !== 'Escape') return;
  const term = (e.target as Element).closest?.('button.term[aria-expanded="true"]');
  if (!term) return;
  e.preventDefault();
  toggleTerm(term, false);
}

/** The way to the glossary, under the contents (for a course with terms). */
export function renderGlossaryLink(
  p: {readonly glossaryOpen: boolean; showGlossary(open: boolean): void; readonly locale: {readonly t: Translator}},
  content: CourseContent,
): TemplateResult | typeof nothing {
  if (!content.glossary?.length) return nothing;
  const open = (e: Event) => {
    e.preventDefault();
    p.showGlossary(true);
  };
  return html`<p class="toc-more"><a href="#glossary" aria-current=${p.glossaryOpen ? 'page' : nothing}
    @click=${open}>${p.locale.t('glossary')}</a></p>`;
}

/** The glossary: the course's terms with their definitions, and the way back to where the learner was. */
export function renderGlossary(
  h: ViewHost,
  entries: readonly GlossaryEntry[],
  p: {showGlossary(open: boolean): void},
): TemplateResult {
  const t = h.t;
  return html`<h2 id="heading" tabindex="-1">${t('glossary')}</h2>
    <p class="hint">${t('glossaryIntro')}</p>
    <dl class="glossary">
      ${entries.map((e) => html`<dt id="term-${e.id}">${e.term}</dt><dd>${unsafeHTML(e.definition)}</dd>`)}
    </dl>
    <div class="actions"><button type="button" class="secondary" @click=${() => p.showGlossary(false)}>${t('glossaryBack')}</button></div>`;
}

/** What the learner reads after Exit. */
export function renderExited(t: Translator): TemplateResult {
  return html`<h2 id="heading" tabindex="-1">${t('exitedTitle')}</h2><p>${t('exited')}</p>`;
}

/** A language's name in itself: `français`, `العربية`, `中文`. */
function autonym(lang: string): string {
  try {
    return new Intl.DisplayNames([lang], {type: 'language'}).of(lang) ?? lang;
  } catch {
    return lang;
  }
}
