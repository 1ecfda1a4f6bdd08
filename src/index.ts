/**
 * The public API of the course player, for a training centre's pages and for code that embeds a course:
 * `import {IctCourse} from './ict-course.js'` (the library build of this module, `dist/lib/ict-course.js`), or one
 * `<script type="module" src=".../ict-course.js">`: importing it defines `<ict-course>`.
 *
 * The assessment, results and completion views, the strings of languages other than English and the offline
 * support load on demand from chunks beside the module.
 */
export {IctCourse} from './components/ict-course/ict-course.js';
export {boot} from './components/boot.js';
export {
  IctCompleteEvent,
  IctErrorEvent,
  IctProgressEvent,
  IctSavedEvent,
  type CompleteDetail,
  type ErrorDetail,
  type IctCourseEventMap,
  type IctErrorCode,
  type ProgressDetail,
  type SavedDetail,
} from './components/events.js';
export {
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type Tracker,
  type TrackerFactory,
  type TrackerFormat,
  type TrackerStatus,
} from './tracking/tracker.js';
export {createStandaloneTracker, type StandaloneOptions} from './tracking/standalone/standalone-tracker.js';
export {
  OfflineController,
  OfflineStateEvent,
  type OfflineOptions,
  type OfflineReason,
  type OfflineState,
} from './offline/register.js';
export {
  UN_LANGUAGES,
  type Assessment,
  type AttemptState,
  type CompiledCourse,
  type CompletionRule,
  type CourseContent,
  type CourseSettings,
  type DecisionBlock,
  type HtmlBlock,
  type Lang,
  type Lesson,
  type LessonBlock,
  type Outcome,
  type Progress,
  type Question,
  type QuestionOption,
  type QuestionType,
  type SavedProgress,
  type SelfCheckBlock,
} from './course/types.js';
