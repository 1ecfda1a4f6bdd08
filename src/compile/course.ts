/**
 * compileCourse: a course folder (docs/authoring.md) -> one CompiledCourse, or every problem found. Reads files,
 * writes nothing. Translations are compiled in translation.ts, every course of a folder in all.ts.
 */
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
  type Scorm12Report,
  type Scorm2004ExitRequest,
  type MoveOn,
  type SelfCheckBlock,
} from '../course/types.js';
import {buildAssessment} from './assessment.js';
import {CourseFiles, byCodePoint} from './course-files.js';
import {createMarkdown, type TextSource} from './html.js';
import {loadTermBooks, type TermBook} from './terms.js';
import {translateCourse} from './translation.js';
import {IdScope, checkId} from './ids.js';
import {checkObjectives, objectiveText} from './objectives.js';
import {asArray, asRecord, renderLesson, str, type RenderedLesson} from './lessons.js';
import {closest, sortProblems, type Place, type Problem} from './problems.js';
import {References} from './refs.js';
import {courseSchema} from './schemas.js';
import {parseYaml, validate, type YamlFile} from './yaml.js';
import {translationWarnings} from '../translate/checks.js';
import {dirOf} from '../i18n/index.js';

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

const KNOWN_ENTRIES = new Set(['course.yaml', 'assessment.yaml', 'glossary.yaml', 'lessons', 'assets']);

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

export class CourseCompiler extends CourseFiles {
  readonly md: MarkdownIt = createMarkdown();
  refs!: References;
  /** the course's first language, that of its files outside a translation folder */
  defaultLang = 'en';
  /** each language's glossary */
  books = new Map<string, TermBook>();

  textSource(
    file: string,
    absFile: string,
    lang: string | null,
    lessons: ReadonlyMap<string, string>,
  ): Omit<TextSource, 'at'> {
    const rtl = dirOf(lang ?? this.defaultLang) === 'rtl';
    const terms = this.books.get(lang ?? this.defaultLang);
    return {problems: this.problems, refs: this.refs, file, absFile, lang, lessons, rtl, terms};
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
    this.defaultLang = defaultLang;
    this.books = await loadTermBooks(this, languages);

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
        // (where course.yaml could not be read, its languages are unknown: nothing to say about the folders)
        if (cy && !languages.includes(name as Lang)) {
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
    let ay: YamlFile | null = null;
    if (assessmentText !== null) {
      ay = parseYaml(assessmentFile, assessmentText, problems);
      if (ay)
        assessment = buildAssessment(
          this.md,
          ay,
          this.textSource(assessmentFile, this.abs('assessment.yaml'), null, base.byFile),
        ).assessment;
    }

    if (cy) checkObjectives(cy, ay, problems);

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

    // cmi5 moveOn: a criterion with Passed needs something to pass
    const moveOn = typeof c['move-on'] === 'string' ? (c['move-on'] as MoveOn) : undefined;
    if ((moveOn === 'Passed' || moveOn === 'CompletedAndPassed') && assessmentText === null) {
      problems.error(
        at('move-on'),
        'no-assessment',
        `\`move-on: ${moveOn}\` needs an assessment to pass, and the course has no assessment.yaml`,
        'Add assessment.yaml, or set `move-on: Completed` (or leave it out: it follows `completion`).',
      );
    }

    const content: Record<string, CourseContent> = {};
    content[defaultLang] = {
      title: str(c.title).trim(),
      description: str(c.description).trim(),
      audience: str(c.audience).trim(),
      objectives: asArray(c.objectives).map(objectiveText),
      lessons: rendered.map((r) => r.lesson),
      assessment,
    };

    // translations
    for (const lang of languages.slice(1)) {
      const translated = await translateCourse(
        this,
        lang,
        cy,
        content[defaultLang],
        base,
        rendered,
        assessmentText !== null,
      );
      if (translated) content[lang] = translated;
      for (const w of await translationWarnings(this.absDir, id, lang))
        problems.warn({file: this.display(w.path), line: w.line, column: 1}, w.code, w.message, w.hint);
    }

    // the glossary of each language: the course's terms and the shared ones any of its texts use
    const usedAnywhere = new Set([...this.books.values()].flatMap((b) => [...b.used]));
    for (const [lang, c] of Object.entries(content)) {
      const entries = this.books.get(lang)?.entries(usedAnywhere) ?? [];
      if (entries.length) c.glossary = entries;
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
      ...(moveOn ? {moveOn} : {}),
      ...(c['launch-method'] === 'OwnWindow' || c['launch-method'] === 'AnyWindow'
        ? {launchMethod: c['launch-method']}
        : {}),
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

  /** Files in assets/ (and translations' assets/) that no lesson or question uses. */
  private async warnUnusedAssets(languages: Lang[]): Promise<void> {
    const roots = ['assets', ...languages.slice(1).map((l) => `${l}/assets`)];
    for (const root of roots) {
      for (const rel of await this.walk(root)) {
        if (!this.refs.used.has(rel) && !this.refs.inlined.has(rel)) {
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

export {compileAll, type CompileAllResult} from './all.js';
