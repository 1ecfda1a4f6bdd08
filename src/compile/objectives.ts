/**
 * The course's objectives and the questions that assess them: an objective in course.yaml may carry an id
 * (`- id: align, text: ...`), and a question names the objectives it assesses (`objectives: [align]`).
 * Each objective should be assessed by at least two questions, so that one guessed answer does not decide it.
 */
import {checkId, IdScope} from './ids.js';
import {asArray, asRecord, str} from './lessons.js';
import {closest, type Problems} from './problems.js';
import type {YamlFile} from './yaml.js';

/** Questions an objective should be assessed by. */
export const QUESTIONS_PER_OBJECTIVE = 2;

/** The text of an objective as written: plain text, or the `text:` of `{id, text}`. */
export function objectiveText(o: unknown): string {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? str(asRecord(o).text).trim() : str(o).trim();
}

/**
 * Check the objectives' ids and the questions' `objectives:`: an unknown objective named by a question is an error;
 * an objective assessed by fewer than two questions is a warning at the objective. Only for a course with an
 * assessment (`assessment` is the parsed assessment.yaml, or null).
 */
export function checkObjectives(course: YamlFile, assessment: YamlFile | null, problems: Problems): void {
  const objectives = asArray(asRecord(course.data).objectives);
  const ids = new IdScope('objective', problems);
  const named = new Map<string, string[]>();
  objectives.forEach((o, i) => {
    const id = asRecord(o).id;
    if (typeof id !== 'string') return;
    const place = course.valueAt(['objectives', i, 'id']);
    if (checkId(id, 'objective', place, problems) && ids.add(id, place)) named.set(id, []);
  });
  if (!assessment) return;

  asArray(asRecord(assessment.data).questions).forEach((raw, qi) => {
    const q = asRecord(raw);
    const qid = str(q.id) || `number ${qi + 1}`;
    asArray(q.objectives).forEach((oid, oi) => {
      const place = assessment.valueAt(['questions', qi, 'objectives', oi]);
      const list = named.get(str(oid));
      if (list) {
        if (!list.includes(qid)) list.push(qid);
        return;
      }
      const near = closest(str(oid), [...named.keys()]);
      problems.error(
        place,
        'unknown-objective',
        `Question \`${qid}\` names the objective \`${str(oid)}\`, which course.yaml does not have`,
        near
          ? `Did you mean \`${near}\`?`
          : named.size
            ? `The objectives' ids: ${[...named.keys()].map((k) => `\`${k}\``).join(', ')}.`
            : 'Give each objective in course.yaml an id: `- id: align` and `text: ...`.',
      );
    });
  });

  objectives.forEach((o, i) => {
    const id = asRecord(o).id;
    const text = objectiveText(o);
    const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
    if (typeof id !== 'string') {
      problems.warn(
        course.valueAt(['objectives', i]),
        'objective-unassessed',
        `The objective "${short}" is assessed by no question`,
        'Give it an id (`- id: a-short-id` with `text: ...`) and name it in the questions that assess it: `objectives: [a-short-id]`.',
      );
      return;
    }
    const questions = named.get(id);
    if (!questions || questions.length >= QUESTIONS_PER_OBJECTIVE) return;
    problems.warn(
      course.valueAt(['objectives', i, 'id']),
      'objective-unassessed',
      questions.length
        ? `The objective \`${id}\` is assessed by one question only (\`${questions[0]}\`)`
        : `The objective \`${id}\` is assessed by no question`,
      `Name it in at least ${QUESTIONS_PER_OBJECTIVE} questions of assessment.yaml: \`objectives: [${id}]\`.`,
    );
  });
}
