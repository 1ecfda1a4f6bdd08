/**
 * What the learner reads when saving or the launch goes wrong, in English: one message per code the trackers
 * report (`TrackerStatus.code`) or throw (`LaunchError.code`). Each says what happened and what to do.
 * Loaded on demand (only when a code appears), one module per language; see `loadMessages()` in index.ts.
 * `{parameter}` is the launch parameter concerned.
 */
import type {StatusCode} from '../tracking/tracker.js';
import type {LaunchErrorCode} from '../tracking/xapi/launch.js';

const enMessages: Messages = {
  'no-lms':
    'The learning platform could not be reached: your progress is stored on this device only and will not appear in your learning record. To have it recorded, open the course again from the learning platform.',
  'storage-unavailable':
    'This browser does not let the course store your progress, so it will be lost when you close this window. Leave private browsing or allow site data for this site, then reopen the course.',
  'quota-exceeded':
    'This device is out of storage space, so your progress is not kept. Free some space, then continue.',
  'commit-refused':
    'The learning platform did not accept your progress. Keep this window open and continue; if this message stays, contact your learning administrator.',
  'credentials-expired':
    'Your connection to the learning record has expired, so your progress cannot be sent. It is kept on this device: close the course and open it again from the learning platform to send it.',
  'statement-rejected':
    'The learning record refused part of your progress. You can continue the course; tell your learning administrator so that they can check your record.',
  'session-ended':
    'This session of the course has ended. To continue, open the course again from your learning platform.',
  'state-too-large':
    'Your place in the course is too large for this learning platform to keep, so it is stored on this device only. You can continue here; tell your learning administrator so that the course can be corrected.',
  'state-unreadable':
    'Your saved place could not be read from the learning platform, so the course continues from the copy on this device, or from the start. Check where you are in the contents, then continue.',
  'missing-parameter':
    'The course was opened without information it needs from the learning platform ("{parameter}" is missing from its address). Close it and open it again from your learning platform; if that does not help, tell your learning administrator.',
  'malformed-parameter':
    'The learning platform opened the course with information it cannot use ("{parameter}" in its address is not valid). Close it and open it again from your learning platform; if that does not help, tell your learning administrator.',
  'fetch-refused':
    'The learning platform refused to start this session; the link you used has probably been used already. Close the course and open it again from your learning platform.',
  'lms-unreachable':
    'The learning platform could not be reached to start the course. Check your connection, then open the course again from your learning platform.',
  'launch-data':
    'The learning platform did not give the course the settings it needs to start. Open the course again from your learning platform; if that does not help, tell your learning administrator.',
};

/** The texts of offline use, shown once the package's offline support has started (after the first lesson). */
export const offline = {
  offlineMake: 'Make available offline',
  offlineSize: 'Download: {size}',
  offlineInstalling: 'Saving the course for offline use: {done} of {total} files',
  offlineReady: 'Available offline on this device.',
  offlineRemove: 'Remove the offline copy',
  offlineUpdate:
    'A new version of this course is ready. It opens at your next step outside the assessment, or the next time you start the course.',
  /** in an LMS launch, which never reloads */
  offlineUpdateNextLaunch: 'A new version of this course is ready. It opens the next time you start the course.',
  offlineUpdated: 'This course has been updated to its latest version.',
  offlineUnavailable: 'This course cannot be saved for offline use here. It keeps working while you are online.',
  offlineFromFile:
    'Opened from a file, this course cannot be saved for offline use; it runs from the file, and your progress is kept on this device.',
};
/** The texts of offline use, in one language. */
export type OfflineStrings = Record<keyof typeof offline, string>;

/** Every code a learner may read a message for: the trackers' status codes and the launch errors' codes. */
export type MessageCode = Exclude<StatusCode, 'not-saved'> | LaunchErrorCode;
/** The learner-facing messages of every code, in one language. */
export type Messages = Record<MessageCode, string>;

export default enMessages;
