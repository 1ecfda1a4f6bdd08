/**
 * The state codec: a Progress as a compact string for `cmi.suspend_data` (SCORM 1.2 allows 4,096 characters, 2004
 * 64,000), the xAPI State API and the copy in IndexedDB, and back.
 *
 * The string uses printable ASCII only and none of `"'\<>&%#+` or space, which LMSs and their databases are known
 * to mangle. Ids are written as ids (not indexes), so a new course version can read an old string.
 *
 * Layout: `I1.<length>.<checksum>|<body>` where length (base 36) counts the characters of the body and checksum is
 * FNV-1a of the body (base 36). A string cut short by an LMS fails the length check (`truncated`), an altered one
 * the checksum (`malformed`). Body fields, separated by `|`:
 *
 *   0 courseVersion   1 updated   2 location   3 visited   4 attempt flag (`a` in progress, `s` submitted) and
 *   seed (base 36)   5 attempt questions   6 answers by question position   7 answers to questions not drawn
 *   8 attemptsUsed   9 score   10 choices   11 lang   12 course key (optional)
 *
 * Strings are escaped: `[A-Za-z0-9_.,:-]` stand for themselves, other characters are `*XX` per UTF-8 byte, the
 * empty string is `!`. Lists are joined with `~`, answer entries with `;`, option ids with `/`, pairs with `=`.
 */
import {
  drawCount,
  defaultContent,
  hash32,
  interactiveBlocks,
  lessonIds,
  ratingsToChoice,
  setOwn as put,
  SPECIAL_LOCATIONS,
} from './rules.js';
import type {AttemptState, CompiledCourse, Progress} from './types.js';

// Saved progress is migrated to the course version shown wherever it is read: the migration comes with the codec,
// which a launch loads only where there is saved progress (src/tracking/state-codec.ts).
export {migrateProgress} from './migrate.js';

/** Why a string could not be read as progress. */
export type StateErrorCode =
  /** nothing saved: an empty string */
  | 'empty'
  /** not a state string of this codec, or altered (bad checksum, bad field) */
  | 'malformed'
  /** shorter than it says: cut by the LMS's suspend_data limit */
  | 'truncated'
  /** written by a newer (or unknown) version of this codec */
  | 'unsupported-version'
  /** a valid state string, of another course */
  | 'foreign-course';

/** A state string that cannot be read. Start fresh (or from a newer copy) and tell the learner. */
export class StateError extends Error {
  override name = 'StateError';
  constructor(
    readonly code: StateErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The codec's format version, written into every string. */
export const CODEC_VERSION = 1;
const MAGIC = 'I';

const RAW = /^[A-Za-z0-9_.,:-]$/;
const HEX = '0123456789ABCDEF';
const EMPTY = '!';

function escapeStr(s: string): string {
  if (s === '') return EMPTY;
  let out = '';
  for (const ch of s) {
    if (RAW.test(ch)) {
      out += ch;
      continue;
    }
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      // A lone surrogate has no UTF-8 form: `*U` and its four hex digits.
      out += '*U' + hex4(unit);
      continue;
    }
    for (const byte of utf8(ch)) out += '*' + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}

function hex4(n: number): string {
  return HEX[(n >> 12) & 15]! + HEX[(n >> 8) & 15]! + HEX[(n >> 4) & 15]! + HEX[n & 15]!;
}

const encoder = new TextEncoder();
// ignoreBOM: a U+FEFF at the start of an escaped run is part of the text, not a byte-order mark to drop
const decoder = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true});

function utf8(ch: string): Uint8Array {
  return encoder.encode(ch);
}

function unescapeStr(s: string): string {
  if (s === EMPTY) return '';
  if (s === '') throw bad('an empty token');
  if (!s.includes('*')) {
    for (const ch of s) if (!RAW.test(ch)) throw bad(`the character ${JSON.stringify(ch)}`);
    return s;
  }
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length === 0) return;
    try {
      out += decoder.decode(new Uint8Array(bytes));
    } catch {
      throw bad('an invalid UTF-8 escape');
    }
    bytes = [];
  };
  for (let i = 0; i < s.length;) {
    const ch = s[i]!;
    if (ch === '*' && s[i + 1] === 'U') {
      const digits = s.slice(i + 2, i + 6);
      if (!/^[0-9A-F]{4}$/.test(digits)) throw bad('a broken escape');
      flush();
      out += String.fromCharCode(parseInt(digits, 16));
      i += 6;
    } else if (ch === '*') {
      const hi = HEX.indexOf(s[i + 1] ?? '');
      const lo = HEX.indexOf(s[i + 2] ?? '');
      if (hi < 0 || lo < 0) throw bad('a broken escape');
      bytes.push(hi * 16 + lo);
      i += 3;
    } else {
      if (!RAW.test(ch)) throw bad(`the character ${JSON.stringify(ch)}`);
      bytes.push(ch.charCodeAt(0));
      i += 1;
    }
  }
  flush();
  return out;
}

function bad(what: string): StateError {
  return new StateError('malformed', `The saved progress is damaged (${what}); it cannot be resumed.`);
}

function encodeList(items: readonly string[]): string {
  return items.map(escapeStr).join('~');
}

function decodeList(field: string): string[] {
  return field === '' ? [] : field.split('~').map(unescapeStr);
}

function encodeOptions(options: readonly string[]): string {
  // An answer with no options is `=` (an empty field means "not answered").
  return options.length === 0 ? '=' : options.map(escapeStr).join('/');
}

function decodeOptions(s: string): string[] {
  return s === '=' ? [] : s.split('/').map(unescapeStr);
}

function encodeInt(n: number): string {
  // Base 36 uses lower case only: `N` marks a number that is not a safe non-negative integer.
  return Number.isSafeInteger(n) && n >= 0 ? n.toString(36) : 'N' + escapeStr(String(n));
}

function decodeInt(s: string, what: string): number {
  if (s.startsWith('N')) return parseNumber(unescapeStr(s.slice(1)), what);
  if (!/^[0-9a-z]{1,11}$/.test(s)) throw bad(what);
  const n = parseInt(s, 36);
  if (!Number.isSafeInteger(n)) throw bad(what);
  return n;
}

/** A 32-bit hash as 7 base-36 digits: fixed width, so that the worst case does not depend on the hash. */
function hash7(s: string): string {
  return hash32(s).toString(36).padStart(7, '0');
}

/** A short key of a course id, to tell one course's state from another's. */
export function courseKey(courseId: string): string {
  return hash7(courseId);
}

/**
 * Progress as a state string. `courseId`, where given, is written as a short key so that {@link decodeState} can
 * refuse another course's string.
 */
export function encodeState(progress: Progress, courseVersion: string, courseId?: string): string {
  const f: string[] = [];
  f[0] = escapeStr(courseVersion);
  f[1] = encodeInt(progress.updated);
  const loc = progress.location;
  const locRef = loc === null ? -1 : progress.visited.indexOf(loc);
  f[2] = loc === null ? '' : locRef >= 0 ? '=' + locRef.toString(36) : escapeStr(loc);
  f[3] = encodeList(progress.visited);
  const attempt = progress.attempt;
  if (!attempt) {
    f[4] = '';
    f[5] = '';
    f[6] = '';
    f[7] = '';
  } else {
    f[4] = (attempt.submitted ? 's' : 'a') + (attempt.seed?.toString(36) ?? '');
    f[5] = encodeList(attempt.questions);
    const placed = new Set<string>();
    const entries = attempt.questions.map((qid) => {
      if (placed.has(qid)) return '';
      placed.add(qid);
      const a = Object.hasOwn(attempt.answers, qid) ? attempt.answers[qid] : undefined;
      return a ? encodeOptions(a) : '';
    });
    f[6] = entries.some((e) => e !== '') ? entries.join(';') : '';
    f[7] = Object.entries(attempt.answers)
      .filter(([qid]) => !placed.has(qid))
      .map(([qid, opts]) => escapeStr(qid) + '=' + (opts.length ? opts.map(escapeStr).join('/') : ''))
      .join(';');
  }
  f[8] = encodeInt(progress.attemptsUsed);
  f[9] = progress.score === null ? '' : encodeScore(progress.score);
  f[10] = Object.entries(progress.choices)
    .map(([k, v]) => escapeStr(k) + '=' + escapeStr(v))
    .join('~');
  f[11] = progress.lang === undefined ? '' : escapeStr(progress.lang);
  if (courseId !== undefined) f[12] = courseKey(courseId);
  // Trailing empty fields are left out: a fresh progress stays short.
  while (f.length > 9 && f[f.length - 1] === '') f.pop();
  const body = f.join('|');
  return `${MAGIC}${CODEC_VERSION}.${body.length.toString(36)}.${hash7(body)}|${body}`;
}

function encodeScore(score: number): string {
  // Shortest round-trip decimal; `0.` prefix dropped for the usual 0 < score < 1.
  const s = Object.is(score, -0) ? '-0' : String(score);
  return s.startsWith('0.') ? s.slice(1) : escapeStr(s);
}

function decodeScore(s: string): number {
  return parseNumber(s.startsWith('.') ? '0' + s : unescapeStr(s), 'the score');
}

/** A number written by `String(n)`. */
function parseNumber(text: string, what: string): number {
  if (!/^-?\d+(\.\d+)?(e[-+]\d+)?$/.test(text) && !/^(-?Infinity|NaN)$/.test(text)) throw bad(what);
  return Number(text);
}

/** What {@link decodeState} returns. */
export interface DecodedState {
  progress: Progress;
  courseVersion: string;
  /** the short key of the course that wrote the string, where it was given */
  courseKey?: string;
}

/**
 * Read a state string. Throws {@link StateError} (and nothing else) for an empty, foreign, damaged, truncated or
 * newer string. Where `courseId` is given and the string carries another course's key, the code is `foreign-course`.
 */
export function decodeState(s: string, courseId?: string): DecodedState {
  try {
    return decode(s, courseId);
  } catch (e) {
    if (e instanceof StateError) throw e;
    throw bad(e instanceof Error ? e.message : String(e));
  }
}

/** The body of a saved state, once its header (format, length, checksum) has been checked. */
function unwrap(s: unknown): string {
  // LMSs answer an empty suspend_data as "", null or undefined.
  if (s === null || s === undefined) throw new StateError('empty', 'No progress has been saved yet.');
  if (typeof s !== 'string') throw bad('not a string');
  if (s.trim() === '') throw new StateError('empty', 'No progress has been saved yet.');
  if (s === MAGIC) throw new StateError('truncated', 'The saved progress is cut short; it cannot be resumed.');
  const bar = s.indexOf('|');
  const header = bar < 0 ? s : s.slice(0, bar);
  // A header cut short matches this loose pattern; a whole one the strict pattern below.
  const m = /^I(\d{1,4})(?:\.([0-9a-z]{0,4})(?:\.([0-9a-z]{0,7}))?)?$/.exec(header);
  if (!m) throw new StateError('malformed', 'The saved progress was not written by this course; it cannot be resumed.');
  if (Number(m[1]) !== CODEC_VERSION) {
    throw new StateError(
      'unsupported-version',
      `The saved progress was written by a newer version of the course player (format ${m[1]}); it cannot be resumed here.`,
    );
  }
  if (bar < 0) throw new StateError('truncated', 'The saved progress is cut short; it cannot be resumed.');
  const strict = /^I\d{1,4}\.([0-9a-z]{1,4})\.([0-9a-z]{7})$/.exec(header);
  if (!strict) throw bad('the header');
  const body = s.slice(bar + 1);
  const length = parseInt(strict[1]!, 36);
  if (body.length < length) {
    throw new StateError(
      'truncated',
      `The saved progress is cut short (${body.length} of ${length} characters): the LMS may limit suspend data.`,
    );
  }
  if (body.length > length) throw bad(`${body.length - length} characters too many`);
  if (hash7(body) !== strict[2]) throw bad('the checksum does not match');
  return body;
}

function decode(s: unknown, courseId?: string): DecodedState {
  const f = unwrap(s).split('|');
  if (f.length < 9 || f.length > 13) throw bad('the number of fields');
  const field = (i: number): string => f[i] ?? '';

  const courseVersion = unescapeStr(field(0));
  const updated = decodeInt(field(1), 'the time stamp');
  const visited = decodeList(field(3));
  const locField = field(2);
  let location: string | null;
  if (locField === '') location = null;
  else if (locField.startsWith('=')) {
    const i = decodeInt(locField.slice(1), 'the location');
    if (i >= visited.length) throw bad('the location');
    location = visited[i]!;
  } else location = unescapeStr(locField);

  const attempt = decodeAttempt(field(4), field(5), field(6), field(7));

  const attemptsUsed = decodeInt(field(8), 'the attempts');
  const score = field(9) === '' ? null : decodeScore(field(9));
  const choices: Record<string, string> = {};
  if (field(10) !== '') {
    for (const pair of field(10).split('~')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw bad('a choice');
      const key = unescapeStr(pair.slice(0, eq));
      if (Object.hasOwn(choices, key)) throw bad('a repeated choice');
      put(choices, key, unescapeStr(pair.slice(eq + 1)));
    }
  }
  const progress: Progress = {location, visited, attempt, attemptsUsed, score, choices, updated};
  if (field(11) !== '') progress.lang = unescapeStr(field(11));

  const out: DecodedState = {progress, courseVersion};
  if (f.length > 12 && field(12) !== '') {
    if (!/^[0-9a-z]{7}$/.test(field(12))) throw bad('the course key');
    out.courseKey = field(12);
  }
  if (courseId !== undefined && out.courseKey !== undefined && out.courseKey !== courseKey(courseId)) {
    throw new StateError('foreign-course', 'The saved progress belongs to another course; it cannot be resumed here.');
  }
  return out;
}

/** The attempt of a saved state: its flag (`a` in progress, `s` submitted, none) and seed, questions and answers. */
function decodeAttempt(
  flagField: string,
  questionsField: string,
  answersField: string,
  extraField: string,
): AttemptState | null {
  if (flagField === '') {
    if (questionsField !== '' || answersField !== '' || extraField !== '') throw bad('the attempt');
    return null;
  }
  // the flag, then the seed where the attempt has one (an unsigned 32-bit integer: 7 base-36 digits at most)
  const m = /^([as])([0-9a-z]{0,7})$/.exec(flagField);
  const seed = m?.[2] ? parseInt(m[2], 36) : undefined;
  if (!m || seed! > 0xffffffff) throw bad('the attempt');
  const flag = m[1];
  const questions = decodeList(questionsField);
  const answers: Record<string, string[]> = {};
  const entries = answersField === '' ? [] : answersField.split(';');
  if (entries.length > questions.length) throw bad('the answers');
  entries.forEach((e, i) => {
    if (e !== '') put(answers, questions[i]!, decodeOptions(e));
  });
  if (extraField !== '') {
    for (const pair of extraField.split(';')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw bad('an answer');
      const qid = unescapeStr(pair.slice(0, eq));
      if (Object.hasOwn(answers, qid)) throw bad('a repeated answer');
      const rest = pair.slice(eq + 1);
      put(answers, qid, rest === '' ? [] : rest.split('/').map(unescapeStr));
    }
  }
  const attempt: AttemptState = {questions, answers};
  if (flag === 's') attempt.submitted = true;
  if (seed !== undefined) attempt.seed = seed;
  return attempt;
}

// ---------------------------------------------------------------------------------------------------------------
// The worst case

function encodedLength(s: string): number {
  return escapeStr(s).length;
}

/** The score with the longest string that any attempt of at most `drawn` questions can produce. */
function longestScore(drawn: number): number {
  let longest = 1;
  for (let n = 1; n <= Math.max(1, drawn); n++) {
    for (let k = 0; k <= n; k++) {
      if (encodeScore(k / n).length > encodeScore(longest).length) longest = k / n;
    }
  }
  return longest;
}

/**
 * The largest progress this course can produce, encoded: all lessons visited, the attempt with the longest
 * questions drawn (and the largest seed) and every option of each chosen, every decision and self-check chosen with its longest value, the
 * most attempts, the longest location, language and score, and a 13-digit time stamp. The compiler stores it in
 * `worstCaseStateLength` and fails a build whose worst case would exceed what a format allows.
 */
export function worstCaseStateLength(course: CompiledCourse, courseId: string | undefined = course.id): number {
  const content = defaultContent(course);
  const lessons = lessonIds(course);

  // Questions: the `draw` whose id and options take the most room. A drawn question's id is written once (the
  // answers follow in the order of the questions, without their ids), then its answers: every option id, with a
  // separator after the id, after each option and after its list.
  const bank = content.assessment?.questions ?? [];
  const cost = (q: (typeof bank)[number]): number =>
    encodedLength(q.id) + 2 + q.options.reduce((sum, o) => sum + encodedLength(o.id) + 1, 0);
  const drawn = [...bank].sort((a, b) => cost(b) - cost(a)).slice(0, drawCount(course));
  const attempt: AttemptState | null = content.assessment
    ? {
        questions: drawn.map((q) => q.id),
        answers: Object.fromEntries(drawn.map((q) => [q.id, q.options.map((o) => o.id)])) as Record<string, string[]>,
        submitted: true,
        // the largest seed: 7 base-36 digits
        seed: 0xffffffff,
      }
    : null;

  const choices: Record<string, string> = {};
  for (const [id, block] of interactiveBlocks(course)) {
    if (block.type === 'decision') {
      const longest = block.options.map((o) => o.id).sort((a, b) => encodedLength(b) - encodedLength(a))[0];
      put(choices, id, longest ?? '');
    } else {
      const top = Math.max(0, block.scale.length - 1);
      const ratings: Record<string, number> = {};
      for (const item of block.items) put(ratings, item.id, top);
      put(choices, id, ratingsToChoice(ratings));
    }
  }

  const maxAttempts = content.assessment
    ? content.assessment.attempts > 0
      ? content.assessment.attempts
      : 36 ** 3 - 1
    : 0;
  const longestLang = [...course.languages].sort((a, b) => encodedLength(b) - encodedLength(a))[0];
  const base: Progress = {
    location: null,
    visited: lessons,
    attempt,
    attemptsUsed: maxAttempts,
    score: content.assessment ? longestScore(drawCount(course)) : null,
    choices,
    updated: 9_999_999_999_999,
  };
  if (longestLang !== undefined) base.lang = longestLang;

  // Location: a visited lesson is written as its position; a special place or an unknown id in full.
  const locations: (string | null)[] = [null, ...SPECIAL_LOCATIONS, ...lessons];
  let longest = 0;
  for (const location of locations) {
    const len = encodeState({...base, location}, course.version, courseId).length;
    longest = Math.max(longest, len);
  }
  return longest;
}
