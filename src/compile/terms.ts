/**
 * The learner's glossary: terms defined once and shown where a lesson uses them. A course defines its own terms in
 * `glossary.yaml` (a translation in `<lang>/glossary.yaml`); terms several courses use are defined once for all in
 * `_terms/<lang>.yaml` beside the courses. Each is `id: {term, definition}`; a lesson marks a use with a link,
 * `[the words in the sentence](term:id)`, which the learner opens in place (a button that discloses the
 * definition); every term the course defines or uses is listed in its glossary view.
 */
import type {MarkdownIt} from 'markdown-it';
import type {GlossaryEntry} from '../course/types.js';
import {closest, type Place, type Problems} from './problems.js';
import {sanitize} from './sanitize.js';
import {parseYaml} from './yaml.js';

/** The folder beside the courses that holds the terms they share. */
export const TERMS_DIR = '_terms';

export interface Term {
  id: string;
  term: string;
  /** inline HTML */
  definition: string;
  place: Place;
  /** from `_terms/`, shared by the courses */
  shared: boolean;
}

/** The terms of one language of a course: its own and the shared ones; which of them its texts use. */
export class TermBook {
  readonly used = new Set<string>();
  constructor(
    readonly lang: string,
    readonly terms: ReadonlyMap<string, Term>,
    /** where a term of this language is written (for a hint): the course's file and the shared one */
    readonly files: {course: string; shared: string},
    /** the default language's book, in a translation: a term defined there but not here is untranslated */
    readonly base?: TermBook,
  ) {}

  /** The glossary a learner sees: the course's terms, and the shared ones its texts use, in the language's order. */
  entries(usedAnywhere: ReadonlySet<string>): GlossaryEntry[] {
    const order = new Intl.Collator(this.lang, {sensitivity: 'base'});
    return [...this.terms.values()]
      .filter((t) => !t.shared || usedAnywhere.has(t.id))
      .sort((a, b) => order.compare(a.term, b.term))
      .map(({id, term, definition}) => ({id, term, definition}));
  }
}

const TERM_ID = /^[a-z0-9][a-z0-9-]*$/;

/** Read a glossary file (`id: {term, definition}`); what is wrong is reported at its place and left out. */
export function readTerms(
  md: MarkdownIt,
  problems: Problems,
  file: string,
  text: string | null,
  shared: boolean,
): Map<string, Term> {
  const out = new Map<string, Term>();
  if (text === null) return out;
  const yaml = parseYaml(file, text, problems);
  if (!yaml || yaml.data === null || yaml.data === undefined) return out;
  if (typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    problems.error(
      {file, line: 1},
      'term-invalid',
      'A glossary is a list of terms by id',
      'Write each term as `id:` with `term:` and `definition:` under it.',
    );
    return out;
  }
  for (const [id, value] of Object.entries(yaml.data as Record<string, unknown>)) {
    const at = yaml.keyAt([], id);
    if (!TERM_ID.test(id)) {
      problems.error(
        at,
        'term-invalid',
        `\`${id}\` is not a term id`,
        'Use lower-case letters, digits and hyphens, e.g. `shared-service`.',
      );
      continue;
    }
    const v = (value ?? {}) as Record<string, unknown>;
    const missing = ['term', 'definition'].filter((k) => typeof v[k] !== 'string' || !(v[k] as string).trim());
    if (missing.length) {
      problems.error(
        yaml.valueAt([id]),
        'term-invalid',
        `The term \`${id}\` has no ${missing.join(' and no ')}`,
        'Give it `term:` (as the glossary lists it) and `definition:` (a sentence or two).',
      );
      continue;
    }
    const definition = sanitize(md.renderInline(String(v.definition).trim())).trim();
    out.set(id, {id, term: String(v.term).trim(), definition, place: yaml.valueAt([id, 'term']), shared});
  }
  return out;
}

/** A course's own terms over the shared ones: one id, one definition (a term defined in both is an error). */
export function mergeTerms(
  problems: Problems,
  own: Map<string, Term>,
  shared: Map<string, Term>,
  sharedFile: string,
): Map<string, Term> {
  const all = new Map(shared);
  for (const [id, t] of own) {
    if (shared.has(id)) {
      problems.error(
        t.place,
        'duplicate-term',
        `The term \`${id}\` is also defined in ${sharedFile}`,
        'Define a term once: remove it here to use the shared definition, or give this one another id.',
      );
    }
    all.set(id, t);
  }
  return all;
}

/**
 * Each language's terms: the course's own (`glossary.yaml`, `<lang>/glossary.yaml`) over the shared ones
 * (`../_terms/<lang>.yaml`). A translation defines each of the course's own terms, and no others.
 */
/**
 * Each language's terms: the course's own (`glossary.yaml`, `<lang>/glossary.yaml`) over the shared ones
 * (`../_terms/<lang>.yaml`). A translation defines each of the course's own terms, and no others.
 */
export async function loadTermBooks(
  c: {md: MarkdownIt; problems: Problems; display(rel: string): string; readText(rel: string): Promise<string | null>},
  languages: readonly string[],
): Promise<Map<string, TermBook>> {
  const books = new Map<string, TermBook>();
  let baseOwn = new Map<string, Term>();
  for (const [i, lang] of languages.entries()) {
    const ownRel = i ? `${lang}/glossary.yaml` : 'glossary.yaml';
    const sharedRel = `../${TERMS_DIR}/${lang}.yaml`;
    const files = {course: c.display(ownRel), shared: c.display(sharedRel)};
    const own = readTerms(c.md, c.problems, files.course, await c.readText(ownRel), false);
    const shared = readTerms(c.md, c.problems, files.shared, await c.readText(sharedRel), true);
    if (!i) baseOwn = own;
    else {
      for (const [id, t] of own)
        if (!baseOwn.has(id))
          c.problems.error(
            t.place,
            'translation-extra',
            `There is no term \`${id}\` in ${c.display('glossary.yaml')}`,
            'A translation defines the terms of the default language, with the same ids.',
          );
      for (const id of baseOwn.keys())
        if (!own.has(id))
          c.problems.error(
            {file: files.course},
            'translation-missing',
            `The term \`${id}\` has no ${lang} translation`,
            `Add \`${id}:\` with its \`term:\` and \`definition:\` to ${files.course}.`,
          );
    }
    const terms = mergeTerms(c.problems, own, shared, files.shared);
    books.set(lang, new TermBook(lang, terms, files, i ? books.get(languages[0]!) : undefined));
  }
  return books;
}

/**
 * A use of a term in a text (`[words](term:id)`): the id must be defined in the text's language. Returns the term,
 * or null (the problem is reported at `place`).
 */
export function useTerm(book: TermBook | undefined, id: string, place: Place, problems: Problems): Term | null {
  const term = book?.terms.get(id);
  if (term) {
    book!.used.add(id);
    return term;
  }
  const base = book?.base?.terms.get(id);
  if (book && base) {
    problems.error(
      place,
      'translation-missing',
      `The term \`${id}\` has no ${book.lang} definition`,
      `Add \`${id}:\` with its \`term:\` and \`definition:\` in ${base.shared ? book.files.shared : book.files.course}.`,
    );
    return null;
  }
  const near = book ? closest(id, [...book.terms.keys()]) : undefined;
  problems.error(
    place,
    'undefined-term',
    `The term \`${id}\` is not defined`,
    `${near ? `Did you mean \`${near}\`? ` : ''}Define it in ${book?.files.course ?? 'glossary.yaml'} (this course's terms) or ${book?.files.shared ?? `${TERMS_DIR}/<lang>.yaml`} (terms the courses share).`,
  );
  return null;
}

/**
 * Term links in sanitized HTML, made into what the learner uses: a button that discloses the definition after it
 * (the player opens and closes it; the definition is in the page, hidden, for screen readers once opened).
 */
export function expandTerms(html: string, book: TermBook | undefined): string {
  if (!html.includes('data-term=')) return html;
  return html.replace(
    /<a href="#term\/([a-z0-9-]+)" data-term="\1">([\s\S]*?)<\/a>/g,
    (_whole, id: string, inner: string) => {
      const term = book?.terms.get(id);
      if (!term) return inner;
      return `<button type="button" class="term" aria-expanded="false">${inner}</button><span class="term-def" hidden>${term.definition}</span>`;
    },
  );
}
