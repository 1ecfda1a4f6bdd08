/**
 * The typography of a language that the build checks in translated texts. French: a narrow no-break space (U+202F)
 * before `;`, `:`, `!` and `?`, and inside « » (the Imprimerie nationale's rules, as UN French documents follow
 * them): a plain space there lets a line break strand the mark at the start of a line, and none at all is wrong.
 */

/** A typography problem in a text: what is wrong and a few characters around it. */
export interface TypographyProblem {
  message: string;
  context: string;
}

const NNBSP = '\u202F';
/** A mark that takes a narrow no-break space before it, where it ends a clause (not `10:30`, `https://`). */
const BEFORE_MARK = /([^\s\u202F\u00A0])( ?)([;:!?])(?=\s|$|[»)"'*_\]])/gu;
const AFTER_OPENING = /«([ ]?)(?=\S)/gu;
const BEFORE_CLOSING = /(\S)([ ]?)»/gu;

/** The typography problems of `text` in `lang` (none for languages without rules here). */
export function typographyProblems(lang: string, text: string): TypographyProblem[] {
  if (lang !== 'fr') return [];
  const out: TypographyProblem[] = [];
  const around = (i: number) => text.slice(Math.max(0, i - 20), i + 20).replace(/\s+/g, ' ');
  for (const m of text.matchAll(BEFORE_MARK)) {
    out.push({
      message: `"${m[3]}" takes a narrow no-break space (U+202F) before it, not ${m[2] ? 'a plain space' : 'none'}`,
      context: around(m.index + m[1]!.length),
    });
  }
  for (const m of text.matchAll(AFTER_OPENING))
    out.push({message: '"«" takes a narrow no-break space (U+202F) after it', context: around(m.index)});
  for (const m of text.matchAll(BEFORE_CLOSING))
    out.push({message: '"»" takes a narrow no-break space (U+202F) before it', context: around(m.index + 1)});
  return out;
}

/** `text` with French spacing made right (the fix the build's warning asks for). */
export function fixTypography(lang: string, text: string): string {
  if (lang !== 'fr') return text;
  return text
    .replace(BEFORE_MARK, (_m, before: string, _space: string, mark: string) => `${before}${NNBSP}${mark}`)
    .replace(AFTER_OPENING, `«${NNBSP}`)
    .replace(BEFORE_CLOSING, (_m, before: string) => `${before}${NNBSP}»`);
}
