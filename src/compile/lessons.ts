/**
 * A lesson file: YAML front matter (id, title), then Markdown. Fenced ```decision and ```selfcheck blocks are YAML
 * (their places map back to lines of the .md file); the Markdown between them becomes sanitized HTML blocks.
 */
import type {MarkdownIt, Token} from 'markdown-it';
import type {DecisionBlock, Lesson, LessonBlock, SelfCheckBlock} from '../course/types.js';
import {checkTokens, countWords, plainText, renderProse, sanitize, type RenderEnv, type TextSource} from './html.js';
import type {Place} from './problems.js';
import {buildFigure} from './figure.js';
import {expandTerms} from './terms.js';
import {decisionSchema, frontMatterSchema, selfCheckSchema} from './schemas.js';
import {parseYaml, validate, type Path, type YamlFile} from './yaml.js';

/** A lesson file read and split, before rendering. */
export interface LessonSource {
  /** file name inside lessons/ (they play in this order) */
  name: string;
  /** as shown in problems */
  file: string;
  absFile: string;
  front: YamlFile | null;
  id?: string;
  title?: string;
  /** lines of the file before the Markdown body */
  bodyOffset: number;
  body: string;
}

/** Read the front matter of a lesson file; problems go to `problems`. */
export function readLesson(
  name: string,
  file: string,
  absFile: string,
  raw: string,
  src: Pick<TextSource, 'problems'>,
): LessonSource {
  const text = raw.replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const out: LessonSource = {name, file, absFile, front: null, bodyOffset: 0, body: text};
  const template = 'Start the file with front matter:\n---\nid: a-stable-id\ntitle: The lesson title\n---';
  if (lines[0]?.trim() !== '---') {
    src.problems.error(
      {file, line: 1, column: 1},
      'missing-front-matter',
      'The lesson has no front matter (id and title)',
      template,
    );
    return out;
  }
  const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (end < 0) {
    src.problems.error(
      {file, line: 1, column: 1},
      'missing-front-matter',
      'The front matter is not closed by a `---` line',
      template,
    );
    return out;
  }
  out.bodyOffset = end + 1;
  out.body = lines.slice(end + 1).join('\n');
  const front = parseYaml(file, lines.slice(1, end).join('\n'), src.problems, 1);
  out.front = front;
  if (!front) return out;
  validate(front, frontMatterSchema, src.problems);
  const data = asRecord(front.data);
  if (typeof data.id === 'string') out.id = data.id;
  if (data.title !== undefined && data.title !== null && typeof data.title !== 'object') out.title = String(data.title);
  return out;
}

/** Where each block and its parts are, for later checks (ids, translations). */
export interface BlockSource {
  block: DecisionBlock | SelfCheckBlock;
  yaml: YamlFile;
}

export interface RenderedLesson {
  lesson: Lesson;
  blocks: BlockSource[];
  /** the lesson's diagrams, in order: their ids and drawings */
  figures: {id: string; image: string; yaml: YamlFile}[];
  words: number;
  /** a block could not be read (its problems are reported): translations are not compared block by block */
  incomplete: boolean;
}

/** Render a lesson's body into blocks. `src` carries the file, references and problems. */
export function renderLesson(md: MarkdownIt, ls: LessonSource, src: Omit<TextSource, 'at'>): RenderedLesson {
  const bodyLines = ls.body.split('\n');
  const bodySrc: TextSource = {...src, at: {lineOffset: ls.bodyOffset, lines: bodyLines}};
  const env: RenderEnv = {isolateLatin: !!src.rtl};
  const tokens = md.parse(ls.body, env);
  checkTokens(tokens, bodySrc);

  const blocks: LessonBlock[] = [];
  const sources: BlockSource[] = [];
  const figures: RenderedLesson['figures'] = [];
  let words = 0;
  let incomplete = false;
  let segment: Token[] = [];
  const flush = (): void => {
    if (!segment.length) return;
    const html = expandTerms(sanitize(md.renderer.render(segment, md.options, env)).trim(), src.terms);
    words += countWords(plainText(segment));
    if (html) blocks.push({type: 'html', html});
    segment = [];
  };
  for (const t of tokens) {
    const kind = t.type === 'fence' ? t.info.trim().split(/\s+/)[0] : '';
    if ((kind === 'decision' || kind === 'selfcheck' || kind === 'figure') && t.map) {
      flush();
      const yaml = parseYaml(ls.file, t.content, src.problems, ls.bodyOffset + t.map[0] + 1);
      if (!yaml) {
        incomplete = true;
        continue;
      }
      if (kind === 'figure') {
        const f = asRecord(yaml.data);
        figures.push({id: str(f.id), image: str(f.image), yaml});
        const figure = buildFigure(md, yaml, src);
        if (figure) {
          blocks.push(figure.block);
          words += figure.words;
        } else incomplete = true;
        continue;
      }
      const built = kind === 'decision' ? buildDecision(md, yaml, src) : buildSelfCheck(md, yaml, src);
      if (built) {
        if (!built.block.id) incomplete = true;
        blocks.push(built.block);
        sources.push({block: built.block, yaml});
        words += built.words;
      }
    } else {
      segment.push(t);
    }
  }
  flush();
  if (!blocks.length) {
    src.problems.warn(
      {file: ls.file, line: ls.bodyOffset + 1},
      'empty-lesson',
      'The lesson has no content',
      'Write the lesson below the front matter.',
    );
  }
  const lesson: Lesson = {
    id: ls.id ?? '',
    title: ls.title ?? '',
    minutes: Math.max(1, Math.round(words / 200)),
    blocks,
  };
  return {lesson, blocks: sources, figures, words, incomplete};
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A text value: strings as they are, numbers and booleans as their text, anything else empty. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Render YAML prose at `path` of `yaml` to sanitized HTML. */
export function prose(
  md: MarkdownIt,
  yaml: YamlFile,
  path: Path,
  value: unknown,
  src: Omit<TextSource, 'at'>,
  block: boolean,
): {html: string; text: string} {
  const place: Place = yaml.valueAt(path);
  return renderProse(md, str(value), {...src, at: {place}}, block);
}

function buildDecision(
  md: MarkdownIt,
  yaml: YamlFile,
  src: Omit<TextSource, 'at'>,
): {block: DecisionBlock; words: number} | null {
  validate(yaml, decisionSchema, src.problems, {
    missingHints: {id: "Add `id: a-stable-id` to the block: the learner's choice is saved against it."},
  });
  const d = asRecord(yaml.data);
  const prompt = prose(md, yaml, ['prompt'], d.prompt, src, true);
  let words = countWords(prompt.text);
  const options = asArray(d.options).map((o, i) => {
    const r = asRecord(o);
    const text = prose(md, yaml, ['options', i, 'text'], r.text, src, false);
    const consequence = prose(md, yaml, ['options', i, 'consequence'], r.consequence, src, false);
    words += countWords(text.text) + countWords(consequence.text);
    return {id: typeof r.id === 'string' ? r.id : letterId(i), text: text.html, consequence: consequence.html};
  });
  return {block: {type: 'decision', id: str(d.id), prompt: prompt.html, options}, words};
}

function buildSelfCheck(
  md: MarkdownIt,
  yaml: YamlFile,
  src: Omit<TextSource, 'at'>,
): {block: SelfCheckBlock; words: number} | null {
  validate(yaml, selfCheckSchema, src.problems, {
    missingHints: {id: "Add `id: a-stable-id`: the learner's ratings are saved against it."},
  });
  const d = asRecord(yaml.data);
  const title = str(d.title);
  let words = countWords(title);
  const items = asArray(d.items).map((it, i) => {
    const r = asRecord(it);
    const text = prose(md, yaml, ['items', i, 'text'], r.text, src, false);
    words += countWords(text.text);
    return {id: str(r.id), text: text.html, area: r.area === undefined ? title : str(r.area)};
  });
  const bands = asArray(d.bands).map((b, i) => {
    const r = asRecord(b);
    const advice = prose(md, yaml, ['bands', i, 'advice'], r.advice ?? '', src, false);
    return {upTo: typeof r.upTo === 'number' ? r.upTo : NaN, label: str(r.label), advice: advice.html};
  });
  // Bands: ascending, within 0..1, the last covering 1.
  let prev = -Infinity;
  bands.forEach((b, i) => {
    if (Number.isNaN(b.upTo)) return;
    if (b.upTo < 0 || b.upTo > 1) {
      src.problems.error(
        yaml.valueAt(['bands', i, 'upTo']),
        'invalid-bands',
        `upTo ${b.upTo} is outside 0..1`,
        b.upTo > 1 && b.upTo <= 100
          ? `Did you mean ${b.upTo / 100}? Scores are fractions from 0 to 1.`
          : 'Scores are fractions from 0 to 1.',
      );
    } else if (b.upTo <= prev) {
      src.problems.error(
        yaml.valueAt(['bands', i, 'upTo']),
        'invalid-bands',
        `upTo ${b.upTo} is not above the band before it (${prev})`,
        'List the bands from the lowest to the highest score.',
      );
    }
    prev = b.upTo;
  });
  const last = bands[bands.length - 1];
  if (last && !Number.isNaN(last.upTo) && last.upTo < 1) {
    src.problems.error(
      yaml.valueAt(['bands', bands.length - 1, 'upTo']),
      'invalid-bands',
      `The last band ends at ${last.upTo}: scores above it have no band`,
      "Set the last band's `upTo: 1`.",
    );
  }
  return {
    block: {type: 'selfcheck', id: str(d.id), title, scale: asArray(d.scale).map(str), items, bands},
    words,
  };
}

/** `a`, `b`, ... `z`, `aa`, `ab`, ... for option i. */
export function letterId(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}
