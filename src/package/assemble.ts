/**
 * Every file of one package, in memory: the page, the player, the compiled course, the assets it references, the
 * service worker, the manifest (validated) and, for SCORM, the schema files.
 */
import {existsSync} from 'node:fs';
import {lstat, readFile} from 'node:fs/promises';
import {join, posix, resolve, sep} from 'node:path';
import type {CompiledCourse} from '../course/types.js';
import {contentFile, joinCourse, questionFile, splitCourse} from '../course/split.js';
import {PackageError} from './errors.js';
import {aiccFiles} from './aicc.js';
import {isScormFormat, type Format} from './formats.js';
import {defaultContent, LAUNCH_FILE, manifestFor} from './manifests.js';
import {FILE_PLAYER} from '../../vite.config.js';
import {COURSE_SCRIPT, serviceWorkerSource, type Player} from './player.js';
import {SERVICE_WORKER_FILE, serviceWorkerFor} from './service-worker.js';
import {checkWellFormed, formatXmlProblems, packagedSchemaFiles, validateAgainstSchema} from './validate-xml.js';
import {pageWithWebApp, WEB_MANIFEST_FILE, webAppFiles} from './web-app.js';
import {escapeXml} from './xml.js';

/** The compiled course's file in every package. */
export const COURSE_FILE = 'course.json';

/** The course a package carries, whole: `course.json` and each language's file. Throws where one is missing. */
export function courseOfPackage(files: ReadonlyMap<string, Uint8Array>): CompiledCourse {
  const read = (name: string): unknown => {
    const data = files.get(name);
    return data ? JSON.parse(new TextDecoder().decode(data)) : undefined;
  };
  const course = read(COURSE_FILE) as CompiledCourse | undefined;
  if (!course) throw new Error(`the package has no ${COURSE_FILE}`);
  return joinCourse(course, read);
}

/** `{bytes, files}`: the size of what the service worker precaches, for the learner's "Make available offline". */
export const OFFLINE_INFO_FILE = 'offline.json';

/** What only a page opened from a file loads: never precached by the service worker (a file has none). */
const FILE_ONLY = new Set([COURSE_SCRIPT, FILE_PLAYER]);

export interface AssembleOptions {
  /** called with notes the caller may show (for example that no service worker was emitted) */
  onNote?: (note: string) => void;
}

/**
 * All files of the package of `course` in `format`, sorted by path. `courseDir` is the course's source folder
 * (assets are read from it). Throws a {@link PackageError}: `asset-missing`, `asset-too-large`, `asset-path`
 * (every offending asset listed), `manifest-invalid` (with the validator's messages), `service-worker-failed`.
 */
export async function assemblePackage(
  course: CompiledCourse,
  courseDir: string,
  format: Format,
  player: Player,
  options: AssembleOptions = {},
): Promise<Map<string, Uint8Array>> {
  const enc = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set(LAUNCH_FILE, enc.encode(pageForCourse(player.page, course)));
  for (const [name, data] of player.files) files.set(name, data);
  // a launch downloads the structure and the one language it shows, its questions after the first lesson (the page
  // opened from a file gets all of it)
  const {structure, contents, questions} = splitCourse(course);
  files.set(COURSE_FILE, enc.encode(JSON.stringify(structure)));
  for (const [lang, content] of contents) files.set(contentFile(lang), enc.encode(JSON.stringify(content)));
  for (const [lang, assessment] of questions) files.set(questionFile(lang), enc.encode(JSON.stringify(assessment)));
  files.set(
    COURSE_SCRIPT,
    enc.encode(`var c=document.querySelector("ict-course");if(c)c.course=${JSON.stringify(course)};\n`),
  );

  for (const [name, data] of await readAssets(course, courseDir)) {
    if (files.has(name) || isGeneratedName(name)) {
      throw new PackageError(
        'asset-path',
        `The asset ${name} has the name of a file the package generates.`,
        'Keep assets in the assets/ folder.',
        join(courseDir, name),
      );
    }
    files.set(name, data);
  }

  if (format === 'web') {
    const app = await webAppFiles(course, player.root);
    for (const [name, data] of app) files.set(name, data);
    files.set(LAUNCH_FILE, enc.encode(pageWithWebApp(pageForCourse(player.page, course), app)));
  }

  // what "Make available offline" will download (src/offline/register.ts reads it): the files the worker precaches
  const precached = () => new Map([...files].filter(([name]) => !FILE_ONLY.has(name)));
  if (existsSync(serviceWorkerSource(player.root))) {
    let bytes = 0;
    const cached = precached();
    for (const data of cached.values()) bytes += data.byteLength;
    files.set(OFFLINE_INFO_FILE, enc.encode(`${JSON.stringify({bytes, files: cached.size})}\n`));
  }

  // (again: the worker precaches offline.json too, added just above)
  const sw = await serviceWorkerFor(precached(), player.root);
  if (sw) files.set(SERVICE_WORKER_FILE, sw);
  else options.onNote?.('no service worker: src/offline/sw.ts does not exist, so the package works online only');

  const manifest = manifestFor(course, format, [...files.keys()]);
  if (manifest) {
    const check =
      format === 'xapi'
        ? checkWellFormed(manifest.xml)
        : await validateAgainstSchema(
            manifest.xml,
            format as 'scorm12' | 'scorm2004' | 'scorm2004-3rd' | 'cmi5',
            manifest.name,
          );
    if (!check.valid) {
      throw new PackageError(
        'manifest-invalid',
        `The generated ${manifest.name} of ${course.id} (${format}) is not valid against its schema.`,
        'This is a packager bug or a course value the schema does not allow; the validator says what.',
        manifest.name,
        formatXmlProblems(manifest.name, check.problems),
      );
    }
    files.set(manifest.name, enc.encode(manifest.xml));
  }
  if (format === 'aicc') {
    for (const [name, text] of aiccFiles(course)) files.set(name, enc.encode(text));
  }
  if (isScormFormat(format)) {
    for (const [name, data] of packagedSchemaFiles(format)) files.set(name, data);
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The page with the course's title and default language (and its direction) set. */
export function pageForCourse(page: string, course: CompiledCourse): string {
  const lang = course.languages[0];
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  const title = escapeXml(defaultContent(course).title);
  let out = page.replace(/<title>[\s\S]*?<\/title>/i, `<title>${title}</title>`);
  out = out.replace(/<html\b([^>]*)>/i, (_, attrs: string) => {
    const rest = attrs.replace(/\s(lang|dir)=("[^"]*"|'[^']*'|[^\s>]*)/gi, '');
    return `<html lang="${lang}" dir="${dir}"${rest}>`;
  });
  return out;
}

const GENERATED = new Set([
  LAUNCH_FILE,
  COURSE_FILE,
  COURSE_SCRIPT,
  OFFLINE_INFO_FILE,
  SERVICE_WORKER_FILE,
  WEB_MANIFEST_FILE,
  'imsmanifest.xml',
  'cmi5.xml',
  'tincan.xml',
]);

function isGeneratedName(name: string): boolean {
  return GENERATED.has(name) || name.startsWith('icons/') || /^[^/]+\.(xsd|dtd|js|crs|au|des|cst)$/.test(name);
}

/** Whether `p` is a safe relative path inside a package: forward slashes, no `..`, no absolute or drive paths. */
export function isSafePackagePath(p: string): boolean {
  if (!p || p.startsWith('/') || p.includes('\\') || /^[A-Za-z]:/.test(p) || p.includes('\0')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/** The course's referenced assets, read from `courseDir`, each checked against the course's size limit. */
async function readAssets(course: CompiledCourse, courseDir: string): Promise<Map<string, Uint8Array>> {
  const limit = course.settings.maxAssetBytes;
  const out = new Map<string, Uint8Array>();
  const problems: {code: 'asset-missing' | 'asset-too-large' | 'asset-path'; line: string}[] = [];
  const base = resolve(courseDir);
  for (const name of [...course.assets].sort()) {
    const path = resolve(base, name);
    if (!isSafePackagePath(name) || posix.normalize(name) !== name || !path.startsWith(base + sep)) {
      problems.push({code: 'asset-path', line: `${name}: not a relative path inside the course folder`});
      continue;
    }
    let size: number;
    try {
      const st = await lstat(path);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      problems.push({
        code: 'asset-missing',
        line: `${join(courseDir, name)}: the course references this asset but the file is missing`,
      });
      continue;
    }
    if (size > limit) {
      problems.push({
        code: 'asset-too-large',
        line: `${join(courseDir, name)}: ${formatBytes(size)}, over the course's limit of ${formatBytes(limit)}`,
      });
      continue;
    }
    out.set(name, new Uint8Array(await readFile(path)));
  }
  if (problems.length) {
    const code = problems.some((p) => p.code === 'asset-too-large') ? 'asset-too-large' : problems[0].code;
    const hint =
      code === 'asset-too-large'
        ? `Make the file smaller (compress or resize it), or raise \`max-asset-kb\` in ${join(courseDir, 'course.yaml')} (now ${Math.floor(limit / 1024)}).`
        : 'Fix the reference in the lesson or add the file under assets/.';
    throw new PackageError(
      code,
      `${problems.length} asset${problems.length === 1 ? '' : 's'} of course ${course.id} cannot be packaged.`,
      hint,
      join(courseDir, 'course.yaml'),
      problems.map((p) => p.line),
    );
  }
  return out;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}
