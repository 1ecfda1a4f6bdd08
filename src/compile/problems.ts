/**
 * Problems found in course sources: where (file:line:column), a stable code, what is wrong and how to fix it.
 * The compiler collects every problem of a run and reports them together.
 */

/** A problem in a course source. `file` is the path as the user gave the course folder, joined with the file. */
export interface Problem {
  file: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
  /** stable, machine-readable: `unknown-key`, `missing-asset`, `state-too-large`, ... */
  code: ProblemCode | (string & {});
  /** what is wrong */
  message: string;
  /** how to fix it */
  hint?: string;
}

export type ProblemCode =
  // files and syntax
  | 'missing-file'
  | 'read-error'
  | 'yaml-syntax'
  | 'yaml-warning'
  | 'missing-front-matter'
  | 'unknown-file'
  | 'ignored-file'
  // schema
  | 'unknown-key'
  | 'missing-key'
  | 'invalid-value'
  // ids
  | 'missing-id'
  | 'duplicate-id'
  | 'invalid-id'
  | 'reserved-id'
  | 'id-mismatch'
  // course settings
  | 'invalid-version'
  | 'unknown-language'
  | 'duplicate-language'
  | 'mastery-range'
  | 'invalid-iri'
  | 'no-assessment'
  | 'no-lessons'
  // assessment
  | 'no-correct-answer'
  | 'too-many-correct'
  | 'draw-too-large'
  | 'unknown-objective'
  | 'objective-unassessed'
  // blocks
  | 'invalid-bands'
  | 'unknown-block'
  // references and assets
  | 'missing-asset'
  | 'missing-lesson'
  | 'asset-location'
  | 'asset-too-large'
  | 'unused-asset'
  | 'external-image'
  | 'missing-alt'
  // HTML safety
  | 'unsafe-html'
  | 'unsafe-attribute'
  | 'unsafe-link'
  | 'html-not-allowed'
  | 'unsafe-svg'
  | 'figure-image'
  | 'figure-label'
  | 'term-invalid'
  | 'duplicate-term'
  | 'undefined-term'
  | 'heading-level'
  | 'empty-lesson'
  // translations
  | 'missing-translation'
  | 'unlisted-translation'
  | 'translation-missing'
  | 'stale-translation'
  | 'glossary-mismatch'
  | 'glossary-invalid'
  | 'typography'
  | 'translation-extra'
  | 'translation-mismatch'
  | 'not-translatable'
  // size
  | 'state-too-large';

/** Where a problem is: a file and, when known, a 1-based line and column. */
export interface Place {
  file: string;
  line?: number;
  column?: number;
}

/** `file:line:col: message [code]` and, on the next line, the hint indented by two spaces. */
export function formatProblem(p: Problem): string {
  let where = p.file;
  if (p.line !== undefined) {
    where += `:${p.line}`;
    if (p.column !== undefined) where += `:${p.column}`;
  }
  let out = `${where}: ${p.message} [${p.code}]`;
  if (p.hint) out += `\n  ${p.hint.replace(/\n/g, '\n  ')}`;
  return out;
}

/** Collects errors and warnings of one run. */
export class Problems {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];

  error(place: Place, code: ProblemCode, message: string, hint?: string): void {
    this.errors.push(make(place, code, message, hint));
  }

  warn(place: Place, code: ProblemCode, message: string, hint?: string): void {
    this.warnings.push(make(place, code, message, hint));
  }

  get count(): number {
    return this.errors.length;
  }
}

function make(place: Place, code: ProblemCode, message: string, hint?: string): Problem {
  // a stable key order: file, line, column, code, message, hint
  return {
    file: place.file,
    ...(place.line !== undefined ? {line: place.line} : {}),
    ...(place.line !== undefined && place.column !== undefined ? {column: place.column} : {}),
    code,
    message,
    ...(hint ? {hint} : {}),
  };
}

/** Problems in a stable order: by file, line, column, code, message; duplicates removed. */
export function sortProblems(list: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const p of list) {
    const key = `${p.file}\0${p.line ?? ''}\0${p.column ?? ''}\0${p.code}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({length: b.length + 1}, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = levenshtein(w, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}

/** "Did you mean `x`? " when a close candidate exists, followed by the list of what is allowed. */
export function didYouMean(word: string, candidates: readonly string[], what = 'Allowed here'): string {
  const c = closest(word, candidates);
  const list = `${what}: ${candidates.map((k) => `\`${k}\``).join(', ')}.`;
  return c ? `Did you mean \`${c}\`? ${list}` : list;
}
