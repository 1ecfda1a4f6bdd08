/**
 * Which English text each translated text was made from: `<lang>/translated-from.yaml` keeps a fingerprint of the
 * English source of every translated unit (written by `ict translate import`). Where the English text has changed
 * since, the translation is stale: the build warns on it (`stale-translation`, at the translated text's file:line),
 * `ict translate export` marks it `state="initial"` for review, and `ict package --strict-translations` refuses it.
 */
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import {readSegmentFiles, type Segment} from './segments.js';

export const FINGERPRINT_FILE = 'translated-from.yaml';

/** `<file id>` → unit → fingerprint. */
export type Fingerprints = Record<string, Record<string, string>>;

const HEADER = `# The English text each translated text was made from, as a fingerprint (SHA-256, first 12 hex digits of the
# text with its spaces collapsed). Written by \`ict translate import\`; the build warns on a translated text whose
# English has changed since (stale-translation).
`;

/** The fingerprint of a text: the same for the same words, however the lines are wrapped. */
export function fingerprint(text: string): string {
  return createHash('sha256').update(text.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 12);
}

/** The fingerprints recorded for a translation (none where the file is missing or unreadable). */
export async function readFingerprints(langDir: string): Promise<Fingerprints> {
  try {
    const data = parse(await readFile(join(langDir, FINGERPRINT_FILE), 'utf8')) as unknown;
    return data && typeof data === 'object' ? (data as Fingerprints) : {};
  } catch {
    return {};
  }
}

/** The text of a fingerprint file, files and units in a stable order. */
export function fingerprintsText(prints: Fingerprints): string {
  const sorted: Fingerprints = {};
  for (const file of Object.keys(prints).sort()) {
    const units = prints[file]!;
    if (!Object.keys(units).length) continue;
    sorted[file] = Object.fromEntries(Object.keys(units).map((u) => [u, units[u]!]));
  }
  return HEADER + stringify(sorted, {lineWidth: 0});
}

/** A translated text whose English has changed since it was made. */
export interface StaleSegment {
  /** the translated text, where it is in the translation */
  translated: Segment;
  /** its path inside the translation folder */
  path: string;
  /** the English text now, and where it is */
  english: Segment;
  englishPath: string;
}

/** The stale texts of the translation `lang` of the course in `courseDir`. */
export async function staleSegments(courseDir: string, lang: string): Promise<StaleSegment[]> {
  const langDir = join(courseDir, lang);
  const prints = await readFingerprints(langDir);
  if (!Object.keys(prints).length) return [];
  const english = new Map(
    (await readSegmentFiles(courseDir)).flatMap((f) =>
      f.segments.map((s) => [`${s.file}#${s.unit}`, {s, path: f.path}]),
    ),
  );
  const out: StaleSegment[] = [];
  for (const f of await readSegmentFiles(langDir)) {
    for (const s of f.segments) {
      const recorded = prints[s.file]?.[s.unit];
      const en = english.get(`${s.file}#${s.unit}`);
      if (!recorded || !en || recorded === fingerprint(en.s.text)) continue;
      out.push({translated: s, path: f.path, english: en.s, englishPath: en.path});
    }
  }
  return out;
}
