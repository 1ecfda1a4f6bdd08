/**
 * The curriculum in `courses/`: every course compiles cleanly and meets the shape the curriculum promises
 * (lessons, words, question bank, decision scenarios, translations), and every id a learner's saved state can
 * hold is unique and unchanged from the committed list in `ids.json`.
 *
 * When you add a lesson, block or question on purpose, add its id to `ids.json` too. Never rename or reuse an id:
 * saved progress and LMS records refer to it.
 */
import assert from 'node:assert/strict';
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import type {CompiledCourse, CourseContent, Lesson, LessonBlock} from '../../src/course/types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COURSES = path.join(ROOT, 'courses');

const EXPECTED_COURSES = [
  'erp-for-managers',
  'ict-for-development',
  'ict-governance',
  'ict-strategy',
  'knowledge-sharing',
  'shared-services',
];

/** The languages of each course, in the order its course.yaml lists them. */
const LANGUAGES: Record<string, string[]> = {
  'erp-for-managers': ['en', 'fr', 'es', 'ru', 'zh', 'ar'],
  'ict-for-development': ['en', 'fr', 'es', 'ru', 'zh', 'ar'],
  'ict-governance': ['en', 'fr', 'es', 'ru', 'zh', 'ar'],
  'ict-strategy': ['en', 'fr', 'es', 'ru', 'zh', 'ar'],
  'knowledge-sharing': ['en', 'fr', 'es', 'ru', 'zh', 'ar'],
  'shared-services': ['en', 'fr', 'es', 'ru', 'zh', 'ar'],
};

interface IdList {
  lessons: string[];
  blocks: string[];
  items: string[];
  questions: string[];
}
const SNAPSHOT = JSON.parse(readFileSync(path.join(ROOT, 'tests/curriculum/ids.json'), 'utf8')) as Record<
  string,
  IdList
>;

const MIN_LESSONS = 4;
const MAX_LESSONS = 6;
const MIN_WORDS = 300;
const MAX_WORDS = 800;
/** A translated lesson's words against its source's */
const MIN_TRANSLATION_RATIO = 0.8;
const MAX_TRANSLATION_RATIO = 1.4;
const MIN_BANK = 12;
const DRAW = 8;
const MASTERY = 0.8;
/** ids go into the learner's saved state; keep them short */
const MAX_ID_LENGTH = 24;

/** Han characters per word of Chinese, which writes no spaces between words */
const HAN_PER_WORD = 1.7;

/**
 * Words: runs between spaces that hold a letter or digit (any script), so Arabic, French and Russian count like
 * English; Chinese text counts its Han characters by HAN_PER_WORD.
 */
function countWords(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const rest = text.replace(/\p{Script=Han}/gu, ' ');
  return Math.round(han / HAN_PER_WORD) + rest.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&[a-z#0-9]+;/gi, ' ');
}

/** The text a learner reads in a block. */
function blockText(b: LessonBlock): string {
  switch (b.type) {
    case 'html':
      return stripTags(b.html);
    case 'decision':
      return [stripTags(b.prompt), ...b.options.flatMap((o) => [stripTags(o.text), stripTags(o.consequence)])].join(
        ' ',
      );
    case 'selfcheck':
      return [b.title, ...b.scale, ...b.items.map((i) => i.text), ...b.bands.flatMap((x) => [x.label, x.advice])].join(
        ' ',
      );
  }
}

/**
 * A lesson's reading length: its text, not its diagrams (a diagram's labels, text alternative and long description
 * say in words what the picture shows; they add nothing to read for a learner who sees it).
 */
function lessonWords(l: Lesson): number {
  const reading = l.blocks.map((b) =>
    b.type === 'html' ? {...b, html: b.html.replace(/<figure class="diagram"[\s\S]*?<\/figure>/g, ' ')} : b,
  );
  return countWords(reading.map(blockText).join(' '));
}

function blocksOf(content: CourseContent, type: LessonBlock['type']): LessonBlock[] {
  return content.lessons.flatMap((l) => l.blocks.filter((b) => b.type === type));
}

function idsOf(content: CourseContent): IdList {
  return {
    lessons: content.lessons.map((l) => l.id),
    blocks: content.lessons.flatMap((l) => l.blocks.flatMap((b) => (b.type === 'html' ? [] : [b.id]))),
    items: content.lessons.flatMap((l) =>
      l.blocks.flatMap((b) => (b.type === 'selfcheck' ? b.items.map((i) => `${b.id}/${i.id}`) : [])),
    ),
    questions: content.assessment?.questions.map((q) => q.id) ?? [],
  };
}

function duplicates(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

const courseDirs = readdirSync(COURSES)
  .filter((d) => statSync(path.join(COURSES, d)).isDirectory() && !d.startsWith('_')) // `_glossary` is shared
  .sort();

describe('the curriculum', () => {
  it('holds exactly the six courses, each with a committed id list', () => {
    assert.deepEqual(courseDirs, EXPECTED_COURSES);
    assert.deepEqual(Object.keys(SNAPSHOT).sort(), EXPECTED_COURSES);
  });
});

for (const dir of courseDirs) {
  describe(`course ${dir}`, () => {
    let course: CompiledCourse;
    let main: CourseContent;

    before(async () => {
      const r = await compileCourse(path.join(COURSES, dir));
      if (!r.ok) assert.fail(`${dir} does not compile:\n${r.problems.map(formatProblem).join('\n')}`);
      course = r.course;
      main = course.content[course.languages[0]!]!;
    });

    it('compiles with no problems and no warnings', async () => {
      const r = await compileCourse(path.join(COURSES, dir));
      assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
      assert.deepEqual(r.warnings.map(formatProblem), []);
      assert.equal(course.id, dir);
    });

    it('has catalogue data: a semantic version, a one-paragraph description, objectives and minutes', () => {
      assert.match(course.version, /^\d+\.\d+\.\d+$/);
      for (const lang of course.languages) {
        const c = course.content[lang]!;
        assert.ok(c.title.trim(), `${lang}: title`);
        const words = countWords(c.description);
        assert.ok(words >= 40 && words <= 200, `${lang}: description has ${words} words`);
        assert.ok(!c.description.trim().includes('\n\n'), `${lang}: description is one paragraph`);
        assert.ok(c.objectives.length >= 3, `${lang}: ${c.objectives.length} objectives`);
        assert.ok(c.audience.trim(), `${lang}: audience`);
      }
      assert.ok(course.minutes >= 30 && course.minutes <= 90, `minutes ${course.minutes}`);
    });

    it(`has ${MIN_LESSONS}-${MAX_LESSONS} lessons of ${MIN_WORDS}-${MAX_WORDS} words (translations within ${MIN_TRANSLATION_RATIO}-${MAX_TRANSLATION_RATIO} times their source), each with a key-points box, in every language`, () => {
      for (const lang of course.languages) {
        const c = course.content[lang]!;
        assert.ok(
          c.lessons.length >= MIN_LESSONS && c.lessons.length <= MAX_LESSONS,
          `${lang}: ${c.lessons.length} lessons`,
        );
        for (const [i, l] of c.lessons.entries()) {
          const words = lessonWords(l);
          if (lang === course.languages[0])
            assert.ok(words >= MIN_WORDS && words <= MAX_WORDS, `${lang}/${l.id}: ${words} words`);
          else {
            // a translation runs longer or shorter than its source (French and Spanish about a fifth longer): it
            // must stay close to the source's length, neither summarized nor padded
            const ratio = words / lessonWords(main.lessons[i]!);
            assert.ok(
              ratio >= MIN_TRANSLATION_RATIO && ratio <= MAX_TRANSLATION_RATIO,
              `${lang}/${l.id}: ${words} words, ${ratio.toFixed(2)} times the ${course.languages[0]}`,
            );
          }
          assert.ok(
            l.blocks.some((b) => b.type === 'html' && b.html.includes('<aside class="key-points">')),
            `${lang}/${l.id}: no key-points box`,
          );
        }
      }
    });

    it('has at least two diagrams, each with a text alternative, a long description and its words in every language', () => {
      const figures = (lang: string) =>
        course.content[lang]!.lessons.flatMap((l) =>
          l.blocks.flatMap((b) =>
            b.type === 'html'
              ? [...b.html.matchAll(/<figure class="diagram" data-figure="([^"]+)">([\s\S]*?)<\/figure>/g)]
              : [],
          ),
        );
      const ids = figures(course.languages[0]!).map((m) => m[1]);
      assert.ok(ids.length >= 2, `${ids.length} diagrams`);
      for (const lang of course.languages) {
        const found = figures(lang);
        assert.deepEqual(
          found.map((m) => m[1]),
          ids,
          `${lang}: the same diagrams`,
        );
        for (const [, id, html] of found) {
          const alt = /<svg role="img" aria-label="([^"]*)"/.exec(html!)?.[1] ?? '';
          assert.ok(countWords(alt) >= 5, `${lang}/${id}: a text alternative`);
          const description = /<\/summary>([\s\S]*)<\/details>/.exec(html!)?.[1] ?? '';
          assert.ok(countWords(stripTags(description)) >= 25, `${lang}/${id}: a long description`);
          assert.ok(!/\{[a-z0-9-]+\}/.test(html!), `${lang}/${id}: every placeholder filled`);
          assert.ok(/<(text|tspan)[^>]*>[^<]*\p{L}/u.test(html!), `${lang}/${id}: words in the drawing`);
        }
      }
    });

    it(`has a bank of at least ${MIN_BANK} mixed questions, draws ${DRAW}, mastery ${MASTERY}, feedback on every option`, () => {
      assert.equal(course.settings.masteryScore, MASTERY);
      const a = main.assessment;
      assert.ok(a, 'no assessment');
      assert.ok(a.questions.length >= MIN_BANK, `${a.questions.length} questions`);
      assert.equal(a.draw, DRAW);
      const types = new Set(a.questions.map((q) => q.type));
      assert.deepEqual([...types].sort(), ['multiple', 'single', 'truefalse']);
      for (const lang of course.languages) {
        for (const q of course.content[lang]!.assessment!.questions) {
          assert.ok(
            q.options.some((o) => o.correct),
            `${lang}/${q.id}: no correct option`,
          );
          if (q.type !== 'multiple') assert.equal(q.options.filter((o) => o.correct).length, 1, `${lang}/${q.id}`);
          for (const o of q.options)
            assert.ok(
              // twenty letters of an alphabet say about what ten Han characters say
              stripTags(o.feedback).trim().length >= (lang === 'zh' ? 10 : 20),
              `${lang}/${q.id}/${o.id}: feedback too thin`,
            );
        }
      }
    });

    it('has at least one decision scenario, each with a consequence for every choice', () => {
      const decisions = blocksOf(main, 'decision');
      assert.ok(decisions.length >= 1, 'no decision block');
      for (const d of decisions) {
        assert.equal(d.type, 'decision');
        if (d.type !== 'decision') continue;
        assert.ok(d.options.length >= 2, `${d.id}: ${d.options.length} options`);
        for (const o of d.options)
          assert.ok(countWords(stripTags(o.consequence)) >= 15, `${d.id}/${o.id}: consequence too thin`);
      }
    });

    it('keeps every id short and unique within the course', () => {
      const ids = idsOf(main);
      const all = [...ids.lessons, ...ids.blocks, ...ids.questions];
      assert.deepEqual(duplicates(ids.lessons), [], 'duplicate lesson ids');
      assert.deepEqual(duplicates(ids.questions), [], 'duplicate question ids');
      assert.deepEqual(duplicates(all), [], 'an id is used for two things');
      assert.deepEqual(duplicates(ids.items), [], 'duplicate self-check item ids');
      for (const id of [...all, ...ids.items.map((x) => x.split('/')[1]!)]) {
        assert.ok(id.length <= MAX_ID_LENGTH, `${id} is longer than ${MAX_ID_LENGTH} characters`);
      }
    });

    it('keeps the committed ids (tests/curriculum/ids.json): no id renamed, dropped or added unnoticed', () => {
      assert.deepEqual(idsOf(main), SNAPSHOT[dir]);
    });

    it('has the same ids and structure in every language', () => {
      const expected = idsOf(main);
      for (const lang of course.languages) {
        const c = course.content[lang]!;
        assert.deepEqual(idsOf(c), expected, `${lang}: ids differ from ${course.languages[0]}`);
        for (const [i, q] of c.assessment!.questions.entries()) {
          const q0 = main.assessment!.questions[i]!;
          assert.deepEqual(
            q.options.map((o) => [o.id, o.correct]),
            q0.options.map((o) => [o.id, o.correct]),
            `${lang}/${q.id}`,
          );
        }
      }
    });
  });
}

describe('course-specific content', () => {
  it('ict-governance has a governance self-assessment with areas and bands', async () => {
    const r = await compileCourse(path.join(COURSES, 'ict-governance'));
    assert.ok(r.ok);
    const checks = blocksOf(r.course.content.en!, 'selfcheck');
    assert.ok(checks.length >= 1, 'no selfcheck block');
    const sc = checks[0]!;
    assert.equal(sc.type, 'selfcheck');
    if (sc.type !== 'selfcheck') return;
    assert.ok(new Set(sc.items.map((i) => i.area)).size >= 3, 'fewer than three areas');
    assert.ok(sc.bands.length >= 2, 'fewer than two bands');
    assert.equal(sc.bands.at(-1)!.upTo, 1);
  });

  it('each course is complete in the languages it lists, each text really in that language', async () => {
    for (const [id, languages] of Object.entries(LANGUAGES)) {
      const r = await compileCourse(path.join(COURSES, id));
      assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
      assert.deepEqual(r.course.languages, languages, id);
      const en = idsOf(r.course.content.en!);
      for (const lang of languages.filter((l) => l !== 'en')) {
        const c: CourseContent | undefined = r.course.content[lang];
        assert.ok(c, `${id} ${lang} missing`);
        assert.deepEqual(idsOf(c), en, `${id} ${lang}`);
        assert.notEqual(c.title, r.course.content.en!.title, `${id} ${lang}: title is not translated`);
        // the text is really in that language, not English left in place
        const text: string = c.lessons.map((l) => l.blocks.map(blockText).join(' ')).join(' ');
        const script = {ar: 'Arabic', ru: 'Cyrillic', zh: 'Han'}[lang];
        if (script) {
          const own: number = (text.match(new RegExp(`\\p{Script=${script}}`, 'gu')) ?? []).length;
          const latin: number = (text.match(/\p{Script=Latin}/gu) ?? []).length;
          assert.ok(own > latin * 10, `${id} ${lang}: ${own} ${script} letters, ${latin} Latin`);
        } else {
          assert.match(text, lang === 'fr' ? / les / : / los /, `${id} ${lang}`);
          assert.doesNotMatch(text, /\bthe\b.*\bthe\b.*\bthe\b/i, `${id} ${lang}: English text left in place`);
        }
      }
    }
  });
});
