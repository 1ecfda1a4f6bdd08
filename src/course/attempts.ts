/**
 * The rules of taking the assessment: drawing an attempt's questions and ordering their options, answering, scoring
 * and submitting. Pure, like
 * `rules.ts` (every change returns a new progress with `updated` from the rules' clock, or the same object where
 * nothing changed), and kept apart from it so that a launch loads them with the assessment, not before the first
 * lesson.
 */
import {
  LOCATION_ASSESSMENT,
  LOCATION_RESULTS,
  attemptInProgress,
  defaultContent,
  drawCount,
  findQuestion,
  hash32,
  now,
  setLocation,
} from './rules.js';
import type {AttemptState, CompiledCourse, Progress, Question} from './types.js';

/** mulberry32: a small, good-enough seeded generator of floats in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The question ids attempt `attemptNo` (1-based) shows, in order. With `shuffle`, a seeded shuffle of the bank:
 * the same course, attempt and seed always give the same questions, so a resumed attempt shows the same ones.
 * Without `shuffle`, the first `draw` questions in bank order.
 */
export function drawQuestions(course: CompiledCourse, attemptNo: number, seed: number | string = 0): string[] {
  const a = defaultContent(course).assessment;
  if (!a) return [];
  const ids = a.questions.map((q) => q.id);
  const n = drawCount(course);
  if (!a.shuffle) return ids.slice(0, n);
  return shuffled(ids, hash32(`${course.id}|${String(seed)}|${attemptNo}`)).slice(0, n);
}

// ---------------------------------------------------------------------------------------------------------------
// Attempts

/** Attempts the learner may still start (including the one in progress): `Infinity` where unlimited. */
export function attemptsLeft(course: CompiledCourse, progress: Progress): number {
  const a = defaultContent(course).assessment;
  if (!a || a.questions.length === 0) return 0;
  if (a.attempts <= 0) return Infinity;
  return Math.max(0, a.attempts - progress.attemptsUsed);
}

/**
 * Start the next attempt: draw its questions and go to the assessment. Where an attempt is already in progress it
 * is kept (resume); where no attempt is left, or the course has no assessment, progress is returned unchanged.
 */
export function startAttempt(course: CompiledCourse, progress: Progress, seed: number | string = 0): Progress {
  if (attemptInProgress(progress)) return setLocation(progress, LOCATION_ASSESSMENT);
  if (attemptsLeft(course, progress) <= 0) return progress;
  const attemptSeed = typeof seed === 'number' ? seed >>> 0 : hash32(seed);
  const questions = drawQuestions(course, progress.attemptsUsed + 1, attemptSeed);
  const attempt: AttemptState = {questions, answers: {}, seed: attemptSeed};
  return {...progress, attempt, location: LOCATION_ASSESSMENT, updated: now()};
}

/**
 * A question's options in the order the attempt shows them: shuffled by the attempt's seed and the question's id
 * (the same every time the attempt is shown, different between attempts and learners). True/false stays
 * true-then-false; an attempt without a seed (saved before options were shuffled) shows the bank's order.
 */
export function optionOrder(question: Question, attempt: AttemptState | null): Question['options'] {
  if (question.type === 'truefalse' || attempt?.seed === undefined) return question.options;
  return shuffled(question.options, hash32(`${attempt.seed}|${question.id}`));
}

/** A copy of `items` in a seeded random order (Fisher-Yates). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const next = random(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Record the learner's submitted answer to one question of the attempt in progress. Option ids are kept in the
 * order given, without repeats. Unchanged where no attempt is in progress or the question is not in it.
 */
export function answerQuestion(progress: Progress, questionId: string, optionIds: readonly string[]): Progress {
  const attempt = progress.attempt;
  if (!attempt || attempt.submitted || !attempt.questions.includes(questionId)) return progress;
  const chosen = [...new Set(optionIds)];
  const before = attempt.answers[questionId];
  if (before && before.length === chosen.length && before.every((o, i) => o === chosen[i])) return progress;
  return {
    ...progress,
    attempt: {...attempt, answers: {...attempt.answers, [questionId]: chosen}},
    updated: now(),
  };
}

/** The correct option ids of a question. */
export function correctOptions(question: Question): string[] {
  return question.options.filter((o) => o.correct).map((o) => o.id);
}

/** Whether the chosen options are exactly the correct ones (order does not matter). */
export function isCorrect(question: Question, optionIds: readonly string[]): boolean {
  const chosen = new Set(optionIds);
  const correct = correctOptions(question);
  return chosen.size === correct.length && correct.every((id) => chosen.has(id));
}

/** Scaled 0..1 score of one attempt: correct answers / questions drawn (a question no longer in the course counts as wrong). */
export function attemptScore(course: CompiledCourse, attempt: AttemptState): number {
  const drawn = attempt.questions.length;
  if (drawn === 0) return 0;
  let correct = 0;
  for (const qid of new Set(attempt.questions)) {
    const q = findQuestion(course, qid);
    const answer = attempt.answers[qid];
    if (q && answer && isCorrect(q, answer)) correct += 1;
  }
  return correct / drawn;
}

/**
 * Submit the attempt in progress: score it, count it, keep the best score of all attempts and go to the results.
 * Unanswered questions count as wrong. Unchanged where no attempt is in progress.
 */
export function submitAttempt(course: CompiledCourse, progress: Progress): Progress {
  const attempt = progress.attempt;
  if (!attempt || attempt.submitted) return progress;
  const scaled = attemptScore(course, attempt);
  return {
    ...progress,
    attempt: {...attempt, submitted: true},
    attemptsUsed: progress.attemptsUsed + 1,
    score: progress.score === null ? scaled : Math.max(progress.score, scaled),
    location: LOCATION_RESULTS,
    updated: now(),
  };
}
