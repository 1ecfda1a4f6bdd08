/**
 * What the build checks in a translation beyond its shape: texts whose English changed since they were translated
 * (./fingerprints.ts), glossed terms written otherwise (./glossary.ts) and the language's typography
 * (./typography.ts). Each is a warning at the translated text.
 */
import {dirname, join} from 'node:path';
import {staleSegments} from './fingerprints.js';
import {GLOSSARY_DIR, glossaryMismatches, readGlossary} from './glossary.js';
import {readSegmentFiles} from './segments.js';
import {typographyProblems} from './typography.js';

export type TranslationWarningCode = 'stale-translation' | 'glossary-mismatch' | 'glossary-invalid' | 'typography';

export interface TranslationWarning {
  /** the file, relative to the course folder (`fr/course.yaml`, `../_glossary/fr.yaml`) */
  path: string;
  line: number;
  code: TranslationWarningCode;
  message: string;
  hint?: string;
}

const clip = (s: string, n = 80) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 3)}...` : t;
};

/** The warnings on the `lang` translation of the course `courseId` in `courseDir`. */
export async function translationWarnings(
  courseDir: string,
  courseId: string,
  lang: string,
): Promise<TranslationWarning[]> {
  const out: TranslationWarning[] = [];
  for (const x of await staleSegments(courseDir, lang))
    out.push({
      path: `${lang}/${x.path}`,
      line: x.translated.line,
      code: 'stale-translation',
      message: `The English of this text changed after it was translated: ${x.englishPath}:${x.english.line} now reads "${clip(x.english.text)}"`,
      hint: `Review the ${lang} text: \`ict translate export --course ${courseId} --lang ${lang}\` marks it for review, \`ict translate import FILE\` records it.`,
    });

  const glossary = await readGlossary(dirname(courseDir), lang);
  if (glossary) {
    const file = `../${GLOSSARY_DIR}/${lang}.yaml`;
    for (const p of glossary.problems)
      out.push({path: file, line: p.line, code: 'glossary-invalid', message: `The ${lang} glossary: ${p.message}`});
    for (const m of await glossaryMismatches(courseDir, lang, glossary)) {
      const forms = [m.term.term, ...m.term.also].map((f) => `"${f}"`).join(' or ');
      const where = `the ${lang} glossary (${GLOSSARY_DIR}/${lang}.yaml:${m.term.line})`;
      out.push({
        path: `${lang}/${m.path}`,
        line: m.translated.line,
        code: 'glossary-mismatch',
        message: m.avoided
          ? `The English says "${m.term.en}", which ${where} does not write "${m.avoided}"; this text does`
          : `The English says "${m.term.en}"; ${where} gives ${forms}, which this text does not use`,
        hint: "Use the official term; if the form written here is correct too, add it to the term's `also:` list.",
      });
    }
  }

  for (const f of await readSegmentFiles(join(courseDir, lang)))
    for (const s of f.segments)
      for (const p of typographyProblems(lang, s.text))
        out.push({
          path: `${lang}/${f.path}`,
          line: s.line,
          code: 'typography',
          message: `${p.message}: "${p.context}"`,
          hint: 'Write a narrow no-break space (U+202F) there, as UN French documents set their punctuation.',
        });
  return out;
}
