/** Whatever an author types, the compiler answers with a course or with problems at places: it never crashes. */
import assert from 'node:assert/strict';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import {cleanup, makeCourse} from './helpers.js';

after(cleanup);

const FILES = [
  'course.yaml',
  'assessment.yaml',
  'lessons/01-welcome.md',
  'lessons/02-sharing.md',
  'lessons/03-review.md',
  'fr/course.yaml',
  'fr/assessment.yaml',
  'fr/lessons/02-sharing.md',
  'fr/lessons/03-review.md',
];
const INSERTS = [
  '\n',
  ' ',
  ':',
  ': ',
  '- ',
  '  ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '#',
  '---',
  '```',
  '*',
  '&a',
  'true',
  '80',
  '0.5',
  'id: x',
  '<b>',
  '<script>',
  '![](x)',
  '](02-sharing.md)',
  'options:',
  'correct: true',
  '\t',
  '',
];

describe('robustness', () => {
  it('reports problems with places for random edits, and never fails inside', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            file: fc.constantFrom(...FILES),
            at: fc.double({min: 0, max: 1, noNaN: true}),
            cut: fc.nat(8),
            insert: fc.constantFrom(...INSERTS),
          }),
          {minLength: 1, maxLength: 3},
        ),
        async (edits) => {
          const dir = makeCourse({});
          for (const e of edits) {
            const file = path.join(dir, e.file);
            const text = readFileSync(file, 'utf8');
            const i = Math.floor(e.at * text.length);
            writeFileSync(file, text.slice(0, i) + e.insert + text.slice(i + e.cut));
          }
          const r = await compileCourse(dir);
          if (r.ok) return;
          assert.ok(r.problems.length > 0);
          for (const p of r.problems) {
            assert.notEqual(p.code, 'read-error', formatProblem(p));
            assert.ok(p.file.startsWith(dir), formatProblem(p));
            assert.ok(p.message.length > 0 && !/undefined|\[object Object\]/.test(p.message), formatProblem(p));
          }
        },
      ),
      {numRuns: 30, seed: 7},
    );
  });
});
