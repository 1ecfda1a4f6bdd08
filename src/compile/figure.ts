/**
 * A diagram in a lesson: a fenced ```figure block names an SVG drawing in assets/ whose words are written as
 * `{key}` placeholders, and gives, in the lesson's language, the text of each key (`labels`), a short text
 * alternative (`alt`) and a long description (`description`, Markdown). The drawing is put inline into the
 * lesson's HTML with the labels of that language: a translation carries only text (its lesson file, like the rest
 * of the lesson), the drawing inherits the page's direction (right to left in Arabic) and takes the theme's colours
 * through the classes the player styles (`.ink`, `.accent`, `.surface`, `.line`; see docs/authoring.md).
 *
 * The drawing is plain: shapes, paths and text only, no scripts, styles, links, images or external references
 * (what is not on the allow-list is dropped), and at most {@link FIGURE_MAX_BYTES} bytes as written.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {MarkdownIt} from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type {HtmlBlock} from '../course/types.js';
import {countWords, type TextSource} from './html.js';
import {asRecord, prose, str} from './lessons.js';
import {figureSchema} from './schemas.js';
import {validate, type YamlFile} from './yaml.js';

/** The largest drawing a figure may show, in bytes: it is part of the lesson's text, downloaded with it. */
export const FIGURE_MAX_BYTES = 20 * 1024;

const SHAPE = ['class', 'transform', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap'];
const MARKERS = ['marker-start', 'marker-mid', 'marker-end'];

/** What a drawing may contain, once inline in the page. */
const SVG_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'svg',
    'g',
    'rect',
    'circle',
    'ellipse',
    'line',
    'polyline',
    'polygon',
    'path',
    'text',
    'tspan',
    'defs',
    'marker',
  ],
  allowedAttributes: {
    svg: ['viewbox', 'width', 'height', 'xmlns', 'class'],
    g: [...SHAPE, 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'],
    rect: ['x', 'y', 'width', 'height', 'rx', 'ry', ...SHAPE],
    circle: ['cx', 'cy', 'r', ...SHAPE],
    ellipse: ['cx', 'cy', 'rx', 'ry', ...SHAPE],
    line: ['x1', 'y1', 'x2', 'y2', ...SHAPE, ...MARKERS],
    polyline: ['points', ...SHAPE, ...MARKERS],
    polygon: ['points', ...SHAPE],
    path: ['d', ...SHAPE, ...MARKERS],
    text: ['x', 'y', 'dx', 'dy', 'text-anchor', 'dominant-baseline', 'font-size', 'font-weight', ...SHAPE],
    tspan: ['x', 'y', 'dx', 'dy', 'text-anchor', 'font-size', 'font-weight', 'class'],
    marker: ['id', 'viewbox', 'refx', 'refy', 'markerwidth', 'markerheight', 'orient', 'markerunits'],
  },
  // marker references (`url(#arrow)`) are the only URLs a drawing keeps: same document, no request
  allowedSchemes: [],
  parser: {lowerCaseAttributeNames: true, lowerCaseTags: true},
};

const PLACEHOLDER = /\{([a-z0-9][a-z0-9-]*)\}/g;

/** A ```figure block as an HTML block of the lesson; null where it cannot be built (the problems say why). */
export function buildFigure(
  md: MarkdownIt,
  yaml: YamlFile,
  src: Omit<TextSource, 'at'>,
): {block: HtmlBlock; words: number} | null {
  validate(yaml, figureSchema, src.problems, {
    missingHints: {
      alt: 'Add `alt:` — a sentence that says what the diagram shows, for someone who cannot see it.',
      description:
        'Add `description:` — the diagram in words (every box and arrow that matters), for screen readers and for readers who prefer text.',
    },
  });
  const d = asRecord(yaml.data);
  const ref = str(d.image);
  if (!ref) return null;
  const imagePlace = yaml.valueAt(['image']);
  if (!ref.toLowerCase().split(/[?#]/)[0]!.endsWith('.svg')) {
    src.problems.error(
      imagePlace,
      'figure-image',
      `\`${ref}\` is not an SVG drawing`,
      'A figure shows an SVG file from assets/ (its words written as {key} placeholders); show other pictures as Markdown images: `![description](../assets/photo.jpg)`.',
    );
    return null;
  }
  // (also reports scripts in it); the drawing goes into the lesson, the file is not shipped
  const found = src.refs.asset(ref, src.absFile, imagePlace, src.lang, true);
  if (found === null) return null;
  const rel = found.split(/[?#]/)[0]!.split('/').map(decodeURIComponent).join('/');
  let svg: string;
  try {
    svg = readFileSync(path.join(src.refs.absDir, rel), 'utf8');
  } catch {
    return null; // reported by refs.asset
  }
  const bytes = Buffer.byteLength(svg);
  if (bytes > FIGURE_MAX_BYTES) {
    src.problems.error(
      imagePlace,
      'figure-image',
      `${rel} is ${(bytes / 1024).toFixed(1)} KB; a figure's drawing may be ${FIGURE_MAX_BYTES / 1024} KB at most`,
      'Simplify the drawing: clean it with an SVG optimizer (svgo), round coordinates, drop hidden layers and metadata.',
    );
    return null;
  }

  // the labels, in the lesson's language, into the drawing's placeholders
  const labels = asRecord(d.labels);
  const used = new Set<string>();
  let missing = false;
  let words = 0;
  // a label in a <text data-wrap="width"> is broken into lines that fit that width
  const wrapped = svg.replace(WRAPPED_TEXT, (whole, attrs: string, key: string) => {
    const wrap = Number(attr(attrs, 'data-wrap'));
    if (!wrap || labels[key] === undefined) return whole;
    const size = Number(attr(attrs, 'font-size')) || 16;
    const most = Number(attr(attrs, 'data-lines')) || 2;
    const x = attr(attrs, 'x') ?? '0';
    const bold = Number(attr(attrs, 'font-weight') ?? 400) >= 600 || attr(attrs, 'font-weight') === 'bold';
    const lines = wrapLabel(str(labels[key]), wrap, size, bold);
    if (lines.length > most) {
      src.problems.warn(
        yaml.valueAt(['labels', key]),
        'figure-label',
        `The label \`${key}\` takes ${lines.length} lines in its place in ${rel}, which has room for ${most}`,
        'Shorten it (an abbreviation the lesson explains, or fewer words), so that it stays inside its box.',
      );
    }
    used.add(key);
    words += countWords(str(labels[key]));
    const spans = lines
      .map(
        (line, i) =>
          `<tspan x="${x}" dy="${i ? 1.2 : Number((-0.6 * (lines.length - 1)).toFixed(2))}em">${escapeText(line)}</tspan>`,
      )
      .join('');
    return `<text${attrs}>${spans}</text>`;
  });
  const filled = wrapped.replace(PLACEHOLDER, (whole, key: string) => {
    used.add(key);
    if (labels[key] === undefined) {
      missing = true;
      src.problems.error(
        yaml.valueAt(d.labels === undefined ? ['image'] : ['labels']),
        'figure-label',
        `${rel} shows \`${whole}\`, but the figure gives no label \`${key}\``,
        `Add it under \`labels:\`, e.g. \`${key}: The text to show\` (in each translation too).`,
      );
      return whole;
    }
    const text = str(labels[key]);
    words += countWords(text);
    return escapeText(text);
  });
  for (const key of Object.keys(labels)) {
    if (!used.has(key)) {
      src.problems.warn(
        yaml.valueAt(['labels', key]),
        'figure-label',
        `The label \`${key}\` is not used: ${rel} has no \`{${key}}\``,
        `Remove it, or write \`{${key}}\` where it goes in the drawing.`,
      );
    }
  }
  if (missing) return null;
  const id = str(d.id);
  // marker ids are the figure's own, so that two drawings in one lesson cannot take each other's arrowheads
  const own = filled
    .replace(/\sid="([^"]+)"/g, (_, m: string) => ` id="${id}-${m}"`)
    .replace(/url\(#([^)]+)\)/g, (_, m: string) => `url(#${id}-${m})`);
  const drawing = sanitizeHtml(own, SVG_OPTIONS).trim();
  if (!drawing.startsWith('<svg')) {
    src.problems.error(
      imagePlace,
      'figure-image',
      `${rel} has no <svg> drawing the course can show`,
      'Export the drawing as plain SVG (shapes, paths and text).',
    );
    return null;
  }

  const alt = escapeText(str(d.alt));
  const description = prose(md, yaml, ['description'], d.description, src, true);
  words += countWords(str(d.alt)) + countWords(description.text);
  const html =
    `<figure class="diagram" data-figure="${escapeText(id)}">` +
    drawing.replace(/^<svg/, `<svg role="img" aria-label="${alt}" focusable="false"`) +
    `<figcaption><details><summary>${alt}</summary>${description.html}</details></figcaption></figure>`;
  return {block: {type: 'html', html}, words};
}

/** A `<text>` whose only content is one placeholder: its attributes and the key. */
const WRAPPED_TEXT = /<text\b([^>]*)>\s*\{([a-z0-9][a-z0-9-]*)\}\s*<\/text>/g;

function attr(attrs: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];
}

/** Chinese, Japanese and Korean characters: a line may break between any two of them. */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** The width of a text in units of its font size, estimated from its characters (no font metrics at build time). */
function textWidth(s: string): number {
  let w = 0;
  for (const c of s) {
    if (CJK.test(c)) w += 1;
    else if (/\s/.test(c)) w += 0.3;
    else if (/[\u0600-\u06ff]/.test(c)) w += 0.5;
    else if (/[.,:;'’()|!-]/.test(c)) w += 0.35;
    else if (/[A-Z]/.test(c)) w += 0.68;
    else if (/[А-ЯЁ]/.test(c)) w += 0.72;
    else if (/[а-яё]/.test(c)) w += 0.62;
    else w += 0.57;
  }
  return w;
}

/** A label broken into lines at most `width` units wide (between words; between characters in Chinese). */
export function wrapLabel(text: string, width: number, size: number, bold = false): string[] {
  const max = width / size / (bold ? 1.15 : 1);
  // words (a no-break space holds its neighbours together, as French puts one before "?"), and each CJK character
  // with the punctuation that may not begin a line
  const tokens =
    text
      .trim()
      .match(
        /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff][，。、：；）」』]*|(?:[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]|[\u00a0\u202f])+|[^\S\u00a0\u202f]+/g,
      ) ?? [];
  const lines: string[] = [];
  let line = '';
  let space = false;
  for (const t of tokens) {
    if (/^[^\S\u00a0\u202f]+$/.test(t)) {
      space = true;
      continue;
    }
    const next = line + (line && space ? ' ' : '') + t;
    if (line && textWidth(next) > max) {
      lines.push(line);
      line = t;
    } else line = next;
    space = false;
  }
  if (line) lines.push(line);
  return lines;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
