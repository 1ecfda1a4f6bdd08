import {expect} from '@open-wc/testing';
import {decodeState, encodeState} from '../../src/course/codec.js';
import {migrateProgress} from '../../src/course/migrate.js';
import {emptyProgress, evaluate, setChoice, visitLesson} from '../../src/course/rules.js';
import {answerQuestion, startAttempt, submitAttempt} from '../../src/course/attempts.js';
import type {CompiledCourse, Progress} from '../../src/course/types.js';
import {fixtureCourse} from '../helpers/course.js';

/** Version 1.0.0 progress: two lessons visited, a choice made, an attempt in progress with one answer. */
function oldProgress(course: CompiledCourse): Progress {
  let p = emptyProgress();
  p = visitLesson(p, 'welcome');
  p = visitLesson(p, 'sharing');
  p = setChoice(p, 'share-email', 'b');
  p = setChoice(p, 'unit-check', 'plan:2,budget:1,owner:0');
  p = startAttempt(course, p);
  p = answerQuestion(p, 'q-purpose', ['a']);
  p = answerQuestion(p, 'q-share', ['a', 'b']);
  return visitLesson(p, 'sharing');
}

/** Every language of a course gets the same edit. */
function edit(course: CompiledCourse, change: (c: CompiledCourse['content'][string]) => void): CompiledCourse {
  for (const content of Object.values(course.content)) change(content);
  return course;
}

describe('progress migration', () => {
  it('changes nothing when the course is the same', () => {
    const course = fixtureCourse();
    const p = oldProgress(course);
    expect(migrateProgress(p, course)).to.equal(p);
  });

  it('resumes old progress after a lesson is added', () => {
    const v1 = fixtureCourse();
    const p = oldProgress(v1);
    const saved = encodeState(p, v1.version);
    const v2 = edit(fixtureCourse(), (c) => {
      c.lessons.splice(1, 0, {id: 'new-lesson', title: 'New', minutes: 1, blocks: []});
    });
    v2.version = '1.1.0';
    const {progress, courseVersion} = decodeState(saved);
    expect(courseVersion).to.equal('1.0.0');
    const m = migrateProgress(progress, v2);
    expect(m.visited).to.deep.equal(['welcome', 'sharing']);
    expect(m.location).to.equal('sharing');
    expect(m.attempt!.answers).to.deep.equal({'q-purpose': ['a'], 'q-share': ['a', 'b']});
    expect(m.choices).to.deep.equal(p.choices);
    // The new lesson is not visited, so the course is not complete until the learner reads it.
    expect(evaluate(v2, m).progressMeasure).to.equal(2 / 5);
  });

  it('drops a removed lesson and moves a location inside it to the first unvisited lesson', () => {
    const v1 = fixtureCourse();
    const p = oldProgress(v1); // at 'sharing'
    const v2 = edit(fixtureCourse(), (c) => {
      c.lessons = c.lessons.filter((l) => l.id !== 'sharing');
    });
    const m = migrateProgress(p, v2);
    expect(m.visited).to.deep.equal(['welcome']);
    expect(m.location).to.equal('review');
    expect(m.choices, 'the choice made in the removed lesson goes too').to.deep.equal({
      'unit-check': 'plan:2,budget:1,owner:0',
    });
    expect(m.updated).to.equal(p.updated);
    expect(p.visited, 'the input is not modified').to.deep.equal(['welcome', 'sharing']);
  });

  it('drops removed questions, answers with removed options, and unknown choices', () => {
    const v1 = fixtureCourse();
    const p = oldProgress(v1);
    const v2 = edit(fixtureCourse(), (c) => {
      const a = c.assessment!;
      a.questions = a.questions.filter((q) => q.id !== 'q-purpose');
      a.questions.find((q) => q.id === 'q-share')!.options.pop(); // c is gone; a and b stay
      c.lessons[2]!.blocks = c.lessons[2]!.blocks.map((b) =>
        b.type === 'selfcheck' ? {...b, items: b.items.filter((i) => i.id !== 'budget'), scale: ['No', 'Yes']} : b,
      );
    });
    const m = migrateProgress(p, v2);
    expect(m.attempt!.questions).to.deep.equal(['q-share', 'q-volume']);
    expect(m.attempt!.answers).to.deep.equal({'q-share': ['a', 'b']});
    // plan:2 is off the new two-point scale, budget is gone: only owner:0 stays
    expect(m.choices).to.deep.equal({'share-email': 'b', 'unit-check': 'owner:0'});

    const v3 = edit(fixtureCourse(), (c) => {
      c.assessment!.questions.find((q) => q.id === 'q-share')!.options.splice(1, 1); // b is gone
      c.lessons[1]!.blocks = [];
    });
    const m3 = migrateProgress(p, v3);
    expect(m3.attempt!.answers).to.deep.equal({'q-purpose': ['a']});
    expect(m3.choices).to.deep.equal({'unit-check': 'plan:2,budget:1,owner:0'});
  });

  it('keeps attempts used and the best score, and a submitted attempt, across versions', () => {
    const v1 = fixtureCourse();
    let p = oldProgress(v1);
    p = submitAttempt(v1, p);
    const v2 = edit(fixtureCourse(), (c) => {
      c.assessment!.questions.push({...c.assessment!.questions[0]!, id: 'q-new'});
    });
    const m = migrateProgress(p, v2);
    expect(m).to.equal(p);
    expect(m.attemptsUsed).to.equal(1);
    expect(m.score).to.equal(p.score);
  });

  it('cleans progress that belongs to another course entirely', () => {
    const course = fixtureCourse();
    const foreign: Progress = {
      location: 'chapter-9',
      visited: ['intro', 'chapter-9'],
      attempt: {questions: ['x1', 'x2'], answers: {x1: ['c']}},
      attemptsUsed: 0,
      score: null,
      choices: {poll: 'yes'},
      lang: 'de',
      updated: 5,
    };
    const m = migrateProgress(foreign, course);
    expect(m).to.deep.equal({
      location: 'welcome',
      visited: [],
      attempt: null,
      attemptsUsed: 0,
      score: null,
      choices: {},
      updated: 5,
    });
  });

  it('sends a learner at the assessment of a course that no longer has one to the first unvisited lesson', () => {
    const v1 = fixtureCourse();
    let p = oldProgress(v1);
    p = {...p, location: 'assessment'};
    const v2 = edit(fixtureCourse(), (c) => {
      c.assessment = null;
    });
    const m = migrateProgress(p, v2);
    expect(m.attempt).to.equal(null);
    expect(m.location).to.equal('review');
  });
});
