/**
 * The AICC course structure files (AICC CMI001, 4.0, §5 "Course structure": level 1, one assignable unit), written
 * for an AICC HACP package and read back by `ict validate`:
 *
 * - `<id>.crs`, the course description: INI-style `[Course]` (creator, id, system, title, level, totals, version),
 *   `[Course_Behavior]` (`Max_Normal`) and `[Course_Description]` (free text);
 * - `<id>.au`, the assignable units: a CSV table, one row per AU (`System_ID`, `Type`, `Command_Line`, `File_Name`,
 *   `Max_Score`, `Mastery_Score`, `Max_Time_Allowed`, `Time_Limit_Action`, `System_Vendor`, `Core_Vendor`,
 *   `Web_Launch`, `AU_Password`);
 * - `<id>.des`, the descriptors: CSV (`System_ID`, `Developer_ID`, `Title`, `Description`);
 * - `<id>.cst`, the course structure: CSV (`Block`, `Member`), the AU a member of `root`.
 *
 * CSV fields are quoted, a quote doubled; lines end with CRLF. The course's default language gives title and
 * description (AICC files have one language; the course itself follows the learner's).
 */
import type {CompiledCourse} from '../course/types.js';
import {defaultContent, hasAssessment, LAUNCH_FILE} from './manifests.js';

/** The AU's system id: the one AU of the course. */
export const AICC_AU_ID = 'A1';
/** The extensions of the four files of a level 1 course. */
export const AICC_EXTENSIONS = ['crs', 'au', 'des', 'cst'] as const;

const CRLF = '\r\n';

/** A CSV field: quoted, quotes doubled, line breaks as spaces. */
function field(v: string): string {
  return `"${v.replace(/[\r\n]+/g, ' ').replace(/"/g, '""')}"`;
}

const row = (cells: readonly string[]) => cells.map(field).join(',');
/** An INI value on one line. */
const ini = (v: string) => v.replace(/[\r\n]+/g, ' ').trim();

/** The four files, by file name: `<id>.crs`, `<id>.au`, `<id>.des`, `<id>.cst`. */
export function aiccFiles(course: CompiledCourse): Map<string, string> {
  const c = defaultContent(course);
  const mastery = hasAssessment(course) ? String(Math.round(course.settings.masteryScore * 10000) / 100) : '';
  const crs = [
    '[Course]',
    'Course_Creator=ICT Manager Training',
    `Course_ID=${ini(course.id)}`,
    'Course_System=ICT Manager Training',
    `Course_Title=${ini(c.title)}`,
    'Level=1',
    'Max_Fields_CST=2',
    'Max_Fields_ORT=0',
    'Total_AUs=1',
    'Total_Blocks=0',
    'Total_Objectives=0',
    'Total_Complex_Obj=0',
    'Version=4.0',
    '[Course_Behavior]',
    'Max_Normal=1',
    '[Course_Description]',
    ini(c.description),
  ];
  const au = [
    row([
      'System_ID',
      'Type',
      'Command_Line',
      'File_Name',
      'Max_Score',
      'Mastery_Score',
      'Max_Time_Allowed',
      'Time_Limit_Action',
      'System_Vendor',
      'Core_Vendor',
      'Web_Launch',
      'AU_Password',
    ]),
    row([AICC_AU_ID, 'course', '', LAUNCH_FILE, mastery ? '100' : '', mastery, '', '', '', '', '', '']),
  ];
  const des = [
    row(['System_ID', 'Developer_ID', 'Title', 'Description']),
    row([AICC_AU_ID, course.id, c.title, c.description]),
  ];
  const cst = [row(['Block', 'Member']), row(['root', AICC_AU_ID])];
  const text = (lines: string[]) => lines.join(CRLF) + CRLF;
  return new Map([
    [`${course.id}.crs`, text(crs)],
    [`${course.id}.au`, text(au)],
    [`${course.id}.des`, text(des)],
    [`${course.id}.cst`, text(cst)],
  ]);
}

/** Reads a CSV table of the AICC files: rows of fields (quoted or bare), the header first. */
export function readAiccCsv(text: string): string[][] {
  const rows: string[][] = [];
  let rowNow: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const s = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    rowNow.push(cell.trim());
    cell = '';
  };
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endCell();
      if (rowNow.some((c) => c !== '')) rows.push(rowNow);
      rowNow = [];
    } else cell += ch;
    i++;
  }
  endCell();
  if (rowNow.some((c) => c !== '')) rows.push(rowNow);
  return rows;
}

/** The `[group] keyword=value` pairs of an INI-style AICC file (group and keyword lower case). */
export function readAiccIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let group = '';
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    const t = line.trim();
    const h = /^\[([^\]]+)\]$/.exec(t);
    if (h) {
      group = h[1]!.trim().toLowerCase();
      if (!out.has(group)) out.set(group, new Map());
      continue;
    }
    const eq = t.indexOf('=');
    if (!group || eq <= 0 || t.startsWith(';')) continue;
    out.get(group)!.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
  }
  return out;
}
