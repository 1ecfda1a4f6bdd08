/**
 * YAML with places: every node keeps its line and column (also for YAML inside a Markdown file), and schema
 * issues become problems at the node they are about.
 */
import {LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node} from 'yaml';
import type {z} from 'zod';
import {didYouMean, type Place, type Problems} from './problems.js';

export type Path = readonly (string | number)[];

export class YamlFile {
  readonly data: unknown;

  constructor(
    /** the path to show in problems */
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
    /** lines of the file before the YAML text (front matter, fenced block) */
    private readonly lineOffset: number,
  ) {
    this.data = doc.toJS({maxAliasCount: 100});
  }

  /** The place of a source offset. */
  placeOf(offset: number): Place {
    const {line, col} = this.lineCounter.linePos(offset);
    return {file: this.file, line: line + this.lineOffset, column: col};
  }

  /** The node at a path, or undefined. Map keys compare as strings (`true:` finds "true"). */
  node(path: Path): Node | undefined {
    let node: unknown = this.doc.contents;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => keyString(p.key) === String(key));
        node = pair?.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
      } else {
        return undefined;
      }
      if (node === undefined || node === null) return undefined;
    }
    return node as Node;
  }

  /** The text of a scalar as written in the file (`1.0` stays `1.0`, not the number 1). */
  source(path: Path): string | undefined {
    const node = this.node(path);
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  }

  /** The place of the node at `path`, or of its nearest ancestor that exists. */
  at(path: Path): Place {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.placeOf(node.range[0]);
    }
    return {file: this.file, line: this.lineOffset + 1, column: 1};
  }

  /** The place of the key `key` in the map at `path` (falls back to the map). */
  keyAt(path: Path, key: string): Place {
    const map = this.node(path);
    if (isMap(map)) {
      const pair = map.items.find((p) => keyString(p.key) === key);
      const k = pair?.key;
      if (k && typeof k === 'object' && 'range' in k && (k as Node).range) return this.placeOf((k as Node).range![0]);
    }
    return this.at(path);
  }

  /** The place of a value where it is present, else of the key that should hold it, else of the parent. */
  valueAt(path: Path): Place {
    if (this.node(path)) return this.at(path);
    if (path.length && typeof path[path.length - 1] === 'string') {
      return this.keyAt(path.slice(0, -1), path[path.length - 1] as string);
    }
    return this.at(path);
  }
}

function keyString(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (isPair(key)) return keyString(key.key);
  return String(key);
}

/**
 * Parse YAML text. Syntax errors become `yaml-syntax` problems; the result is null when the text cannot be read.
 * `lineOffset` is the number of lines of the file before the text (for YAML inside Markdown).
 */
export function parseYaml(file: string, text: string, problems: Problems, lineOffset = 0): YamlFile | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {lineCounter, prettyErrors: false, uniqueKeys: true});
  const place = (offset: number): Place => {
    const {line, col} = lineCounter.linePos(offset);
    return {file, line: line + lineOffset, column: col};
  };
  // The first syntax error only: the ones after it usually follow from it.
  const first = doc.errors[0];
  if (first) {
    const more = doc.errors.length - 1;
    // an unclosed `[` or `{` makes the parser stumble further on (on a later line, with a message about
    // indentation or keys): say what is wrong, where it is
    const open = /end with a [\]}]|implicit keys need to be on a single line|flow/i.test(first.message)
      ? unclosedFlow(text, first.pos[0])
      : null;
    if (open) {
      const list = open.char === '[';
      problems.error(
        place(open.offset),
        'yaml-syntax',
        `YAML syntax error: the ${list ? 'list' : 'mapping'} opened with \`${open.char}\` here is not closed with \`${list ? ']' : '}'}\``,
        list
          ? 'Close it where its items end, e.g. `languages: [en, fr]`, or write one item per line, each starting with `- `.'
          : 'Close it where its entries end, e.g. `feedback: {true: Yes, false: No}`, or write one entry per line.',
      );
      return null;
    }
    problems.error(
      place(first.pos[0]),
      'yaml-syntax',
      `YAML syntax error: ${firstSentence(first.message)}${more ? ` (and ${more} more after it; fix this one first)` : ''}`,
      yamlHint(first.code, first.message),
    );
    return null;
  }
  for (const w of doc.warnings) {
    problems.warn(place(w.pos[0]), 'yaml-warning', `YAML: ${firstSentence(w.message)}`);
  }
  try {
    return new YamlFile(file, doc, lineCounter, lineOffset);
  } catch (e) {
    problems.error(
      {file, line: lineOffset + 1, column: 1},
      'yaml-syntax',
      `YAML cannot be read: ${(e as Error).message}`,
    );
    return null;
  }
}

/**
 * The `[` or `{` left open before `offset` (outside quotes and comments): where a flow collection the parser could
 * not close began.
 */
function unclosedFlow(text: string, offset: number): {char: '[' | '{'; offset: number} | null {
  const stack: {char: '[' | '{'; offset: number}[] = [];
  let quote: string | null = null;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && !(quote === '"' && text[i - 1] === '\\')) quote = null;
      else if (c === '\n') quote = null;
    } else if (c === '"' || (c === "'" && /[\s[{,:]/.test(text[i - 1] ?? ' '))) quote = c;
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' '))
      i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) - 1;
    else if (c === '[' || c === '{') stack.push({char: c, offset: i});
    else if (c === ']' || c === '}') stack.pop();
  }
  return stack.length ? stack[stack.length - 1]! : null;
}

function firstSentence(message: string): string {
  return message.split('\n')[0].trim();
}

function yamlHint(code: string, message: string): string {
  const quotes =
    'Put the value in quotes when it contains `: ` or ` #`, or starts with one of `{ [ * & ! | > % @ \' "` or a backtick, e.g. `title: "Goal: serve the mandate"`.';
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'Each key may appear once in a mapping: remove or rename one of them.';
    case 'TAB_AS_INDENT':
      return 'Indent with spaces, not tabs.';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'BAD_SCALAR_START':
      return quotes;
    case 'MISSING_CHAR':
      if (/map values/.test(message)) {
        return 'This line is not `key: value`: add the colon (and a space) after the key, or indent the line further to continue the value above.';
      }
      return 'A bracket or a quote is not closed: close it on the same line, or use `- item` lines instead of `[a, b]`.';
    case 'BAD_INDENT':
      return 'Check the indentation: the items of one list or mapping start in the same column, with spaces.';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'A line here is missing its `key:`, or is indented differently from the lines around it. A long value can continue on the next lines when they are indented more than its key.';
    default:
      return /indent|column/i.test(message)
        ? 'Check the indentation: the items of one list or mapping start in the same column, with spaces.'
        : `Check this line and the one before. ${quotes}`;
  }
}

/** Describe a path for a message: `questions[2].options[0].text`. */
export function describePath(path: Path): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${k}` : k;
  return s || 'the file';
}

// -----------------------------------------------------------------------------------------------------------------
// zod issues -> problems

type AnySchema = z.ZodType;

interface ZodDef {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
  valueType?: AnySchema;
}

function def(schema: AnySchema): ZodDef {
  return (schema as unknown as {_zod: {def: ZodDef}})._zod.def;
}

/** The keys an object schema allows at `path` (through arrays, optionals, defaults and unions). */
export function keysAt(schema: AnySchema | undefined, path: Path): string[] | undefined {
  let cur: AnySchema[] = schema ? [schema] : [];
  for (const key of path) {
    const next: AnySchema[] = [];
    for (const s of flatten(cur)) {
      const d = def(s);
      if (d.type === 'object' && typeof key === 'string' && d.shape?.[key]) next.push(d.shape[key]);
      else if (d.type === 'array' && typeof key === 'number' && d.element) next.push(d.element);
      else if (d.type === 'record' && d.valueType) next.push(d.valueType);
    }
    cur = next;
  }
  const keys = new Set<string>();
  let found = false;
  for (const s of flatten(cur)) {
    const d = def(s);
    if (d.type === 'object' && d.shape) {
      found = true;
      for (const k of Object.keys(d.shape)) keys.add(k);
    }
  }
  return found ? [...keys] : undefined;
}

function flatten(list: AnySchema[]): AnySchema[] {
  const out: AnySchema[] = [];
  const visit = (s: AnySchema, depth: number): void => {
    if (depth > 10) return;
    const d = def(s);
    if (
      (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'readonly') &&
      d.innerType
    ) {
      visit(d.innerType, depth + 1);
    } else if (d.type === 'pipe' && d.in) {
      visit(d.in, depth + 1);
    } else if (d.type === 'union' && d.options) {
      for (const o of d.options) visit(o, depth + 1);
    } else {
      out.push(s);
    }
  };
  for (const s of list) visit(s, 0);
  return out;
}

export interface ValidateOptions {
  /** for a translation: the default language's schema; keys it knows but the translation may not set are `not-translatable` */
  translationOf?: AnySchema;
  /** the default language's file, named in `not-translatable` hints */
  defaultFile?: string;
  /** names for missing keys that are ids (code `missing-id`) */
  idKeys?: readonly string[];
  /** extra hint per key when it is missing */
  missingHints?: Record<string, string>;
}

/** Check `yf.data` against a strict zod schema; every issue becomes a problem at its node. Returns true when valid. */
export function validate(yf: YamlFile, schema: AnySchema, problems: Problems, opts: ValidateOptions = {}): boolean {
  const result = schema.safeParse(yf.data ?? {});
  if (result.success) return true;
  for (const issue of result.error.issues) reportIssue(yf, schema, issue, problems, opts);
  return false;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: '`true` or `false`',
  array: 'a list (`- item` lines or `[a, b]`)',
  object: 'a mapping (`key: value` lines)',
};

function typeOf(v: unknown): string {
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `\`${v}\``;
  return typeof v;
}

function valueAtPath(data: unknown, path: Path): unknown {
  let cur = data;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k as string];
  }
  return cur;
}

function reportIssue(
  yf: YamlFile,
  schema: AnySchema,
  issue: z.core.$ZodIssue,
  problems: Problems,
  opts: ValidateOptions,
): void {
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  const name = describePath(path);
  const value = valueAtPath(yf.data, path);
  const last = path[path.length - 1];
  if (
    value === undefined &&
    typeof last === 'string' &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_union')
  ) {
    const isId = (opts.idKeys ?? ['id']).includes(last);
    const parent = describePath(path.slice(0, -1));
    problems.error(
      yf.at(path.slice(0, -1)),
      isId ? 'missing-id' : 'missing-key',
      `\`${last}\` is missing${path.length > 1 ? ` in ${parent}` : ''}`,
      opts.missingHints?.[last] ??
        (isId
          ? `Add \`${last}: a-stable-id\` (lowercase letters, digits and hyphens). Progress is saved against it: keep it when you edit.`
          : `Add \`${last}: ...\`.`),
    );
    return;
  }
  switch (issue.code) {
    case 'invalid_union': {
      if (value === '' || value === null) {
        problems.error(yf.valueAt(path), 'invalid-value', `${name} must not be empty`);
        return;
      }
      const expected = new Set<string>();
      for (const branch of issue.errors) {
        for (const i of branch)
          if (i.code === 'invalid_type' && i.path.length === 0) expected.add(TYPE_NAMES[i.expected] ?? i.expected);
      }
      const list = expected.has('text') ? ['text'] : [...expected];
      problems.error(
        yf.valueAt(path),
        'invalid-value',
        `${name} must be ${list.length ? list.join(' or ') : 'something else'}, not ${typeOf(value)}`,
      );
      return;
    }
    case 'unrecognized_keys': {
      const allowed = keysAt(schema, path) ?? [];
      const defaultKeys = opts.translationOf ? (keysAt(opts.translationOf, path) ?? []) : [];
      for (const key of issue.keys) {
        const place = yf.keyAt(path, key);
        if (defaultKeys.includes(key)) {
          problems.error(
            place,
            'not-translatable',
            `\`${key}\` cannot be set in a translation: it comes from the default language`,
            `Remove this line. Change \`${key}\` in ${opts.defaultFile ?? "the default language's file"} instead; a translation holds text only (${allowed.map((k) => `\`${k}\``).join(', ')}).`,
          );
        } else {
          problems.error(
            place,
            'unknown-key',
            `Unknown key \`${key}\`${path.length ? ` in ${name}` : ''}`,
            didYouMean(key, allowed),
          );
        }
      }
      return;
    }
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      problems.error(
        yf.valueAt(path),
        'invalid-value',
        `${name} must be ${expected}, not ${typeOf(value)}`,
        quoteHint(issue.expected, value),
      );
      return;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      problems.error(
        yf.valueAt(path),
        'invalid-value',
        `${name} cannot be \`${String(value)}\``,
        didYouMean(String(value), options, 'Choose one of'),
      );
      return;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const what =
        issue.origin === 'array'
          ? `needs at least ${min} item${min === 1 ? '' : 's'}`
          : issue.origin === 'string'
            ? 'must not be empty'
            : `must be at least ${min}`;
      problems.error(yf.valueAt(path), 'invalid-value', `${name} ${what}`);
      return;
    }
    case 'too_big': {
      problems.error(yf.valueAt(path), 'invalid-value', `${name} must be at most ${String(issue.maximum)}`);
      return;
    }
    default: {
      problems.error(yf.valueAt(path), 'invalid-value', `${name}: ${issue.message}`);
    }
  }
}

function quoteHint(expected: string, value: unknown): string | undefined {
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `Put the value in quotes to make it text: "${String(value)}".`;
  }
  if (expected === 'int' && typeof value === 'number') return `Use a whole number, e.g. ${Math.round(value)}.`;
  return undefined;
}
