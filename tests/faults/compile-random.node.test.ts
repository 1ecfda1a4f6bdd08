// The compiler fed whole random documents (tests/compile/robust.node.test.ts mutates the fixture by small edits):
// any YAML value as course.yaml or assessment.yaml, any front matter on a lesson, any text as a file. Always a
// course or problems that name a file and say something; never an exception.
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import {stringify} from 'yaml';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import {cleanup, makeCourse} from '../compile/helpers.js';

after(cleanup);

async function compilesOrExplains(dir: string): Promise<void> {
  let r;
  try {
    r = await compileCourse(dir);
  } catch (e) {
    assert.fail(`compileCourse threw: ${e instanceof Error ? e.stack : String(e)}`);
  }
  if (r.ok) return;
  assert.ok(r.problems.length > 0);
  for (const p of r.problems) {
    assert.ok(p.file.length > 0, formatProblem(p));
    assert.ok(p.message.length > 0 && !/\[object Object\]/.test(p.message), formatProblem(p));
  }
}

/** YAML-ish values: what an author could write, including the keys the compiler knows, with values of any type. */
const KEYS = [
  'id',
  'title',
  'version',
  'language',
  'languages',
  'mastery-score',
  'completion',
  'lessons',
  'questions',
  'options',
  'correct',
  'prompt',
  'draw',
  'type',
  'text',
  'feedback',
  'description',
  'audience',
  'objectives',
  'minutes',
];
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.date({noInvalidDate: true}),
  ),
  node: fc.oneof(
    {depthSize: 'small'},
    tie('leaf'),
    fc.array(tie('node'), {maxLength: 4}),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie('node'), {maxKeys: 6}),
  ),
})).node;

describe('the compiler against random documents', () => {
  it('any YAML value as course.yaml or assessment.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('course.yaml', 'assessment.yaml', 'fr/course.yaml'), value, async (file, v) => {
        const dir = makeCourse({});
        writeFileSync(path.join(dir, file), stringify(v));
        await compilesOrExplains(dir);
      }),
      {numRuns: 25, seed: 11},
    );
  });

  it('any front matter on a lesson, and any text as a file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('lessons/01-welcome.md', 'lessons/03-review.md', 'course.yaml', 'assessment.yaml'),
        fc.oneof(
          value.map((v) => `---\n${stringify(v)}---\nSome text.\n`),
          fc.string({unit: 'binary', maxLength: 400}),
          fc.string({unit: fc.constantFrom(...'-:\n #`[]{}!*&|>\'"\t'), maxLength: 200}),
        ),
        async (file, text) => {
          const dir = makeCourse({});
          writeFileSync(path.join(dir, file), text);
          await compilesOrExplains(dir);
        },
      ),
      {numRuns: 25, seed: 13},
    );
  });
});
