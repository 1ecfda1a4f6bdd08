/**
 * The shapes of the course source files (docs/authoring.md), as strict zod schemas: an unknown key is an error.
 * Types and allowed values live here; rules that need context (ids, references, ranges with a suggestion) are
 * checked by the compiler after these, with the same places.
 */
import {z} from 'zod';

/** Prose in YAML: text; a bare number or `true` is taken as its text. */
const prose = z.union([z.string(), z.number(), z.boolean()]);
/** Text that must not be empty. */
const label = z.union([z.string().min(1), z.number()]);
const id = z.string();

export const COMPLETION = ['lessons', 'pass', 'lessons-and-pass'] as const;
export const SCORM12_REPORT = ['passed-failed', 'completed-incomplete', 'completed-failed'] as const;
export const SCORM2004_EXIT = ['none', 'exit', 'exitAll', 'suspendAll', 'continue'] as const;
export const MOVE_ON = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;

/** An objective: its text, or `{id, text}` so that questions can name it (`objectives: [id]`). */
const objective = z.union([prose, z.object({id, text: label}).strict()]);

/** The text keys of course.yaml: the ones a translation may set (a translation's objectives are text). */
const courseText = {
  title: label,
  description: prose,
  audience: prose.optional(),
  objectives: z.array(prose).optional(),
};

export const courseSchema = z
  .object({
    id,
    version: z.union([z.string(), z.number()]),
    iri: z.string().optional(),
    ...courseText,
    objectives: z.array(objective).optional(),
    minutes: z.number().int().positive().optional(),
    languages: z.array(z.string()).min(1).optional(),
    mastery: z.number().optional(),
    completion: z.enum(COMPLETION).optional(),
    'scorm12-report': z.enum(SCORM12_REPORT).optional(),
    'failed-is-incomplete': z.boolean().optional(),
    'scorm2004-exit': z.enum(SCORM2004_EXIT).optional(),
    'move-on': z.enum(MOVE_ON).optional(),
    'launch-method': z.enum(['AnyWindow', 'OwnWindow']).optional(),
    'max-asset-kb': z.number().int().positive().optional(),
  })
  .strict();

export const courseTranslationSchema = z
  .object({...courseText, title: label.optional(), description: prose.optional()})
  .strict();

export const frontMatterSchema = z.object({id, title: label}).strict();

export const decisionSchema = z
  .object({
    id,
    prompt: prose,
    options: z.array(z.object({id: id.optional(), text: label, consequence: prose}).strict()).min(2),
  })
  .strict();

export const figureSchema = z
  .object({
    id,
    image: z.string().min(1),
    alt: label,
    description: prose,
    labels: z.record(z.string(), label).optional(),
  })
  .strict();

export const selfCheckSchema = z
  .object({
    id,
    title: label,
    scale: z.array(label).min(2),
    items: z.array(z.object({id, text: label, area: label.optional()}).strict()).min(1),
    bands: z.array(z.object({upTo: z.number(), label, advice: prose.optional()}).strict()).min(1),
  })
  .strict();

const optionSchema = z
  .object({id: id.optional(), text: label, correct: z.boolean().optional(), feedback: prose.optional()})
  .strict();

const trueFalseFeedback = z.object({true: prose.optional(), false: prose.optional()}).strict();

export const QUESTION_TYPES = ['single', 'multiple', 'truefalse'] as const;

export const questionSchema = z
  .object({
    id,
    type: z.enum(QUESTION_TYPES).optional(),
    prompt: prose,
    options: z.array(optionSchema).min(2).optional(),
    answer: z.boolean().optional(),
    feedback: trueFalseFeedback.optional(),
    objectives: z.array(id).optional(),
  })
  .strict();

export const assessmentSchema = z
  .object({
    draw: z.number().int().positive().optional(),
    attempts: z.number().int().nonnegative().optional(),
    shuffle: z.boolean().optional(),
    questions: z.array(questionSchema).min(1),
  })
  .strict();

export const assessmentTranslationSchema = z
  .object({
    questions: z.array(
      z
        .object({
          id,
          prompt: prose,
          options: z.array(z.object({id: id.optional(), text: label, feedback: prose.optional()}).strict()).optional(),
          feedback: trueFalseFeedback.optional(),
        })
        .strict(),
    ),
  })
  .strict();
