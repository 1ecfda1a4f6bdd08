// The player's UI strings in English for the views loaded on demand (decisions, self-checks, assessment,
// results, certificate). See en.ts.
const enViews = {
  decisionChoose: 'Choose an option, then see what happens.',
  decisionShow: 'See what happens',
  decisionResult: 'What happens',
  selfcheckShow: 'Show my profile',
  selfcheckProfile: 'Your profile',
  selfcheckIncomplete: 'Rate every statement to see your profile.',
  selfcheckArea: '{area}: {label}',
  assessmentIntro: 'Answer the questions to show what you have learned.',
  questions: 'Questions: {n}',
  passMark: 'Pass mark: {percent}',
  attemptsLeft: 'Attempts left: {n}',
  attemptsUnlimited: 'Attempts: unlimited',
  startAssessment: 'Start the assessment',
  questionOf: 'Question {n} of {total}',
  chooseOne: 'Choose one answer.',
  chooseAll: 'Choose all answers that apply.',
  true: 'True',
  false: 'False',
  submit: 'Submit answer',
  selectFirst: 'Select an answer before you submit.',
  correct: 'Correct.',
  incorrect: 'Not correct.',
  yourAnswer: 'Your answer',
  nextQuestion: 'Next question',
  finish: 'See your results',
  score: 'Score: {percent}',
  scoreLabel: 'Score',
  passed: 'Passed',
  failed: 'Not yet passed',
  retry: 'Try again',
  noAttempts: 'You have used all your attempts.',
  outOfAttempts:
    'You have used all your attempts without reaching the pass mark, so your learning record shows that you did not pass this course. To try again, ask your learning administrator for a new attempt.',
  reviewHeading: 'Questions to review',
  needLessons: 'Visit every lesson to complete the course.',
  toLessons: 'Back to the lessons',
  completeText: 'Well done. You have completed this course.',
  certificate: 'Certificate of completion',
  certifies: 'This is to certify that',
  hasCompleted: 'has successfully completed the course',
  date: 'Date',
  courseVersion: 'Course and version',
  certificateNo: 'Certificate number',
  learnerName: 'Your name as it should appear on the certificate',
  print: 'Print the certificate',
  // the header's tools (language menu, Exit) and the page after Exit
  language: 'Language',
  exit: 'Exit',
  exitedTitle: 'You have left the course',
  exited: 'Your progress has been kept. You may close this window.',
  // the glossary (from the contents)
  glossary: 'Glossary',
  glossaryIntro: 'The terms this course uses, and what they mean.',
  glossaryBack: 'Back to the course',
};

export type ViewStringKey = keyof typeof enViews;
/** The strings of the views loaded on demand, for one language. */
export type ViewStrings = Record<ViewStringKey, string>;

export default enViews as ViewStrings;
