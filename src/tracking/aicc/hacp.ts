/**
 * AICC HACP, the HTTP-based AICC/CMI Protocol (AICC CMI001 "CMI Guidelines for Interoperability", 4.0, §6.4 and
 * appendix A) as the AU (the course) speaks it: the launch parameters, the form POSTs (`GetParam`, `PutParam`,
 * `ExitAU`) and a tolerant reader of what the LMS answers.
 *
 * The LMS launches the AU with `aicc_sid` (the session) and `aicc_url` (where to POST), named in any letter case.
 * Every request is `application/x-www-form-urlencoded` with `command`, `version`, `session_id` and `aicc_data`. The
 * answer is plain text: `error=0`, `error_text=…`, `aicc_data=` and the data in INI style: `[Group]` headers and
 * `keyword=value` lines, keywords and group names in any case, blanks around `=`, lines ended by CRLF or LF,
 * comments after `;`. `[Core_Lesson]` is free text: every line up to the next group.
 */

/** The CMI001 version the requests name. */
export const HACP_VERSION = '4.0';
/** `[Core] Lesson_Location`: CMIString255. */
export const AICC_LOCATION_MAX = 255;
/** `[Core_Lesson]`: the AU's own state. CMI001 gives it no fixed size; LMSs keep 4,096 characters (as SCORM 1.2's suspend_data, taken from it). */
export const AICC_CORE_LESSON_MAX = 4096;

export interface HacpLaunch {
  /** `aicc_sid`: the session the LMS opened for this launch */
  sid: string;
  /** `aicc_url`: the LMS's HACP address, absolute */
  url: string;
}

/**
 * `aicc_sid` and `aicc_url` from a launch URL's query (names in any case; values URL-decoded once by the query
 * parser, and once more where the LMS encoded the address twice). An address without a scheme gets the page's.
 * Null where either is missing or the address is not http(s).
 */
export function hacpLaunch(search: string, base: string): HacpLaunch | null {
  let sid = '';
  let url = '';
  for (const [key, value] of new URLSearchParams(search)) {
    const k = key.toLowerCase();
    if (k === 'aicc_sid' && !sid) sid = value.trim();
    else if (k === 'aicc_url' && !url) url = value.trim();
  }
  if (!sid || !url) return null;
  if (/^https?%3a/i.test(url)) {
    try {
      url = decodeURIComponent(url);
    } catch {
      return null;
    }
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) url = `${url.startsWith('//') ? '' : '//'}${url}`;
  try {
    const u = new URL(url, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? {sid, url: u.href} : null;
  } catch {
    return null;
  }
}

export type HacpCommand = 'GetParam' | 'PutParam' | 'ExitAU';

/** The form body of a request. */
export function hacpBody(command: HacpCommand, sid: string, aiccData = ''): URLSearchParams {
  return new URLSearchParams({command, version: HACP_VERSION, session_id: sid, aicc_data: aiccData});
}

export interface HacpGroup {
  /** `keyword` (lower case) -> value, trimmed */
  values: Map<string, string>;
  /** the group's lines as sent (for free-text groups such as `[Core_Lesson]`), trimmed */
  text: string;
}

export interface HacpResponse {
  /** the `error=` number; undefined where the answer has none or it is not a number */
  error: number | undefined;
  errorText: string;
  /** groups by lower-case name: `core`, `core_lesson`, `student_data`, … */
  groups: Map<string, HacpGroup>;
}

/** Reads an HACP answer, leniently: any case, CRLF or LF, blanks, `;` comments, unknown keywords and groups kept. */
export function parseHacp(text: string): HacpResponse {
  const groups = new Map<string, HacpGroup>();
  const top = new Map<string, string>();
  let current: {name: string; values: Map<string, string>; lines: string[]} | null = null;
  const close = () => {
    if (current && !groups.has(current.name))
      groups.set(current.name, {values: current.values, text: current.lines.join('\n').trim()});
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (const line of lines) {
    const trimmed = line.trim();
    const header = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (header) {
      close();
      current = {name: header[1]!.trim().toLowerCase(), values: new Map(), lines: []};
      continue;
    }
    if (current) current.lines.push(line);
    if (!trimmed || trimmed.startsWith(';')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    const key = trimmed.slice(0, eq).trim().toLowerCase();
    const value = trimmed.slice(eq + 1).trim();
    if (current) {
      if (!current.values.has(key)) current.values.set(key, value);
    } else if (!top.has(key)) {
      top.set(key, value);
      // `aicc_data=[Core]` on one line: the data starts on this line
      if (key === 'aicc_data' && /^\[[^\]]+\]$/.test(value)) {
        current = {name: value.slice(1, -1).trim().toLowerCase(), values: new Map(), lines: []};
      }
    }
  }
  close();
  const raw = top.get('error');
  const error = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  return {error, errorText: top.get('error_text') ?? '', groups};
}

/** A value of `[group] keyword` (both any case), or ''. */
export function hacpValue(r: HacpResponse, group: string, keyword: string): string {
  return r.groups.get(group.toLowerCase())?.values.get(keyword.toLowerCase()) ?? '';
}

export type LessonStatus = 'passed' | 'completed' | 'failed' | 'incomplete' | 'browsed' | 'not attempted';

const STATUS: Record<string, LessonStatus> = {
  p: 'passed',
  passed: 'passed',
  c: 'completed',
  completed: 'completed',
  f: 'failed',
  failed: 'failed',
  i: 'incomplete',
  incomplete: 'incomplete',
  b: 'browsed',
  browsed: 'browsed',
  n: 'not attempted',
  'not attempted': 'not attempted',
};

/**
 * `[Core] Lesson_Status` of a GetParam answer: the status (a word or its first letter) and the entry flag after a
 * comma (`ab-initio` / `a`, `resume` / `r`), e.g. `incomplete, r`. Unknown or empty: `not attempted`.
 */
export function readLessonStatus(value: string): {status: LessonStatus; entry: 'ab-initio' | 'resume' | ''} {
  const [first = '', flag = ''] = value.split(',').map((s) => s.trim().toLowerCase());
  const status = STATUS[first] ?? 'not attempted';
  const entry = flag === 'a' || flag === 'ab-initio' ? 'ab-initio' : flag === 'r' || flag === 'resume' ? 'resume' : '';
  return {status, entry};
}

/** `[Core] Score` of a GetParam answer: the raw score (the first of `raw, max, min`), or undefined. */
export function readScore(value: string): number | undefined {
  const first = value.split(',')[0]?.trim() ?? '';
  if (!first) return undefined;
  const n = Number(first);
  return Number.isFinite(n) ? n : undefined;
}

/** CMITimespan `HH:MM:SS`, hours 2 to 4 digits (CMI001's `[Core] Time`), capped at 9999:59:59. */
export function hacpTime(ms: number): string {
  let s = Number.isFinite(ms) && ms > 0 ? Math.round(ms / 1000) : 0;
  s = Math.min(s, 9999 * 3600 + 59 * 60 + 59);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export interface PutParamData {
  location: string;
  /** the status, and the exit flag after it while the attempt stays open */
  status: LessonStatus;
  exit: 'suspend' | 'logout' | '';
  /** raw score 0..100, with max 100 and min 0; undefined: no score line */
  score?: string;
  /** this session's time */
  time: string;
  /** `[Core_Lesson]`: the AU's state */
  coreLesson: string;
}

/** The `aicc_data` of a PutParam: `[Core]` and `[Core_Lesson]`, CRLF line ends as CMI001 writes them. */
export function putParamData(d: PutParamData): string {
  const lines = ['[Core]', `Lesson_Location=${oneLine(d.location)}`];
  lines.push(`Lesson_Status=${d.status}${d.exit ? `, ${d.exit}` : ''}`);
  if (d.score !== undefined) lines.push(`Score=${d.score},100,0`);
  lines.push(`Time=${d.time}`, '[Core_Lesson]', oneLine(d.coreLesson));
  return lines.join('\r\n') + '\r\n';
}

/** A value on one line: line breaks would start another keyword (or a group) in the LMS's reader. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
