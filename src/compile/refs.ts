/**
 * References from lessons and questions to files: assets (images, documents) and other lessons. Paths are relative
 * to the file that names them; in the compiled course they become paths from the package root (`assets/x.png`,
 * `fr/assets/x.png`).
 */
import {readFileSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {UN_LANGUAGES} from '../course/types.js';
import {closest, type Place, type Problems} from './problems.js';

export class References {
  /** every referenced asset, relative to the course root (posix separators) */
  readonly used = new Set<string>();
  /** assets whose content the build puts into a lesson (a figure's drawing): used, but not shipped as files */
  readonly inlined = new Set<string>();
  private readonly scanned = new Set<string>();
  private readonly tooLarge = new Set<string>();

  constructor(
    /** the course folder, absolute */
    readonly absDir: string,
    /** the course folder as the user gave it, for file names in problems */
    readonly dir: string,
    readonly problems: Problems,
    readonly maxBytes: number,
  ) {}

  /** The display name of a file inside the course. */
  display(rel: string): string {
    return path.join(this.dir, rel);
  }

  /**
   * Resolve an asset reference made in `fromAbs`. Returns the package path to write in the HTML, or null
   * (a problem has been reported). `lang` is the translation the file belongs to (null for the default language).
   * `inline`: the build reads the file into the lesson, so the packages need not carry it.
   */
  asset(ref: string, fromAbs: string, place: Place, lang: string | null, inline = false): string | null {
    const {suffix, abs} = resolveRef(ref, fromAbs);
    const rel = toPosix(path.relative(this.absDir, abs));
    if (!rel || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) {
      this.problems.error(
        place,
        'asset-location',
        `\`${ref}\` points outside the course folder`,
        "Put the file in the course's assets/ folder and refer to it relative to this file, e.g. `../assets/picture.png` from a lesson.",
      );
      return null;
    }
    const parts = rel.split('/');
    const inAssets =
      (parts[0] === 'assets' && parts.length > 1) ||
      ((UN_LANGUAGES as readonly string[]).includes(parts[0]) && parts[1] === 'assets' && parts.length > 2);
    if (!inAssets) {
      this.problems.error(
        place,
        'asset-location',
        `\`${ref}\` is not in an assets/ folder (it resolves to ${rel})`,
        "Files that lessons use go in the course's assets/ folder (or a translation's <lang>/assets/), e.g. `../assets/picture.png` from a lesson.",
      );
      return null;
    }
    let found = isFile(abs) ? rel : null;
    const looked = [rel];
    if (!found && lang && parts[0] === lang) {
      const fallback = parts.slice(1).join('/');
      looked.push(fallback);
      if (isFile(path.join(this.absDir, fallback))) found = fallback;
    }
    if (!found) {
      const near = this.nearest(looked[looked.length - 1]);
      this.problems.error(
        place,
        'missing-asset',
        `\`${ref}\` not found (looked for ${looked.map((l) => this.display(l)).join(' and ')})`,
        near
          ? `Did you mean \`${near}\`? Paths are relative to this file.`
          : 'Add the file, or correct the path; paths are relative to this file.',
      );
      return null;
    }
    const size = statSync(path.join(this.absDir, found)).size;
    if (size > this.maxBytes && !this.tooLarge.has(found)) {
      this.tooLarge.add(found);
      this.problems.error(
        place,
        'asset-too-large',
        `${found} is ${Math.ceil(size / 1024)} KB; this course accepts assets up to ${Math.floor(this.maxBytes / 1024)} KB`,
        'Make the file smaller (resize or compress the image), or raise `max-asset-kb` in course.yaml.',
      );
    }
    if (found.toLowerCase().endsWith('.svg')) this.scanSvg(found);
    (inline ? this.inlined : this.used).add(found);
    return found.split('/').map(encodeURIComponent).join('/') + suffix;
  }

  /**
   * Resolve a link to another lesson file (`02-sharing.md`), relative to `fromAbs`, among `lessons`
   * (absolute file -> lesson id). Returns the lesson id or null (a problem has been reported).
   */
  lesson(ref: string, fromAbs: string, place: Place, lessons: ReadonlyMap<string, string>): string | null {
    const {decoded, abs} = resolveRef(ref, fromAbs);
    const id = lessons.get(abs);
    if (id !== undefined) return id;
    const names = [...lessons.keys()].map((f) => path.relative(path.dirname(fromAbs), f));
    const near = closest(decoded, names);
    this.problems.error(
      place,
      'missing-lesson',
      `\`${ref}\` is not a lesson of this course`,
      near
        ? `Did you mean \`${near}\`? Link to a lesson by its file name, relative to this file.`
        : `Link to a lesson by its file name, relative to this file. Lessons: ${names.join(', ') || 'none'}.`,
    );
    return null;
  }

  /** Report scripts, event handlers and javascript: URLs inside an SVG asset (it runs as a document when opened). */
  private scanSvg(rel: string): void {
    if (this.scanned.has(rel)) return;
    this.scanned.add(rel);
    let text: string;
    try {
      text = readFileSync(path.join(this.absDir, rel), 'utf8');
    } catch {
      return;
    }
    const patterns: [RegExp, string][] = [
      [/<script\b/gi, 'a <script> element'],
      [/<foreignObject\b/gi, 'a <foreignObject> element (it can carry HTML)'],
      [/<(?:iframe|embed|object)\b/gi, 'an embedded document'],
      [/\son[a-z]+\s*=/gi, 'an event-handler attribute'],
      [/(?:javascript|vbscript):/gi, 'a javascript: URL'],
      [/<!ENTITY\b/gi, 'an entity declaration'],
    ];
    for (const [re, what] of patterns) {
      for (const m of text.matchAll(re)) {
        const before = text.slice(0, m.index);
        const line = before.split('\n').length;
        const column = m.index - before.lastIndexOf('\n');
        this.problems.error(
          {file: this.display(rel), line, column},
          'unsafe-svg',
          `This SVG contains ${what}`,
          'Images must be plain pictures: remove scripts, event handlers and embedded documents (export as plain SVG or clean it with an SVG optimizer).',
        );
      }
    }
  }

  /** The asset file whose path is closest to `rel`, for "did you mean". */
  private nearest(rel: string): string | undefined {
    const dir = path.posix.dirname(rel);
    let names: string[] = [];
    try {
      names = readdirSync(path.join(this.absDir, dir)).map((n) => `${dir}/${n}`);
    } catch {
      return undefined;
    }
    return closest(rel, names);
  }
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Split `a/b.png?x#y` into the path and the rest. */
export function splitRef(ref: string): {pathPart: string; suffix: string} {
  const i = ref.search(/[?#]/);
  return i < 0 ? {pathPart: ref, suffix: ''} : {pathPart: ref.slice(0, i), suffix: ref.slice(i)};
}

/** A reference made in `fromAbs` as a file: its path decoded (as written where it is not URL-encoded), absolute. */
function resolveRef(ref: string, fromAbs: string): {decoded: string; abs: string; suffix: string} {
  const {pathPart, suffix} = splitRef(ref);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  return {decoded, abs: path.resolve(path.dirname(fromAbs), decoded), suffix};
}
