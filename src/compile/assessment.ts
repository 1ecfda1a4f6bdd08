/** assessment.yaml: the question bank, and its translations. */
import type {MarkdownIt} from 'markdown-it';
import type {Assessment, Question, QuestionOption, QuestionType} from '../course/types.js';
import {countWords, type TextSource} from './html.js';
import {IdScope, checkId} from './ids.js';
import {asArray, asRecord, letterId, prose, str} from './lessons.js';
import {assessmentSchema, assessmentTranslationSchema} from './schemas.js';

/** Attempts a learner has where `assessment.yaml` does not say (0 there: unlimited). */
export const DEFAULT_ATTEMPTS = 3;
import {validate, type YamlFile} from './yaml.js';

export const DESCRIPTION_MAX = 250;

/** Plain text cut to `max` characters at a word boundary where possible, with an ellipsis when cut. */
export function cut(text: string, max = DESCRIPTION_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

export interface BuiltAssessment {
  assessment: Assessment;
  /** words of the prompts and options (for reading-time estimates) */
  words: number;
}

/** Build the default language's assessment. */
export function buildAssessment(md: MarkdownIt, yaml: YamlFile, src: Omit<TextSource, 'at'>): BuiltAssessment {
  const {problems} = src;
  validate(yaml, assessmentSchema, problems, {
    missingHints: {
      questions: 'Add `questions:` with at least one question (see docs/authoring.md).',
      id: 'Add `id: a-stable-id` (lowercase letters, digits and hyphens). Answers are saved against it: keep it when you edit the question.',
    },
  });
  const a = asRecord(yaml.data);
  const questionIds = new IdScope('question', problems);
  let words = 0;
  const questions: Question[] = asArray(a.questions).map((raw, qi) => {
    const q = asRecord(raw);
    const id = str(q.id);
    if (q.id !== undefined) {
      checkId(id, 'question', yaml.valueAt(['questions', qi, 'id']), problems);
      questionIds.add(id, yaml.valueAt(['questions', qi, 'id']));
    }
    const prompt = prose(md, yaml, ['questions', qi, 'prompt'], q.prompt, src, true);
    words += countWords(prompt.text);
    const declared = typeof q.type === 'string' ? (q.type as QuestionType) : undefined;
    const isTrueFalse =
      declared === 'truefalse' || (declared === undefined && q.answer !== undefined && q.options === undefined);
    const name = id ? `\`${id}\`` : `number ${qi + 1}`;
    let options: QuestionOption[];
    let type: QuestionType;
    if (isTrueFalse) {
      type = 'truefalse';
      if (q.options !== undefined) {
        problems.error(
          yaml.keyAt(['questions', qi], 'options'),
          'invalid-value',
          `The true/false question ${name} takes \`answer:\`, not options`,
          'Write `answer: true` (or false) and `feedback: {true: ..., false: ...}`; or make it `type: single` with options.',
        );
      }
      if (typeof q.answer !== 'boolean') {
        problems.error(
          yaml.keyAt(['questions', qi], 'id'),
          'no-correct-answer',
          `The true/false question ${name} has no answer`,
          'Add `answer: true` or `answer: false`.',
        );
      }
      const fb = asRecord(q.feedback);
      options = (['true', 'false'] as const).map((v) => ({
        id: v,
        text: '',
        correct: q.answer === (v === 'true'),
        feedback: prose(md, yaml, ['questions', qi, 'feedback', v], fb[v] ?? '', src, false).html,
      }));
    } else {
      if (q.answer !== undefined) {
        problems.error(
          yaml.keyAt(['questions', qi], 'answer'),
          'invalid-value',
          `\`answer:\` is for true/false questions; ${name} has options`,
          'Mark the right option(s) with `correct: true` instead.',
        );
      }
      if (q.feedback !== undefined) {
        problems.error(
          yaml.keyAt(['questions', qi], 'feedback'),
          'invalid-value',
          `Question ${name}: feedback belongs on each option`,
          'Move the text to `feedback:` under the option it answers.',
        );
      }
      if (q.options === undefined) {
        problems.error(
          yaml.at(['questions', qi]),
          'missing-key',
          `The question ${name} has no options`,
          'Add `options:` (two or more, each with `text:`; mark the right one with `correct: true`), or make it a true/false question with `answer:`.',
        );
      }
      const optionIds = new IdScope('option', problems);
      const rawOptions = asArray(q.options);
      // Explicit ids first, so that a default letter never hides a clash with a named option.
      rawOptions.forEach((o, oi) => {
        const r = asRecord(o);
        if (typeof r.id === 'string') {
          checkId(r.id, 'option', yaml.valueAt(['questions', qi, 'options', oi, 'id']), problems);
          optionIds.add(r.id, yaml.valueAt(['questions', qi, 'options', oi, 'id']));
        }
      });
      options = rawOptions.map((o, oi) => {
        const r = asRecord(o);
        const path = ['questions', qi, 'options', oi];
        let oid = typeof r.id === 'string' ? r.id : letterId(oi);
        if (typeof r.id !== 'string' && optionIds.has(oid)) {
          problems.error(
            yaml.at(path),
            'duplicate-id',
            `Option ${oi + 1} of ${name} would get the id \`${oid}\`, which another option names`,
            'Give this option its own `id:` too, or rename the other.',
          );
          oid = `${oid}-${oi}`;
        }
        const text = prose(md, yaml, [...path, 'text'], r.text, src, false);
        words += countWords(text.text);
        return {
          id: oid,
          text: text.html,
          correct: r.correct === true,
          feedback: prose(md, yaml, [...path, 'feedback'], r.feedback ?? '', src, false).html,
        };
      });
      const correct = options.filter((o) => o.correct).length;
      type = declared ?? (correct > 1 ? 'multiple' : 'single');
      if (options.length && correct === 0) {
        problems.error(
          yaml.keyAt(['questions', qi], 'id'),
          'no-correct-answer',
          `The question ${name} has no correct option`,
          'Mark the right option with `correct: true`.',
        );
      } else if (type === 'single' && correct > 1) {
        const second = rawOptions.findIndex(
          (o, oi) => asRecord(o).correct === true && options.slice(0, oi).some((p) => p.correct),
        );
        problems.error(
          yaml.keyAt(['questions', qi, 'options', second], 'correct'),
          'too-many-correct',
          `The single-choice question ${name} has ${correct} correct options`,
          'A single-choice question has exactly one correct option: unmark the others, or set `type: multiple`.',
        );
      }
    }
    return {id, type, prompt: prompt.html, options, description: cut(prompt.text)};
  });
  const count = questions.length;
  let draw = typeof a.draw === 'number' ? a.draw : count;
  if (typeof a.draw === 'number' && count > 0 && a.draw > count) {
    problems.error(
      yaml.valueAt(['draw']),
      'draw-too-large',
      `draw is ${a.draw} but the bank has ${count} question${count === 1 ? '' : 's'}`,
      `Set \`draw: ${count}\` (or leave it out to draw all), or add questions.`,
    );
    draw = count;
  }
  return {
    assessment: {
      draw,
      attempts: typeof a.attempts === 'number' ? a.attempts : DEFAULT_ATTEMPTS,
      shuffle: typeof a.shuffle === 'boolean' ? a.shuffle : true,
      questions,
    },
    words,
  };
}

/** A translation of the assessment: same questions and options, text from the translation, the rest from `base`. */
export function translateAssessment(
  md: MarkdownIt,
  base: Assessment,
  yaml: YamlFile,
  src: Omit<TextSource, 'at'>,
  defaultFile: string,
): Assessment {
  const {problems} = src;
  validate(yaml, assessmentTranslationSchema, problems, {translationOf: assessmentSchema, defaultFile});
  const t = asRecord(yaml.data);
  const entries = new Map<string, {raw: Record<string, unknown>; index: number}>();
  const seen = new IdScope('question', problems);
  asArray(t.questions).forEach((raw, index) => {
    const r = asRecord(raw);
    const id = str(r.id);
    if (!id) return;
    if (!seen.add(id, yaml.valueAt(['questions', index, 'id']))) return;
    if (!base.questions.some((q) => q.id === id)) {
      // the default bank could not be read: its problems are reported there
      if (!base.questions.length || base.questions.some((q) => !q.id)) return;
      problems.error(
        yaml.valueAt(['questions', index, 'id']),
        'translation-extra',
        `There is no question \`${id}\` in ${defaultFile}`,
        'Use the same question ids as the default language; remove this one or correct its id.',
      );
      return;
    }
    entries.set(id, {raw: r, index});
  });
  const questions = base.questions.map((q) => {
    const entry = entries.get(q.id);
    if (!entry) {
      problems.error(
        yaml.keyAt([], 'questions'),
        'translation-missing',
        `The question \`${q.id}\` is not translated`,
        `Add it with \`id: ${q.id}\`, its prompt and its options in the order of ${defaultFile}.`,
      );
      return q;
    }
    const {raw, index} = entry;
    const path = ['questions', index];
    const prompt =
      raw.prompt === undefined
        ? {html: q.prompt, text: q.description}
        : prose(md, yaml, [...path, 'prompt'], raw.prompt, src, true);
    let options: QuestionOption[];
    if (q.type === 'truefalse') {
      if (raw.options !== undefined) {
        problems.error(
          yaml.keyAt(path, 'options'),
          'translation-mismatch',
          `\`${q.id}\` is a true/false question in ${defaultFile}: it has no options`,
          'Translate its feedback as `feedback: {true: ..., false: ...}`.',
        );
      }
      const fb = asRecord(raw.feedback);
      options = q.options.map((o) => {
        const v = o.id as 'true' | 'false';
        if (o.feedback && fb[v] === undefined) {
          problems.error(
            yaml.valueAt([...path, 'feedback']),
            'translation-missing',
            `The \`${v}\` feedback of \`${q.id}\` is not translated`,
            `Add \`feedback: {${v}: ...}\`.`,
          );
        }
        return {
          ...o,
          feedback:
            fb[v] === undefined ? o.feedback : prose(md, yaml, [...path, 'feedback', v], fb[v], src, false).html,
        };
      });
    } else {
      if (raw.feedback !== undefined) {
        problems.error(
          yaml.keyAt(path, 'feedback'),
          'translation-mismatch',
          `Question \`${q.id}\`: feedback belongs on each option`,
          'Move the text to `feedback:` under the option it answers.',
        );
      }
      const list = asArray(raw.options);
      if (raw.options === undefined) {
        problems.error(
          yaml.at(path),
          'translation-missing',
          `The options of \`${q.id}\` are not translated`,
          `Add \`options:\` with the ${q.options.length} options of ${defaultFile}, in the same order.`,
        );
      } else if (list.length < q.options.length) {
        const missing = q.options
          .slice(list.length)
          .map((o) => `\`${o.id}\``)
          .join(', ');
        problems.error(
          yaml.valueAt([...path, 'options']),
          'translation-missing',
          `\`${q.id}\` has ${q.options.length} options in ${defaultFile} but ${list.length} here (missing: ${missing})`,
          'Translate every option, in the same order as the default language.',
        );
      } else if (list.length > q.options.length) {
        problems.error(
          yaml.valueAt([...path, 'options', q.options.length]),
          'translation-extra',
          `\`${q.id}\` has only ${q.options.length} options in ${defaultFile}`,
          'Remove the extra options; options are matched by position.',
        );
      }
      options = q.options.map((o, oi) => {
        if (oi >= list.length) return o;
        const r = asRecord(list[oi]);
        const opath = [...path, 'options', oi];
        if (r.id !== undefined && r.id !== o.id) {
          problems.error(
            yaml.valueAt([...opath, 'id']),
            'translation-mismatch',
            `Option ${oi + 1} of \`${q.id}\` is \`${o.id}\` in ${defaultFile}, not \`${str(r.id)}\``,
            'Options are matched by position: keep the order and ids of the default language.',
          );
        }
        if (o.feedback && r.feedback === undefined) {
          problems.error(
            yaml.at(opath),
            'translation-missing',
            `The feedback of option \`${o.id}\` of \`${q.id}\` is not translated`,
            'Add `feedback: ...` to this option.',
          );
        }
        return {
          id: o.id,
          text: r.text === undefined ? o.text : prose(md, yaml, [...opath, 'text'], r.text, src, false).html,
          correct: o.correct,
          feedback:
            r.feedback === undefined
              ? o.feedback
              : prose(md, yaml, [...opath, 'feedback'], r.feedback, src, false).html,
        };
      });
    }
    return {id: q.id, type: q.type, prompt: prompt.html, options, description: cut(prompt.text)};
  });
  return {draw: base.draw, attempts: base.attempts, shuffle: base.shuffle, questions};
}
