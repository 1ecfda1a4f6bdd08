import {html, nothing, type TemplateResult} from 'lit';
import {unsafeHTML} from 'lit/directives/unsafe-html.js';
import {LOCATION_COMPLETE, LOCATION_RESULTS, attemptInProgress, hash32, lessonIds} from '../../course/rules.js';
import {
  answerQuestion,
  attemptsLeft,
  correctOptions,
  isCorrect,
  optionOrder,
  startAttempt,
  submitAttempt,
} from '../../course/attempts.js';
import type {Question} from '../../course/types.js';
import type {AnswerRecord} from '../../tracking/tracker.js';
import {legend, plain} from './html.js';
import type {ViewHost} from './views.js';

export function renderAssessment(h: ViewHost): TemplateResult {
  const waiting = waitForQuestions(h, h.t('assessment'));
  if (waiting) return waiting;
  const content = h.content;
  const t = h.t;
  const course = h.course;
  const assessment = content.assessment!;
  const attempt = h.progress.attempt;
  // a review launch shows what the learner did; it takes no attempt (an unfinished one stays as it was)
  const review = h.tracker.mode === 'review';
  if (review || !attemptInProgress(h.progress) || !attempt) {
    const left = review ? 0 : attemptsLeft(course, h.progress);
    const mastery = h.tracker.masteryScore ?? course.settings.masteryScore;
    return html`<h2 id="heading" tabindex="-1">${t('assessment')}</h2>
      <p>${t('assessmentIntro')}</p>
      <ul class="facts">
        <li>${t('questions', {n: t.number(Math.min(assessment.draw > 0 ? assessment.draw : assessment.questions.length, assessment.questions.length))})}</li>
        <li>${t('passMark', {percent: scorePercent(t, mastery)})}</li>
        ${review ? nothing : html`<li>${left === Infinity ? t('attemptsUnlimited') : t('attemptsLeft', {n: t.number(left)})}</li>`}
      </ul>
      <div class="actions">
        ${
          review
            ? html`<p>${t('reviewNoAttempt')}</p>`
            : left > 0
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
  const answered = h.state.answered;
  const currentId = answered?.questionId ?? attempt.questions.find((q) => !attempt.answers[q]);
  const question = currentId ? h.question(currentId) : undefined;
  if (!question) return html`<h2 id="heading" tabindex="-1">${t('assessment')}</h2>`;
  const n = attempt.questions.indexOf(question.id) + 1;
  const total = attempt.questions.length;
  const multiple = question.type === 'multiple';
  const options = optionOrder(question, attempt);
  const chosen = new Set(answered?.chosen ?? []);
  const label = (o: Question['options'][number]) =>
    question.type === 'truefalse' ? t(o.id === 'true' ? 'true' : 'false') : unsafeHTML(o.text);
  const last = attempt.questions.every((q) => attempt.answers[q]);
  return html`<h2 id="heading" tabindex="-1">${t('questionOf', {n: t.number(n), total: t.number(total)})}</h2>
    <form part="question" @submit=${(e: SubmitEvent) => submitAnswer(h, e, question)}>
      <fieldset aria-describedby="q-hint" ?disabled=${!!answered}>
        <legend>${unsafeHTML(legend(question.prompt))}</legend>
        <p class="hint" id="q-hint">${t(multiple ? 'chooseAll' : 'chooseOne')}</p>
        ${options.map(
          (o) => html`<label class="option"><input type=${multiple ? 'checkbox' : 'radio'} name="answer" value=${o.id}
              ?checked=${chosen.has(o.id)} @change=${() => h.state.set({formError: null})} />
            <span>${label(o)}</span></label>`,
        )}
      </fieldset>
      <p class="error" role="alert">${h.state.formError ?? ''}</p>
      ${
        answered
          ? html`<div class="feedback ${answered.correct ? 'correct' : 'incorrect'}" part="feedback">
              <p class="verdict ${answered.correct ? 'ok' : 'bad'}">${answered.correct ? '✓ ' : '✗ '}${t(answered.correct ? 'correct' : 'incorrect')}</p>
              ${options
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
  h.state.set({answered: null, shownAt: Date.now()});
  // a seed of its own for each attempt: its questions and the order of their options (kept in the learner's state)
  h.commit(startAttempt(course, h.progress, crypto.getRandomValues(new Uint32Array(1))[0]!));
  h.focus('#heading');
}

function submitAnswer(h: ViewHost, e: SubmitEvent, question: Question): void {
  e.preventDefault();
  const chosen = new FormData(e.target as HTMLFormElement).getAll('answer').map(String);
  if (chosen.length === 0) {
    h.state.set({formError: h.t('selectFirst')});
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
    latencyMs: Math.max(0, Date.now() - h.state.shownAt),
    timestamp: Date.now(),
    description: question.description,
    choices: question.options.map((o) => ({
      id: o.id,
      // in the learner's language, as they saw it
      text: question.type === 'truefalse' ? h.t(o.id === 'true' ? 'true' : 'false') : plain(o.text),
    })),
  };
  h.state.set({formError: null, answered: {questionId: question.id, chosen, correct}});
  h.commit(answerQuestion(h.progress, question.id, chosen), record);
  const feedback = optionOrder(question, h.progress.attempt)
    .filter((o) => chosen.includes(o.id))
    .map((o) => plain(o.feedback));
  h.announce([h.t(correct ? 'correct' : 'incorrect'), ...feedback].join(' '));
  h.focus('#after-answer');
}

function nextQuestion(h: ViewHost): void {
  h.state.set({answered: null, shownAt: Date.now()});
  h.focus('#heading');
}

function finishAttempt(h: ViewHost): void {
  h.state.set({answered: null});
  h.commit(submitAttempt(h.course, h.progress));
  h.focus('#heading');
}

export function renderResults(h: ViewHost): TemplateResult {
  const waiting = waitForQuestions(h, h.t('results'));
  if (waiting) return waiting;
  const t = h.t;
  const course = h.course;
  const o = h.outcome;
  const scaled = h.progress.score ?? 0;
  const passed = o.passed === true;
  const left = h.tracker.mode === 'review' ? 0 : attemptsLeft(course, h.progress);
  const lessonsLeft = lessonIds(course).find((id) => !h.progress.visited.includes(id));
  const mastery = h.tracker.masteryScore ?? course.settings.masteryScore;
  return html`<h2 id="heading" tabindex="-1">${t('results')}</h2>
    <div part="results">
      <p class="score">${t('score', {percent: scorePercent(t, scaled)})}</p>
      <p class="verdict ${passed ? 'ok' : 'bad'}">${passed ? '✓ ' : '✗ '}${t(passed ? 'passed' : 'failed')}</p>
      <ul class="facts">
        <li>${t('passMark', {percent: scorePercent(t, mastery)})}</li>
        ${passed || h.tracker.mode === 'review' ? nothing : html`<li>${left === Infinity ? t('attemptsUnlimited') : left > 0 ? t('attemptsLeft', {n: t.number(left)}) : t('noAttempts')}</li>`}
        ${!o.completed && lessonsLeft ? html`<li>${t('needLessons')}</li>` : nothing}
      </ul>
      ${!passed && left === 0 && h.tracker.mode !== 'review' ? html`<p class="out-of-attempts">${t('outOfAttempts')}</p>` : nothing}
      ${renderReview(h)}
      <div class="actions">
        ${o.completed ? html`<button type="button" @click=${() => h.go(LOCATION_COMPLETE)}>${t('finishCourse')}</button>` : nothing}
        ${!passed && left > 0 ? html`<button type="button" @click=${() => startAttemptNow(h)}>${t('retry')}</button>` : nothing}
        ${!o.completed && lessonsLeft ? html`<button type="button" class="secondary" @click=${() => h.go(lessonsLeft)}>${t('toLessons')}</button>` : nothing}
      </div>
    </div>`;
}

/**
 * The questions the last attempt answered wrong, each with the learner's answer and its teaching feedback, in the
 * learner's language (not the key: a new attempt draws its questions and orders their options anew).
 */
function renderReview(h: ViewHost): TemplateResult | typeof nothing {
  const attempt = h.progress.attempt;
  if (!attempt?.submitted) return nothing;
  const wrong = attempt.questions
    .map((id) => h.question(id))
    .filter((q): q is Question => !!q && !isCorrect(q, attempt.answers[q.id] ?? []));
  if (!wrong.length) return nothing;
  const t = h.t;
  const label = (q: Question, o: Question['options'][number]) =>
    q.type === 'truefalse' ? t(o.id === 'true' ? 'true' : 'false') : unsafeHTML(o.text);
  return html`<section class="review" aria-labelledby="review-heading">
    <h3 id="review-heading">${t('reviewHeading')}</h3>
    <ol>
      ${wrong.map((q) => {
        const chosen = optionOrder(q, attempt).filter((o) => attempt.answers[q.id]?.includes(o.id));
        return html`<li>
          <div class="prompt">${unsafeHTML(q.prompt)}</div>
          ${chosen.map((o) => html`<p><strong>${t('yourAnswer')}: ${label(q, o)}</strong><br />${unsafeHTML(o.feedback)}</p>`)}
        </li>`;
      })}
    </ol>
  </section>`;
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
          <input id="learner-name" type="text" autocomplete="name" .value=${h.state.learnerName}
            @input=${(e: Event) => h.state.set({learnerName: (e.target as HTMLInputElement).value})} /></div>`
    }
    <div class="certificate" part="certificate">
      <p class="cert-title">${t('certificate')}</p>
      <p>${t('certifies')}</p>
      <p class="name">${fixedName ? readingOrder(fixedName) : h.state.learnerName || '\u00a0'}</p>
      <p>${t('hasCompleted')}</p>
      <p class="course">${content.title}</p>
      <dl>
        <div><dt>${t('date')}</dt><dd>${certificateDate(t, new Date())}</dd></div>
        ${score !== null ? html`<div><dt>${t('scoreLabel')}</dt><dd>${scorePercent(t, score)}</dd></div>` : nothing}
        <div><dt>${t('courseVersion')}</dt><dd dir="ltr">${h.course.id} ${h.course.version}</dd></div>
        <div><dt>${t('certificateNo')}</dt><dd dir="ltr">${certificateNumber(h)}</dd></div>
      </dl>
    </div>
    <div class="actions"><button type="button" @click=${() => print(h)}>${t('print')}</button></div>`;
}

/**
 * A score or pass mark as a percentage, to two decimals where it has them: the figure the LMS records (SCORM 1.2's
 * `cmi.core.score.raw` has two decimals; 12.5 %, not 13 %).
 */
function scorePercent(t: ViewHost['t'], scaled: number): string {
  return new Intl.NumberFormat(t.lang, {style: 'percent', maximumFractionDigits: 2}).format(scaled);
}

/** The months as UN Arabic documents name them: the Levantine name, then the Egyptian (20 كانون الأول/ديسمبر 2002). */
const AR_MONTHS =
  'كانون الثاني/يناير|شباط/فبراير|آذار/مارس|نيسان/أبريل|أيار/مايو|حزيران/يونيه|تموز/يوليه|آب/أغسطس|أيلول/سبتمبر|تشرين الأول/أكتوبر|تشرين الثاني/نوفمبر|كانون الأول/ديسمبر'.split(
    '|',
  );

/** The certificate's date in the language's long form; in Arabic as UN documents write it, with Western digits. */
function certificateDate(t: ViewHost['t'], d: Date): string {
  return t.lang === 'ar' ? `${d.getDate()} ${AR_MONTHS[d.getMonth()]} ${d.getFullYear()}` : t.date(d);
}

/** A name in reading order: SCORM LMSs give `Last, First` (`Otieno, Grace` is Grace Otieno). */
export function readingOrder(name: string): string {
  const parts = name.split(',');
  return parts.length === 2 && parts[0]!.trim() && parts[1]!.trim() ? `${parts[1]!.trim()} ${parts[0]!.trim()}` : name;
}

/**
 * The certificate's number: the same for this learner's completion of this course version (it derives from the
 * course, the version, the learner and the attempt that counted), so a printed certificate can be checked against
 * the learning record.
 */
function certificateNumber(h: ViewHost): string {
  const p = h.progress;
  const key = `${h.course.iri}|${h.course.version}|${h.tracker.learner.id}|${p.attemptsUsed}|${p.attempt?.seed ?? ''}`;
  const hex = hash32(key).toString(16).toUpperCase().padStart(8, '0');
  return `${hex.slice(0, 4)}-${hex.slice(4)}`;
}

function print(h: ViewHost): void {
  const main = h.root.querySelector('.main');
  main?.classList.add('printing');
  window.addEventListener('afterprint', () => main?.classList.remove('printing'), {once: true});
  window.print();
}

/**
 * Where a package sends the text of the assessment apart (./questions.ts) and it has not come: the page says it is
 * loading (and fetches it), or that it could not be downloaded, with Try again. Null once it is here.
 */
function waitForQuestions(h: ViewHost, title: string): TemplateResult | null {
  const {t, course, questions} = h;
  if (!course.questionFiles?.[t.lang] || questions?.has(t.lang)) return null;
  const f = questions?.failure(t.lang);
  if (!f) h.loadQuestions();
  return html`<h2 id="heading" tabindex="-1">${title}</h2>
    ${
      f
        ? html`<p role="alert">${t(f.kind === 'network' ? 'errorNetwork' : f.kind === 'missing' ? 'errorMissing' : 'errorBroken')}</p>
            <p class="hint">${t('errorCode', {code: f.code})}</p>
            <div class="actions"><button type="button" @click=${() => h.loadQuestions()}>${t('tryAgain')}</button></div>`
        : html`<p role="status">${t('loading')}</p>`
    }`;
}
