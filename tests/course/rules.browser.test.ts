import {expect} from '@open-wc/testing';
import {
  choiceToRatings,
  emptyProgress,
  evaluate,
  findQuestion,
  mergeProgress,
  ratingsToChoice,
  setChoice,
  setClock,
  visitLesson,
} from '../../src/course/rules.js';
import {
  answerQuestion,
  attemptsLeft,
  attemptScore,
  drawQuestions,
  isCorrect,
  optionOrder,
  startAttempt,
  submitAttempt,
} from '../../src/course/attempts.js';
import type {CompiledCourse, Progress} from '../../src/course/types.js';
import {fixtureCourse} from '../helpers/course.js';

/** Answer every question of the attempt in progress right (or wrong, for the ids in `wrong`). */
function answerAll(course: CompiledCourse, p: Progress, wrong: string[] = []): Progress {
  for (const qid of p.attempt!.questions) {
    const q = findQuestion(course, qid)!;
    const right = q.options.filter((o) => o.correct).map((o) => o.id);
    const bad = q.options
      .filter((o) => !o.correct)
      .map((o) => o.id)
      .slice(0, 1);
    p = answerQuestion(p, qid, wrong.includes(qid) ? bad : right);
  }
  return p;
}

function visitAll(course: CompiledCourse, p: Progress): Progress {
  for (const lesson of course.content.en!.lessons) p = visitLesson(p, lesson.id);
  return p;
}

describe('course rules', () => {
  let t = 1_000;
  beforeEach(() => {
    t = 1_000;
    setClock(() => ++t);
  });
  afterEach(() => setClock());

  it('starts empty and stamps changes with the clock', () => {
    const p = emptyProgress();
    expect(p).to.deep.equal({
      location: null,
      visited: [],
      attempt: null,
      attemptsUsed: 0,
      score: null,
      choices: {},
      updated: 1001,
    });
    const q = visitLesson(p, 'welcome');
    expect(q.updated).to.equal(1002);
    expect(q.location).to.equal('welcome');
    expect(p.visited, 'the input is not modified').to.deep.equal([]);
  });

  it('keeps visited lessons in first-visit order, once each, and returns the same object when nothing changes', () => {
    let p = emptyProgress();
    p = visitLesson(p, 'sharing');
    p = visitLesson(p, 'welcome');
    p = visitLesson(p, 'sharing');
    expect(p.visited).to.deep.equal(['sharing', 'welcome']);
    expect(p.location).to.equal('sharing');
    expect(visitLesson(p, 'sharing')).to.equal(p);
  });

  it('records choices immutably', () => {
    const p = emptyProgress();
    const q = setChoice(p, 'share-email', 'b');
    expect(q.choices).to.deep.equal({'share-email': 'b'});
    expect(p.choices).to.deep.equal({});
    expect(setChoice(q, 'share-email', 'b')).to.equal(q);
    const ratings = {plan: 2, budget: 0, owner: 1};
    expect(choiceToRatings(ratingsToChoice(ratings))).to.deep.equal(ratings);
  });

  it('judges answers by the set of correct options', () => {
    const course = fixtureCourse();
    const share = findQuestion(course, 'q-share')!;
    expect(isCorrect(share, ['a', 'b'])).to.equal(true);
    expect(isCorrect(share, ['b', 'a'])).to.equal(true);
    expect(isCorrect(share, ['a'])).to.equal(false);
    expect(isCorrect(share, ['a', 'b', 'c'])).to.equal(false);
    expect(isCorrect(share, [])).to.equal(false);
    const tf = findQuestion(course, 'q-volume')!;
    expect(isCorrect(tf, ['true'])).to.equal(true);
    expect(isCorrect(tf, ['false'])).to.equal(false);
  });

  describe('drawing questions', () => {
    it('takes the first `draw` questions in bank order without shuffle', () => {
      const course = fixtureCourse();
      expect(drawQuestions(course, 1, 'x')).to.deep.equal(['q-purpose', 'q-share', 'q-volume']);
      expect(drawQuestions(course, 2, 'y')).to.deep.equal(['q-purpose', 'q-share', 'q-volume']);
    });

    it('shuffles deterministically per seed and attempt', () => {
      const course = fixtureCourse();
      course.content.en!.assessment!.shuffle = true;
      course.content.en!.assessment!.draw = 2;
      const a = drawQuestions(course, 1, 'learner-1');
      expect(a).to.have.length(2);
      expect(new Set(a).size).to.equal(2);
      expect(drawQuestions(course, 1, 'learner-1')).to.deep.equal(a);
      // Over many seeds and attempts, every question is drawn and the draws differ.
      const seen = new Set<string>();
      const draws = new Set<string>();
      for (let seed = 0; seed < 50; seed++) {
        for (let attempt = 1; attempt <= 2; attempt++) {
          const d = drawQuestions(course, attempt, seed);
          d.forEach((id) => seen.add(id));
          draws.add(d.join());
        }
      }
      expect([...seen].sort()).to.deep.equal(['q-owner', 'q-purpose', 'q-share', 'q-volume']);
      expect(draws.size).to.be.greaterThan(5);
    });

    it("orders each question's options by the attempt's seed: the same on every showing, different between attempts", () => {
      const course = fixtureCourse();
      const bank = course.content.en!.assessment!.questions;
      const choice = bank.find((q) => q.type !== 'truefalse' && q.options.length >= 3)!;
      const order = (seed: number) => optionOrder(choice, {questions: [choice.id], answers: {}, seed}).map((o) => o.id);
      // the same attempt (a resume, a reload): the same order
      expect(order(7)).to.deep.equal(order(7));
      // every option of the question, once
      expect([...order(7)].sort()).to.deep.equal(choice.options.map((o) => o.id).sort());
      // over attempts (seeds) the order changes, and each option comes first sometimes
      const orders = new Set<string>();
      const firsts = new Set<string>();
      for (let seed = 0; seed < 40; seed++) {
        orders.add(order(seed).join());
        firsts.add(order(seed)[0]!);
      }
      expect(orders.size).to.be.greaterThan(3);
      expect([...firsts].sort()).to.deep.equal(choice.options.map((o) => o.id).sort());
      // an attempt saved before options were shuffled keeps the bank's order; true/false stays true-then-false
      expect(optionOrder(choice, {questions: [choice.id], answers: {}})).to.deep.equal(choice.options);
      const tf = bank.find((q) => q.type === 'truefalse');
      if (tf)
        expect(optionOrder(tf, {questions: [tf.id], answers: {}, seed: 3}).map((o) => o.id)).to.deep.equal([
          'true',
          'false',
        ]);
    });

    it('keeps the seed in the attempt: a new attempt gets its own, a resumed one keeps it', () => {
      const course = fixtureCourse();
      const first = startAttempt(course, emptyProgress(), 12345);
      expect(first.attempt!.seed).to.equal(12345);
      expect(startAttempt(course, first, 999).attempt!.seed, 'resumed, not drawn again').to.equal(12345);
      const second = startAttempt(course, submitAttempt(course, first), 0xfffffffe);
      expect(second.attempt!.seed).to.equal(0xfffffffe);
      expect(startAttempt(course, emptyProgress(), 'learner-7').attempt!.seed, 'a text seed is hashed').to.be.a(
        'number',
      );
    });

    it('draws the whole bank when draw is 0 or larger than the bank', () => {
      const course = fixtureCourse();
      course.content.en!.assessment!.draw = 0;
      expect(drawQuestions(course, 1)).to.have.length(4);
      course.content.en!.assessment!.draw = 10;
      expect(drawQuestions(course, 1)).to.have.length(4);
    });
  });

  describe('attempts', () => {
    it('scores correct / drawn, keeps the best score and counts attempts up to the limit', () => {
      const course = fixtureCourse();
      let p = visitAll(course, emptyProgress());
      expect(attemptsLeft(course, p)).to.equal(2);
      p = startAttempt(course, p, 1);
      expect(p.location).to.equal('assessment');
      expect(p.attempt!.questions).to.deep.equal(['q-purpose', 'q-share', 'q-volume']);
      p = answerAll(course, p);
      p = submitAttempt(course, p);
      expect(p.score).to.equal(1);
      expect(p.attemptsUsed).to.equal(1);
      expect(p.attempt!.submitted).to.equal(true);
      expect(p.location).to.equal('results');
      expect(attemptsLeft(course, p)).to.equal(1);

      p = startAttempt(course, p, 1);
      expect(p.attempt!.submitted).to.not.equal(true);
      expect(p.attempt!.answers).to.deep.equal({});
      p = answerAll(course, p, ['q-purpose', 'q-share', 'q-volume']);
      p = submitAttempt(course, p);
      expect(attemptScore(course, p.attempt!)).to.equal(0);
      expect(p.score, 'the best score is kept').to.equal(1);
      expect(p.attemptsUsed).to.equal(2);
      expect(attemptsLeft(course, p)).to.equal(0);
      expect(startAttempt(course, p, 1), 'no attempt left').to.equal(p);
    });

    it('counts unanswered questions as wrong and ignores answers outside the attempt', () => {
      const course = fixtureCourse();
      let p = startAttempt(course, emptyProgress());
      p = answerQuestion(p, 'q-purpose', ['a']);
      expect(answerQuestion(p, 'q-owner', ['a']), 'q-owner is not drawn').to.equal(p);
      p = submitAttempt(course, p);
      expect(p.score).to.be.closeTo(1 / 3, 1e-12);
      expect(answerQuestion(p, 'q-share', ['a', 'b']), 'submitted attempts are closed').to.equal(p);
      expect(submitAttempt(course, p), 'submitting twice changes nothing').to.equal(p);
    });

    it('resumes the attempt in progress instead of drawing a new one', () => {
      const course = fixtureCourse();
      let p = startAttempt(course, emptyProgress(), 3);
      p = answerQuestion(p, 'q-purpose', ['a']);
      const again = startAttempt(course, p, 4);
      expect(again.attempt).to.deep.equal(p.attempt);
      expect(again.attemptsUsed).to.equal(0);
    });

    it('allows unlimited attempts when attempts is 0', () => {
      const course = fixtureCourse();
      course.content.en!.assessment!.attempts = 0;
      let p = emptyProgress();
      for (let i = 0; i < 5; i++) p = submitAttempt(course, startAttempt(course, p));
      expect(p.attemptsUsed).to.equal(5);
      expect(attemptsLeft(course, p)).to.equal(Infinity);
    });
  });

  describe('merging two copies', () => {
    it('gives the later state where one copy is an earlier state of the other', () => {
      const course = fixtureCourse();
      const early = visitLesson(emptyProgress(), 'welcome');
      let late = setChoice(visitLesson(early, 'sharing'), 'share-email', 'b');
      late = submitAttempt(course, answerAll(course, startAttempt(course, late)));
      late = startAttempt(course, late);
      expect(mergeProgress(early, late)).to.deep.equal(late);
      expect(mergeProgress(late, early)).to.deep.equal(late);
    });

    it('keeps what either copy holds: lessons, choices, attempts used, the best score', () => {
      const course = fixtureCourse();
      const start = visitLesson(emptyProgress(), 'welcome');
      const a = submitAttempt(course, answerAll(course, startAttempt(course, setChoice(start, 'share-email', 'a'))));
      const b = setChoice(setChoice(visitLesson(start, 'review'), 'share-email', 'b'), 'unit-check', 'plan:1');
      expect(b.updated).to.be.greaterThan(a.updated);
      const m = mergeProgress(a, b);
      expect(m.visited).to.deep.equal(['welcome', 'review']);
      expect(m.choices).to.deep.equal({'share-email': 'b', 'unit-check': 'plan:1'});
      expect(m.attemptsUsed).to.equal(1);
      expect(m.score).to.equal(1);
      expect(m.location).to.equal('review');
      expect(m.attempt, 'the newer copy has no attempt').to.equal(null);
      expect(m.updated).to.equal(b.updated);
    });
  });

  describe('evaluate', () => {
    it('lessons-and-pass: needs every lesson and a pass', () => {
      const course = fixtureCourse();
      let p = emptyProgress();
      expect(evaluate(course, p)).to.deep.equal({progressMeasure: 0, completed: false});
      p = visitLesson(p, 'welcome');
      expect(evaluate(course, p).progressMeasure).to.equal(0.25);
      p = submitAttempt(course, answerAll(course, startAttempt(course, p)));
      expect(evaluate(course, p)).to.deep.equal({progressMeasure: 0.5, completed: false, passed: true, scaled: 1});
      p = visitAll(course, p);
      expect(evaluate(course, p)).to.deep.equal({progressMeasure: 1, completed: true, passed: true, scaled: 1});
    });

    it('lessons: complete once every lesson is visited, pass or not', () => {
      const course = fixtureCourse();
      course.settings.completion = 'lessons';
      let p = visitAll(course, emptyProgress());
      expect(evaluate(course, p)).to.deep.equal({progressMeasure: 1, completed: true});
      p = submitAttempt(course, startAttempt(course, p));
      expect(evaluate(course, p)).to.include({completed: true, passed: false, scaled: 0});
    });

    it('pass: complete once passed, without visiting lessons; a fail is not complete', () => {
      const course = fixtureCourse();
      course.settings.completion = 'pass';
      let p = submitAttempt(course, answerAll(course, startAttempt(course, emptyProgress()), ['q-purpose', 'q-share']));
      expect(evaluate(course, p)).to.include({completed: false, passed: false});
      expect(evaluate(course, p).progressMeasure).to.be.lessThan(1);
      p = submitAttempt(course, answerAll(course, startAttempt(course, p)));
      expect(evaluate(course, p)).to.deep.equal({progressMeasure: 1, completed: true, passed: true, scaled: 1});
    });

    it('passes at exactly the mastery score and not below it', () => {
      const course = fixtureCourse();
      course.content.en!.assessment!.draw = 0; // all four questions: 3 right is 0.75
      const p = submitAttempt(course, answerAll(course, startAttempt(course, emptyProgress()), ['q-owner']));
      expect(p.score).to.equal(0.75);
      expect(evaluate(course, p, 0.75).passed, 'exactly at mastery').to.equal(true);
      expect(evaluate(course, p, 0.76).passed).to.equal(false);
      // 7 of 10 against 0.7, where floating point could say 0.7000000000000001 > 0.7
      const ten = fixtureCourse();
      const bank = ten.content.en!.assessment!;
      bank.questions = Array.from({length: 10}, (_, i) => ({...bank.questions[0]!, id: `q${i}`}));
      bank.draw = 10;
      bank.attempts = 0;
      let t10 = startAttempt(ten, emptyProgress());
      t10 = answerAll(ten, t10, ['q0', 'q1', 'q2']);
      t10 = submitAttempt(ten, t10);
      expect(t10.score).to.be.closeTo(0.7, 1e-12);
      expect(evaluate(ten, t10, 0.7).passed).to.equal(true);
      expect(evaluate(ten, t10, 0.71).passed).to.equal(false);
    });

    it('uses the LMS mastery score over the course one, where it is a fraction 0..1', () => {
      const course = fixtureCourse(); // mastery 0.6
      const p = submitAttempt(course, answerAll(course, startAttempt(course, emptyProgress()), ['q-purpose']));
      expect(p.score).to.be.closeTo(2 / 3, 1e-12);
      expect(evaluate(course, p).passed).to.equal(true);
      expect(evaluate(course, p, 0.8).passed).to.equal(false);
      expect(evaluate(course, p, 0).passed).to.equal(true);
      for (const garbage of [80, NaN, -1, Infinity])
        expect(evaluate(course, p, garbage).passed, String(garbage)).to.equal(true);
    });

    it('has no pass or score before an attempt is submitted', () => {
      const course = fixtureCourse();
      const p = answerAll(course, startAttempt(course, visitAll(course, emptyProgress())));
      const o = evaluate(course, p);
      expect(o).to.not.have.property('passed');
      expect(o).to.not.have.property('scaled');
      expect(o.completed).to.equal(false);
    });

    it('counts lessons only in a course without an assessment', () => {
      const course = fixtureCourse();
      for (const c of Object.values(course.content)) c.assessment = null;
      const p = visitAll(course, emptyProgress());
      expect(evaluate(course, p)).to.deep.equal({progressMeasure: 1, completed: true});
      expect(attemptsLeft(course, p)).to.equal(0);
      expect(startAttempt(course, p)).to.equal(p);
    });
  });
});
