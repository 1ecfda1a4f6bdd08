/**
 * XLIFF 2.0 for translators: `ict translate export` writes one `.xlf` per course and language (a unit per segment of
 * ./segments.ts, the English source, the existing translation as target, a note naming the segment's place);
 * `ict translate import` writes the targets back into `<course>/<lang>/`, changing only the segments whose text
 * changed, so that an export imported unchanged leaves every byte as it was. Reading and writing XLIFF is the
 * `xliff` package's (on `xml-js`); nothing here writes XML by hand.
 */
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {Document, parseDocument, Scalar, visit} from 'yaml';
import js2xliff from 'xliff/js2xliff';
import xliff2js, {type XliffDocument, type XliffUnit} from 'xliff/xliff2js';
import {js2xml, xml2js, type Element} from 'xml-js';
import {FINGERPRINT_FILE, fingerprint, fingerprintsText, readFingerprints, staleSegments} from './fingerprints.js';
import {readSegmentFiles, type Segment, type SegmentFile} from './segments.js';

export type {XliffDocument, XliffUnit};

/** A translation file cannot be written as asked. */
export class TranslateError extends Error {
  override name = 'TranslateError';
}

const SOURCE_LANGUAGE = 'en';
/** Markdown and YAML text is wrapped at this width, as the course sources are. */
const WIDTH = 115;

/** The `<file>` id of a course file: the course id, then the file (`ict-strategy:lesson.why-ict`). */
function fileId(courseId: string, file: string): string {
  return `${courseId}:${file}`;
}

/** A paragraph's text for translators: one line (its line breaks are the source's wrapping, not the author's). */
function forTranslator(s: Segment): string {
  return (s.kind === 'paragraph' ? s.text.replace(/[ \t]*\r?\n[ \t]*/g, ' ') : s.text).trimEnd();
}

/** The XLIFF of a course (`courseDir`) for `lang`: every English segment, with its translation where one exists. */
export async function exportXliff(courseDir: string, courseId: string, lang: string): Promise<string> {
  const source = await readSegmentFiles(courseDir);
  const target = new Map(
    (await readSegmentFiles(join(courseDir, lang))).flatMap((f) => f.segments.map((s) => [key(s), s])),
  );
  const stale = new Set((await staleSegments(courseDir, lang)).map((x) => key(x.translated)));
  const states = new Map<string, SegmentState>();
  const doc: XliffDocument = {sourceLanguage: SOURCE_LANGUAGE, targetLanguage: lang, resources: {}};
  for (const file of source) {
    const units: Record<string, XliffUnit> = {};
    for (const s of file.segments) {
      const t = target.get(key(s));
      // a translation made from an English text that has changed since goes back to the translator for review
      if (t) states.set(`${fileId(courseId, file.id)}#${s.unit}`, stale.has(key(s)) ? 'initial' : 'translated');
      units[s.unit] = {
        source: forTranslator(s),
        ...(t ? {target: forTranslator(t)} : {}),
        note: `${file.path}:${s.line} (${s.kind})`,
      };
    }
    if (file.segments.length) doc.resources[fileId(courseId, file.id)] = units;
  }
  return withStates(await js2xliff(doc, {indent: '  '}), states);
}

/** XLIFF 2.0 segment states this tool writes and reads (`initial`: to translate or to review). */
type SegmentState = 'initial' | 'translated' | 'reviewed' | 'final';

/** The `<unit>` elements of an XLIFF document, with their `<file>` id. */
function* unitElements(root: Element): Generator<[string, Element]> {
  for (const x of root.elements ?? [])
    if (x.name === 'xliff')
      for (const f of x.elements ?? [])
        if (f.name === 'file')
          for (const u of f.elements ?? []) if (u.name === 'unit') yield [String(f.attributes?.id), u];
}

/** The document with `state` set on the segment of each unit named in `states` (`<file id>#<unit id>`). */
function withStates(xml: string, states: Map<string, SegmentState>): string {
  const root = xml2js(xml, {compact: false}) as Element;
  for (const [file, unit] of unitElements(root)) {
    const state = states.get(`${file}#${String(unit.attributes?.id)}`);
    const segment = unit.elements?.find((e) => e.name === 'segment');
    if (state && segment) segment.attributes = {...segment.attributes, state};
  }
  return js2xml(root, {spaces: 2});
}

/** The `state` of each unit's segment (`<file id>#<unit id>`), where it has one. */
function statesOf(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, unit] of unitElements(xml2js(xml, {compact: false}) as Element)) {
    const state = unit.elements?.find((e) => e.name === 'segment')?.attributes?.state;
    if (state !== undefined) out.set(`${file}#${String(unit.attributes?.id)}`, String(state));
  }
  return out;
}

const key = (s: Pick<Segment, 'file' | 'unit'>) => `${s.file}#${s.unit}`;

/** What an import did. */
export interface ImportResult {
  lang: string;
  courseId: string;
  /** files written (paths inside the course folder) */
  written: string[];
  /** segments whose text changed */
  changed: number;
  /** units without a target, left as they were (or in English, in a file made new) */
  untranslated: number;
}

/**
 * Write the targets of `xliff` into `<coursesDir>/<course>/<lang>/`. A file of the translation that exists has only
 * its changed segments rewritten; a missing one is made from the English file. Every file is written whole (a
 * temporary file renamed over it), and nothing is written when any unit has no place.
 */
export async function importXliff(coursesDir: string, xliff: string): Promise<ImportResult> {
  let doc: XliffDocument;
  try {
    doc = await xliff2js(xliff);
  } catch (e) {
    throw new TranslateError(`not an XLIFF 2 document: ${e instanceof Error ? e.message : String(e)}`);
  }
  const lang = doc.targetLanguage;
  if (!lang) throw new TranslateError('the XLIFF names no target language (trgLang on <xliff>)');
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/.test(lang)) throw new TranslateError(`trgLang "${lang}" is not a language`);
  if (lang === SOURCE_LANGUAGE) throw new TranslateError('trgLang is the source language; nothing to import');
  const courseIds = new Set(Object.keys(doc.resources).map((id) => id.split(':')[0]!));
  if (courseIds.size !== 1)
    throw new TranslateError(`the XLIFF's <file> ids name ${courseIds.size} courses; export one course per file`);
  const courseId = [...courseIds][0]!;
  const courseDir = join(coursesDir, courseId);
  const source = await readSegmentFiles(courseDir).catch(() => [] as SegmentFile[]);
  if (!source.length) throw new TranslateError(`no course ${courseId} in ${coursesDir}`);
  // a translation's files by what they hold (a translated lesson may have a file name of its own)
  const existing = new Map((await readSegmentFiles(join(courseDir, lang))).map((f) => [f.id, f]));

  const states = statesOf(xliff);
  const prints = await readFingerprints(join(courseDir, lang));
  const targets = new Map<string, string>();
  for (const [id, units] of Object.entries(doc.resources)) {
    const file = id.slice(courseId.length + 1);
    for (const [unit, u] of Object.entries(units)) {
      if (!source.some((f) => f.id === file && f.segments.some((s) => s.unit === unit)))
        throw new TranslateError(
          `unit ${unit} of <file id="${id}"> is not a segment of ${courseId} (exported from another release?)`,
        );
      if (typeof u.target !== 'string' || !u.target.trim()) continue;
      targets.set(`${file}#${unit}`, u.target);
      // the English it was made from, unless the translator left it to review (`initial`)
      if (states.get(`${id}#${unit}`) !== 'initial') (prints[file] ??= {})[unit] = fingerprint(u.source ?? '');
    }
  }

  const result: ImportResult = {lang, courseId, written: [], changed: 0, untranslated: 0};
  const writes: [string, string][] = [];
  for (const en of source) {
    const mine = existing.get(en.id);
    const next = mine ? rewrite(mine, targets, result, en) : await fresh(en, targets, result);
    if (next !== null && next !== mine?.text) writes.push([mine?.path ?? en.path, next]);
  }
  const printsFile = join(courseDir, lang, FINGERPRINT_FILE);
  const printsNow = fingerprintsText(prints);
  if (printsNow !== (await readFile(printsFile, 'utf8').catch(() => null))) writes.push([FINGERPRINT_FILE, printsNow]);
  for (const [path, text] of writes) {
    const abs = join(courseDir, lang, path);
    await mkdir(dirname(abs), {recursive: true});
    const tmp = `${abs}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, abs);
    result.written.push(`${lang}/${path}`);
  }
  return result;
}

/** A translation file with its changed segments rewritten; a segment of the English file it lacks is an error. */
function rewrite(mine: SegmentFile, targets: Map<string, string>, result: ImportResult, en: SegmentFile): string {
  const have = new Map(mine.segments.map((s) => [s.unit, s]));
  for (const s of en.segments) {
    if (have.has(s.unit) || !targets.has(key(s))) continue;
    throw new TranslateError(
      `${mine.path} has no place for unit ${s.unit} (${en.path}:${s.line}): add the ${s.kind} to the translation by hand, then import again`,
    );
  }
  const edits: [Segment, string][] = [];
  for (const s of mine.segments) {
    const t = targets.get(key(s));
    if (t === undefined) {
      result.untranslated++;
      continue;
    }
    if (t.trimEnd() === forTranslator(s)) continue;
    edits.push([s, t]);
  }
  result.changed += edits.length;
  return applyEdits(mine.text, edits);
}

/** Replace segments (last first, so earlier ranges stay right). */
function applyEdits(text: string, edits: [Segment, string][]): string {
  let out = text;
  for (const [s, t] of [...edits].sort((a, b) => b[0].range[0] - a[0].range[0])) {
    const old = out.slice(s.range[0], s.range[1]);
    out = out.slice(0, s.range[0]) + render(s, t, old) + out.slice(s.range[1]);
  }
  return out;
}

/** A new text as it is written in place of `old`. */
function render(s: Segment, text: string, old: string): string {
  if (!s.style.yaml) return s.kind === 'paragraph' && !text.includes('\n') ? wrap(text, WIDTH) : text;
  const indent = s.style.indent;
  // the same chomping as before: a folded `>` text ends with a line break, a `>-` one does not
  const value = text.trimEnd() + (s.text.endsWith('\n') ? '\n' : '');
  const doc = new Document({k: value});
  const node = doc.get('k', true) as Scalar;
  if (value.includes('\n') || indent + value.length + 4 > WIDTH) node.type = Scalar.BLOCK_FOLDED;
  const lines = doc
    .toString({lineWidth: Math.max(40, WIDTH - indent)})
    .replace(/^k: /, '')
    .replace(/\n$/, '')
    .split('\n');
  const trailing = /\n*$/.exec(old)![0];
  return lines.map((l, i) => (i && l ? ' '.repeat(indent) + l : l)).join('\n') + trailing;
}

/** Words on lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  // break at plain spaces only: a no-break space (French « », ; : ! ?) keeps its neighbours on one line
  for (const word of text.split(/[ \t\r\n]+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** A translation file made from the English one: a lesson with its segments replaced; YAML with its texts only. */
async function fresh(en: SegmentFile, targets: Map<string, string>, result: ImportResult): Promise<string | null> {
  const translated = en.segments.filter((s) => targets.has(key(s)));
  if (!translated.length) return null;
  result.untranslated += en.segments.length - translated.length;
  result.changed += translated.length;
  if (en.path.startsWith('lessons/'))
    return applyEdits(
      en.text,
      translated.map((s) => [s, targets.get(key(s))!]),
    );
  // course.yaml and assessment.yaml of a translation hold the texts only (and the ids that place them); a
  // glossary is all text
  const withTargets = applyEdits(
    en.text,
    translated.map((s) => [s, targets.get(key(s))!]),
  );
  const data = parseDocument(withTargets).toJS() as Record<string, unknown>;
  const out = new Document(en.id === 'glossary' ? data : textsOnly(data, en.id === 'course'));
  // long texts as folded blocks, as the English files write them
  visit(out, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.length > 80) node.type = Scalar.BLOCK_FOLDED;
    },
  });
  return out.toString({lineWidth: WIDTH});
}

/** The translatable keys of a course.yaml or assessment.yaml (and the ids that place them). */
function textsOnly(data: Record<string, unknown>, course: boolean): unknown {
  if (course) {
    const out: Record<string, unknown> = {};
    for (const k of ['title', 'description', 'audience'] as const) if (typeof data[k] === 'string') out[k] = data[k];
    if (Array.isArray(data.objectives))
      out.objectives = data.objectives.map((o) => (typeof o === 'string' ? o : (o as {text: string}).text));
    return out;
  }
  const questions = (data.questions as Record<string, unknown>[] | undefined) ?? [];
  return {
    questions: questions.map((q) => {
      const out: Record<string, unknown> = {id: q.id, prompt: q.prompt};
      if (Array.isArray(q.options))
        out.options = (q.options as Record<string, unknown>[]).map((o) => ({
          ...(o.id !== undefined ? {id: o.id} : {}),
          text: o.text,
          ...(o.feedback !== undefined ? {feedback: o.feedback} : {}),
        }));
      if (q.feedback !== undefined) out.feedback = q.feedback;
      return out;
    }),
  };
}

/** Read an XLIFF file and import it. */
export async function importXliffFile(coursesDir: string, file: string): Promise<ImportResult> {
  return importXliff(coursesDir, await readFile(file, 'utf8'));
}
