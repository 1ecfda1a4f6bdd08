/**
 * Progress saved by one course version, made fit for another: what no longer exists is dropped, the rest is kept,
 * so a learner resumes after the course is updated in the LMS. Also the guard for progress from an unknown source
 * (another course's suspend data, a damaged copy): whatever does not belong to this course goes.
 */
import {
  choiceToRatings,
  defaultContent,
  hasAssessment,
  interactiveBlocks,
  lessonIds,
  LOCATION_ASSESSMENT,
  LOCATION_COMPLETE,
  LOCATION_RESULTS,
  ratingsToChoice,
  setOwn,
} from './rules.js';
import type {AttemptState, CompiledCourse, Progress} from './types.js';

/**
 * Progress for this course version: visited lessons, drawn questions, answers and choices that no longer exist are
 * dropped (an answer naming an option the question no longer has is dropped whole); a location that no longer
 * exists becomes the first unvisited lesson (or the assessment, or the first lesson). Attempts used, the best
 * score and `updated` are kept. Returns the same object where nothing had to change.
 */
export function migrateProgress(progress: Progress, course: CompiledCourse): Progress {
  const content = defaultContent(course);
  const lessons = lessonIds(course);
  const lessonSet = new Set(lessons);
  const assessed = hasAssessment(course);
  let changed = false;

  const visited = [...new Set(progress.visited.filter((id) => lessonSet.has(id)))];
  if (visited.length !== progress.visited.length) changed = true;

  let attempt: AttemptState | null = progress.attempt;
  if (attempt) {
    if (!assessed) {
      attempt = null;
      changed = true;
    } else {
      const bank = new Map(content.assessment!.questions.map((q) => [q.id, q]));
      const questions = [...new Set(attempt.questions.filter((id) => bank.has(id)))];
      const answers: Record<string, string[]> = {};
      let answersChanged = false;
      for (const [qid, options] of Object.entries(attempt.answers)) {
        const q = questions.includes(qid) ? bank.get(qid) : undefined;
        const ids = q ? new Set(q.options.map((o) => o.id)) : undefined;
        if (ids && options.every((o) => ids.has(o))) {
          setOwn(answers, qid, options);
        } else answersChanged = true;
      }
      if (answersChanged || questions.length !== attempt.questions.length) {
        changed = true;
        attempt = {...attempt, questions, answers};
        // An attempt in progress whose questions are all gone is no attempt: the learner starts a new one.
        if (questions.length === 0 && !attempt.submitted) attempt = null;
      }
    }
  }

  const blocks = interactiveBlocks(course);
  const choices: Record<string, string> = {};
  for (const [id, value] of Object.entries(progress.choices)) {
    const block = blocks.get(id);
    let keep: string | undefined;
    if (block?.type === 'decision') {
      keep = block.options.some((o) => o.id === value) ? value : undefined;
    } else if (block?.type === 'selfcheck') {
      const items = new Set(block.items.map((i) => i.id));
      const ratings = Object.fromEntries(
        Object.entries(choiceToRatings(value)).filter(([item, r]) => items.has(item) && r < block.scale.length),
      );
      keep = Object.keys(ratings).length ? ratingsToChoice(ratings) : undefined;
    }
    if (keep !== undefined) setOwn(choices, id, keep);
    if (keep !== value) changed = true;
  }

  let location = progress.location;
  const validLocation =
    location === null ||
    lessonSet.has(location) ||
    location === LOCATION_COMPLETE ||
    (assessed && (location === LOCATION_ASSESSMENT || location === LOCATION_RESULTS));
  if (!validLocation) {
    const seen = new Set(visited);
    location = lessons.find((id) => !seen.has(id)) ?? (assessed ? LOCATION_ASSESSMENT : (lessons[0] ?? null));
    changed = true;
  }

  const langOk = progress.lang === undefined || (course.languages as string[]).includes(progress.lang);
  if (!langOk) changed = true;

  if (!changed) return progress;
  const next: Progress = {...progress, location, visited, attempt, choices};
  if (!langOk) delete next.lang;
  return next;
}
