/**
 * A course as a package sends it: `course.json` with its structure and no text, and each language's content in a
 * file of its own (`course.fr.json`), so that a launch downloads the one language it shows; the text of the
 * assessment in a third file (`course.fr.questions.json`), so that the first lesson does not wait for it.
 */
import type {Assessment, CompiledCourse, CourseContent, LessonBlock} from './types.js';

/** The file of a language's content, next to `course.json`. */
export const contentFile = (lang: string): string => `course.${lang}.json`;

/** The file of a language's assessment text, next to `course.json`. */
export const questionFile = (lang: string): string => `course.${lang}.questions.json`;

/** The course's shape without its text: ids, types, answers, minutes, bands; the course and lesson titles kept. */
export function structureOf(content: CourseContent): CourseContent {
  const block = (b: LessonBlock): LessonBlock =>
    b.type === 'html'
      ? {...b, html: ''}
      : b.type === 'decision'
        ? {...b, prompt: '', options: b.options.map((o) => ({...o, text: '', consequence: ''}))}
        : {
            ...b,
            title: '',
            scale: b.scale.map(() => ''),
            items: b.items.map((i) => ({...i, text: ''})),
            bands: b.bands.map((x) => ({...x, label: '', advice: ''})),
          };
  return {
    title: content.title,
    description: '',
    audience: '',
    objectives: content.objectives.map(() => ''),
    lessons: content.lessons.map((l) => ({...l, blocks: l.blocks.map(block)})),
    assessment: content.assessment && {
      ...content.assessment,
      questions: content.assessment.questions.map((q) => ({
        ...q,
        prompt: '',
        description: '',
        options: q.options.map((o) => ({...o, text: '', feedback: ''})),
      })),
    },
  };
}

/**
 * The structure file's course (no text; `contentFiles` names each language's file, `questionFiles` the file of its
 * assessment where the course has one), each language's content (its assessment left out where it has a file of
 * its own) and each language's assessment.
 */
export function splitCourse(course: CompiledCourse): {
  structure: CompiledCourse;
  contents: Map<string, Partial<CourseContent>>;
  questions: Map<string, Assessment>;
} {
  const first = course.content[course.languages[0]!]!;
  const withQuestions = course.languages.filter((l) => course.content[l]!.assessment);
  const structure: CompiledCourse = {
    ...course,
    content: {},
    structure: structureOf(first),
    contentFiles: Object.fromEntries(course.languages.map((l) => [l, contentFile(l)])),
    ...(withQuestions.length
      ? {questionFiles: Object.fromEntries(withQuestions.map((l) => [l, questionFile(l)]))}
      : {}),
  };
  const contents = new Map<string, Partial<CourseContent>>();
  const questions = new Map<string, Assessment>();
  for (const lang of course.languages) {
    const {assessment, ...text} = course.content[lang]!;
    contents.set(lang, assessment ? text : {...text, assessment});
    if (assessment) questions.set(lang, assessment);
  }
  return {structure, contents, questions};
}

/**
 * The whole course again from one sent without its text: each language's content (and assessment) from its file
 * (`read` gives the parsed file, or undefined where there is none). A whole course is returned as it is.
 */
export function joinCourse(course: CompiledCourse, read: (file: string) => unknown): CompiledCourse {
  if (!course.structure) return course;
  const {structure: _structure, contentFiles, questionFiles, ...rest} = course;
  const content: Record<string, CourseContent> = {...course.content};
  const need = (lang: string, what: string, file: string | undefined): unknown => {
    const data = file ? read(file) : undefined;
    if (!data) throw new Error(`the course's ${lang} ${what} (${file ?? 'no file named'}) is missing`);
    return data;
  };
  for (const lang of course.languages) {
    if (content[lang]) continue;
    const text = need(lang, 'content', contentFiles?.[lang]) as CourseContent;
    const questions = questionFiles?.[lang];
    content[lang] = questions ? {...text, assessment: need(lang, 'questions', questions) as Assessment} : text;
  }
  return {...rest, content};
}
