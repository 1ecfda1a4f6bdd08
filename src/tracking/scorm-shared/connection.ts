// The LMS's API object, every call checked: GetLastError after each call, exceptions caught and reported (never
// thrown), counts of what was asked (for logs and `npm run bench`).
import type {ScormCallStats, ScormDialect} from './dialect.js';

/** The SCORM error code of success: "No Error" (SCORM 1.2 and 2004 alike). */
export const NO_ERROR = '0';
/** Not a SCORM error code: the API function threw instead of answering. */
export const CALL_THREW = 'exception';

export interface CallResult {
  /** what the call returned, as a string */
  value: string;
  /** GetLastError after it ("0": none) or `exception` */
  error: string;
  /** a message for logs where something went wrong */
  detail?: string;
}

/** Whether a call that answers "true" or "false" (Initialize, SetValue, Commit, Terminate) succeeded. */
export function isTrue(r: CallResult): boolean {
  return r.value === 'true' && r.error === NO_ERROR;
}

export class ScormConnection {
  readonly stats: ScormCallStats = {calls: 0, dataCalls: 0, commits: 0, byName: {}};
  /** what went wrong in the LMS's answers, newest last (at most 50) */
  readonly problems: string[] = [];

  constructor(private readonly d: Pick<ScormDialect, 'api' | 'callNames'>) {}

  /** Call the API's method `name`, then GetLastError; exceptions are caught and reported, never thrown. */
  call(name: string, ...args: string[]): CallResult {
    const element = args[0];
    this.count(name);
    this.stats.dataCalls++;
    let value: string;
    try {
      const v = this.d.api[name]!(...args);
      value = v === null || v === undefined ? '' : String(v);
    } catch (e) {
      return {
        value: '',
        error: CALL_THREW,
        detail: `${name}(${element ?? ''}) threw ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    const error = this.lastError();
    if (error === NO_ERROR) return {value, error};
    // A GetValue error is mostly "not initialized" (403) for an empty element: no need to ask for its text.
    let text = '';
    if (name !== this.d.callNames.getValue) {
      try {
        this.count('GetErrorString');
        text = String(this.d.api[this.d.callNames.getErrorString]!(error) ?? '');
      } catch {
        // no text
      }
    }
    return {
      value,
      error,
      detail: `${name}(${element !== undefined ? `"${element}"` : '""'}) returned "${value}", error ${error}${text ? ` (${text})` : ''}`,
    };
  }

  private lastError(): string {
    this.count('GetLastError');
    try {
      const e = this.d.api[this.d.callNames.getLastError]!();
      const s = e === null || e === undefined ? NO_ERROR : String(e).trim();
      return s === '' ? NO_ERROR : s;
    } catch {
      return CALL_THREW;
    }
  }

  /** Keeps what went wrong (the last 50), for logs. */
  note(detail: string): void {
    this.problems.push(detail);
    if (this.problems.length > 50) this.problems.shift();
  }

  private count(name: string): void {
    this.stats.calls++;
    this.stats.byName[name] = (this.stats.byName[name] ?? 0) + 1;
  }

  /** GetValue, or `''` where it fails. */
  get(element: string): string {
    const r = this.call(this.d.callNames.getValue, element);
    return r.error === NO_ERROR ? r.value : '';
  }
}
