/** Stable ids: lowercase letters, digits and hyphens; each unique in its scope. */
import type {Place, Problems} from './problems.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** Suggest a valid id for an invalid one: `Why ICT?` -> `why-ict`. */
export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Report an id that is not lowercase letters, digits and hyphens. Returns true when it is valid. */
export function checkId(id: string, what: string, place: Place, problems: Problems): boolean {
  if (ID_PATTERN.test(id)) return true;
  const s = slug(id);
  problems.error(
    place,
    'invalid-id',
    id ? `The ${what} id \`${id}\` may use only lowercase letters, digits and hyphens` : `The ${what} id is empty`,
    s ? `Write it as \`${s}\`.` : 'Use lowercase letters, digits and hyphens, e.g. `why-ict`.',
  );
  return false;
}

/** Tracks the ids of one scope and reports the second use of an id, naming the first. */
export class IdScope {
  private readonly seen = new Map<string, Place>();

  constructor(
    private readonly what: string,
    private readonly problems: Problems,
  ) {}

  /** Returns false (and reports) when the id was used before in this scope. */
  add(id: string, place: Place): boolean {
    if (!id) return true;
    const first = this.seen.get(id);
    if (first) {
      const where = `${first.file}${first.line !== undefined ? `:${first.line}` : ''}`;
      this.problems.error(
        place,
        'duplicate-id',
        `The ${this.what} id \`${id}\` is already used at ${where}`,
        `Give each ${this.what} its own id.`,
      );
      return false;
    }
    this.seen.set(id, place);
    return true;
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }
}
