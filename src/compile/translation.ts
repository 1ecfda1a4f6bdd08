// A translation of a course: `<lang>/course.yaml`, `<lang>/lessons/` and `<lang>/assessment.yaml`, checked
// against the default language (the same ids, options, items, scale and bands) and compiled to its content.
import type {
  Assessment,
  CourseContent,
  DecisionBlock,
  Lang,
  Lesson,
  LessonBlock,
  SelfCheckBlock,
} from '../course/types.js';
import {translateAssessment} from './assessment.js';
import type {CourseCompiler} from './course.js';
import type {LanguageLessons} from './course-files.js';
import {IdScope} from './ids.js';
import {
  asArray,
  asRecord,
  renderLesson,
  str,
  type BlockSource,
  type LessonSource,
  type RenderedLesson,
} from './lessons.js';
import type {Problems} from './problems.js';
import {courseSchema, courseTranslationSchema} from './schemas.js';
import {parseYaml, validate, type YamlFile} from './yaml.js';

/** A translation: `<lang>/course.yaml`, `<lang>/lessons/`, `<lang>/assessment.yaml`. */
export async function translateCourse(
  c: CourseCompiler,
  lang: Lang,
  cy: YamlFile | null,
  baseContent: CourseContent,
  base: LanguageLessons,
  baseRendered: RenderedLesson[],
  hasAssessment: boolean,
): Promise<CourseContent | null> {
  const {problems} = c;
  if (!(await c.isDir(lang))) {
    const i = asArray(asRecord(cy?.data).languages).findIndex((l) => l === lang);
    problems.error(
      cy && i >= 0 ? cy.valueAt(['languages', i]) : {file: c.display('course.yaml')},
      'missing-translation',
      `The language \`${lang}\` has no folder ${c.display(lang)}/`,
      `Create ${c.display(lang)}/ with course.yaml, lessons/ and assessment.yaml translated, or remove \`${lang}\` from \`languages\`.`,
    );
    return null;
  }
  const defaultCourseFile = c.display('course.yaml');
  // course.yaml
  const file = c.display(`${lang}/course.yaml`);
  const text = await c.readText(`${lang}/course.yaml`);
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
  const tl = await c.readLessons(`${lang}/`, lang);
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
          `The lesson \`${bs.id}\` has no ${lang} translation in ${c.display(`${lang}/lessons`)}/`,
          `Add ${c.display(`${lang}/lessons/${bs.name}`)} with \`id: ${bs.id}\` in its front matter.`,
        );
      }
      lessons.push(baseLesson);
      return;
    }
    const r = renderLesson(c.md, ls, c.textSource(ls.file, ls.absFile, lang, tl.byFile));
    matchFigures(problems, baseRendered[i], r, ls);
    lessons.push({...r.lesson, blocks: matchBlocks(problems, baseRendered[i], r, ls)});
  });

  // assessment
  let assessment: Assessment | null = null;
  const aRel = `${lang}/assessment.yaml`;
  const aFile = c.display(aRel);
  const aText = await c.readText(aRel);
  if (baseContent.assessment) {
    if (aText === null) {
      problems.error(
        {file: aFile},
        'translation-missing',
        `The ${lang} translation has no assessment.yaml`,
        `Create ${aFile} with each question's id, prompt and options (text and feedback) in the order of ${c.display('assessment.yaml')}.`,
      );
      assessment = baseContent.assessment;
    } else {
      const ay = parseYaml(aFile, aText, problems);
      assessment = ay
        ? translateAssessment(
            c.md,
            baseContent.assessment,
            ay,
            c.textSource(aFile, c.abs(aRel), lang, tl.byFile),
            c.display('assessment.yaml'),
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

/** A translated lesson shows the diagrams of the default language's lesson: the same ids, the same drawings. */
function matchFigures(problems: Problems, base: RenderedLesson, tr: RenderedLesson, ls: LessonSource): void {
  if (base.incomplete || tr.incomplete) return;
  for (const f of tr.figures) {
    const b = base.figures.find((x) => x.id === f.id);
    if (!b)
      problems.error(
        f.yaml.valueAt(['id']),
        'translation-extra',
        `There is no figure \`${f.id}\` in this lesson in the default language`,
        `Use the ids of the default language's figures: ${base.figures.map((x) => `\`${x.id}\``).join(', ') || 'it has none'}.`,
      );
    else if (b.image !== f.image)
      problems.error(
        f.yaml.valueAt(['image']),
        'translation-mismatch',
        `The figure \`${f.id}\` shows ${b.image} in the default language, not ${f.image}`,
        'A translation shows the same drawing and gives its own labels: keep `image:` as it is.',
      );
  }
  for (const b of base.figures)
    if (!tr.figures.some((x) => x.id === b.id))
      problems.error(
        ls.front ? ls.front.valueAt(['id']) : {file: ls.file},
        'translation-missing',
        `The figure \`${b.id}\` is not translated in this lesson`,
        `Add a \`\`\`figure block with \`id: ${b.id}\`, \`image: ${b.image}\` and the alt, description and labels in this language.`,
      );
}

/**
 * A translated lesson's blocks: its own HTML, its own decision and self-check text, with the structure (ids,
 * number of options, items, scale and bands) of the default language.
 */
function matchBlocks(problems: Problems, base: RenderedLesson, tr: RenderedLesson, ls: LessonSource): LessonBlock[] {
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
