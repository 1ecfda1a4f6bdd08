/**
 * The package formats: one per LMS standard (SCORM 2004 in its 4th and 3rd editions; AICC as HACP, the HTTP
 * protocol), and `web` for a standalone package a training centre hosts itself.
 */
export const FORMATS = ['scorm12', 'scorm2004', 'scorm2004-3rd', 'aicc', 'xapi', 'cmi5', 'web'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

/**
 * The manifest file each format carries at the package root (`web` has none; `aicc` has its four course structure
 * files, `<id>.crs`, `.au`, `.des`, `.cst`, named after the course).
 */
export const MANIFEST_FILE: Record<Format, string | null> = {
  scorm12: 'imsmanifest.xml',
  scorm2004: 'imsmanifest.xml',
  'scorm2004-3rd': 'imsmanifest.xml',
  aicc: null,
  xapi: 'tincan.xml',
  cmi5: 'cmi5.xml',
  web: null,
};

/** Human names, for tables and messages. */
export const FORMAT_NAME: Record<Format, string> = {
  scorm12: 'SCORM 1.2',
  scorm2004: 'SCORM 2004 4th Edition',
  'scorm2004-3rd': 'SCORM 2004 3rd Edition',
  aicc: 'AICC HACP',
  xapi: 'xAPI (Tin Can launch)',
  cmi5: 'cmi5',
  web: 'web (standalone)',
};

/** The SCORM formats, and the run-time API each one talks to (both 2004 editions use `API_1484_11`). */
export type ScormFormat = 'scorm12' | 'scorm2004' | 'scorm2004-3rd';

export function isScormFormat(f: string): f is ScormFormat {
  return f === 'scorm12' || f === 'scorm2004' || f === 'scorm2004-3rd';
}

/**
 * The player a format runs: both SCORM 2004 editions run the one 2004 player (its tracker uses only the run-time
 * data model both editions define), so it is built once.
 */
export function playerFormat(format: Format): Exclude<Format, 'scorm2004-3rd'> {
  return format === 'scorm2004-3rd' ? 'scorm2004' : format;
}
