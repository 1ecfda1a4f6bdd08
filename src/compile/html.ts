/**
 * Markdown to safe HTML at build time. Raw HTML that could run code (`<script>`, `<iframe>`, event handlers,
 * `javascript:` links) is an error with its place, not silently dropped; everything produced then still goes
 * through an allow-list sanitizer.
 */
import markdownIt, {type Env, type MarkdownIt, type Token} from 'markdown-it';
import container from 'markdown-it-container';
import {closest, didYouMean, type Place, type Problems} from './problems.js';
import type {References} from './refs.js';
import {expandTerms, useTerm, type TermBook} from './terms.js';
import sanitizeHtml from 'sanitize-html';
import {DANGEROUS_TAGS, RAW_ATTRIBUTES, RAW_TAGS, URL_ATTRIBUTES, isUnsafeUrl, sanitize} from './sanitize.js';

export {SANITIZE_OPTIONS, isUnsafeUrl, sanitize} from './sanitize.js';

/** The Markdown parser every course text goes through. Links are checked by the compiler, not refused silently. */
export function createMarkdown(): MarkdownIt {
  const md = new markdownIt({html: true, linkify: false, typographer: false});
  md.validateLink = () => true;
  const plugin = container as unknown as (md: MarkdownIt, name: string, opts: object) => void;
  md.use(plugin, 'key-points', {
    render: (tokens: Token[], idx: number) =>
      tokens[idx].nesting === 1 ? '<aside class="key-points">\n' : '</aside>\n',
  });
  const escape = md.utils.escapeHtml;
  md.renderer.rules.text = (tokens, idx, _options, env) => {
    const text = tokens[idx]!.content;
    if (!(env as RenderEnv | undefined)?.isolateLatin) return escape(text);
    let html = '';
    let last = 0;
    for (const m of text.matchAll(LATIN_RUN)) {
      html += `${escape(text.slice(last, m.index))}<bdi>${escape(m[0])}</bdi>`;
      last = m.index + m[0].length;
    }
    return html + escape(text.slice(last));
  };
  return md;
}

/** What a render is told about its text: in a right-to-left language, Latin runs are isolated. */
export interface RenderEnv extends Env {
  isolateLatin?: boolean;
}

/**
 * A run of Latin script in a right-to-left text: words with the digits and separators inside them (A/60/692,
 * Corr.1, ISO/IEC 27001) and the spaces between them (Core ICT Indicators). Each becomes a `<bdi>`: its own
 * characters read left to right, and the text around it keeps the right-to-left order (in "A/59/563, A/60/323"
 * inside Arabic the first symbol stands at the right, where an Arabic reader starts, not at the left).
 */
const LATIN_RUN =
  /\p{Script=Latin}[\p{Script=Latin}\d]*(?:[./:_-][\p{Script=Latin}\d]+)*(?: +[\p{Script=Latin}\d][\p{Script=Latin}\d]*(?:[./:_-][\p{Script=Latin}\d]+)*)*/gu;

/** Where the text being rendered comes from, for problems and for resolving references. */
export interface TextSource {
  problems: Problems;
  refs: References;
  /** the file as shown in problems */
  file: string;
  /** the file on disk (references are relative to it) */
  absFile: string;
  /** the translation this file belongs to; null for the default language */
  lang: string | null;
  /** the text's language is written right to left (its Latin runs are isolated) */
  rtl?: boolean;
  /** lesson files of the same language: absolute path -> lesson id */
  lessons: ReadonlyMap<string, string>;
  /** the glossary of the text's language (its terms may be marked: `[words](term:id)`) */
  terms?: TermBook;
  /**
   * Markdown body: lines of the file before the text and the text's lines (for columns). YAML prose: the fixed
   * place of its node.
   */
  at: {lineOffset: number; lines: string[]} | {place: Place};
}

function placeIn(src: TextSource, lineIdx: number, needle?: string): Place {
  if ('place' in src.at) return src.at.place;
  const {lineOffset, lines} = src.at;
  const place: Place = {file: src.file, line: lineOffset + lineIdx + 1};
  const text = lines[lineIdx];
  if (needle && text !== undefined) {
    const i = text.indexOf(needle);
    if (i >= 0) place.column = i + 1;
  }
  return place;
}

/**
 * Check raw HTML, links and images in parsed tokens and rewrite references to package paths. Problems go to
 * `src.problems`. `lineIdx` is the index (in the parsed text) of the line the tokens start on.
 */
export function checkTokens(tokens: Token[], src: TextSource, lineIdx = 0): void {
  for (const t of tokens) {
    const line = t.map ? t.map[0] : lineIdx;
    switch (t.type) {
      case 'html_block':
        checkRawHtml(t.content, src, line);
        break;
      case 'heading_open':
        if (t.tag === 'h1') {
          src.problems.warn(
            placeIn(src, line, '#'),
            'heading-level',
            'A `#` heading inside a lesson',
            "The lesson title is the page heading: start the lesson's own headings at `##`.",
          );
        }
        break;
      case 'inline':
        if (/^:::/.test(t.content)) {
          const name = t.content.slice(3).trim().split(/\s+/)[0] ?? '';
          src.problems.warn(
            placeIn(src, line, ':::'),
            'unknown-block',
            `\`::: ${name}\` is not a known box and shows as text`,
            didYouMean(name, ['key-points'], 'Boxes'),
          );
        }
        if (t.children) checkInline(t.children, src, line);
        break;
      case 'fence': {
        const kind = t.info.trim().split(/\s+/)[0] ?? '';
        const near =
          kind && !['decision', 'selfcheck'].includes(kind) ? closest(kind, ['decision', 'selfcheck']) : undefined;
        if (near) {
          src.problems.warn(
            placeIn(src, line, '```'),
            'unknown-block',
            `\`\`\`${kind} is shown as code`,
            `Did you mean \`\`\`${near}?`,
          );
        }
        break;
      }
    }
  }
}

function checkInline(children: Token[], src: TextSource, startLine: number): void {
  let line = startLine;
  for (const t of children) {
    switch (t.type) {
      case 'softbreak':
      case 'hardbreak':
        line++;
        break;
      case 'html_inline':
        checkRawHtml(t.content, src, line);
        line += (t.content.match(/\n/g) ?? []).length;
        break;
      case 'link_open':
        checkLink(t, src, line);
        break;
      case 'image':
        checkImage(t, src, line);
        break;
    }
  }
}

function checkLink(t: Token, src: TextSource, line: number): void {
  const href = String(t.attrGet('href') ?? '');
  const place = placeIn(src, line, href ? `(${href}` : undefined);
  if (place.column !== undefined) place.column += 1;
  if (isUnsafeUrl(href)) {
    src.problems.error(
      place,
      'unsafe-link',
      `A link to \`${shorten(href)}\` is not allowed`,
      'Links may go to http(s) and mailto addresses, to files in assets/ and to other lessons (`02-next.md`). Remove the script URL.',
    );
    t.attrSet('href', '#');
    return;
  }
  if (href.startsWith('#') || href === '') return;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (scheme === 'term') {
    const id = href.slice('term:'.length);
    if (useTerm(src.terms, id, place, src.problems)) {
      t.attrSet('href', `#term/${id}`);
      t.attrSet('data-term', id);
    } else t.attrSet('href', '#');
    return;
  }
  if (scheme) {
    if (scheme === 'http' || scheme === 'https') {
      t.attrSet('target', '_blank');
      t.attrSet('rel', 'noopener noreferrer');
    } else if (scheme !== 'mailto' && scheme !== 'tel') {
      src.problems.error(
        place,
        'unsafe-link',
        `Links with \`${scheme}:\` are not allowed`,
        'Use an http(s) or mailto address, a file in assets/ or another lesson.',
      );
      t.attrSet('href', '#');
    }
    return;
  }
  if (href.startsWith('//') || href.startsWith('/')) {
    src.problems.error(
      place,
      'asset-location',
      `\`${href}\` is not relative to this file`,
      href.startsWith('//')
        ? 'Write the full address with https://.'
        : 'Refer to files relative to this file, e.g. `../assets/report.pdf`.',
    );
    return;
  }
  const {pathPart} = splitPath(href);
  if (/\.md$/i.test(pathPart)) {
    const id = src.refs.lesson(href, src.absFile, place, src.lessons);
    if (id !== null) {
      t.attrSet('href', `#lesson/${encodeURIComponent(id)}`);
      t.attrSet('data-lesson', id);
    }
    return;
  }
  const out = src.refs.asset(href, src.absFile, place, src.lang);
  if (out !== null) t.attrSet('href', out);
}

function checkImage(t: Token, src: TextSource, line: number): void {
  const url = String(t.attrGet('src') ?? '');
  const place = placeIn(src, line, url ? `(${url}` : '![');
  if (place.column !== undefined && url) place.column += 1;
  if (!t.content.trim()) {
    src.problems.error(
      placeIn(src, line, '!['),
      'missing-alt',
      `The image \`${shorten(url)}\` has no alternative text`,
      'Describe the picture for someone who cannot see it: `![Three offices linked by a shared service](../assets/offices.svg)`. For a purely decorative image, say so in a few words.',
    );
  }
  if (isUnsafeUrl(url)) {
    src.problems.error(
      place,
      'unsafe-link',
      `An image from \`${shorten(url)}\` is not allowed`,
      "Put the image in the course's assets/ folder and refer to it by its path.",
    );
    t.attrSet('src', '');
    return;
  }
  if (/^https?:/i.test(url)) {
    src.problems.warn(
      place,
      'external-image',
      `The image \`${shorten(url)}\` is loaded from another site`,
      'It will not show offline or where the LMS blocks other sites: copy it into assets/ (if its licence allows).',
    );
    t.attrSet('loading', 'lazy');
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('/')) {
    src.problems.error(
      place,
      'asset-location',
      `The image \`${shorten(url)}\` is not a file of this course`,
      'Put it in assets/ and refer to it relative to this file, e.g. `../assets/map.png`.',
    );
    return;
  }
  const out = src.refs.asset(url, src.absFile, place, src.lang);
  if (out !== null) t.attrSet('src', out);
  t.attrSet('loading', 'lazy');
}

function splitPath(ref: string): {pathPart: string} {
  const i = ref.search(/[?#]/);
  return {pathPart: i < 0 ? ref : ref.slice(0, i)};
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Inspect raw HTML written in Markdown or YAML text: every tag and attribute against the allow-list. */
function checkRawHtml(raw: string, src: TextSource, line: number): void {
  let cursor = 0;
  const lower = raw.toLowerCase();
  sanitizeHtml(raw, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    onOpenTag: (name: string, attribs: Record<string, string>) => {
      const tag = name.toLowerCase();
      const at = lower.indexOf(`<${tag}`, cursor);
      const offset = at >= 0 ? at : cursor;
      if (at >= 0) cursor = at + 1;
      const tagLine = line + (raw.slice(0, offset).match(/\n/g) ?? []).length;
      const place = placeIn(src, tagLine, raw.slice(offset, offset + tag.length + 1));
      if (DANGEROUS_TAGS.has(tag)) {
        src.problems.error(
          place,
          'unsafe-html',
          `\`<${tag}>\` is not allowed in course text`,
          tag === 'svg'
            ? 'Save the drawing as an .svg file in assets/ and show it as an image: `![description](../assets/drawing.svg)`.'
            : 'Course text cannot contain scripts, frames, forms, styles or embedded documents. Remove it; link to an outside page with `[text](https://...)` if needed.',
        );
      } else if (!RAW_TAGS.has(tag)) {
        src.problems.error(
          place,
          'html-not-allowed',
          `\`<${tag}>\` is not allowed in course text`,
          tag === 'img'
            ? 'Use Markdown for images: `![description](../assets/picture.png)`.'
            : `Use Markdown instead. Raw HTML is limited to these inline tags: ${[...RAW_TAGS].join(', ')}.`,
        );
      }
      for (const [attrName, value] of Object.entries(attribs)) {
        const attr = attrName.toLowerCase();
        if (attr.startsWith('on')) {
          src.problems.error(
            place,
            'unsafe-attribute',
            `The event handler \`${attr}\` on \`<${tag}>\` is not allowed`,
            'Course text cannot run scripts: remove the attribute.',
          );
        } else if (URL_ATTRIBUTES.has(attr) && isUnsafeUrl(value)) {
          src.problems.error(
            place,
            'unsafe-link',
            `\`${attr}="${shorten(value)}"\` on \`<${tag}>\` is not allowed`,
            'Course text cannot run scripts: remove the script URL.',
          );
        } else if (!RAW_ATTRIBUTES.has(attr) && !DANGEROUS_TAGS.has(tag)) {
          src.problems.error(
            place,
            'html-not-allowed',
            `The attribute \`${attr}\` on \`<${tag}>\` is not allowed`,
            `Raw HTML may carry only ${[...RAW_ATTRIBUTES].join(', ')}; use Markdown for links and images.`,
          );
        }
      }
    },
  });
}

/** Plain text of parsed tokens (for word counts and descriptions). */
export function plainText(tokens: Token[]): string {
  const out: string[] = [];
  const visit = (list: Token[]): void => {
    for (const t of list) {
      if (t.type === 'text' || t.type === 'code_inline') out.push(t.content);
      else if (t.type === 'image') out.push(t.content);
      else if (t.type === 'softbreak' || t.type === 'hardbreak') out.push(' ');
      else if (t.type === 'fence' || t.type === 'code_block') out.push(` ${t.content} `);
      else if (t.nesting === -1 && t.block) out.push(' ');
      if (t.children) visit(t.children);
    }
  };
  visit(tokens);
  return out.join('').replace(/\s+/g, ' ').trim();
}

/** Words in a text; CJK characters count as two thirds of a word each (they are read ~300 a minute). */
export function countWords(text: string): number {
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/g;
  const cjkCount = (text.match(cjk) ?? []).length;
  const words = text
    .replace(cjk, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return words + (cjkCount * 2) / 3;
}

/** Render a YAML prose value (a prompt, an option, a feedback) to sanitized HTML, with the same checks as lessons. */
export function renderProse(
  md: MarkdownIt,
  text: string,
  src: TextSource,
  block: boolean,
): {html: string; text: string} {
  const env: RenderEnv = {isolateLatin: !!src.rtl};
  const tokens = block ? md.parse(text, env) : md.parseInline(text, env);
  checkTokens(tokens, src);
  const html = expandTerms(sanitize(md.renderer.render(tokens, md.options, env)).trim(), src.terms);
  return {html, text: plainText(tokens)};
}
