/** The package formats: one per LMS standard, and `web` for a standalone package a training centre hosts itself. */
export const FORMATS = ['scorm12', 'scorm2004', 'xapi', 'cmi5', 'web'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/** The manifest file each format carries at the package root (`web` has none). */
export const MANIFEST_FILE: Record<Format, string | null> = {
  scorm12: 'imsmanifest.xml',
  scorm2004: 'imsmanifest.xml',
  xapi: 'tincan.xml',
  cmi5: 'cmi5.xml',
  web: null,
};

/** Human names, for tables and messages. */
export const FORMAT_NAME: Record<Format, string> = {
  scorm12: 'SCORM 1.2',
  scorm2004: 'SCORM 2004 4th Edition',
  xapi: 'xAPI (Tin Can launch)',
  cmi5: 'cmi5',
  web: 'web (standalone)',
};
