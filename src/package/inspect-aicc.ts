// `ict validate` for AICC packages: the course structure files of CMI001 (see aicc.ts), checked as an LMS reads them.
import {AICC_EXTENSIONS, readAiccCsv, readAiccIni} from './aicc.js';
import type {InspectProblem} from './inspect.js';

/** The course structure files at the package root, by extension (`crs`, `au`, `des`, `cst`); extensions in any case. */
export function aiccRootFiles(files: Map<string, Uint8Array>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const name of files.keys()) {
    const m = /^[^/]+\.(crs|au|des|cst)$/i.exec(name);
    if (!m) continue;
    const ext = m[1]!.toLowerCase();
    out.set(ext, [...(out.get(ext) ?? []), name]);
  }
  return out;
}

/** The column of `name` in a CSV header (any case), or -1. */
const column = (header: readonly string[], name: string) =>
  header.findIndex((h) => h.trim().toLowerCase() === name.toLowerCase());

/**
 * An AICC course (CMI001 course structure, level 1): the four files, the `[Course]` keywords LMSs read, the AU
 * table's columns and launch files, a descriptor and a place in the structure for every AU.
 */
export function checkAicc(
  files: Map<string, Uint8Array>,
  problems: InspectProblem[],
  packagePath: (ref: string) => string | null,
): void {
  const found = aiccRootFiles(files);
  const text = (name: string) => new TextDecoder().decode(files.get(name));
  for (const ext of AICC_EXTENSIONS) {
    const names = found.get(ext) ?? [];
    if (!names.length)
      problems.push({
        level: 'error',
        message: `No .${ext} file at the package root: an AICC course needs .crs, .au, .des and .cst files.`,
      });
    else if (names.length > 1)
      problems.push({
        level: 'error',
        message: `${names.length} .${ext} files (${names.join(', ')}): an AICC package describes one course.`,
      });
  }
  const one = (ext: string) => (found.get(ext)?.length === 1 ? found.get(ext)![0]! : undefined);
  const crsFile = one('crs');
  const auFile = one('au');
  const desFile = one('des');
  const cstFile = one('cst');
  let totalAus: number | undefined;
  if (crsFile) {
    const course = readAiccIni(text(crsFile)).get('course');
    if (!course) problems.push({level: 'error', file: crsFile, message: 'No [Course] group.'});
    else {
      for (const k of ['course_id', 'course_title', 'level', 'total_aus', 'version'])
        if (!course.get(k))
          problems.push({
            level: 'error',
            file: crsFile,
            message: `[Course] has no ${k.replace(/(^|_)(\w)/g, (_, s: string, c: string) => s + c.toUpperCase())}.`,
          });
      const n = Number(course.get('total_aus'));
      if (course.get('total_aus') && Number.isInteger(n)) totalAus = n;
    }
  }
  const ids: string[] = [];
  if (auFile) {
    const [header = [], ...rows] = readAiccCsv(text(auFile));
    const idCol = column(header, 'System_ID');
    const fileCol = column(header, 'File_Name');
    const masteryCol = column(header, 'Mastery_Score');
    if (idCol < 0 || fileCol < 0)
      problems.push({level: 'error', file: auFile, message: 'The AU table has no System_ID or File_Name column.'});
    else if (!rows.length)
      problems.push({level: 'error', file: auFile, message: 'The AU table has no AU: the LMS has nothing to launch.'});
    else
      rows.forEach((r, i) => {
        const id = r[idCol] ?? '';
        const line = i + 2;
        ids.push(id.toLowerCase());
        const launch = r[fileCol] ?? '';
        const p = launch ? packagePath(launch) : undefined;
        if (!launch) problems.push({level: 'error', file: auFile, line, message: `The AU ${id} has no File_Name.`});
        else if (p === null)
          problems.push({
            level: 'warning',
            file: auFile,
            line,
            message: `The AU ${id} launches ${launch}, outside the package: it works only while that server is reachable.`,
          });
        else if (!files.has(p!))
          problems.push({
            level: 'error',
            file: auFile,
            line,
            message: `The AU ${id} launches ${launch}, which is not in the package.`,
          });
        const mastery = masteryCol >= 0 ? (r[masteryCol] ?? '') : '';
        if (mastery && !(Number(mastery) >= 0 && Number(mastery) <= 100))
          problems.push({
            level: 'error',
            file: auFile,
            line,
            message: `Mastery_Score ${mastery} of the AU ${id} is not a number from 0 to 100.`,
          });
      });
    if (totalAus !== undefined && ids.length && totalAus !== ids.length)
      problems.push({
        level: 'error',
        file: crsFile,
        message: `[Course] Total_AUs=${totalAus}, but ${auFile} lists ${ids.length}.`,
      });
  }
  if (desFile && ids.length) {
    const [header = [], ...rows] = readAiccCsv(text(desFile));
    const idCol = column(header, 'System_ID');
    const described = new Set(rows.map((r) => (r[idCol] ?? '').toLowerCase()));
    if (idCol < 0)
      problems.push({level: 'error', file: desFile, message: 'The descriptor table has no System_ID column.'});
    else
      for (const id of ids)
        if (!described.has(id))
          problems.push({level: 'error', file: desFile, message: `The AU ${id} has no descriptor (title).`});
  }
  if (cstFile && ids.length) {
    const [header = [], ...rows] = readAiccCsv(text(cstFile));
    if (column(header, 'Block') !== 0)
      problems.push({
        level: 'error',
        file: cstFile,
        message: 'The course structure table does not start with a Block column.',
      });
    const members = new Set(rows.flatMap((r) => r.slice(1).map((m) => m.toLowerCase())));
    for (const id of ids)
      if (!members.has(id))
        problems.push({level: 'error', file: cstFile, message: `The AU ${id} is in no block of the course structure.`});
  }
}
