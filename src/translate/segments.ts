/**
 * The translatable segments of a course folder: every text of `course.yaml`, `assessment.yaml` and the lessons
 * (front matter title, each Markdown block, each text of a decision, self-check or figure block), with an id that is the same
 * in the English source and in every translation, where it sits in its file, and how to write a new text there
 * without touching a byte around it.
 *
 * Ids: a unit per text in an XLIFF `<file>` per source file (`course`, `assessment`, `glossary`, `lesson.<lesson id>`). Inside,
 * the path of the text: questions, self-check items and fenced blocks by their id, other lists by position
 * (`q-budget-cut.options.2.feedback`, `b7` for the seventh Markdown block, `align-dashboard.prompt`).
 */
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node} from 'yaml';

/** One text of a course file. */
export interface Segment {
  /** the XLIFF `<file>` id: `course`, `assessment`, `lesson.<id>` */
  file: string;
  /** the unit id inside that file */
  unit: string;
  /** the text as the reader reads it (a YAML scalar's value; a Markdown block as written) */
  text: string;
  /** what it is: `title`, `paragraph`, `heading`, `list`, `table`, `prompt`, `feedback` … */
  kind: string;
  /** 1-based line in its file */
  line: number;
  /** [start, end) of its text in the file */
  range: [number, number];
  /** how a new text is written there: a YAML scalar (with the indentation of its key) or Markdown */
  style: {yaml: true; indent: number} | {yaml: false};
}

/** A source file of a course (or of one of its translations) and its segments. */
export interface SegmentFile {
  /** the XLIFF `<file>` id */
  id: string;
  /** path inside the course (or translation) folder: `course.yaml`, `lessons/01-why-ict.md` */
  path: string;
  text: string;
  segments: Segment[];
}

/** Keys whose string value is text to translate. */
const TEXT_KEYS = new Set([
  'title',
  'description',
  'audience',
  'prompt',
  'text',
  'feedback',
  'consequence',
  'area',
  'alt',
  'label',
  'advice',
  'term', // a glossary's
  'definition',
]);
/** Keys whose list items are text to translate. */
const TEXT_LISTS = new Set(['objectives', 'scale']);
/** Lists whose items are named by their `id` (others by position: options, bands, objectives). */
const BY_ID = new Set(['questions', 'items']);

/** The files of a course folder (`dir` is the course, or its `<lang>/` folder) with their segments. */
export async function readSegmentFiles(dir: string): Promise<SegmentFile[]> {
  const out: SegmentFile[] = [];
  for (const [id, path] of [
    ['course', 'course.yaml'],
    ['assessment', 'assessment.yaml'],
    ['glossary', 'glossary.yaml'],
  ] as const) {
    const text = await readFile(join(dir, path), 'utf8').catch(() => null);
    if (text === null) continue;
    const segments = yamlSegments(text, id, 0, '', path === 'course.yaml');
    // a question's texts by its id alone (`q-budget-cut.prompt`)
    for (const s of segments) s.unit = s.unit.replace(/^questions\./, '');
    out.push({id, path, text, segments});
  }
  const names = (await readdir(join(dir, 'lessons')).catch(() => [] as string[])).filter((n) => n.endsWith('.md'));
  for (const name of names.sort()) {
    const path = `lessons/${name}`;
    const text = await readFile(join(dir, path), 'utf8');
    const lesson = lessonSegments(text);
    out.push({id: `lesson.${lesson.id ?? name.replace(/\.md$/, '')}`, path, text, segments: lesson.segments});
  }
  return out;
}

/** The segments of a YAML text that starts at `offset` of its file (`prefix` starts every unit id). */
function yamlSegments(text: string, file: string, offset: number, prefix: string, courseFile = false): Segment[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, {lineCounter: lines, keepSourceTokens: true});
  if (doc.errors.length) return [];
  const out: Segment[] = [];
  const add = (node: Node, unit: string, kind: string) => {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return;
    const [start, end] = node.range;
    const line = lines.linePos(start).line;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    // the column of the key (after any `- ` of a list item): a block text is indented past it
    const indent = /^(?: *- +)* */.exec(text.slice(lineStart))![0].length;
    out.push({
      file,
      unit: prefix + unit,
      text: node.value,
      kind,
      line,
      range: [offset + start, offset + end],
      style: {yaml: true, indent},
    });
  };
  const walk = (node: unknown, path: string, key: string, top: boolean) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '';
        const p = path ? `${path}.${k}` : k;
        if (isScalar(pair.value) && (TEXT_KEYS.has(k) || (key === 'feedback' && (k === 'true' || k === 'false'))))
          add(pair.value, p, key === 'feedback' ? 'feedback' : k);
        else if (isScalar(pair.value) && key === 'labels')
          add(pair.value, p, 'label'); // a figure's words
        else if (k === 'objectives' && !(courseFile && top))
          continue; // a question's objectives are ids
        else walk(pair.value, p, k, false);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const named = BY_ID.has(key) && isMap(item) ? item.get('id') : undefined;
        const p = `${path}.${typeof named === 'string' ? named : i}`;
        if (isScalar(item) && TEXT_LISTS.has(key)) add(item, p, key === 'scale' ? 'scale' : 'objective');
        else if (isMap(item) && key === 'objectives' && isScalar(item.get('text', true)))
          add(item.get('text', true) as Node, p, 'objective');
        else walk(item, p, key, false);
      });
    }
  };
  walk((doc as Document).contents, '', '', true);
  return out;
}

/** A lesson file's id (front matter) and segments. */
function lessonSegments(text: string): {id?: string; segments: Segment[]} {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return {segments: []};
  const frontStart = m[0].indexOf('\n') + 1;
  const front = yamlSegments(m[1]!, '', frontStart, '');
  const id = /^id:\s*(\S+)\s*$/m.exec(m[1]!)?.[1];
  const file = `lesson.${id ?? ''}`;
  const segments = front.filter((s) => s.unit === 'title').map((s) => ({...s, file}));
  segments.push(...markdownSegments(text, m[0].length, text.length, file, {n: 0}));
  return {id, segments};
}

/** The blocks of Markdown in `text[from, to)`: paragraphs, headings, lists and tables; fenced blocks' texts. */
function markdownSegments(text: string, from: number, to: number, file: string, count: {n: number}): Segment[] {
  const out: Segment[] = [];
  let pos = from;
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  while (pos < to) {
    // skip blank lines
    const blank = /^(?:[ \t]*\r?\n)+/.exec(text.slice(pos, to));
    if (blank) pos += blank[0].length;
    if (pos >= to) break;
    const rest = text.slice(pos, to);
    const fence = /^(`{3,}|~{3,})[ \t]*([\w-]*)[^\n]*\n/.exec(rest);
    if (fence) {
      const close = new RegExp(`\\n${fence[1]![0]}{${fence[1]!.length},}[ \\t]*(?:\\r?\\n|$)`).exec(
        rest.slice(fence[0].length - 1),
      );
      const bodyEnd = close ? pos + fence[0].length - 1 + close.index + 1 : to;
      const end = close ? pos + fence[0].length - 1 + close.index + close[0].length : to;
      const kind = fence[2];
      if (kind === 'decision' || kind === 'selfcheck' || kind === 'figure') {
        const yaml = text.slice(pos + fence[0].length, bodyEnd);
        const block = /^id:\s*(\S+)\s*$/m.exec(yaml)?.[1] ?? `block${count.n}`;
        const found = yamlSegments(yaml, file, pos + fence[0].length, `${block}.`);
        const base = lineAt(pos + fence[0].length) - 1;
        // (ids and a figure's drawing are the same in every language)
        const own = found.filter((s) => !s.unit.endsWith('.id') && !(kind === 'figure' && s.unit === `${block}.image`));
        out.push(...own.map((s) => ({...s, line: s.line + base})));
      }
      pos = end;
      continue;
    }
    const container = /^:::[ \t]*\S[^\n]*\n/.exec(rest);
    if (container) {
      const close = /\n:::[ \t]*(?:\r?\n|$)/.exec(rest.slice(container[0].length - 1));
      const innerEnd = close ? pos + container[0].length - 1 + close.index + 1 : to;
      out.push(...markdownSegments(text, pos + container[0].length, innerEnd, file, count));
      pos = close ? pos + container[0].length - 1 + close.index + close[0].length : to;
      continue;
    }
    // a block: up to the next blank line, fence or container
    const stop = /\n(?:[ \t]*\r?\n|`{3,}|~{3,}|:::)/.exec(rest);
    let end = stop ? pos + stop.index : to;
    while (end > pos && /[\r\n]/.test(text[end - 1]!)) end--;
    const chunk = text.slice(pos, end);
    count.n++;
    out.push({
      file,
      unit: `b${count.n}`,
      text: chunk,
      kind: blockKind(chunk),
      line: lineAt(pos),
      range: [pos, end],
      style: {yaml: false},
    });
    pos = stop ? pos + stop.index + 1 : to;
  }
  return out;
}

function blockKind(chunk: string): string {
  if (/^#{1,6}\s/.test(chunk)) return 'heading';
  if (/^\s*(?:[-*+]|\d+[.)])\s/.test(chunk)) return 'list';
  if (/^\s*\|/.test(chunk)) return 'table';
  if (/^\s*>/.test(chunk)) return 'quote';
  return 'paragraph';
}
