/**
 * The pure rules of a course: progress (visited lessons, answers, attempts), scoring (scaled 0..1), completion and
 * pass/fail by the course's rule and mastery score. No DOM, no I/O: used by the player, the trackers and the
 * compiler alike.
 *
 * Every function that changes progress returns a new object (the input is never modified) with `updated` set from
 * the clock. Where a call changes nothing (the lesson is already the current one and visited, the attempt is
 * already submitted, …) the SAME object is returned, so `next !== previous` tells the player that something
 * changed and must be saved.
 *
 * Content is looked up in the course's default language: ids are the same in every language.
 */
import type {
  CompiledCourse,
  CourseContent,
  Outcome,
  Progress,
  Question,
  SelfCheckBlock,
  DecisionBlock,
} from './types.js';

/** Locations that are not lessons. */
export const LOCATION_ASSESSMENT = 'assessment';
export const LOCATION_RESULTS = 'results';
export const LOCATION_COMPLETE = 'complete';
export const SPECIAL_LOCATIONS: readonly string[] = [LOCATION_ASSESSMENT, LOCATION_RESULTS, LOCATION_COMPLETE];

/** Scores within this distance of the mastery score count as reaching it (0.7 vs 7/10 in floating point). */
const EPSILON = 1e-9;

let clock: () => number = () => Date.now();

/** Replace the clock that stamps `updated` (tests); call with no argument to restore `Date.now`. */
export function setClock(fn?: () => number): void {
  clock = fn ?? (() => Date.now());
}

/** The current time by the rules' clock (ms since epoch). */
export function now(): number {
  return clock();
}

/** Set an own, enumerable property of a record (also for keys such as `__proto__`, which `obj[key] = v` would not). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, {value, enumerable: true, writable: true, configurable: true});
}

/**
 * The content of the course's default language (the first of `languages`); for a course sent without its text (a
 * package's `course.json`), its structure: the same ids, types and answers, and the titles.
 */
export function defaultContent(course: CompiledCourse): CourseContent {
  const lang = course.languages[0];
  const content =
    course.structure ?? (lang !== undefined ? course.content[lang] : undefined) ?? Object.values(course.content)[0];
  if (!content) throw new Error(`course ${course.id}: no content in its default language; rebuild the course`);
  return content;
}

/** Lesson ids in course order. */
export function lessonIds(course: CompiledCourse): string[] {
  return defaultContent(course).lessons.map((l) => l.id);
}

/** The question of the bank with this id, if any. */
export function findQuestion(course: CompiledCourse, questionId: string): Question | undefined {
  return defaultContent(course).assessment?.questions.find((q) => q.id === questionId);
}

/** Decision and self-check blocks of every lesson, by id. */
export function interactiveBlocks(course: CompiledCourse): Map<string, DecisionBlock | SelfCheckBlock> {
  const out = new Map<string, DecisionBlock | SelfCheckBlock>();
  for (const lesson of defaultContent(course).lessons) {
    for (const block of lesson.blocks) if (block.type !== 'html') out.set(block.id, block);
  }
  return out;
}

/** Whether the course has an assessment with at least one question. */
export function hasAssessment(course: CompiledCourse): boolean {
  const a = defaultContent(course).assessment;
  return !!a && a.questions.length > 0;
}

/** How many questions an attempt draws: `draw` clamped to the bank; 0 or less means the whole bank. */
export function drawCount(course: CompiledCourse): number {
  const a = defaultContent(course).assessment;
  if (!a) return 0;
  const n = a.questions.length;
  return a.draw > 0 ? Math.min(a.draw, n) : n;
}

/** A fresh progress: nowhere yet, nothing visited, no attempt. */
export function emptyProgress(): Progress {
  return {location: null, visited: [], attempt: null, attemptsUsed: 0, score: null, choices: {}, updated: now()};
}

/** Go to a lesson: it becomes the location and is added to `visited` (in first-visit order). */
export function visitLesson(progress: Progress, lessonId: string): Progress {
  const seen = progress.visited.includes(lessonId);
  if (seen && progress.location === lessonId) return progress;
  return {
    ...progress,
    location: lessonId,
    visited: seen ? progress.visited : [...progress.visited, lessonId],
    updated: now(),
  };
}

/** Set the location without visiting a lesson: `assessment`, `results`, `complete`, or a lesson id. */
export function setLocation(progress: Progress, location: string | null): Progress {
  if (progress.location === location) return progress;
  return {...progress, location, updated: now()};
}

/** Set the learner's language choice in the course. */
export function setLanguage(progress: Progress, lang: string | undefined): Progress {
  if (progress.lang === lang) return progress;
  const next: Progress = {...progress, updated: now()};
  if (lang === undefined) delete next.lang;
  else next.lang = lang;
  return next;
}

/** Record a decision (option id) or a self-check (see {@link ratingsToChoice}) for a block. */
export function setChoice(progress: Progress, blockId: string, value: string): Progress {
  if (progress.choices[blockId] === value) return progress;
  return {...progress, choices: {...progress.choices, [blockId]: value}, updated: now()};
}

/** A self-check's ratings as the choice string `itemId:rating,itemId:rating` (rating = index on the scale). */
export function ratingsToChoice(ratings: Record<string, number>): string {
  return Object.entries(ratings)
    .map(([item, rating]) => `${item}:${rating}`)
    .join(',');
}

/** The ratings of a self-check choice string; malformed parts are skipped. */
export function choiceToRatings(value: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value) return out;
  for (const part of value.split(',')) {
    const i = part.lastIndexOf(':');
    if (i <= 0) continue;
    const rating = Number(part.slice(i + 1));
    if (Number.isInteger(rating) && rating >= 0) {
      setOwn(out, part.slice(0, i), rating);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing questions

/** A 32-bit hash of a string: FNV-1a over its UTF-16 code units, unsigned. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Attempts

/** Whether an attempt has been started and not yet submitted. */
export function attemptInProgress(progress: Progress): boolean {
  return !!progress.attempt && !progress.attempt.submitted;
}

// ---------------------------------------------------------------------------------------------------------------
// Two copies of one learner's progress

/**
 * One progress from two copies of the same learner's progress in the same course version (two tabs open at once, a
 * device copy and the LMS's), losing nothing either holds: lessons visited in either, choices of both (the newer
 * copy's where both chose), the most attempts used and the best score. Where the copies disagree otherwise
 * (location, attempt, language), the newer copy (`updated`; `b` on a tie) wins. Where one copy is simply a later
 * state of the other, the result equals the later one.
 */
export function mergeProgress(a: Progress, b: Progress): Progress {
  const [older, newer] = b.updated >= a.updated ? [a, b] : [b, a];
  const visited = [...newer.visited, ...older.visited.filter((id) => !newer.visited.includes(id))];
  const choices: Record<string, string> = {};
  for (const source of [older.choices, newer.choices]) {
    for (const [k, v] of Object.entries(source)) {
      setOwn(choices, k, v);
    }
  }
  const scores = [older.score, newer.score].filter((s): s is number => s !== null);
  const merged: Progress = {
    ...newer,
    visited,
    choices,
    attemptsUsed: Math.max(older.attemptsUsed, newer.attemptsUsed),
    score: scores.length ? Math.max(...scores) : null,
  };
  return merged;
}

// ---------------------------------------------------------------------------------------------------------------
// Outcome

/** Whether a scaled score reaches the mastery score. */
export function reachesMastery(scaled: number, masteryScore: number): boolean {
  return scaled >= masteryScore - EPSILON;
}

/**
 * Completion, success and progress by the course's completion rule. `masteryScore` (scaled 0..1, from the LMS)
 * overrides the course's. `passed` is set only once an attempt has been submitted. A rule that needs a pass, in a
 * course without an assessment, counts lessons only.
 */
export function evaluate(course: CompiledCourse, progress: Progress, masteryScore?: number): Outcome {
  // An LMS value that is not a fraction 0..1 (garbage, or 80 meant as percent) is not trusted: the course's applies.
  const valid = (m: number | undefined): m is number => typeof m === 'number' && Number.isFinite(m) && m >= 0 && m <= 1;
  const mastery = valid(masteryScore) ? masteryScore : course.settings.masteryScore;
  const lessons = lessonIds(course);
  const visited = new Set(progress.visited);
  const visitedCount = lessons.filter((id) => visited.has(id)).length;
  const allVisited = visitedCount === lessons.length;
  const assessed = hasAssessment(course);
  const submitted = assessed && progress.attemptsUsed > 0 && progress.score !== null;
  const passed = submitted ? reachesMastery(progress.score!, mastery) : undefined;

  const rule = assessed ? course.settings.completion : 'lessons';
  let completed: boolean;
  if (rule === 'lessons') completed = allVisited;
  else if (rule === 'pass') completed = passed === true;
  else completed = allVisited && passed === true;

  // Progress: lessons visited, plus the assessment as one more step (done once submitted where only lessons count,
  // once passed where the rule needs a pass).
  const steps = lessons.length + (assessed ? 1 : 0);
  const assessmentDone = assessed && (rule === 'lessons' ? submitted : passed === true);
  const done = visitedCount + (assessmentDone ? 1 : 0);
  const progressMeasure = completed ? 1 : steps === 0 ? 0 : Math.min(1, done / steps);

  const outcome: Outcome = {progressMeasure, completed};
  if (passed !== undefined) outcome.passed = passed;
  if (submitted) outcome.scaled = progress.score!;
  return outcome;
}
