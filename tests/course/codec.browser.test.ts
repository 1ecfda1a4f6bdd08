import {expect} from '@open-wc/testing';
import fc from 'fast-check';
import {decodeState, encodeState, StateError, worstCaseStateLength} from '../../src/course/codec.js';
import {emptyProgress, ratingsToChoice, setChoice, visitLesson} from '../../src/course/rules.js';
import {answerQuestion, startAttempt, submitAttempt} from '../../src/course/attempts.js';
import type {AttemptState, CompiledCourse, Lang, Progress, Question} from '../../src/course/types.js';
import {fixtureCourse} from '../helpers/course.js';

/** Printable ASCII that LMSs pass through unchanged: no quotes, backslash, angle brackets, ampersand, percent, space. */
const SAFE = /^[\x21-\x7e]*$/;
const UNSAFE = /["'\\<>&%#+ ]/;

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

/** Any string, including non-ASCII, separators of the codec and lone surrogates. */
const anyString = fc.oneof(
  fc.string({maxLength: 12}),
  fc.string({unit: 'binary', maxLength: 8}),
  fc.constantFrom(
    '',
    '|',
    '~',
    ';',
    '/',
    '=',
    '*',
    '!',
    '*41',
    'I1.',
    '__proto__',
    'constructor',
    'a b',
    '\u00e9t\u00e9',
    '\u4e2d\u6587',
    '\ud800',
  ),
);
const id = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,14}$/), anyString);

const attemptArb: fc.Arbitrary<AttemptState> = fc
  .record({
    questions: fc.uniqueArray(id, {maxLength: 6}),
    submitted: fc.boolean(),
    optionLists: fc.array(fc.option(fc.uniqueArray(id, {maxLength: 4}), {nil: undefined}), {maxLength: 6}),
    extra: fc.dictionary(id, fc.uniqueArray(id, {maxLength: 3}), {maxKeys: 2, noNullPrototype: true}),
    seed: fc.option(fc.oneof(fc.constantFrom(0, 0xffffffff), fc.nat({max: 0xffffffff})), {nil: undefined}),
  })
  .map(({questions, submitted, optionLists, extra, seed}) => {
    const answers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(extra)) {
      if (!questions.includes(k)) own(answers, k, v);
    }
    questions.forEach((q, i) => {
      const a = optionLists[i];
      if (a) own(answers, q, a);
    });
    const attempt: AttemptState = {questions, answers};
    if (submitted) attempt.submitted = true;
    if (seed !== undefined) attempt.seed = seed;
    return attempt;
  });

/** Any valid Progress (ids of any shape; fields as the type allows them). */
const progressArb: fc.Arbitrary<Progress> = fc
  .record({
    visited: fc.uniqueArray(id, {maxLength: 8}),
    locationKind: fc.constantFrom('null', 'visited', 'other'),
    locationIndex: fc.nat(),
    otherLocation: anyString,
    attempt: fc.option(attemptArb, {nil: null}),
    attemptsUsed: fc.oneof(fc.nat({max: 10}), fc.maxSafeNat()),
    score: fc.option(fc.oneof(fc.double({min: 0, max: 1, noNaN: true}), fc.constantFrom(0, 1, 1 / 3, 2 / 3, 0.6)), {
      nil: null,
    }),
    choices: fc.dictionary(id, anyString, {maxKeys: 4, noNullPrototype: true}),
    lang: fc.option(fc.oneof(fc.constantFrom('en', 'fr', 'ar', 'zh'), anyString), {nil: undefined}),
    updated: fc.oneof(fc.integer({min: 0, max: 9_999_999_999_999}), fc.maxSafeNat()),
  })
  .map((r) => {
    const location =
      r.locationKind === 'null'
        ? null
        : r.locationKind === 'visited' && r.visited.length
          ? r.visited[r.locationIndex % r.visited.length]!
          : r.otherLocation;
    const p: Progress = {
      location,
      visited: r.visited,
      attempt: r.attempt,
      attemptsUsed: r.attemptsUsed,
      score: r.score,
      choices: r.choices,
      updated: r.updated,
    };
    if (r.lang !== undefined) p.lang = r.lang;
    return p;
  });

// ---------------------------------------------------------------------------------------------------------------

/** FNV-1a, as the codec's checksum, so tests can build strings that pass the checksum but carry garbage. */
function seal(body: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) {
    h ^= body.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `I1.${body.length.toString(36)}.${(h >>> 0).toString(36).padStart(7, '0')}|${body}`;
}

/** Decode, and fail the test on anything thrown that is not a StateError. */
function decodeOrStateError(s: string): void {
  try {
    decodeState(s);
  } catch (e) {
    if (!(e instanceof StateError)) throw new Error(`decodeState(${JSON.stringify(s)}) threw ${String(e)}`);
    expect(['empty', 'malformed', 'truncated', 'unsupported-version']).to.include(e.code);
  }
}

function codeOf(s: string, courseId?: string): string | undefined {
  try {
    decodeState(s, courseId);
    return undefined;
  } catch (e) {
    expect(e).to.be.instanceOf(StateError);
    return (e as StateError).code;
  }
}

describe('state codec', () => {
  it('keeps a U+FEFF at the start of an id (not read as a byte-order mark)', () => {
    const p: Progress = {
      location: null,
      visited: ['\uFEFFa'],
      attempt: {questions: ['\uFEFF'], answers: {}},
      attemptsUsed: 0,
      score: null,
      choices: {},
      updated: 0,
    };
    expect(decodeState(encodeState(p, '1.0.0')).progress).to.deep.equal(p);
  });

  it('round-trips any valid progress exactly, in printable ASCII that LMSs keep intact', () => {
    fc.assert(
      fc.property(progressArb, fc.string({maxLength: 12}), (progress, version) => {
        const s = encodeState(progress, version);
        expect(s).to.match(SAFE);
        expect(s).to.not.match(UNSAFE);
        const back = decodeState(s);
        expect(back.courseVersion).to.equal(version);
        expect(back.progress).to.deep.equal(progress);
      }),
      {numRuns: 500},
    );
  });

  it('round-trips a real learner path and stays small', () => {
    const course = fixtureCourse();
    let p = emptyProgress();
    for (const l of course.content.en!.lessons) p = visitLesson(p, l.id);
    p = setChoice(p, 'share-email', 'b');
    p = setChoice(p, 'unit-check', ratingsToChoice({plan: 2, budget: 1, owner: 0}));
    p = startAttempt(course, p, 42);
    p = answerQuestion(p, 'q-purpose', ['a']);
    p = answerQuestion(p, 'q-share', ['a', 'b']);
    p = answerQuestion(p, 'q-volume', ['true']);
    p = submitAttempt(course, p);
    const s = encodeState(p, course.version, course.id);
    expect(decodeState(s, course.id)).to.deep.include({progress: p, courseVersion: '1.0.0'});
    expect(s.length).to.be.lessThan(250);
  });

  it("keeps the attempt's seed, and reads a state saved before attempts had one", () => {
    const course = fixtureCourse();
    const p = startAttempt(course, emptyProgress(), 0xffffffff);
    const back = decodeState(encodeState(p, course.version, course.id), course.id).progress;
    expect(back.attempt!.seed).to.equal(0xffffffff);
    // an attempt without a seed (written by an earlier release) reads as one: its options keep the bank's order
    const old: Progress = {...p, attempt: {questions: p.attempt!.questions, answers: {}}};
    expect(decodeState(encodeState(old, course.version)).progress.attempt).to.deep.equal(old.attempt);
    // a seed that is not a 32-bit number is not a state this codec wrote
    const body = encodeState(p, course.version).split('|').slice(1);
    body[4] = 'a' + (2 ** 33).toString(36);
    expect(codeOf(seal(body.join('|')))).to.equal('malformed');
  });

  it('keeps ids, not positions: a string stays readable when the course changes', () => {
    const p: Progress = {...emptyProgress(), visited: ['sharing', 'welcome'], location: 'sharing'};
    const s = encodeState(p, '1.0.0');
    expect(s).to.contain('sharing').and.contain('welcome');
  });

  it('names the problem: empty, truncated, malformed, unsupported version, another course', () => {
    const course = fixtureCourse();
    let p = emptyProgress();
    p = visitLesson(p, 'welcome');
    p = setChoice(p, 'share-email', 'a');
    const s = encodeState(p, '1.0.0', course.id);
    expect(codeOf('')).to.equal('empty');
    expect(codeOf('   ')).to.equal('empty');
    expect(codeOf(null as unknown as string), 'an LMS may return null').to.equal('empty');
    expect(codeOf(42 as unknown as string)).to.equal('malformed');
    for (let n = 1; n < s.length; n++) expect(codeOf(s.slice(0, n)), `cut at ${n}`).to.equal('truncated');
    expect(codeOf(s.replace('welcome', 'welcomf'))).to.equal('malformed');
    expect(codeOf(s + 'x')).to.equal('malformed');
    expect(codeOf('{"lesson":3,"score":80}')).to.equal('malformed');
    expect(codeOf('a1b2c3')).to.equal('malformed');
    expect(codeOf('I2.5.0000000|abcde')).to.equal('unsupported-version');
    expect(codeOf(s, 'another-course')).to.equal('foreign-course');
    expect(codeOf(s, course.id)).to.equal(undefined);
    expect(codeOf(encodeState(p, '1.0.0'), 'another-course'), 'no key written: no check').to.equal(undefined);
  });

  it('never throws anything but StateError for arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({unit: 'binary'}), fc.string({unit: fc.constantFrom(...'I1.|~;/=*!abz09-:,')})),
        (s) => {
          decodeOrStateError(s);
          decodeOrStateError('I1.' + s);
        },
      ),
      {numRuns: 1000},
    );
  });

  it('never throws anything but StateError for mutated strings, with or without a valid checksum', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'replace', 'insert', 'cut', 'swap'),
      ch: fc.constantFrom(...'|~;/=*!.,:-_aZ09\u00e9 '),
    });
    fc.assert(
      fc.property(progressArb, fc.array(mutation, {minLength: 1, maxLength: 4}), (progress, mutations) => {
        const s = encodeState(progress, '2.1.0', 'basics');
        const bar = s.indexOf('|');
        let body = s.slice(bar + 1);
        let whole = s;
        for (const m of mutations) {
          const mutate = (x: string): string => {
            const i = x.length ? m.at % x.length : 0;
            switch (m.kind) {
              case 'delete':
                return x.slice(0, i) + x.slice(i + 1);
              case 'replace':
                return x.slice(0, i) + m.ch + x.slice(i + 1);
              case 'insert':
                return x.slice(0, i) + m.ch + x.slice(i);
              case 'cut':
                return x.slice(0, i);
              default:
                return x.slice(0, i) + x.slice(i + 1, i + 2) + x.slice(i, i + 1) + x.slice(i + 2);
            }
          };
          body = mutate(body);
          whole = mutate(whole);
        }
        decodeOrStateError(whole);
        decodeOrStateError(seal(body)); // the parser itself, past the checksum
        try {
          decodeState(seal(body), 'basics');
        } catch (e) {
          expect(e).to.be.instanceOf(StateError);
        }
      }),
      {numRuns: 1000},
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The worst case

/** A course with generated ids and structure (the text does not matter to the codec). */
const courseArb: fc.Arbitrary<CompiledCourse> = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
    version: fc.stringMatching(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/),
    languages: fc.uniqueArray(fc.constantFrom<Lang>('ar', 'en', 'es', 'fr', 'ru', 'zh'), {minLength: 1, maxLength: 6}),
    lessons: fc.uniqueArray(id, {minLength: 1, maxLength: 12}),
    decisions: fc.array(fc.record({id, options: fc.uniqueArray(id, {minLength: 2, maxLength: 4})}), {maxLength: 3}),
    selfchecks: fc.array(
      fc.record({id, items: fc.uniqueArray(id, {minLength: 1, maxLength: 5}), scale: fc.integer({min: 2, max: 12})}),
      {maxLength: 2},
    ),
    questions: fc.uniqueArray(fc.record({id, options: fc.uniqueArray(id, {minLength: 2, maxLength: 5})}), {
      maxLength: 10,
      selector: (q) => q.id,
    }),
    draw: fc.nat({max: 12}),
    attempts: fc.nat({max: 5}),
  })
  .map((r) => {
    const course = fixtureCourse();
    course.id = r.id;
    course.version = r.version;
    course.languages = r.languages;
    const blocks = [
      ...r.decisions.map((d) => ({
        type: 'decision' as const,
        id: d.id,
        prompt: '',
        options: d.options.map((o) => ({id: o, text: '', consequence: ''})),
      })),
      ...r.selfchecks.map((c) => ({
        type: 'selfcheck' as const,
        id: c.id,
        title: '',
        scale: Array.from({length: c.scale}, (_, i) => String(i)),
        items: c.items.map((i) => ({id: i, text: '', area: ''})),
        bands: [],
      })),
    ];
    const questions: Question[] = r.questions.map((q) => ({
      id: q.id,
      type: 'multiple',
      prompt: '',
      description: '',
      options: q.options.map((o, i) => ({id: o, text: '', correct: i === 0, feedback: ''})),
    }));
    const content = {
      ...course.content.en!,
      lessons: r.lessons.map((l, i) => ({id: l, title: '', minutes: 1, blocks: i === 0 ? blocks : []})),
      assessment: questions.length ? {draw: r.draw, attempts: r.attempts, shuffle: true, questions} : null,
    };
    course.content = {};
    for (const lang of r.languages) course.content[lang] = content;
    return course;
  });

/** Set an own property, also for keys such as `__proto__`. */
function own<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, {value, enumerable: true, writable: true, configurable: true});
}

/** Any progress this course can reach (positions and choices picked by the numbers given). */
function reachable(course: CompiledCourse, pick: number[]): Progress {
  let i = 0;
  const next = (n: number): number => (n <= 0 ? 0 : (pick[i++ % pick.length]! >>> 0) % n);
  const content = course.content[course.languages[0]!]!;
  const lessons = content.lessons.map((l) => l.id);
  const visited = lessons.filter(() => next(2) === 1).sort(() => next(3) - 1);
  const locations = [null, 'assessment', 'results', 'complete', ...lessons];
  const a = content.assessment;
  let attempt: AttemptState | null = null;
  let score: number | null = null;
  let attemptsUsed = 0;
  if (a && next(4) > 0) {
    const n = a.draw > 0 ? Math.min(a.draw, a.questions.length) : a.questions.length;
    const shuffled = [...a.questions].sort(() => next(3) - 1).slice(0, n);
    const answers: Record<string, string[]> = {};
    for (const q of shuffled) {
      if (next(3) > 0)
        own(
          answers,
          q.id,
          q.options.map((o) => o.id).filter(() => next(2) === 1),
        );
    }
    attempt = {questions: shuffled.map((q) => q.id), answers};
    if (next(2)) attempt.submitted = true;
    attemptsUsed = a.attempts > 0 ? next(a.attempts + 1) : next(1000);
    score = n ? next(n + 1) / n : 0;
  }
  const choices: Record<string, string> = {};
  for (const lesson of content.lessons) {
    for (const b of lesson.blocks) {
      if (b.type === 'decision' && next(3)) own(choices, b.id, b.options[next(b.options.length)]!.id);
      if (b.type === 'selfcheck' && next(3)) {
        const ratings: Record<string, number> = {};
        for (const item of b.items) if (next(3)) own(ratings, item.id, next(b.scale.length));
        own(choices, b.id, ratingsToChoice(ratings));
      }
    }
  }
  const p: Progress = {
    location: locations[next(locations.length)] ?? null,
    visited,
    attempt,
    attemptsUsed,
    score,
    choices,
    updated: next(2) ? 9_999_999_999_999 : 1_700_000_000_000 + next(1e9),
  };
  if (next(2)) p.lang = course.languages[next(course.languages.length)]!;
  return p;
}

describe('worst-case state length', () => {
  it('counts a drawn question by what the state holds of it: its id once, then its answers', () => {
    // one question with a long id and short options, one with a short id and long options; one is drawn
    const course = fixtureCourse();
    const a = course.content.en!.assessment!;
    const option = (id: string) => ({id, text: id, correct: id !== 'n', feedback: ''});
    a.questions = [
      {...a.questions[0]!, id: 'a-question-id-of-30-characters', options: [option('y'), option('n')]},
      {...a.questions[0]!, id: 'q', options: [option('an-option-id-of-forty-five-characters-in-all-'), option('n')]},
    ];
    a.draw = 1;
    for (const content of Object.values(course.content))
      for (const l of content!.lessons)
        l.blocks = l.blocks.filter((b) => b.type !== 'decision' && b.type !== 'selfcheck');
    const worst = worstCaseStateLength(course);
    for (const q of a.questions) {
      const p: Progress = {
        location: 'assessment',
        visited: course.content.en!.lessons.map((l) => l.id),
        attempt: {questions: [q.id], answers: {[q.id]: q.options.map((o) => o.id)}, submitted: true},
        attemptsUsed: a.attempts,
        score: 1,
        choices: {},
        updated: 9_999_999_999_999,
        lang: 'en',
      };
      expect(encodeState(p, course.version, course.id).length, q.id).to.be.at.most(worst);
    }
  });

  it('is an upper bound of every progress a course can reach', () => {
    fc.assert(
      fc.property(courseArb, fc.array(fc.nat(), {minLength: 1, maxLength: 64}), (course, pick) => {
        const worst = worstCaseStateLength(course);
        const p = reachable(course, pick);
        expect(encodeState(p, course.version, course.id).length).to.be.at.most(worst);
        expect(encodeState(p, course.version).length).to.be.at.most(worst);
      }),
      {numRuns: 400},
    );
  });

  it('is reached: the maximal progress of the fixture course encodes to exactly that length, under 4,096', () => {
    const course = fixtureCourse();
    const worst = worstCaseStateLength(course);
    expect(worst).to.be.lessThan(4096);
    expect(course.worstCaseStateLength).to.equal(worst);
    let p = emptyProgress();
    p = visitLesson(p, 'welcome');
    p = visitLesson(p, 'sharing');
    p = visitLesson(p, 'review');
    p = setChoice(p, 'share-email', 'a');
    p = setChoice(p, 'unit-check', ratingsToChoice({plan: 2, budget: 2, owner: 2}));
    p = startAttempt(course, p, 0xffffffff);
    p = answerQuestion(p, 'q-purpose', ['a', 'b']);
    p = answerQuestion(p, 'q-share', ['a', 'b', 'c']);
    p = answerQuestion(p, 'q-volume', ['true', 'false']);
    p = {
      ...submitAttempt(course, p),
      attemptsUsed: 2,
      score: 2 / 3,
      location: 'assessment',
      lang: 'en',
      updated: 9_999_999_999_999,
    };
    const s = encodeState(p, course.version, course.id);
    expect(s.length).to.be.at.most(worst);
    expect(worst - s.length, 'the bound is tight').to.be.at.most(2);
  });

  it('grows with the course and stays within the limits for a large course', () => {
    const big = fixtureCourse();
    const en = big.content.en!;
    en.lessons = Array.from({length: 60}, (_, i) => ({
      id: `lesson-${i}-on-ict-governance`,
      title: '',
      minutes: 5,
      blocks: [],
    }));
    en.assessment!.questions = Array.from({length: 80}, (_, i) => ({
      ...en.assessment!.questions[1]!,
      id: `q-${i}-shared-services-and-sourcing`,
    }));
    en.assessment!.draw = 30;
    big.content.fr = en;
    const worst = worstCaseStateLength(big);
    expect(worst).to.be.greaterThan(worstCaseStateLength(fixtureCourse()));
    expect(worst).to.be.lessThan(4096);
  });
});
