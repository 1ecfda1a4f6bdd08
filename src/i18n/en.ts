/**
 * The player's UI strings in English: the reference every other language must match key for key. Shipped inline
 * as the fallback; the other languages are loaded on demand (see `index.ts`).
 *
 * Placeholders are `{name}`; numbers, percentages, dates and durations arrive already formatted through `Intl`.
 * Messages avoid plural forms ("Changes waiting: 3") so that one string serves every language's plural rules.
 */
const en = {
  skip: 'Skip to the lesson',
  loading: 'Loading the course…',
  language: 'Language',
  contents: 'Contents',
  progress: 'Course progress',
  progressValue: '{percent} done',
  visited: 'visited',
  estimated: 'Estimated time: {duration}',
  about: 'About this course',
  audience: 'For',
  objectives: 'By the end of this course you will be able to',
  start: 'Start the course',
  resume: 'Continue where you left off',
  lessonOf: 'Lesson {n} of {total}',
  previous: 'Previous',
  next: 'Next',
  exit: 'Exit',
  exited: 'You have left the course. Your progress has been kept. You may close this window.',
  modeNotice: 'Review mode: you can look through the course, but your answers and results are not recorded.',

  decisionChoose: 'Choose an option, then see what happens.',
  decisionShow: 'See what happens',
  decisionResult: 'What happens',
  selfcheckShow: 'Show my profile',
  selfcheckProfile: 'Your profile',
  selfcheckIncomplete: 'Rate every statement to see your profile.',
  selfcheckArea: '{area}: {label}',

  assessment: 'Assessment',
  assessmentIntro: 'Answer the questions to show what you have learned.',
  questions: 'Questions: {n}',
  passMark: 'Pass mark: {percent}',
  attemptsLeft: 'Attempts left: {n}',
  attemptsUnlimited: 'Attempts: unlimited',
  startAssessment: 'Start the assessment',
  resumeAssessment: 'Continue the assessment',
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

  results: 'Results',
  score: 'Score: {percent}',
  scoreLabel: 'Score',
  passed: 'Passed',
  failed: 'Not yet passed',
  retry: 'Try again',
  noAttempts: 'You have used all your attempts.',
  needLessons: 'Visit every lesson to complete the course.',
  toLessons: 'Back to the lessons',
  finishCourse: 'Go to your certificate',

  complete: 'Course completed',
  completeText: 'Well done. You have completed this course.',
  certificate: 'Certificate of completion',
  certifies: 'This is to certify that',
  hasCompleted: 'has successfully completed the course',
  date: 'Date',
  learnerName: 'Your name as it should appear on the certificate',
  print: 'Print the certificate',

  statusConnecting: 'Connecting…',
  statusSaved: 'All progress saved',
  statusSaving: 'Saving…',
  statusPending: 'Changes waiting to be sent: {n}',
  statusOffline: 'Offline: your progress is kept on this device and will be sent when the connection returns.',
  statusNotSaved: 'Your progress is not saved on this page.',
  statusLocal: 'Your progress is stored on this device only.',
  statusError: 'Your progress could not be saved. Keep this window open, check your connection and try again. If it continues, contact your learning administrator.',
  'err-no-lms': 'The learning platform could not be reached: your progress is stored on this device only and will not appear in your learning record.',
  'err-storage-unavailable': 'This browser does not allow the course to store your progress. Leave private browsing or allow site data, then reopen the course.',
  'err-quota-exceeded': 'This device is out of storage space, so your progress is not kept. Free some space, then continue.',
  'err-commit-refused': 'The learning platform did not accept your progress. Keep this window open; if the message stays, contact your learning administrator.',
  'err-session-expired': 'Your session with the learning platform has ended. Close the course and open it again from the platform; your progress on this device will be sent then.',
  netOffline: 'You are offline. You can keep working.',
  netOnline: 'You are back online.',

  errorTitle: 'The course could not be opened',
  errorMissing: 'The course file was not found. Ask your learning administrator to check that the course was installed completely.',
  errorBroken: 'The course file is damaged or from an incompatible version. Ask your learning administrator to reinstall the course.',
  errorNetwork: 'The course could not be downloaded. Check your connection, then try again.',
  errorTracker: 'The course could not connect to the learning platform. Close it and open it again from the platform.',
  tryAgain: 'Try again',
  errorCode: 'Error code: {code}',
};

export type StringKey = keyof typeof en;
/** A complete set of UI strings for one language. */
export type Strings = Record<StringKey, string>;

export default en as Strings;
