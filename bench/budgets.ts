/**
 * The project's budgets for speed and size (first lesson on a slow link, JavaScript per launch, package size,
 * packaging time, requests to the LMS and LRS), as numbers the benchmark prints beside its figures.
 */

export type Status = 'within' | 'over' | 'n/a';

export interface Budget {
  id: string;
  what: string;
  /** the limit, in the unit of `unit` (absent for a qualitative budget) */
  limit?: number;
  unit: 'bytes' | 'ms' | 'text';
  text: string;
}

export const BUDGETS = {
  scormJs: {
    id: 'scormJs',
    what: 'JS a learner downloads for a SCORM launch, gzip',
    limit: 25 * 1024,
    unit: 'bytes',
    text: '25 KB',
  },
  aiccJs: {
    id: 'aiccJs',
    what: 'JS for an AICC HACP launch, gzip: at most 3 KB more than a SCORM launch',
    limit: 28 * 1024,
    unit: 'bytes',
    text: '25 KB + 3 KB',
  },
  lrsJs: {id: 'lrsJs', what: 'JS for an xAPI or cmi5 launch, gzip', limit: 40 * 1024, unit: 'bytes', text: '40 KB'},
  packageSize: {
    id: 'packageSize',
    what: 'a whole package of a text-and-images course',
    limit: 1024 * 1024,
    unit: 'bytes',
    text: '1 MB',
  },
  firstLesson: {
    id: 'firstLesson',
    what: 'first lesson visible on slow 3G (400 kbit/s, 400 ms RTT), cold, every format',
    limit: 2000,
    unit: 'ms',
    text: '2.0 s (floor ≈ 1.2 s)',
  },
  offlineRelaunch: {
    id: 'offlineRelaunch',
    what: 'relaunch with the network off, after one visit',
    unit: 'text',
    text: 'course usable',
  },
  packageAll: {
    id: 'packageAll',
    what: 'all courses x all formats packaged, this machine',
    limit: 30_000,
    unit: 'ms',
    text: '30 s',
  },
  scormCommits: {
    id: 'scormCommits',
    what: 'SCORM commits',
    unit: 'text',
    text: 'one per learner step at most; none synchronous during page dismissal',
  },
} as const satisfies Record<string, Budget>;

/** `within` when `value` is at most `limit`; `n/a` when there is no value. */
export function atMost(value: number | null | undefined, limit: number): Status {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return value <= limit ? 'within' : 'over';
}
