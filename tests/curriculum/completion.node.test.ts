/**
 * Every course of the curriculum can be completed and passed, in every language it has, and ships in every format.
 *
 * - Played through the course rules the player runs (every lesson visited, an attempt with every drawn question
 *   answered right): completed, passed, 100 %; the same attempt answered wrong fails. The saved state of the
 *   finished course survives the state codec, within the SCORM 1.2 limit.
 * - Packaged by the packager in all five formats (one player per format for the whole file): each package passes
 *   `ict validate`, carries the compiled course as it is, and its page names the course and its language.
 *
 * One course is also played through the player's UI in every format, launched from the preview LMS
 * (tests/e2e/curriculum.e2e.test.ts); what a UI play adds for the others (their lessons render, their questions
 * can be answered) is what these checks show from the data the player renders.
 */
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {decodeState, encodeState} from '../../src/course/codec.js';
import {emptyProgress, evaluate, findQuestion, interactiveBlocks, visitLesson} from '../../src/course/rules.js';
import {profile} from '../../src/course/selfcheck.js';
import {answerQuestion, correctOptions, optionOrder, startAttempt, submitAttempt} from '../../src/course/attempts.js';
import type {CompiledCourse, Progress, QuestionOption} from '../../src/course/types.js';
import {FORMATS, type Format} from '../../src/package/formats.js';
import {inspectPackage} from '../../src/package/inspect.js';
import {buildPackages, type BuiltPackage} from '../../src/package/release.js';
import {unzipFiles} from '../../src/package/zip.js';
import {courseOfPackage} from '../../src/package/assemble.js';
import {compiled} from '../package/helpers.js';

const COURSES = fileURLToPath(new URL('../../courses', import.meta.url));
const IDS = readdirSync(COURSES, {withFileTypes: true})
  .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
  .map((e) => e.name)
  .sort();

const courses = new Map<string, CompiledCourse>();
const packages = new Map<string, Map<Format, BuiltPackage>>();
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ict-curriculum-'));
  for (const id of IDS) courses.set(id, await compiled(join(COURSES, id)));
  const built = await buildPackages(
    IDS.map((id) => ({course: courses.get(id)!, dir: join(COURSES, id)})),
    FORMATS,
    {player: {outDir: false}},
  );
  for (const b of built) {
    if (!packages.has(b.entry.course)) packages.set(b.entry.course, new Map());
    packages.get(b.entry.course)!.set(b.entry.format, b);
  }
});
after(async () => {
  if (tmp) await rm(tmp, {recursive: true, force: true});
});

/** A learner's whole run: every lesson, then one attempt with every drawn question answered right (or wrong). */
function run(course: CompiledCourse, lang: string, right: boolean, seed: string): Progress {
  let p = emptyProgress();
  for (const l of course.content[lang]!.lessons) p = visitLesson(p, l.id);
  p = startAttempt(course, p, seed);
  for (const qid of p.attempt!.questions) {
    const q = findQuestion(course, qid);
    assert.ok(q, `${course.id}: drawn question ${qid} is in the course`);
    const correct = correctOptions(q);
    assert.ok(correct.length > 0, `${course.id}: question ${qid} has a correct option`);
    const chosen = right ? correct : [q.options.find((o) => !o.correct)!.id];
    p = answerQuestion(p, qid, chosen);
  }
  return submitAttempt(course, p);
}

/**
 * Learners who guess: each has an attempt of their own (its seed draws the questions and orders the options).
 * A guess that does no better than chance passes now and then (a learner who answers 8 questions of 3 options at
 * random passes 7 of 8 about once in 400 attempts), so the test counts how many of 1,000 learners pass.
 */
const LEARNERS = 1000;

/** How a test-wise learner picks an answer without reading the course: from the options as shown. */
type Guess = (shown: readonly QuestionOption[]) => QuestionOption;
/** The option shown first. */
const FIRST: Guess = (shown) => shown[0]!;
/** The longest option (on a tie, the one shown first); true/false, whose options have no text of their own: True. */
const LONGEST: Guess = (shown) => shown.reduce((a, b) => (b.text.length > a.text.length ? b : a));

/**
 * An attempt answered without reading, one option per question by `guess` from the options as shown in `lang` (for a
 * seed: one learner's attempt).
 */
function guessed(course: CompiledCourse, lang: string, seed: number, guess: Guess): Progress {
  let p = emptyProgress();
  const content = course.content[lang]!;
  for (const l of content.lessons) p = visitLesson(p, l.id);
  p = startAttempt(course, p, seed);
  for (const qid of p.attempt!.questions) {
    const question = content.assessment!.questions.find((q) => q.id === qid)!;
    p = answerQuestion(p, qid, [guess(optionOrder(question, p.attempt)).id]);
  }
  return submitAttempt(course, p);
}

describe('every course of the curriculum', () => {
  it('is here: six courses', () => {
    assert.equal(IDS.length, 6, IDS.join(' '));
  });

  for (const id of IDS) {
    describe(id, () => {
      it('is completed and passed at 100 % in every language, failed when every answer is wrong; the finished state resumes', () => {
        const course = courses.get(id)!;
        for (const lang of course.languages) {
          assert.ok(course.content[lang]?.assessment, `${id} (${lang}) has an assessment`);
          for (const seed of ['a', 'b', 'c']) {
            const done = run(course, lang, true, `${id}|${lang}|${seed}`);
            const outcome = evaluate(course, done);
            assert.equal(outcome.completed, true, `${id} (${lang}) completed`);
            assert.equal(outcome.passed, true, `${id} (${lang}) passed`);
            assert.equal(outcome.scaled, 1, `${id} (${lang}) scored 100 %`);
            assert.equal(outcome.progressMeasure, 1, `${id} (${lang}) progress 100 %`);
            const state = encodeState(done, course.version, course.id);
            assert.ok(state.length <= 4096, `${id}: the finished state fits SCORM 1.2 suspend_data (${state.length})`);
            assert.deepEqual(
              evaluate(course, decodeState(state, course.id).progress),
              outcome,
              `${id}: the finished state resumes as it was`,
            );
          }
          const failed = evaluate(course, run(course, lang, false, `${id}|${lang}|wrong`));
          assert.equal(failed.passed, false, `${id} (${lang}): every answer wrong does not pass`);
          assert.equal(failed.scaled, 0, `${id} (${lang}): every answer wrong scores 0`);
        }
      });

      it('places a self-check area in the same band for the same answers, whether it has two items or three', () => {
        const course = courses.get(id)!;
        for (const [blockId, block] of interactiveBlocks(course)) {
          if (block.type !== 'selfcheck') continue;
          const top = block.scale.length - 1;
          const bandOf = (ratings: Record<string, number>) => profile(block, ratings).map((p) => p.band.label);
          const all = (r: number) => Object.fromEntries(block.items.map((i) => [i.id, r]));
          const topBand = block.bands.at(-1)!.label;
          const lowBand = block.bands[0]!.label;
          assert.ok(
            bandOf(all(top)).every((b) => b === topBand),
            `${blockId}: every item fully in place is the top band`,
          );
          assert.ok(
            bandOf(all(0)).every((b) => b === lowBand),
            `${blockId}: nothing in place is the lowest band`,
          );
          // one item short of the top in an area that is otherwise at the top: never the top band, in any area
          for (const item of block.items) {
            const area = item.area;
            const bands = profile(block, {...all(top), [item.id]: top - 1});
            const band = bands.find((p) => p.area === area)!.band.label;
            assert.notEqual(
              band,
              topBand,
              `${blockId}: ${area} with ${item.id} only partly in place is not ${topBand}`,
            );
          }
        }
      });

      for (const [name, guess] of [
        ['the option shown first', FIRST],
        ['the longest option', LONGEST],
      ] as const) {
        it(`cannot be passed by choosing ${name}, in any of its languages: of 1,000 learners, at most 1 % pass, and the mean is below 50 %`, () => {
          const course = courses.get(id)!;
          for (const lang of course.languages) {
            let passed = 0;
            let total = 0;
            for (let seed = 1; seed <= LEARNERS; seed++) {
              const outcome = evaluate(course, guessed(course, lang, seed * 7919, guess));
              total += outcome.scaled!;
              if (outcome.passed) passed++;
            }
            const who = `${id} (${lang})`;
            assert.ok(passed <= LEARNERS / 100, `${who}: ${passed} of ${LEARNERS} learners passed by choosing ${name}`);
            assert.ok(
              total / LEARNERS < 0.5,
              `${who}: ${name} scores ${Math.round((total / LEARNERS) * 100)} % on average`,
            );
          }
        });
      }

      for (const format of FORMATS) {
        it(`${format}: the package passes ict validate and carries the compiled course`, async () => {
          const course = courses.get(id)!;
          const built = packages.get(id)?.get(format);
          assert.ok(built, `${id} was packaged as ${format}`);
          const zip = join(tmp, built.entry.file);
          await writeFile(zip, built.zip);
          const r = await inspectPackage(zip);
          assert.deepEqual(r.problems, [], `${built.entry.file}: ${JSON.stringify(r.problems)}`);
          assert.deepEqual(r.formats, [format]);
          const files = unzipFiles(built.zip);
          assert.deepEqual(
            courseOfPackage(files),
            JSON.parse(JSON.stringify(course)),
            'course.json and the language files are the compiled course',
          );
          const page = new TextDecoder().decode(files.get('index.html'));
          assert.match(page, new RegExp(`<html lang="${course.languages[0]}"`), 'the page names the course language');
          assert.ok(
            page.includes(`<title>${course.content[course.languages[0]]!.title.replace(/&/g, '&amp;')}`),
            'the page is titled with the course',
          );
        });
      }
    });
  }
});
