/**
 * The interactive views of `<ict-course>`: decisions and self-checks in lessons, the assessment, its results and
 * the completion screen. Loaded on demand, right after the first lesson is on screen, so that a launch downloads
 * only what the first lesson needs before it shows.
 */
import {html, nothing, type TemplateResult} from 'lit';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';
import {
  LOCATION_COMPLETE,
  choiceToRatings,
  ratingsToChoice,
  setChoice,
  LOCATION_RESULTS,
  answerQuestion,
  attemptInProgress,
  attemptsLeft,
  correctOptions,
  isCorrect,
  lessonIds,
  startAttempt,
  submitAttempt,
} from '../../course/rules.js';
import type {
  CompiledCourse,
  CourseContent,
  DecisionBlock,
  Outcome,
  Progress,
  Question,
  SelfCheckBlock,
} from '../../course/types.js';
import {fill, loadOfflineStrings, type OfflineStrings, type Translator} from '../../i18n/index.js';
import type {OfflineController, OfflineState, OfflineStateEvent} from '../../offline/register.js';
import type {AnswerRecord, Tracker} from '../../tracking/tracker.js';
import {legend, plain} from './html.js';

export {viewStyles} from './views.styles.js';

/** The feedback shown after an answer, until the learner moves on. */
export interface Answered {
  questionId: string;
  chosen: string[];
  correct: boolean;
}

/** What these views read from and do to the player. */
export interface ViewHost {
  readonly t: Translator;
  readonly course: CompiledCourse;
  readonly content: CourseContent;
  readonly progress: Progress;
  readonly outcome: Outcome;
  readonly tracker: Tracker;
  readonly root: ParentNode;
  answered: Answered | null;
  formError: string | null;
  learnerName: string;
  /** the self-check whose submit lacked a rating */
  selfcheckMissing: string | null;
  /** when the question on screen was shown (ms since epoch), for the answer's latency */
  shownAt: number;
  question(id: string): Question | undefined;
  /** one learner step: the new progress is saved (with the answer record first, where there is one) */
  commit(next: Progress, record?: AnswerRecord): void;
  go(location: string): void;
  announce(text: string): void;
  /** focus the element matching `selector` after the next render */
  focus(selector: string): void;
}

export function renderAssessment(h: ViewHost): TemplateResult {
  const content = h.content;
  const t = h.t;
  const course = h.course;
  const assessment = content.assessment!;
  const attempt = h.progress.attempt;
  if (!attemptInProgress(h.progress) || !attempt) {
    const left = attemptsLeft(course, h.progress);
    const mastery = h.tracker.masteryScore ?? course.settings.masteryScore;
    return html`<h2 id="heading" tabindex="-1">${t('assessment')}</h2>
      <p>${t('assessmentIntro')}</p>
      <ul class="facts">
        <li>${t('questions', {n: t.number(Math.min(assessment.draw > 0 ? assessment.draw : assessment.questions.length, assessment.questions.length))})}</li>
        <li>${t('passMark', {percent: t.percent(mastery)})}</li>
        <li>${left === Infinity ? t('attemptsUnlimited') : t('attemptsLeft', {n: t.number(left)})}</li>
      </ul>
      <div class="actions">
        ${
          left > 0
            ? html`<button type="button" @click=${() => startAttemptNow(h)}>${t('startAssessment')}</button>`
            : html`<p>${t('noAttempts')}</p>`
        }
        ${
          h.progress.attemptsUsed > 0
            ? html`<button type="button" class="secondary" @click=${() => h.go(LOCATION_RESULTS)}>${t('results')}</button>`
            : nothing
        }
      </div>`;
  }
  const answered = h.answered;
  const currentId = answered?.questionId ?? attempt.questions.find((q) => !attempt.answers[q]);
  const question = currentId ? h.question(currentId) : undefined;
  if (!question) return html`<h2 id="heading" tabindex="-1">${t('assessment')}</h2>`;
  const n = attempt.questions.indexOf(question.id) + 1;
  const total = attempt.questions.length;
  const multiple = question.type === 'multiple';
  const chosen = new Set(answered?.chosen ?? []);
  const label = (o: Question['options'][number]) =>
    question.type === 'truefalse' ? t(o.id === 'true' ? 'true' : 'false') : unsafeHTML(o.text);
  const last = attempt.questions.every((q) => attempt.answers[q]);
  return html`<h2 id="heading" tabindex="-1">${t('questionOf', {n: t.number(n), total: t.number(total)})}</h2>
    <form part="question" @submit=${(e: SubmitEvent) => submitAnswer(h, e, question)}>
      <fieldset aria-describedby="q-hint" ?disabled=${!!answered}>
        <legend>${unsafeHTML(legend(question.prompt))}</legend>
        <p class="hint" id="q-hint">${t(multiple ? 'chooseAll' : 'chooseOne')}</p>
        ${question.options.map(
          (o) => html`<label class="option"><input type=${multiple ? 'checkbox' : 'radio'} name="answer" value=${o.id}
              ?checked=${chosen.has(o.id)} @change=${() => (h.formError = null)} />
            <span>${label(o)}</span></label>`,
        )}
      </fieldset>
      <p class="error" role="alert">${h.formError ?? ''}</p>
      ${
        answered
          ? html`<div class="feedback ${answered.correct ? 'correct' : 'incorrect'}" part="feedback">
              <p class="verdict ${answered.correct ? 'ok' : 'bad'}">${answered.correct ? '✓ ' : '✗ '}${t(answered.correct ? 'correct' : 'incorrect')}</p>
              ${question.options
                .filter((o) => chosen.has(o.id))
                .map(
                  (o) => html`<p><strong>${t('yourAnswer')}: ${label(o)}</strong><br />${unsafeHTML(o.feedback)}</p>`,
                )}
            </div>
            <div class="actions">
              ${
                last
                  ? html`<button type="button" id="after-answer" @click=${() => finishAttempt(h)}>${t('finish')}</button>`
                  : html`<button type="button" id="after-answer" @click=${() => nextQuestion(h)}>${t('nextQuestion')}</button>`
              }
            </div>`
          : html`<div class="actions"><button type="submit">${t('submit')}</button></div>`
      }
    </form>`;
}

function startAttemptNow(h: ViewHost): void {
  const course = h.course;
  h.answered = null;
  h.shownAt = Date.now();
  h.commit(startAttempt(course, h.progress, h.tracker.learner.id ?? 0));
  h.focus('#heading');
}

function submitAnswer(h: ViewHost, e: SubmitEvent, question: Question): void {
  e.preventDefault();
  const chosen = new FormData(e.target as HTMLFormElement).getAll('answer').map(String);
  if (chosen.length === 0) {
    h.formError = h.t('selectFirst');
    return;
  }
  const correct = isCorrect(question, chosen);
  const record: AnswerRecord = {
    questionId: question.id,
    type: question.type,
    response: chosen,
    correct: correctOptions(question),
    result: correct ? 'correct' : 'incorrect',
    weighting: 1,
    latencyMs: Math.max(0, Date.now() - h.shownAt),
    timestamp: Date.now(),
    description: question.description,
    choices: question.options.map((o) => ({
      id: o.id,
      // in the learner's language, as they saw it
      text: question.type === 'truefalse' ? h.t(o.id === 'true' ? 'true' : 'false') : plain(o.text),
    })),
  };
  h.formError = null;
  h.answered = {questionId: question.id, chosen, correct};
  h.commit(answerQuestion(h.progress, question.id, chosen), record);
  const feedback = question.options.filter((o) => chosen.includes(o.id)).map((o) => plain(o.feedback));
  h.announce([h.t(correct ? 'correct' : 'incorrect'), ...feedback].join(' '));
  h.focus('#after-answer');
}

function nextQuestion(h: ViewHost): void {
  h.answered = null;
  h.shownAt = Date.now();
  h.focus('#heading');
}

function finishAttempt(h: ViewHost): void {
  h.answered = null;
  h.commit(submitAttempt(h.course, h.progress));
  h.focus('#heading');
}

export function renderResults(h: ViewHost): TemplateResult {
  const t = h.t;
  const course = h.course;
  const o = h.outcome;
  const scaled = h.progress.score ?? 0;
  const passed = o.passed === true;
  const left = attemptsLeft(course, h.progress);
  const lessonsLeft = lessonIds(course).find((id) => !h.progress.visited.includes(id));
  const mastery = h.tracker.masteryScore ?? course.settings.masteryScore;
  return html`<h2 id="heading" tabindex="-1">${t('results')}</h2>
    <div part="results">
      <p class="score">${t('score', {percent: t.percent(scaled)})}</p>
      <p class="verdict ${passed ? 'ok' : 'bad'}">${passed ? '✓ ' : '✗ '}${t(passed ? 'passed' : 'failed')}</p>
      <ul class="facts">
        <li>${t('passMark', {percent: t.percent(mastery)})}</li>
        ${passed ? nothing : html`<li>${left === Infinity ? t('attemptsUnlimited') : left > 0 ? t('attemptsLeft', {n: t.number(left)}) : t('noAttempts')}</li>`}
        ${!o.completed && lessonsLeft ? html`<li>${t('needLessons')}</li>` : nothing}
      </ul>
      <div class="actions">
        ${o.completed ? html`<button type="button" @click=${() => h.go(LOCATION_COMPLETE)}>${t('finishCourse')}</button>` : nothing}
        ${!passed && left > 0 ? html`<button type="button" @click=${() => startAttemptNow(h)}>${t('retry')}</button>` : nothing}
        ${!o.completed && lessonsLeft ? html`<button type="button" class="secondary" @click=${() => h.go(lessonsLeft)}>${t('toLessons')}</button>` : nothing}
      </div>
    </div>`;
}

export function renderComplete(h: ViewHost): TemplateResult {
  const content = h.content;
  const t = h.t;
  const fixedName = h.tracker.learner.name;
  const score = h.progress.score;
  return html`<h2 id="heading" tabindex="-1">${t('complete')}</h2>
    <p class="no-print">${t('completeText')}</p>
    ${
      fixedName
        ? nothing
        : html`<div class="field no-print"><label for="learner-name">${t('learnerName')}</label>
          <input id="learner-name" type="text" autocomplete="name" .value=${h.learnerName}
            @input=${(e: Event) => (h.learnerName = (e.target as HTMLInputElement).value)} /></div>`
    }
    <div class="certificate" part="certificate">
      <p class="cert-title">${t('certificate')}</p>
      <p>${t('certifies')}</p>
      <p class="name">${fixedName ?? (h.learnerName || '\u00a0')}</p>
      <p>${t('hasCompleted')}</p>
      <p class="course">${content.title}</p>
      <dl>
        <div><dt>${t('date')}</dt><dd>${t.date(Date.now())}</dd></div>
        ${score !== null ? html`<div><dt>${t('scoreLabel')}</dt><dd>${t.percent(score)}</dd></div>` : nothing}
      </dl>
    </div>
    <div class="actions"><button type="button" @click=${() => print(h)}>${t('print')}</button></div>`;
}

function print(h: ViewHost): void {
  const main = h.root.querySelector('.main');
  main?.classList.add('printing');
  window.addEventListener('afterprint', () => main?.classList.remove('printing'), {once: true});
  window.print();
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
      h.selfcheckMissing = block.id;
      return;
    }
    h.selfcheckMissing = null;
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
    <p class="error" role="alert">${h.selfcheckMissing === block.id ? t('selfcheckIncomplete') : ''}</p>
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

/** The parts of a self-check profile: each area's mean rating (0..1) and the band it falls in. */
function profile(block: SelfCheckBlock, ratings: Record<string, number>) {
  const top = Math.max(1, block.scale.length - 1);
  const areas = new Map<string, number[]>();
  for (const item of block.items) {
    const r = ratings[item.id];
    if (r === undefined) continue;
    areas.set(item.area, [...(areas.get(item.area) ?? []), r / top]);
  }
  return [...areas].map(([area, values]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const band = block.bands.find((b) => b.upTo >= mean - 1e-9) ?? block.bands[block.bands.length - 1]!;
    return {area, mean, band};
  });
}

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
  else if (state.state === 'unavailable') status = s.offlineUnavailable;
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
        <select @change=${(e: Event) => o.choose((e.target as HTMLSelectElement).value)}>
          ${o.languages.map((l) => html`<option value=${l} lang=${l} ?selected=${l === t.lang}>${autonym(l)}</option>`)}
        </select></label>`
  }${o.open ? html`<button type="button" @click=${o.exit}>${t('exit')}</button>` : nothing}`;
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

/** A download size in a language, e.g. `1.2 MB`, `350 kB`. */
function bytes(lang: string, n: number): string {
  const [unit, value] = n >= 1e6 ? ['megabyte', n / 1e6] : ['kilobyte', Math.max(1, Math.round(n / 1e3))];
  return new Intl.NumberFormat(lang, {style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1}).format(
    value,
  );
}

/** What offline use needs from the player. */
export interface OfflineHost {
  /** the translator of the language shown, now */
  readonly t: Translator;
  /** the state of the offline copy the player shows */
  offline: OfflineState | null;
  announce(text: string): void;
  /** render again (the texts of offline use arrived) */
  update(): void;
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
    const lang = this.host.t.lang;
    if (this.text?.lang === lang) return;
    const text = await loadOfflineStrings(lang);
    if (this.host.t.lang === lang) {
      this.text = {lang, text};
      this.host.update();
    }
  }

  /** The offline line in the status area (the live status stays the same element while its words arrive and change). */
  render(): TemplateResult | typeof nothing {
    const h = this.host;
    const {t, offline: state} = h;
    const control = this.control;
    if (!state || !control) return nothing;
    const text = this.text?.lang === t.lang ? this.text.text : null;
    if (!text) void this.loadText().catch(() => undefined);
    const ask = async (how: 'enable' | 'remove') => (h.offline = await control[how]());
    const p = text && offlineParts({t, state, text, web: this.web, updated: this.updated, ask});
    return html`<span class="offline">${p?.note}<span role="status">${p?.status}</span></span>${p?.action}`;
  }
}
