/**
 * The content model: what the compiler produces from `courses/<id>/` and what the player renders.
 * Pure data, shared by Node (compile, package, preview) and the browser (player, trackers). No DOM, no I/O.
 */

/** The six official languages of the United Nations. */
export const UN_LANGUAGES = ['ar', 'en', 'es', 'fr', 'ru', 'zh'] as const;
export type Lang = (typeof UN_LANGUAGES)[number];

/** How the course decides that it is complete. */
export type CompletionRule =
  /** every lesson visited */
  | 'lessons'
  /** the assessment passed (score >= mastery) */
  | 'pass'
  /** every lesson visited and the assessment passed */
  | 'lessons-and-pass';

/**
 * How SCORM 1.2's single `cmi.core.lesson_status` reports the end of the course. LMSs disagree on which
 * values count as done, so the course owner picks (as Articulate and Adapt let them).
 */
export type Scorm12Report = 'passed-failed' | 'completed-incomplete' | 'completed-failed';

/** The `adl.nav.request` the exit button sends in SCORM 2004 (checked against `adl.nav.request_valid.*`). */
export type Scorm2004ExitRequest = 'none' | 'exit' | 'exitAll' | 'suspendAll' | 'continue';

/** cmi5's moveOn (cmi5 13.1.4): what satisfies the AU for the LMS. */
export type MoveOn = 'Completed' | 'Passed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';

export interface CourseSettings {
  /** Scaled 0..1. The LMS's own mastery score, where it sets one, overrides this. */
  masteryScore: number;
  completion: CompletionRule;
  scorm12Report: Scorm12Report;
  /** Leave a failed learner `incomplete` (no failed status) so LMSs that lock failed attempts allow a retry. */
  failedIsIncomplete: boolean;
  scorm2004ExitRequest: Scorm2004ExitRequest;
  /** cmi5.xml's moveOn where the course sets one (`move-on`); otherwise it follows `completion` */
  moveOn?: MoveOn;
  /** cmi5.xml's launchMethod where the course sets one (`launch-method`); otherwise AnyWindow */
  launchMethod?: 'AnyWindow' | 'OwnWindow';
  /** Largest asset a course accepts, in bytes (the packager refuses bigger ones). */
  maxAssetBytes: number;
}

/** A choice inside a lesson: a decision scenario, not scored. */
export interface DecisionBlock {
  type: 'decision';
  id: string;
  /** sanitized HTML */
  prompt: string;
  options: {id: string; text: string; consequence: string}[];
}

/** A self-assessment inside a lesson: rated statements that give a profile, not scored toward the pass mark. */
export interface SelfCheckBlock {
  type: 'selfcheck';
  id: string;
  title: string;
  /** labels of the rating scale, lowest first; an answer is its index */
  scale: string[];
  items: {id: string; text: string; area: string}[];
  /** ordered by `upTo` ascending; the first band whose upTo >= the area's mean (scaled 0..1) applies */
  bands: {upTo: number; label: string; advice: string}[];
}

export interface HtmlBlock {
  type: 'html';
  /** sanitized HTML made from Markdown at build time */
  html: string;
}

export type LessonBlock = HtmlBlock | DecisionBlock | SelfCheckBlock;

export interface Lesson {
  /** stable across versions and languages: progress and statements refer to it */
  id: string;
  title: string;
  /** estimated reading minutes, computed from words */
  minutes: number;
  blocks: LessonBlock[];
}

export type QuestionType = 'single' | 'multiple' | 'truefalse';

export interface QuestionOption {
  /** stable: `a`, `b`, … by position unless the author names it; `true` / `false` for true/false questions */
  id: string;
  /** sanitized inline HTML; empty for true/false (the player labels them in the learner's language) */
  text: string;
  correct: boolean;
  /** sanitized inline HTML shown after the answer when this option was chosen */
  feedback: string;
}

export interface Question {
  /** stable across versions and languages */
  id: string;
  type: QuestionType;
  /** sanitized HTML */
  prompt: string;
  options: QuestionOption[];
  /** plain text, at most 250 characters: the SCORM 2004 interaction description */
  description: string;
}

export interface Assessment {
  /** how many questions each attempt draws from the bank (<= questions.length) */
  draw: number;
  /** attempts allowed; 0 means unlimited */
  attempts: number;
  /** draw in random order (true) or take the first `draw` questions in bank order (false) */
  shuffle: boolean;
  questions: Question[];
}

/** The text of a course in one language. Ids and structure are the same in every language. */
export interface CourseContent {
  title: string;
  description: string;
  audience: string;
  objectives: string[];
  lessons: Lesson[];
  assessment: Assessment | null;
  /** the terms the course defines and the shared terms it uses, in the language's alphabetical order */
  glossary?: GlossaryEntry[];
}

/** A term of the learner's glossary. */
export interface GlossaryEntry {
  id: string;
  term: string;
  /** inline HTML */
  definition: string;
}

export interface CompiledCourse {
  /** the schema version of this JSON */
  schema: 1;
  /** the course id: `[a-z0-9][a-z0-9-]*`, stable across versions */
  id: string;
  /** semantic version */
  version: string;
  /** the IRI LMSs and LRSs key on; stable across versions */
  iri: string;
  /** estimated minutes */
  minutes: number;
  /** languages with content, the default first */
  languages: Lang[];
  settings: CourseSettings;
  content: Partial<Record<Lang, CourseContent>> & Record<string, CourseContent>;
  /** asset paths relative to the course root, e.g. `assets/map.png`, sorted */
  assets: string[];
  /** the longest suspend string this course can produce (computed by the compiler with the state codec) */
  worstCaseStateLength: number;
  /**
   * A package's `course.json` carries no text, so that a launch downloads one language: `structure` is the course's
   * shape (ids, types, correct answers, minutes, and the course and lesson titles of the default language) with
   * every other text empty, `content` starts empty, and each language's content is in its own file, named here
   * relative to `course.json`, fetched when that language is shown.
   */
  structure?: CourseContent;
  /** language -> the file of its content (`course.fr.json`), relative to the course's URL; with `structure` */
  contentFiles?: Record<string, string>;
  /**
   * language -> the file of its assessment's text (`course.fr.questions.json`: the {@link Assessment}), where the
   * content file comes without it: the first lesson does not wait for the questions (about half of a language's
   * text), which the player fetches once the course is on screen. With `structure`.
   */
  questionFiles?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------------------------
// Progress: the learner's state. Small, plain, keyed by stable ids so a new course version resumes it.

export interface AttemptState {
  /** question ids drawn for this attempt, in the order shown */
  questions: string[];
  /** question id -> chosen option ids (submitted answers only) */
  answers: Record<string, string[]>;
  /** true once the attempt is submitted and scored; until then it is the attempt in progress */
  submitted?: boolean;
  /**
   * the attempt's seed (an unsigned 32-bit integer, drawn when it starts): its questions and the order of each
   * question's options derive from it, so a resumed attempt shows them as before. Absent in attempts saved before
   * options were shuffled: those keep the bank's order.
   */
  seed?: number;
}

export interface Progress {
  /** where the learner is: a lesson id, `assessment`, `results` or `complete`; null before the first step */
  location: string | null;
  /** lesson ids visited, in first-visit order */
  visited: string[];
  /** the attempt in progress, or the last one when submitted */
  attempt: AttemptState | null;
  /** attempts submitted */
  attemptsUsed: number;
  /** scaled 0..1 of the best submitted attempt; null before the first */
  score: number | null;
  /** decision and self-check choices: block id -> option id or item ratings (`itemId:rating`) */
  choices: Record<string, string>;
  /** the learner's own language choice in the course, if any */
  lang?: string;
  /** ms since epoch of the last change: the newer of two copies wins */
  updated: number;
}

/** What a tracker returns from `begin()`: progress plus where it came from. */
export interface SavedProgress {
  progress: Progress;
  /** the course version the progress was saved by */
  courseVersion?: string;
}

/** The outcome the rules compute from a course and a progress. */
export interface Outcome {
  /** 0..1: lessons visited and assessment done, for `cmi.progress_measure` and xAPI progress */
  progressMeasure: number;
  completed: boolean;
  /** undefined while the assessment has not been submitted (or the course has none) */
  passed?: boolean;
  /** scaled 0..1, undefined before the first submitted attempt */
  scaled?: number;
}
