/**
 * A course as a package sends it: `course.json` with its structure and no text, and each language's content in a
 * file of its own (`course.fr.json`), so that a launch downloads the one language it shows.
 */
import type {CompiledCourse, CourseContent, LessonBlock} from './types.js';

/** The file of a language's content, next to `course.json`. */
export const contentFile = (lang: string): string => `course.${lang}.json`;

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

/** The structure file's course (no text; `contentFiles` names each language's file) and each language's content. */
export function splitCourse(course: CompiledCourse): {structure: CompiledCourse; contents: Map<string, CourseContent>} {
  const first = course.content[course.languages[0]!]!;
  const structure: CompiledCourse = {
    ...course,
    content: {},
    structure: structureOf(first),
    contentFiles: Object.fromEntries(course.languages.map((l) => [l, contentFile(l)])),
  };
  return {structure, contents: new Map(course.languages.map((l) => [l, course.content[l]!]))};
}

/**
 * The whole course again from one sent without its text: each language's content from its file (`read` gives the
 * parsed file, or undefined where there is none). A whole course is returned as it is.
 */
export function joinCourse(course: CompiledCourse, read: (file: string) => unknown): CompiledCourse {
  if (!course.structure) return course;
  const {structure: _structure, contentFiles, ...rest} = course;
  const content: Record<string, CourseContent> = {...course.content};
  for (const lang of course.languages) {
    if (content[lang]) continue;
    const file = contentFiles?.[lang];
    const data = file ? read(file) : undefined;
    if (!data) throw new Error(`the course's ${lang} content (${file ?? 'no file named'}) is missing`);
    content[lang] = data as CourseContent;
  }
  return {...rest, content};
}
