// The text of a PDF that Chromium printed (Skia's PDF writer), with where each piece of it stands on the page and
// whether it was written right to left, so a test can check what a learner's printout shows and in which order.
//
// Skia writes each run of glyphs of one font on one line as a BT ... ET block placed by a Tm matrix; a right-to-left
// run is marked `/ReversedChars BMC` (its glyphs in visual order, left to right, as PDF 1.4 §10.8.3 prescribes), and a
// glyph whose text the font's ToUnicode map cannot give (an Arabic letter's joined form, a ligature) comes inside a
// `/Span <</ActualText ...>> BDC` that says it. Only what that writer produces is read: FlateDecode streams with
// direct lengths, Type0 fonts with Identity-H codes and a ToUnicode CMap, the operators below. Anything else fails.
import {inflateSync} from 'node:zlib';

/** One run of text: its text in logical (reading) order, and its start on the page in PDF points. */
export interface PdfRun {
  /** the text as read: a right-to-left run's glyphs reversed into the order they are read in */
  text: string;
  /** where the run's first glyph (its leftmost) stands: x from the left edge, y from the bottom edge */
  x: number;
  y: number;
  /** written right to left (marked ReversedChars) */
  rtl: boolean;
}

export interface PdfText {
  pages: number;
  /** every run of every page, in the order the page's content draws them */
  runs: PdfRun[];
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
/** m × n, PDF's row-vector convention (m applied first) */
const times = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  const head = /(\d+) 0 obj\s*/g;
  for (let m = head.exec(s); m; m = head.exec(s)) {
    const start = head.lastIndex;
    const end = s.indexOf('endobj', start);
    if (end < 0) throw new Error(`PDF object ${m[1]} has no endobj`);
    const body = s.slice(start, end);
    const at = body.search(/>>\s*stream\r?\n/);
    if (at < 0) {
      found.set(Number(m[1]), {dict: body});
      continue;
    }
    const dict = body.slice(0, at + 2);
    const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(dict);
    if (!length) throw new Error(`PDF object ${m[1]}: a stream without a direct /Length`);
    const dataStart = start + at + /^>>\s*stream\r?\n/.exec(body.slice(at))![0].length;
    let data = pdf.subarray(dataStart, dataStart + Number(length[1]));
    if (/\/Filter\s*\/FlateDecode/.test(dict)) data = inflateSync(data);
    else if (/\/Filter/.test(dict)) throw new Error(`PDF object ${m[1]}: a filter other than FlateDecode`);
    found.set(Number(m[1]), {dict, stream: data});
    head.lastIndex = dataStart + Number(length[1]);
  }
  return found;
}

const hexBytes = (hex: string) => Buffer.from(hex.replace(/\s+/g, '').padEnd(2, '0'), 'hex');
/** UTF-16BE (a ToUnicode target or an ActualText string with its byte-order mark) */
const utf16 = (bytes: Buffer) => {
  const b = bytes[0] === 0xfe && bytes[1] === 0xff ? bytes.subarray(2) : bytes;
  let out = '';
  for (let i = 0; i + 1 < b.length; i += 2) out += String.fromCharCode(b.readUInt16BE(i));
  return out;
};

/** A ToUnicode CMap: glyph code -> text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of body!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(parseInt(src!, 16), utf16(hexBytes(dst!)));
  for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, dst, list] of body!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])/g,
    )) {
      const from = parseInt(lo!, 16);
      const to = parseInt(hi!, 16);
      if (list !== undefined) {
        const items = [...list.matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => utf16(hexBytes(x[1]!)));
        for (let c = from; c <= to; c++) map.set(c, items[c - from] ?? '\ufffd');
      } else {
        const base = utf16(hexBytes(dst!));
        const last = base.charCodeAt(base.length - 1);
        for (let c = from; c <= to; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(last + c - from));
      }
    }
  return map;
}

type Token = {kind: 'num'; v: number} | {kind: 'name' | 'op' | 'hex' | 'str'; v: string} | {kind: 'dict'; v: string};

/** The tokens of a content stream (dictionaries kept whole, as their source text). */
function* tokens(src: string): Generator<Token> {
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '%') i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i);
    else if (src.startsWith('<<', i)) {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src.startsWith('<<', j)) (depth++, j++);
        else if (src.startsWith('>>', j)) {
          depth--;
          j++;
          if (depth === 0) break;
        }
      }
      yield {kind: 'dict', v: src.slice(i, j + 1)};
      i = j + 1;
    } else if (c === '<') {
      const j = src.indexOf('>', i);
      yield {kind: 'hex', v: src.slice(i + 1, j)};
      i = j + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < src.length; j++) {
        if (src[j] === '\\') j++;
        else if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      yield {kind: 'str', v: src.slice(i + 1, j)};
      i = j + 1;
    } else if (c === '[' || c === ']') {
      yield {kind: 'op', v: c};
      i++;
    } else {
      const m = /^[^\s<>()[\]/%]+|^\/[^\s<>()[\]/%]*/.exec(src.slice(i, i + 256))!;
      const w = m[0];
      if (w.startsWith('/')) yield {kind: 'name', v: w.slice(1)};
      else if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(w)) yield {kind: 'num', v: Number(w)};
      else yield {kind: 'op', v: w};
      i += w.length;
    }
  }
}

/** Reads the pages and the positioned text of a PDF printed by Chromium. */
export function readPdf(pdf: Buffer): PdfText {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const objs = objects(pdf);
  const pages = [...objs.values()].filter((o) => /\/Type\s*\/Page\b(?!s)/.test(o.dict));
  const runs: PdfRun[] = [];
  for (const page of pages) {
    const fonts = new Map<string, Map<number, string>>();
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(page.dict)?.[1] ?? '';
    for (const [, name, ref] of fontDict.matchAll(/\/([^\s/]+)\s+(\d+)\s+0\s+R/g)) {
      const font = objs.get(Number(ref))!;
      const tu = /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict);
      fonts.set(name!, tu ? toUnicode(objs.get(Number(tu[1]))!.stream!.toString('latin1')) : new Map());
    }
    const contents = /\/Contents\s*(?:\[([^\]]*)\]|(\d+)\s+0\s+R)/.exec(page.dict);
    if (!contents) continue;
    const refs = contents[1]
      ? [...contents[1].matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]))
      : [Number(contents[2])];
    const src = refs.map((r) => objs.get(r)!.stream!.toString('latin1')).join('\n');

    let ctm: Matrix = IDENTITY;
    const saved: Matrix[] = [];
    let tm: Matrix = IDENTITY;
    let lm: Matrix = IDENTITY;
    let font = new Map<number, string>();
    /** open marked content: a ReversedChars group, an ActualText span (whose glyphs it replaces), or another */
    const marks: {reversed?: boolean; actual?: string}[] = [];
    let run: {units: string[]; x: number; y: number; rtl: boolean; placed: boolean} | null = null;
    const operands: Token[] = [];
    const nums = (n: number) => operands.slice(-n).map((t) => (t.kind === 'num' ? t.v : NaN));
    const place = () => {
      if (run && !run.placed) {
        const at = times(tm, ctm);
        run.x = at[4];
        run.y = at[5];
        run.placed = true;
      }
    };
    const show = (hex: string) => {
      if (!run) throw new Error('PDF: text shown outside BT ... ET');
      place();
      if (marks.some((m) => m.actual !== undefined)) return; // the span's ActualText stands for these glyphs
      const bytes = hexBytes(hex);
      for (let i = 0; i + 1 < bytes.length; i += 2) run.units.push(font.get(bytes.readUInt16BE(i)) ?? '\ufffd');
    };
    for (const tok of tokens(src)) {
      if (tok.kind !== 'op' || tok.v === '[' || tok.v === ']') {
        operands.push(tok);
        continue;
      }
      switch (tok.v) {
        case 'q':
          saved.push(ctm);
          break;
        case 'Q':
          ctm = saved.pop() ?? IDENTITY;
          break;
        case 'cm':
          ctm = times(nums(6) as Matrix, ctm);
          break;
        case 'BT':
          tm = lm = IDENTITY;
          run = {units: [], x: 0, y: 0, rtl: marks.some((m) => m.reversed), placed: false};
          break;
        case 'ET':
          if (run?.units.length)
            runs.push({
              text: (run.rtl ? [...run.units].reverse() : run.units).join(''),
              x: run.x,
              y: run.y,
              rtl: run.rtl,
            });
          run = null;
          break;
        case 'Tf': {
          const name = operands.at(-2);
          font = (name?.kind === 'name' && fonts.get(name.v)) || new Map();
          break;
        }
        case 'Tm':
          tm = lm = nums(6) as Matrix;
          break;
        case 'Td': {
          const [tx, ty] = nums(2) as [number, number];
          tm = lm = times([1, 0, 0, 1, tx, ty], lm);
          break;
        }
        case 'Tj': {
          const s = operands.at(-1);
          if (s?.kind === 'hex') show(s.v);
          else throw new Error('PDF: a Tj without a hex string');
          break;
        }
        case 'TJ':
          for (const t of operands.slice(operands.findLastIndex((t) => t.kind === 'op' && t.v === '[') + 1))
            if (t.kind === 'hex') show(t.v);
          break;
        case 'BMC': {
          const tag = operands.at(-1);
          const reversed = tag?.kind === 'name' && tag.v === 'ReversedChars';
          marks.push({reversed});
          if (reversed && run) run.rtl = true;
          break;
        }
        case 'BDC': {
          const props = operands.at(-1);
          const actual = props?.kind === 'dict' ? /\/ActualText\s*<([0-9A-Fa-f\s]*)>/.exec(props.v) : null;
          marks.push(actual ? {actual: utf16(hexBytes(actual[1]!))} : {});
          break;
        }
        case 'EMC': {
          const m = marks.pop();
          if (m?.actual !== undefined && run) {
            place();
            run.units.push(m.actual);
          }
          break;
        }
      }
      operands.length = 0;
    }
  }
  return {pages: pages.length, runs};
}
