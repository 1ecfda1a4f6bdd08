/**
 * The fixture course `tests/fixtures/courses/basics` as a CompiledCourse, written out by hand so that tests of the
 * rules, the codec, storage and trackers do not depend on the compiler. Each call returns a fresh copy: change it
 * freely in a test (e.g. `course.settings.completion = 'pass'`).
 */
import {worstCaseStateLength} from '../../src/course/codec.js';
import type {CompiledCourse, CourseContent, Question} from '../../src/course/types.js';

function q(
  id: string,
  type: Question['type'],
  prompt: string,
  options: [id: string, text: string, correct: boolean, feedback: string][],
): Question {
  return {
    id,
    type,
    prompt: `<p>${prompt}</p>`,
    options: options.map(([oid, text, correct, feedback]) => ({id: oid, text, correct, feedback})),
    description: prompt,
  };
}

function english(): CourseContent {
  return {
    title: 'ICT basics for managers',
    description:
      'A short course used by the project\u2019s own tests. It shows every kind of content: lessons, a decision scenario, a self-check, an image and an assessment.',
    audience: 'Managers new to ICT planning',
    objectives: ['Name what an ICT strategy is for', 'Decide when to share a service'],
    lessons: [
      {
        id: 'welcome',
        title: 'Welcome',
        minutes: 1,
        blocks: [
          {
            type: 'html',
            html:
              '<p>This short course shows how an <strong>ICT strategy</strong> serves the goals of an organization.</p>' +
              '<p><img src="assets/offices.svg" alt="A simple diagram of three linked offices"></p>' +
              '<aside class="key-points"><ul><li>ICT is a means, not an end.</li><li>Plans start from the mandate.</li></ul></aside>',
          },
        ],
      },
      {
        id: 'sharing',
        title: 'Sharing services',
        minutes: 1,
        blocks: [
          {
            type: 'html',
            html: '<p>Organizations of the UN system can share services such as hosting and payroll. Benefits grow with the number of partners.</p>',
          },
          {
            type: 'decision',
            id: 'share-email',
            prompt: '<p>You head administration in a country office. Your e-mail server is old. What do you do?</p>',
            options: [
              {
                id: 'a',
                text: 'Buy a new server for your office alone.',
                consequence: 'It works, but you carry the whole cost and the upkeep.',
              },
              {
                id: 'b',
                text: 'Ask a common service provider what it offers to UN organizations.',
                consequence: 'You share the cost with others and the service is run by specialists.',
              },
            ],
          },
        ],
      },
      {
        id: 'review',
        title: 'Check your unit',
        minutes: 1,
        blocks: [
          {type: 'html', html: '<p>Rate your own unit before the assessment.</p>'},
          {
            type: 'selfcheck',
            id: 'unit-check',
            title: 'How ready is your unit?',
            scale: ['Not yet', 'Partly', 'Fully'],
            items: [
              {id: 'plan', text: 'My unit has a written ICT plan.', area: 'Planning'},
              {id: 'budget', text: 'ICT costs are visible in my unit\u2019s budget.', area: 'Planning'},
              {id: 'owner', text: 'Someone is named to decide on ICT requests.', area: 'Decisions'},
            ],
            bands: [
              {upTo: 0.4, label: 'Starting', advice: 'Write down what ICT your unit depends on.'},
              {upTo: 1, label: 'Established', advice: 'Review your plan each year with your ICT focal point.'},
            ],
          },
        ],
      },
    ],
    assessment: {
      draw: 3,
      attempts: 2,
      shuffle: false,
      questions: [
        q('q-purpose', 'single', 'What is an ICT strategy for?', [
          ['a', 'To serve the goals of the organization.', true, 'Right. ICT is a means to the mandate.'],
          ['b', 'To buy the newest technology.', false, 'No. New technology is not a goal in itself.'],
        ]),
        q('q-share', 'multiple', 'Which of these can organizations share? Choose all that apply.', [
          ['a', 'Hosting', true, 'Yes, hosting is often shared.'],
          ['b', 'Payroll', true, 'Yes, payroll systems can be shared.'],
          ['c', 'Their mandate', false, 'No. Each organization keeps its own mandate.'],
        ]),
        q('q-volume', 'truefalse', 'The benefits of a shared service grow with the number of partners.', [
          ['true', '', true, 'Right. Fixed costs are spread over more partners.'],
          ['false', '', false, 'Not so. More partners spread the fixed costs further.'],
        ]),
        q('q-owner', 'single', 'Who should own the decision on a unit\u2019s ICT request?', [
          ['a', 'A named manager with the authority to decide.', true, 'Right. Clear decision rights avoid delays.'],
          ['b', 'Whoever asks first.', false, 'No. That leaves the decision to chance.'],
        ]),
      ],
    },
  };
}

/** French: the same ids and structure, other text (enough of it to tell the languages apart). */
function french(): CourseContent {
  const c = english();
  c.title = 'Les bases des TIC pour les cadres';
  c.description = 'Un cours court utilisé par les tests du projet.';
  c.audience = 'Cadres débutants en planification des TIC';
  c.objectives = ['Dire à quoi sert une stratégie informatique', 'Décider quand partager un service'];
  const titles: Record<string, string> = {
    welcome: 'Bienvenue',
    sharing: 'Partager des services',
    review: 'Évaluez votre unité',
  };
  for (const lesson of c.lessons) lesson.title = titles[lesson.id] ?? lesson.title;
  c.assessment!.questions[0]!.prompt = '<p>À quoi sert une stratégie informatique ?</p>';
  return c;
}

/** The fixture course, compiled: 3 lessons, a bank of 4 questions (3 drawn, in order), 2 attempts, mastery 0.6. */
export function fixtureCourse(): CompiledCourse {
  const course: CompiledCourse = {
    schema: 1,
    id: 'basics',
    version: '1.0.0',
    iri: 'urn:ict-manager-training:course:basics',
    minutes: 6,
    languages: ['en', 'fr'],
    settings: {
      masteryScore: 0.6,
      completion: 'lessons-and-pass',
      scorm12Report: 'passed-failed',
      failedIsIncomplete: false,
      scorm2004ExitRequest: 'none',
      maxAssetBytes: 2 * 1024 * 1024,
    },
    content: {en: english(), fr: french()},
    assets: ['assets/offices.svg'],
    worstCaseStateLength: 0,
  };
  course.worstCaseStateLength = worstCaseStateLength(course);
  return course;
}
