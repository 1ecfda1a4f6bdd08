/**
 * compileCourse: a course folder (docs/authoring.md) -> one CompiledCourse, or every problem found. Reads files,
 * writes nothing.
 */
import {readFile, readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import type {MarkdownIt} from 'markdown-it';
import {worstCaseStateLength} from '../course/codec.js';
import {SPECIAL_LOCATIONS} from '../course/rules.js';
import {
  UN_LANGUAGES,
  type Assessment,
  type CompiledCourse,
  type CompletionRule,
  type CourseContent,
  type CourseSettings,
  type DecisionBlock,
  type Lang,
  type Lesson,
  type LessonBlock,
  type Scorm12Report,
  type Scorm2004ExitRequest,
  type SelfCheckBlock,
} from '../course/types.js';
import {buildAssessment, translateAssessment} from './assessment.js';
import {createMarkdown, type TextSource} from './html.js';
import {IdScope, checkId} from './ids.js';
import {
  asArray,
  asRecord,
  readLesson,
  renderLesson,
  str,
  type BlockSource,
  type LessonSource,
  type RenderedLesson,
} from './lessons.js';
import {Problems, closest, sortProblems, type Place, type Problem} from './problems.js';
import {References, toPosix} from './refs.js';
import {courseSchema, courseTranslationSchema} from './schemas.js';
import {parseYaml, validate, type YamlFile} from './yaml.js';

export type CompileResult =
  {ok: true; course: CompiledCourse; warnings: Problem[]} | {ok: false; problems: Problem[]; warnings: Problem[]};

/** SCORM 1.2 `cmi.suspend_data` holds 4,096 characters (CMIString4096); the smallest limit of all formats. */
export const STATE_LIMIT = 4096;
export const DEFAULT_MASTERY = 0.8;
export const DEFAULT_MAX_ASSET_KB = 2048;
/** reading speed for the estimated minutes */
export const WORDS_PER_MINUTE = 200;
/** minutes per question drawn, for the estimated course minutes */
export const MINUTES_PER_QUESTION = 1;

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const LANGUAGE_NAMES: Record<string, Lang> = {
  arabic: 'ar',
  english: 'en',
  spanish: 'es',
  french: 'fr',
  russian: 'ru',
  chinese: 'zh',
  ara: 'ar',
  eng: 'en',
  spa: 'es',
  esp: 'es',
  fra: 'fr',
  fre: 'fr',
  rus: 'ru',
  zho: 'zh',
  chi: 'zh',
  cn: 'zh',
};

const KNOWN_ENTRIES = new Set(['course.yaml', 'assessment.yaml', 'lessons', 'assets']);

/** Compile the course in `dir`. File names in problems are `dir` joined with the file, as the caller wrote `dir`. */
export async function compileCourse(dir: string): Promise<CompileResult> {
  const c = new CourseCompiler(dir);
  try {
    return await c.run();
  } catch (e) {
    // A bug in the compiler must not hide the problems already found.
    c.problems.error(
      {file: c.display('course.yaml')},
      'read-error',
      `The compiler failed: ${(e as Error).stack ?? String(e)}`,
    );
    return {ok: false, problems: sortProblems(c.problems.errors), warnings: sortProblems(c.problems.warnings)};
  }
}

interface LanguageLessons {
  sources: LessonSource[];
  byFile: Map<string, string>;
}

class CourseCompiler {
  readonly problems = new Problems();
  readonly absDir: string;
  readonly md: MarkdownIt = createMarkdown();
  refs!: References;

  constructor(readonly dir: string) {
    this.absDir = path.resolve(dir);
  }

  display(rel: string): string {
    return path.join(this.dir, rel);
  }

  private abs(rel: string): string {
    return path.join(this.absDir, rel);
  }

  private async readText(rel: string): Promise<string | null> {
    try {
      return await readFile(this.abs(rel), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.problems.error({file: this.display(rel)}, 'read-error', `Cannot read the file: ${(e as Error).message}`);
      }
      return null;
    }
  }

  private async list(rel: string): Promise<string[] | null> {
    try {
      return (await readdir(this.abs(rel))).sort(byCodePoint);
    } catch {
      return null;
    }
  }

  private async isDir(rel: string): Promise<boolean> {
    try {
      return (await stat(this.abs(rel))).isDirectory();
    } catch {
      return false;
    }
  }

  private textSource(
    file: string,
    absFile: string,
    lang: string | null,
    lessons: ReadonlyMap<string, string>,
  ): Omit<TextSource, 'at'> {
    return {problems: this.problems, refs: this.refs, file, absFile, lang, lessons};
  }

  async run(): Promise<CompileResult> {
    const {problems} = this;
    const folder = path.basename(this.absDir);
    if (!(await this.isDir('.'))) {
      problems.error(
        {file: this.dir},
        'missing-file',
        'The course folder does not exist',
        'Give the path of a folder that holds course.yaml.',
      );
      return this.fail();
    }

    // course.yaml
    const courseFile = this.display('course.yaml');
    const courseText = await this.readText('course.yaml');
    let cy: YamlFile | null = null;
    if (courseText === null) {
      problems.error(
        {file: courseFile},
        'missing-file',
        'The course has no course.yaml',
        `Create ${courseFile} with at least id, version, title and description (see docs/authoring.md).`,
      );
    } else {
      cy = parseYaml(courseFile, courseText, problems);
      if (cy)
        validate(cy, courseSchema, problems, {
          missingHints: {id: `Add \`id: ${folder}\` (the folder name).`, version: 'Add `version: 1.0.0`.'},
        });
    }
    const c = asRecord(cy?.data);
    const at = (key: string): Place => (cy ? cy.valueAt([key]) : {file: courseFile});

    const id = str(c.id);
    if (c.id !== undefined && typeof c.id === 'string') {
      if (checkId(id, 'course', at('id'), problems) && id !== folder) {
        problems.error(
          at('id'),
          'id-mismatch',
          `The course id \`${id}\` is not the folder name \`${folder}\``,
          `Rename the folder to \`${id}\`, or set \`id: ${folder}\`. The id never changes after a release: LMSs and saved progress are keyed on it.`,
        );
      }
    }
    const version = typeof c.version === 'number' ? (cy?.source(['version']) ?? String(c.version)) : str(c.version);
    if (c.version !== undefined && !SEMVER.test(version)) {
      problems.error(
        at('version'),
        'invalid-version',
        `\`${version}\` is not a semantic version (major.minor.patch)`,
        `Write it with three numbers, e.g. \`version: ${suggestVersion(version)}\`${typeof c.version === 'number' ? ' (as text: YAML reads 1.0 as a number)' : ''}.`,
      );
    }

    // languages
    const languages: Lang[] = [];
    if (Array.isArray(c.languages)) {
      c.languages.forEach((raw, i) => {
        const code = str(raw);
        const place = cy!.valueAt(['languages', i]);
        if (!(UN_LANGUAGES as readonly string[]).includes(code)) {
          const lower = code.toLowerCase();
          const guess = (UN_LANGUAGES as readonly string[]).includes(lower)
            ? lower
            : (LANGUAGE_NAMES[lower] ??
              LANGUAGE_NAMES[lower.split(/[-_]/)[0]] ??
              ((UN_LANGUAGES as readonly string[]).includes(lower.split(/[-_]/)[0])
                ? lower.split(/[-_]/)[0]
                : closest(lower, UN_LANGUAGES)));
          problems.error(
            place,
            'unknown-language',
            `Unknown language code \`${code}\``,
            `${guess ? `Did you mean \`${guess}\`? ` : ''}Courses use the two-letter codes of the UN languages: ${UN_LANGUAGES.join(', ')}.`,
          );
          return;
        }
        if (languages.includes(code as Lang)) {
          problems.error(
            place,
            'duplicate-language',
            `\`${code}\` is listed twice`,
            'List each language once; the first is the default.',
          );
          return;
        }
        languages.push(code as Lang);
      });
    }
    if (!languages.length) languages.push('en');
    const defaultLang = languages[0];

    // mastery
    let masteryScore = DEFAULT_MASTERY;
    if (typeof c.mastery === 'number') {
      if (c.mastery < 0 || c.mastery > 1) {
        const hint = c.mastery > 1 && c.mastery <= 100 ? `Did you mean ${c.mastery / 100}? ` : '';
        problems.error(
          at('mastery'),
          'mastery-range',
          `mastery is ${c.mastery}; it must be a fraction from 0 to 1`,
          `${hint}The pass mark is a fraction: 0.8 means 80 %.`,
        );
      } else masteryScore = c.mastery;
    }

    // iri
    let iri = `urn:ict-manager-training:course:${id || folder}`;
    if (typeof c.iri === 'string') {
      if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(c.iri)) {
        problems.error(
          at('iri'),
          'invalid-iri',
          `\`${c.iri}\` is not an absolute IRI`,
          `Use an address such as \`https://example.org/courses/${id || folder}\`, or leave \`iri:\` out for \`${iri}\`. Keep it the same across versions.`,
        );
      } else iri = c.iri;
    }

    const maxKb = typeof c['max-asset-kb'] === 'number' ? c['max-asset-kb'] : DEFAULT_MAX_ASSET_KB;
    this.refs = new References(this.absDir, this.dir, problems, maxKb * 1024);

    // the folder's entries
    const entries = (await this.list('.')) ?? [];
    for (const name of entries) {
      if (name.startsWith('.') || KNOWN_ENTRIES.has(name) || /^readme/i.test(name)) continue;
      if ((UN_LANGUAGES as readonly string[]).includes(name) && (await this.isDir(name))) {
        if (!languages.includes(name as Lang)) {
          problems.warn(
            {file: this.display(name)},
            'unlisted-translation',
            `The translation \`${name}/\` is not in \`languages\``,
            `Add it to \`languages:\` in course.yaml to include it, or remove the folder.`,
          );
        }
        continue;
      }
      const near = closest(name, [...KNOWN_ENTRIES]);
      problems.warn(
        {file: this.display(name)},
        'unknown-file',
        `\`${name}\` is not part of the course format and is ignored`,
        near
          ? `Did you mean \`${near}\`?`
          : 'A course holds course.yaml, lessons/, assessment.yaml, assets/ and translation folders (fr/, ...).',
      );
    }

    // default language: lessons, blocks, assessment
    const base = await this.readLessons('', null);
    const lessonIds = new IdScope('lesson', problems);
    for (const ls of base.sources) {
      if (ls.id === undefined || !ls.front) continue;
      const place = ls.front.valueAt(['id']);
      if (!checkId(ls.id, 'lesson', place, problems)) continue;
      if (SPECIAL_LOCATIONS.includes(ls.id)) {
        problems.error(
          place,
          'reserved-id',
          `\`${ls.id}\` is reserved for the player's own pages`,
          `Choose another id, e.g. \`${ls.id}-intro\`.`,
        );
      }
      lessonIds.add(ls.id, place);
    }
    const rendered = base.sources.map((ls) =>
      renderLesson(this.md, ls, this.textSource(ls.file, ls.absFile, null, base.byFile)),
    );
    this.checkBlockIds(rendered);

    const assessmentFile = this.display('assessment.yaml');
    const assessmentText = await this.readText('assessment.yaml');
    let assessment: Assessment | null = null;
    if (assessmentText !== null) {
      const ay = parseYaml(assessmentFile, assessmentText, problems);
      if (ay)
        assessment = buildAssessment(
          this.md,
          ay,
          this.textSource(assessmentFile, this.abs('assessment.yaml'), null, base.byFile),
        ).assessment;
    }

    // completion
    const completion: CompletionRule =
      typeof c.completion === 'string'
        ? (c.completion as CompletionRule)
        : assessmentText !== null
          ? 'pass'
          : 'lessons';
    if (completion !== 'lessons' && assessmentText === null && typeof c.completion === 'string') {
      problems.error(
        at('completion'),
        'no-assessment',
        `\`completion: ${completion}\` needs an assessment, and the course has no assessment.yaml`,
        'Add assessment.yaml, or set `completion: lessons`.',
      );
    }

    const content: Record<string, CourseContent> = {};
    content[defaultLang] = {
      title: str(c.title).trim(),
      description: str(c.description).trim(),
      audience: str(c.audience).trim(),
      objectives: asArray(c.objectives).map((o) => str(o).trim()),
      lessons: rendered.map((r) => r.lesson),
      assessment,
    };

    // translations
    for (const lang of languages.slice(1)) {
      const translated = await this.translate(lang, cy, content[defaultLang], base, rendered, assessmentText !== null);
      if (translated) content[lang] = translated;
    }

    const lessonMinutes = content[defaultLang].lessons.reduce((sum, l) => sum + l.minutes, 0);
    const minutes =
      typeof c.minutes === 'number'
        ? c.minutes
        : lessonMinutes + (assessment ? assessment.draw * MINUTES_PER_QUESTION : 0);
    const settings: CourseSettings = {
      masteryScore,
      completion,
      scorm12Report: typeof c['scorm12-report'] === 'string' ? (c['scorm12-report'] as Scorm12Report) : 'passed-failed',
      failedIsIncomplete: c['failed-is-incomplete'] === true,
      scorm2004ExitRequest:
        typeof c['scorm2004-exit'] === 'string' ? (c['scorm2004-exit'] as Scorm2004ExitRequest) : 'none',
      maxAssetBytes: maxKb * 1024,
    };

    await this.warnUnusedAssets(languages);

    const course: CompiledCourse = {
      schema: 1,
      id,
      version,
      iri,
      minutes,
      languages,
      settings,
      content,
      assets: [...this.refs.used].sort(byCodePoint),
      worstCaseStateLength: 0,
    };
    if (problems.count) return this.fail();

    course.worstCaseStateLength = worstCaseStateLength(course);
    if (course.worstCaseStateLength > STATE_LIMIT) {
      problems.error(
        cy ? cy.keyAt([], 'id') : {file: courseFile},
        'state-too-large',
        `The saved progress of this course can reach ${course.worstCaseStateLength} characters; SCORM 1.2 keeps only ${STATE_LIMIT}`,
        stateHint(content[defaultLang]),
      );
      return this.fail();
    }
    return {ok: true, course, warnings: sortProblems(problems.warnings)};
  }

  private fail(): CompileResult {
    return {ok: false, problems: sortProblems(this.problems.errors), warnings: sortProblems(this.problems.warnings)};
  }

  /** Read `<prefix>lessons/*.md` with their front matter. */
  private async readLessons(prefix: string, lang: string | null): Promise<LanguageLessons> {
    const rel = `${prefix}lessons`;
    const names = await this.list(rel);
    const sources: LessonSource[] = [];
    const byFile = new Map<string, string>();
    if (names === null) {
      if (!lang) {
        this.problems.error(
          {file: this.display(rel)},
          'no-lessons',
          'The course has no lessons/ folder',
          `Create ${this.display(rel)}/ with one Markdown file per lesson, e.g. 01-introduction.md.`,
        );
      }
      return {sources, byFile};
    }
    for (const name of names) {
      const fileRel = `${rel}/${name}`;
      if (!name.toLowerCase().endsWith('.md')) {
        if (!name.startsWith('.')) {
          this.problems.warn(
            {file: this.display(fileRel)},
            'ignored-file',
            `\`${name}\` is not a Markdown lesson (.md) and is ignored`,
            'Images and other files go in assets/.',
          );
        }
        continue;
      }
      const text = await this.readText(fileRel);
      if (text === null) continue;
      const ls = readLesson(name, this.display(fileRel), this.abs(fileRel), text, {problems: this.problems});
      sources.push(ls);
      if (ls.id) byFile.set(ls.absFile, ls.id);
    }
    if (!sources.length && !lang) {
      this.problems.error(
        {file: this.display(rel)},
        'no-lessons',
        'The course has no lessons',
        `Add one Markdown file per lesson to ${this.display(rel)}/, e.g. 01-introduction.md.`,
      );
    }
    return {sources, byFile};
  }

  /** Block ids are unique in the course (choices are saved against them); self-check items in their block. */
  private checkBlockIds(rendered: RenderedLesson[]): void {
    const blockIds = new IdScope('block', this.problems);
    for (const r of rendered) {
      for (const {block, yaml} of r.blocks) {
        if (yaml.node(['id'])) {
          if (
            checkId(
              block.id,
              block.type === 'decision' ? 'decision' : 'self-check',
              yaml.valueAt(['id']),
              this.problems,
            )
          ) {
            blockIds.add(block.id, yaml.valueAt(['id']));
          }
        }
        const scope = new IdScope(block.type === 'decision' ? 'option' : 'item', this.problems);
        const list = asArray(asRecord(yaml.data)[block.type === 'decision' ? 'options' : 'items']);
        list.forEach((raw, i) => {
          const rid = asRecord(raw).id;
          if (typeof rid !== 'string') return;
          const place = yaml.valueAt([block.type === 'decision' ? 'options' : 'items', i, 'id']);
          if (checkId(rid, block.type === 'decision' ? 'option' : 'self-check item', place, this.problems))
            scope.add(rid, place);
        });
      }
    }
  }

  /** A translation: `<lang>/course.yaml`, `<lang>/lessons/`, `<lang>/assessment.yaml`. */
  private async translate(
    lang: Lang,
    cy: YamlFile | null,
    baseContent: CourseContent,
    base: LanguageLessons,
    baseRendered: RenderedLesson[],
    hasAssessment: boolean,
  ): Promise<CourseContent | null> {
    const {problems} = this;
    if (!(await this.isDir(lang))) {
      const i = asArray(asRecord(cy?.data).languages).findIndex((l) => l === lang);
      problems.error(
        cy && i >= 0 ? cy.valueAt(['languages', i]) : {file: this.display('course.yaml')},
        'missing-translation',
        `The language \`${lang}\` has no folder ${this.display(lang)}/`,
        `Create ${this.display(lang)}/ with course.yaml, lessons/ and assessment.yaml translated, or remove \`${lang}\` from \`languages\`.`,
      );
      return null;
    }
    const defaultCourseFile = this.display('course.yaml');
    // course.yaml
    const file = this.display(`${lang}/course.yaml`);
    const text = await this.readText(`${lang}/course.yaml`);
    let t: Record<string, unknown> = {};
    if (text === null) {
      problems.error(
        {file},
        'translation-missing',
        `The ${lang} translation has no course.yaml`,
        `Create ${file} with the translated title, description, audience and objectives.`,
      );
    } else {
      const ty = parseYaml(file, text, problems);
      if (ty) {
        validate(ty, courseTranslationSchema, problems, {translationOf: courseSchema, defaultFile: defaultCourseFile});
        t = asRecord(ty.data);
        const isMapping = ty.data !== null && typeof ty.data === 'object' && !Array.isArray(ty.data);
        for (const key of ['title', 'description', 'audience', 'objectives'] as const) {
          const has = key === 'objectives' ? baseContent.objectives.length > 0 : baseContent[key] !== '';
          if (isMapping && has && t[key] === undefined) {
            problems.error(
              ty.at([]),
              'translation-missing',
              `\`${key}\` is not translated`,
              `Add \`${key}:\` as in ${defaultCourseFile}.`,
            );
          }
        }
        if (Array.isArray(t.objectives) && t.objectives.length !== baseContent.objectives.length) {
          problems.error(
            ty.valueAt(['objectives']),
            'translation-mismatch',
            `${t.objectives.length} objectives here, ${baseContent.objectives.length} in ${defaultCourseFile}`,
            'Translate each objective, in the same order.',
          );
        }
      }
    }

    // lessons
    const tl = await this.readLessons(`${lang}/`, lang);
    const ids = new IdScope('lesson', problems);
    const byId = new Map<string, LessonSource>();
    for (const ls of tl.sources) {
      if (!ls.id || !ls.front) continue;
      const place = ls.front.valueAt(['id']);
      if (!ids.add(ls.id, place)) continue;
      // (a default lesson without a readable id is reported there; do not guess which one this translates)
      if (!base.sources.some((b) => b.id === ls.id) && base.sources.every((b) => b.id)) {
        problems.error(
          place,
          'translation-extra',
          `There is no lesson \`${ls.id}\` in the default language`,
          `A translated lesson has the id of the lesson it translates. Lessons: ${base.sources
            .map((b) => b.id)
            .filter(Boolean)
            .join(', ')}.`,
        );
        continue;
      }
      byId.set(ls.id, ls);
    }
    const lessons: Lesson[] = [];
    base.sources.forEach((bs, i) => {
      const baseLesson = baseRendered[i].lesson;
      const ls = bs.id ? byId.get(bs.id) : undefined;
      if (!ls) {
        if (bs.id) {
          problems.error(
            bs.front ? bs.front.valueAt(['id']) : {file: bs.file},
            'translation-missing',
            `The lesson \`${bs.id}\` has no ${lang} translation in ${this.display(`${lang}/lessons`)}/`,
            `Add ${this.display(`${lang}/lessons/${bs.name}`)} with \`id: ${bs.id}\` in its front matter.`,
          );
        }
        lessons.push(baseLesson);
        return;
      }
      const r = renderLesson(this.md, ls, this.textSource(ls.file, ls.absFile, lang, tl.byFile));
      lessons.push({...r.lesson, blocks: this.matchBlocks(baseRendered[i], r, ls)});
    });

    // assessment
    let assessment: Assessment | null = null;
    const aRel = `${lang}/assessment.yaml`;
    const aFile = this.display(aRel);
    const aText = await this.readText(aRel);
    if (baseContent.assessment) {
      if (aText === null) {
        problems.error(
          {file: aFile},
          'translation-missing',
          `The ${lang} translation has no assessment.yaml`,
          `Create ${aFile} with each question's id, prompt and options (text and feedback) in the order of ${this.display('assessment.yaml')}.`,
        );
        assessment = baseContent.assessment;
      } else {
        const ay = parseYaml(aFile, aText, problems);
        assessment = ay
          ? translateAssessment(
              this.md,
              baseContent.assessment,
              ay,
              this.textSource(aFile, this.abs(aRel), lang, tl.byFile),
              this.display('assessment.yaml'),
            )
          : baseContent.assessment;
      }
    } else if (aText !== null && hasAssessment === false) {
      problems.error(
        {file: aFile, line: 1},
        'translation-extra',
        `The default language has no assessment.yaml to translate`,
        'Remove this file, or add the assessment to the default language first.',
      );
    }

    return {
      title: t.title === undefined ? baseContent.title : str(t.title).trim(),
      description: t.description === undefined ? baseContent.description : str(t.description).trim(),
      audience: t.audience === undefined ? baseContent.audience : str(t.audience).trim(),
      objectives: Array.isArray(t.objectives) ? t.objectives.map((o) => str(o).trim()) : baseContent.objectives,
      lessons,
      assessment,
    };
  }

  /**
   * A translated lesson's blocks: its own HTML, its own decision and self-check text, with the structure (ids,
   * number of options, items, scale and bands) of the default language.
   */
  private matchBlocks(base: RenderedLesson, tr: RenderedLesson, ls: LessonSource): LessonBlock[] {
    const {problems} = this;
    const trById = new Map<string, BlockSource>();
    // A block that could not be read is reported where it is; comparing the others would only add noise.
    const compare = !base.incomplete && !tr.incomplete;
    for (const b of tr.blocks) {
      if (!base.blocks.some((x) => x.block.id === b.block.id)) {
        if (!compare) continue;
        problems.error(
          b.yaml.valueAt(['id']),
          'translation-extra',
          `There is no block \`${b.block.id}\` in this lesson in the default language`,
          `Use the ids of the default language's blocks: ${base.blocks.map((x) => `\`${x.block.id}\``).join(', ') || 'it has none'}.`,
        );
      } else trById.set(b.block.id, b);
    }
    const matched = new Map<string, DecisionBlock | SelfCheckBlock>();
    for (const {block: bb} of base.blocks) {
      const t = trById.get(bb.id);
      if (!t) {
        if (compare)
          problems.error(
            ls.front ? ls.front.valueAt(['id']) : {file: ls.file},
            'translation-missing',
            `The ${bb.type} block \`${bb.id}\` is not translated in this lesson`,
            `Add a \`\`\`${bb.type} block with \`id: ${bb.id}\`.`,
          );
        matched.set(bb.id, bb);
        continue;
      }
      const y = t.yaml;
      if (t.block.type !== bb.type) {
        problems.error(
          y.valueAt(['id']),
          'translation-mismatch',
          `\`${bb.id}\` is a ${bb.type} block in the default language, not ${t.block.type}`,
          `Write it as \`\`\`${bb.type}.`,
        );
        matched.set(bb.id, bb);
        continue;
      }
      if (bb.type === 'decision' && t.block.type === 'decision') {
        const tb = t.block;
        const raw = asArray(asRecord(y.data).options);
        if (tb.options.length !== bb.options.length) {
          problems.error(
            y.valueAt(['options']),
            tb.options.length < bb.options.length ? 'translation-missing' : 'translation-extra',
            `\`${bb.id}\` has ${bb.options.length} options in the default language, ${tb.options.length} here`,
            'Translate each option, in the same order.',
          );
        }
        const options = bb.options.map((o, i) => {
          const to = tb.options[i];
          if (!to) return o;
          const rid = asRecord(raw[i]).id;
          if (typeof rid === 'string' && rid !== o.id) {
            problems.error(
              y.valueAt(['options', i, 'id']),
              'translation-mismatch',
              `Option ${i + 1} of \`${bb.id}\` is \`${o.id}\` in the default language`,
              'Options are matched by position: keep the order and ids of the default language.',
            );
          }
          return {id: o.id, text: to.text, consequence: to.consequence};
        });
        matched.set(bb.id, {type: 'decision', id: bb.id, prompt: tb.prompt, options});
      } else if (bb.type === 'selfcheck' && t.block.type === 'selfcheck') {
        const tb = t.block;
        if (tb.scale.length !== bb.scale.length) {
          problems.error(
            y.valueAt(['scale']),
            'translation-mismatch',
            `The scale of \`${bb.id}\` has ${bb.scale.length} steps in the default language, ${tb.scale.length} here`,
            'Translate each step of the scale, lowest first.',
          );
        }
        const items = bb.items.map((it) => {
          const ti = tb.items.find((x) => x.id === it.id);
          if (!ti) {
            problems.error(
              y.valueAt(['items']),
              'translation-missing',
              `The item \`${it.id}\` of \`${bb.id}\` is not translated`,
              `Add an item with \`id: ${it.id}\`.`,
            );
            return it;
          }
          return {id: it.id, text: ti.text, area: ti.area};
        });
        tb.items.forEach((ti, i) => {
          if (ti.id && !bb.items.some((x) => x.id === ti.id)) {
            problems.error(
              y.valueAt(['items', i, 'id']),
              'translation-extra',
              `There is no item \`${ti.id}\` in \`${bb.id}\` in the default language`,
              'Use the item ids of the default language.',
            );
          }
        });
        if (
          tb.bands.length !== bb.bands.length ||
          tb.bands.some((b, i) => !Number.isNaN(b.upTo) && b.upTo !== bb.bands[i]?.upTo)
        ) {
          problems.error(
            y.valueAt(['bands']),
            'translation-mismatch',
            `The bands of \`${bb.id}\` differ from the default language (upTo ${bb.bands.map((b) => b.upTo).join(', ')})`,
            'Keep the same bands with the same `upTo` values; translate only label and advice.',
          );
        }
        const bands = bb.bands.map((b, i) =>
          tb.bands[i] ? {upTo: b.upTo, label: tb.bands[i].label, advice: tb.bands[i].advice} : b,
        );
        const scale = bb.scale.map((s, i) => tb.scale[i] ?? s);
        matched.set(bb.id, {type: 'selfcheck', id: bb.id, title: tb.title, scale, items, bands});
      }
    }
    // The translation's own order of HTML and blocks; blocks replaced by their matched form, missing ones appended.
    const out: LessonBlock[] = [];
    const placed = new Set<string>();
    for (const b of tr.lesson.blocks) {
      if (b.type === 'html') out.push(b);
      else if (matched.has(b.id) && !placed.has(b.id)) {
        out.push(matched.get(b.id)!);
        placed.add(b.id);
      }
    }
    for (const [bid, b] of matched) if (!placed.has(bid)) out.push(b);
    return out;
  }

  /** Files in assets/ (and translations' assets/) that no lesson or question uses. */
  private async warnUnusedAssets(languages: Lang[]): Promise<void> {
    const roots = ['assets', ...languages.slice(1).map((l) => `${l}/assets`)];
    for (const root of roots) {
      for (const rel of await this.walk(root)) {
        if (!this.refs.used.has(rel)) {
          this.problems.warn(
            {file: this.display(rel)},
            'unused-asset',
            'No lesson or question uses this file; it is left out of the packages',
            'Refer to it from a lesson, or delete it.',
          );
        }
      }
    }
  }

  private async walk(rel: string): Promise<string[]> {
    const names = await this.list(rel);
    if (!names) return [];
    const out: string[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const child = toPosix(path.join(rel, name));
      if (await this.isDir(child)) out.push(...(await this.walk(child)));
      else out.push(child);
    }
    return out;
  }
}

/** What makes a course's saved progress large, for the `state-too-large` hint. */
function stateHint(content: CourseContent): string {
  const lessons = content.lessons;
  const questions = content.assessment?.questions ?? [];
  const blocks = lessons.flatMap((l) => l.blocks.filter((b): b is DecisionBlock | SelfCheckBlock => b.type !== 'html'));
  const items = blocks.reduce((n, b) => n + (b.type === 'selfcheck' ? b.items.length : 0), 0);
  const longest = [...lessons.map((l) => l.id), ...questions.map((q) => q.id), ...blocks.map((b) => b.id)]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .slice(0, 3);
  const chars = (ids: string[]): number => ids.reduce((n, s) => n + s.length, 0);
  return [
    `It grows with the number and length of ids: ${lessons.length} lessons (${chars(lessons.map((l) => l.id))} characters of ids),`,
    `${content.assessment?.draw ?? 0} questions drawn from ${questions.length} (${chars(questions.map((q) => q.id))} characters),`,
    `${blocks.length} decision/self-check blocks with ${items} self-check items.`,
    `Longest ids: ${longest.map((s) => `\`${s}\` (${s.length})`).join(', ')}.`,
    'Shorten the longest ids, draw fewer questions, or split the course into two.',
  ].join('\n');
}

function suggestVersion(v: string): string {
  const nums = v.match(/\d+/g) ?? [];
  return [...nums, '0', '0', '0']
    .slice(0, 3)
    .map((n) => String(Number(n)))
    .join('.');
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compile every course folder in `coursesDir` (folders holding course.yaml), in name order. */
export async function compileAll(coursesDir: string): Promise<CompileAllResult> {
  let names: string[];
  try {
    names = (await readdir(coursesDir, {withFileTypes: true}))
      .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort(byCodePoint);
  } catch (e) {
    return {
      ok: false,
      problems: [
        {file: coursesDir, code: 'missing-file', message: `Cannot read the courses folder: ${(e as Error).message}`},
      ],
      warnings: [],
    };
  }
  const courses: CompiledCourse[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const iris = new Map<string, string>();
  for (const name of names) {
    const dir = path.join(coursesDir, name);
    try {
      await stat(path.join(dir, 'course.yaml'));
    } catch {
      warnings.push({
        file: dir,
        code: 'unknown-file',
        message: 'This folder has no course.yaml and is not a course',
        hint: 'Add course.yaml to make it a course, or move it out of the courses folder.',
      });
      continue;
    }
    const r = await compileCourse(dir);
    warnings.push(...r.warnings);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    const other = iris.get(r.course.iri);
    if (other) {
      problems.push({
        file: path.join(dir, 'course.yaml'),
        code: 'duplicate-id',
        message: `The IRI \`${r.course.iri}\` is also the IRI of ${other}`,
        hint: 'Each course needs its own IRI: LMSs and LRSs key on it.',
      });
    } else iris.set(r.course.iri, r.course.id);
    courses.push(r.course);
  }
  return problems.length ? {ok: false, problems, warnings} : {ok: true, courses, warnings};
}

export type CompileAllResult =
  {ok: true; courses: CompiledCourse[]; warnings: Problem[]} | {ok: false; problems: Problem[]; warnings: Problem[]};
