/**
 * The text of the assessment where a package sends it apart from its language's content (`questionFiles`, see
 * src/course/split.ts): fetched once the course is on screen, with the views (this module is part of them: the
 * first lesson needs none of it), again when the learner switches language, and again at Try again after a
 * failure. The element updates when a fetch settles.
 */
import type {Assessment, CompiledCourse} from '../../course/types.js';
import type {Failure, fetchJson as fetchJsonOf} from './course-load.js';

/** What the question text needs of the course loader. */
export interface QuestionSource {
  readonly loaded: CompiledCourse | null;
  /** the course's URL, against which its files resolve */
  readonly base: string;
}

export class QuestionText {
  private readonly here = new Set<string>();
  private readonly loading = new Map<string, Promise<Failure | null>>();
  private readonly failed = new Map<string, Failure>();

  constructor(
    private readonly source: QuestionSource,
    private readonly update: () => void,
    /** fetches a file of the course (course-load.ts, which views import only as types) */
    private readonly fetchJson: typeof fetchJsonOf,
  ) {}

  /** Whether the text of the assessment in `lang` has come. */
  has(lang: string): boolean {
    return this.here.has(lang);
  }

  /** Why the text of the assessment in `lang` could not be fetched, until it is asked for again; else null. */
  failure(lang: string): Failure | null {
    return this.failed.get(lang) ?? null;
  }

  /** Fetches the text of the assessment in `lang` where it is not here (once at a time): null once it is, else why not. */
  load(lang: string): Promise<Failure | null> {
    const course = this.source.loaded;
    const file = course?.questionFiles?.[lang];
    if (!course?.content[lang] || !file || this.here.has(lang)) return Promise.resolve(null);
    let loading = this.loading.get(lang);
    if (!loading) {
      if (this.failed.delete(lang)) this.update();
      loading = this.fetch(course, lang, file).then((failure) => {
        this.loading.delete(lang);
        if (failure) this.failed.set(lang, failure);
        this.update();
        return failure;
      });
      this.loading.set(lang, loading);
    }
    return loading;
  }

  private async fetch(course: CompiledCourse, lang: string, file: string): Promise<Failure | null> {
    let url: string;
    try {
      url = new URL(file, this.source.base).href;
    } catch {
      return {kind: 'broken', code: 'course-invalid', detail: `${file}: not a URL`};
    }
    const got = await this.fetchJson(url, file);
    if ('kind' in got) return got;
    const assessment = got.json as Assessment | null;
    if (!Array.isArray(assessment?.questions))
      return {kind: 'broken', code: 'course-invalid', detail: `${file}: not a course's questions`};
    course.content[lang]!.assessment = assessment;
    this.here.add(lang);
    return null;
  }
}
