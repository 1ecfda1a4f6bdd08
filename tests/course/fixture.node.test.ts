// The hand-written fixture course (tests/helpers/course.ts), used by browser tests that do not run the compiler,
// must stay the course the compiler makes of tests/fixtures/courses/basics: same ids, structure, answers, settings.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import {decodeState, encodeState, worstCaseStateLength} from '../../src/course/codec.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {fixtureCourse} from '../helpers/course.js';

const SOURCE = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));

/** What the rules, the codec and the trackers depend on: everything but the text. */
function skeleton(c: CompiledCourse): unknown {
  return {
    id: c.id,
    version: c.version,
    iri: c.iri,
    languages: c.languages,
    settings: c.settings,
    assets: c.assets,
    worstCaseStateLength: c.worstCaseStateLength,
    content: Object.fromEntries(
      Object.entries(c.content).map(([lang, content]) => [
        lang,
        {
          lessons: content.lessons.map((l) => ({
            id: l.id,
            blocks: l.blocks.map((b) =>
              b.type === 'html'
                ? 'html'
                : b.type === 'decision'
                  ? {decision: b.id, options: b.options.map((o) => o.id)}
                  : {
                      selfcheck: b.id,
                      items: b.items.map((i) => i.id),
                      scale: b.scale.length,
                      bands: b.bands.map((x) => x.upTo),
                    },
            ),
          })),
          assessment: content.assessment && {
            draw: content.assessment.draw,
            attempts: content.assessment.attempts,
            shuffle: content.assessment.shuffle,
            questions: content.assessment.questions.map((q) => ({
              id: q.id,
              type: q.type,
              options: q.options.map((o) => `${o.id}${o.correct ? ' (correct)' : ''}`),
            })),
          },
        },
      ]),
    ),
  };
}

describe('the fixture course', () => {
  it('written by hand matches the compiled fixture course', async () => {
    const r = await compileCourse(SOURCE);
    if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
    assert.deepEqual(skeleton(fixtureCourse()), skeleton(r.course));
  });

  it('has the worst-case state length the codec computes, far below 4,096', async () => {
    const r = await compileCourse(SOURCE);
    if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
    assert.equal(r.course.worstCaseStateLength, worstCaseStateLength(r.course));
    assert.ok(r.course.worstCaseStateLength < 4096);
  });

  it('the codec also runs in Node (the compiler and the preview use it)', () => {
    const s = encodeState(
      {location: 'welcome', visited: ['welcome'], attempt: null, attemptsUsed: 0, score: null, choices: {}, updated: 1},
      '1.0.0',
    );
    assert.equal(decodeState(s).progress.location, 'welcome');
  });
});
