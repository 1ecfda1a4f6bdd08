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
  table: 'Table {n}',
  previous: 'Previous',
  next: 'Next',
  modeNotice:
    'Review mode: you can look through the course and your earlier results. Nothing is recorded, and the assessment cannot be taken again.',
  browseNotice:
    'Browse mode: you can look through the course and try the assessment, but your answers and results are not recorded.',
  reviewNoAttempt:
    'In review mode the assessment cannot be taken. Your earlier results are shown as your learning platform keeps them.',
  waivedNotice:
    'Your learning platform records this course as done for you (waived). You can still go through it: nothing you do here changes that record.',
  laterNotice: 'Your learning platform holds your progress further on than this page.',

  assessment: 'Assessment',

  results: 'Results',
  finishCourse: 'Go to your certificate',

  complete: 'Course completed',

  statusConnecting: 'Connecting…',
  statusSaved: 'All progress saved',
  statusSaving: 'Saving…',
  statusPending: 'Changes waiting to be sent: {n}',
  statusOffline: 'Offline: your progress is kept on this device and will be sent when the connection returns.',
  statusNotSaved: 'Your progress is not saved on this page.',
  statusLocal: 'Your progress is stored on this device only.',
  statusError:
    'Your progress could not be saved. Keep this window open, check your connection and try again. If it continues, contact your learning administrator.',
  netOffline: 'You are offline. You can keep working.',
  netOnline: 'You are back online.',

  errorTitle: 'The course could not be opened',
  errorMissing:
    'The course file was not found. Ask your learning administrator to check that the course was installed completely.',
  errorBroken:
    'The course file is damaged or from an incompatible version. Ask your learning administrator to reinstall the course.',
  errorNetwork: 'The course could not be downloaded. Check your connection, then try again.',
  errorTracker: 'The course could not connect to the learning platform. Close it and open it again from the platform.',
  tryAgain: 'Try again',
  errorCode: 'Error code: {code}',
};

export type StringKey = keyof typeof en;
/** A complete set of UI strings for one language. */
export type Strings = Record<StringKey, string>;

export default en as Strings;
