/**
 * The terminology of each language: `courses/_glossary/<lang>.yaml` gives the official UN name (UNTERM) of the
 * bodies and instruments the courses cite. A translated text whose English uses a glossed term must use the term
 * (or one of its accepted forms, `also`); otherwise the build warns (`glossary-mismatch`) at the translated text.
 *
 * ```yaml
 * General Assembly: Assemblée générale
 * Chief Executives Board:
 *   term: Conseil des chefs de secrétariat des organismes des Nations Unies pour la coordination
 *   also: [Conseil des chefs de secrétariat, CCS]
 * ICT:
 *   avoid: [informatique]
 * ```
 *
 * `avoid` lists forms a text must not use for the term (for a term so frequent that texts refer back to it in other
 * words, it may stand alone: only the avoided forms are then checked); an avoided form is allowed inside the official
 * name of another term the English names in the same text. English terms match whole words, case as written; a
 * translation matches anywhere in the text (an Arabic article or preposition, a French elision, may be attached), in
 * any case; line breaks and repeated spaces count as one.
 */
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {isMap, isScalar, isSeq, LineCounter, parseDocument} from 'yaml';
import {readSegmentFiles, type Segment} from './segments.js';

export const GLOSSARY_DIR = '_glossary';

export interface GlossaryTerm {
  en: string;
  /** the official term ('' where the entry only lists forms to avoid) */
  term: string;
  also: string[];
  /** forms a text must not use for the term */
  avoid: string[];
  /** 1-based line of the entry in the glossary file */
  line: number;
}

/** A glossary as read: its terms, and what in it could not be read (with the line). */
export interface Glossary {
  terms: GlossaryTerm[];
  problems: {line: number; message: string}[];
}

/** Spaces collapsed; Arabic short vowels and tanween (optional in writing: دوليًا, دوليا) left out. */
const norm = (s: string) =>
  s
    .replace(/[\u064B-\u0652\u0670]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The glossary of `lang` in `coursesDir/_glossary/`, or null where there is none. */
export async function readGlossary(coursesDir: string, lang: string): Promise<Glossary | null> {
  const text = await readFile(join(coursesDir, GLOSSARY_DIR, `${lang}.yaml`), 'utf8').catch(() => null);
  if (text === null) return null;
  const lines = new LineCounter();
  const doc = parseDocument(text, {lineCounter: lines});
  const out: Glossary = {terms: [], problems: []};
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  for (const e of doc.errors) out.problems.push({line: lineOf(e.pos[0]), message: e.message.split('\n')[0]!});
  if (doc.errors.length) return out;
  if (!isMap(doc.contents)) {
    if (doc.contents) out.problems.push({line: 1, message: 'a glossary is a map: `English term: translation`'});
    return out;
  }
  for (const pair of doc.contents.items) {
    const en = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    const v = pair.value;
    const strings = (node: unknown): string[] | null =>
      isSeq(node) && node.items.every((i) => isScalar(i) && typeof i.value === 'string')
        ? node.items.map((i) => String((i as {value: string}).value))
        : null;
    if (isScalar(v) && typeof v.value === 'string' && v.value.trim()) {
      out.terms.push({en: norm(en), term: norm(v.value), also: [], avoid: [], line});
    } else if (isMap(v) && (typeof v.get('term') === 'string' || v.has('avoid'))) {
      const list = (key: string): string[] => {
        const got = v.has(key) ? strings(v.get(key, true)) : [];
        if (got === null) out.problems.push({line, message: `\`${key}\` of "${en}" is not a list of texts`});
        return (got ?? []).map(norm);
      };
      const term = typeof v.get('term') === 'string' ? norm(String(v.get('term'))) : '';
      out.terms.push({en: norm(en), term, also: list('also'), avoid: list('avoid'), line});
    } else {
      out.problems.push({line, message: `"${en}" has no translation: write \`${en}: the term\` or give \`term:\``});
    }
  }
  return out;
}

/** A translated text that does not use the glossary's term for an English term its source uses. */
export interface GlossaryMismatch {
  translated: Segment;
  /** its path inside the translation folder */
  path: string;
  term: GlossaryTerm;
  /** the avoided form the text uses; absent: the text lacks the term */
  avoided?: string;
}

/** Every translated text of `lang` in the course `courseDir` that writes a glossed term otherwise. */
export async function glossaryMismatches(
  courseDir: string,
  lang: string,
  glossary: Glossary,
): Promise<GlossaryMismatch[]> {
  if (!glossary.terms.length) return [];
  const english = new Map(
    (await readSegmentFiles(courseDir)).flatMap((f) => f.segments.map((s) => [`${s.file}#${s.unit}`, s])),
  );
  const patterns = glossary.terms.map((t) => ({
    t,
    en: new RegExp(`(?<![\\p{L}\\p{N}])${escape(t.en).replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'u'),
    forms: t.term ? [t.term, ...t.also].map((f) => arabicArticle(f.toLocaleLowerCase(lang), lang)) : [],
    avoid: t.avoid.map((f) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(f.toLocaleLowerCase(lang))}`, 'u')),
  }));
  const out: GlossaryMismatch[] = [];
  for (const f of await readSegmentFiles(join(courseDir, lang))) {
    for (const s of f.segments) {
      const en = english.get(`${s.file}#${s.unit}`);
      if (!en) continue;
      const text = norm(s.text).toLocaleLowerCase(lang);
      const here = patterns.filter((p) => p.en.test(en.text));
      // an avoided word inside the official name of another term the English names here is that name, not a lapse
      // ("Directeur général de l'informatique" is the French title, whatever "informatique" means elsewhere)
      const outsideNames = here.reduce((x, p) => p.forms.reduce((y, form) => y.split(form).join(' '), x), text);
      for (const p of here) {
        if (p.forms.length && !p.forms.some((form) => text.includes(form)))
          out.push({translated: s, path: f.path, term: p.t});
        const avoided = p.avoid.findIndex((re) => re.test(outsideNames));
        if (avoided >= 0) out.push({translated: s, path: f.path, term: p.t, avoided: p.t.avoid[avoided]});
      }
    }
  }
  return out;
}

/**
 * In Arabic the article merges with a preposition before it (li + al-: للجمعية): a term that begins with the
 * article is looked for without its alef, which both spellings contain.
 */
function arabicArticle(form: string, lang: string): string {
  return lang === 'ar' && form.startsWith('ال') ? form.slice(1) : form;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
