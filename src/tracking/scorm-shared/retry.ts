// What the SCORM and AICC trackers share about a refused save: when to retry, when to say it is an error, and how a
// lasting problem (a state too large, unreadable resume data) shows instead of "saved".
import type {StatusCode, TrackerStatus} from '../tracker.js';

/** The waits before each retry of a refused save; the last repeats. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 16000, 30000];
/** From this many refused saves in a row, the status turns from `pending` to `error`. */
export const ERROR_AFTER_FAILURES = 3;

/** A problem the learner should see with the status until it clears (`sticky`) or once. */
export interface LaunchProblem {
  code: StatusCode;
  detail: string;
  sticky: boolean;
}

/**
 * The status to show for `next` while `problem` stands: a saved or saving status carries the problem's code (a
 * state too large is an error); and the problem that stands after this status (a non-sticky one is shown once).
 */
export function withProblem(
  next: TrackerStatus,
  problem: LaunchProblem | null,
): {status: TrackerStatus; problem: LaunchProblem | null} {
  if (!problem || (next.state !== 'saved' && next.state !== 'saving')) return {status: next, problem};
  return {
    status: {
      state: problem.code === 'state-too-large' ? 'error' : next.state,
      pending: next.pending,
      code: problem.code,
      detail: problem.detail,
    },
    problem: problem.sticky ? problem : null,
  };
}
