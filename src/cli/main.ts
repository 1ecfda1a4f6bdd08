/**
 * The `ict` command line: `ict build | library | package | validate | preview | lrs check | translate`. Thin over src/compile,
 * src/package, src/preview and src/translate. Exit codes (see EXIT): 0 ok, 1 a course, asset, manifest or package is wrong, 2 bad usage,
 * 3 the output folder cannot be written.
 */
import {mkdir, readdir, rename, rm, stat, writeFile} from 'node:fs/promises';
import {join, relative, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {compileAll, compileCourse, formatProblem, type Problem} from '../compile/index.js';
import {didYouMean} from '../compile/problems.js';
import {EXIT, PackageError, type ExitCode} from '../package/errors.js';
import {FORMATS, isFormat, type Format} from '../package/formats.js';
import {inspectPackage} from '../package/inspect.js';
import {errorText} from '../package/player.js';
import {buildPackages, checkWritable, RELEASE_FILE, writeRelease, type CourseSource} from '../package/release.js';
import {formatBytes} from '../package/assemble.js';
import {Progress, table, type Output} from './ui.js';

export const USAGE = `Usage: ict <command> [options]

Commands:
  build     [--courses DIR] [--out DIR]
            Compile every course in DIR (default courses/) and write <out>/<id>.json (default dist/courses/).
            Prints every problem with file:line.
  library   [--out DIR]
            Build the embeddable player (src/index.ts) into DIR (default dist/lib/): ict-course.js and the
            chunks it loads on demand. Copy the folder to your server; see examples/README.md.
  package   [--courses DIR] [--course ID ...] [--format F ...] [--out DIR] [--strict-translations]
            Package courses (default: every course in courses/) in formats (default: all of
            ${FORMATS.join(', ')}) into <out>/<id>-<version>-<format>.zip (default dist/packages/),
            then <out>/release.json. --strict-translations: a stale translation is an error.
  validate  <zip|folder> ...
            Check packages (ours or any tool's) the way an LMS would on upload.
  preview   [--port N] [--host H] [--courses DIR] [--data DIR]
            Start the preview LMS (rebuilds on every save).
  translate export --course ID --lang LANG [--out FILE] [--courses DIR]
            Write the course's texts as XLIFF 2.0 for a translator (default <ID>.<LANG>.xlf): the English
            source, the existing translation as target, each unit's file:line in a note.
  translate import FILE [--courses DIR]
            Write a translated XLIFF back into <courses>/<ID>/<LANG>/: only the texts that changed.
  lrs check <endpoint> [--auth USER:PASSWORD]
            Check that an LRS takes what the xAPI and cmi5 packages send: its xAPI version, a statement stored
            and read back, an invalid one refused, a state document written and read back.

Exit codes: 0 ok, 1 a course, asset, manifest or package is wrong, 2 bad usage, 3 the output folder cannot be written.`;

class UsageError extends Error {}

const COMMANDS = ['build', 'library', 'package', 'validate', 'preview', 'lrs', 'translate'];

/** `ict <command> --help`: that command's part of the usage, and the exit codes. */
export function commandUsage(command: string): string {
  const blocks = USAGE.split('\n')
    .reduce<string[][]>((acc, line) => {
      if (/^ {2}[a-z]/.test(line)) acc.push([line]);
      else if (/^ {12}\S/.test(line) && acc.length) acc[acc.length - 1]!.push(line);
      else acc.push([]);
      return acc;
    }, [])
    .filter((b) => b[0]?.trim().split(/\s+/)[0] === command);
  const exits = USAGE.slice(USAGE.indexOf('Exit codes:'));
  return `Usage: ict ${command} ...\n\n${blocks.map((b) => b.join('\n')).join('\n')}\n\n${exits}`;
}

/** Runs one command; returns the exit code. Never calls process.exit (the caller does). */
export async function runCli(argv: readonly string[], out: Output = processOutput()): Promise<ExitCode> {
  const [command, ...rest] = argv;
  if (command && COMMANDS.includes(command) && rest.some((a) => a === '--help' || a === '-h')) {
    out.log(commandUsage(command));
    return EXIT.ok;
  }
  try {
    switch (command) {
      case 'build':
        return await buildCommand(rest, out);
      case 'library':
        return await libraryCommand(rest, out);
      case 'package':
        return await packageCommand(rest, out);
      case 'validate':
        return await validateCommand(rest, out);
      case 'preview':
        return await previewCommand(rest, out);
      case 'lrs':
        return await lrsCommand(rest, out);
      case 'translate':
        return await translateCommand(rest, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out.log(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command \`${command}\`. ${didYouMean(command, COMMANDS, 'Commands')}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      out.error(`ict: ${e.message}\nRun \`ict help\` for the commands and options.`);
      return EXIT.usage;
    }
    if (e instanceof PackageError) {
      out.error(`ict: ${e.format()}`);
      return e.exitCode;
    }
    out.error(`ict: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT.failed;
  }
}

function processOutput(): Output {
  return {
    log: (s) => process.stdout.write(`${s}\n`),
    error: (s) => process.stderr.write(`${s}\n`),
    isTTY: Boolean(process.stdout.isTTY),
    write: (s) => process.stdout.write(s),
  };
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  positionals = false,
) {
  try {
    return parseArgs({args: [...args], options, allowPositionals: positionals, strict: true});
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

/** Where a path is, as the user should read it. */
function shown(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

function printProblems(out: Output, problems: readonly Problem[], warnings: readonly Problem[]): void {
  for (const w of warnings) out.error(`warning: ${formatProblem(w)}`);
  for (const p of problems) out.error(formatProblem(p));
}

// ---------------------------------------------------------------------------------------------------------------

async function buildCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const {values} = parse(args, {
    courses: {type: 'string', default: 'courses'},
    out: {type: 'string', default: join('dist', 'courses')},
  });
  const coursesDir = values.courses!;
  const outDir = values.out!;
  await requireFolder(coursesDir);
  const result = await compileAll(coursesDir);
  printProblems(out, result.ok ? [] : result.problems, result.warnings);
  if (!result.ok) {
    out.error(
      `\n${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}: nothing written. Fix them and run \`ict build\` again.`,
    );
    return EXIT.failed;
  }
  await checkWritable(outDir);
  try {
    await mkdir(outDir, {recursive: true});
    for (const course of result.courses) {
      const target = join(outDir, `${course.id}.json`);
      const tmp = `${target}.${process.pid}.partial`;
      try {
        await writeFile(tmp, `${JSON.stringify(course, null, 2)}\n`);
        await rename(tmp, target);
      } finally {
        await rm(tmp, {force: true});
      }
    }
  } catch (e) {
    throw new PackageError(
      'output-unwritable',
      `Cannot write to the output folder ${outDir}.`,
      'Choose another folder with --out, or make this one writable.',
      undefined,
      [errorText(e)],
    );
  }
  for (const c of result.courses)
    out.log(
      `${c.id} ${c.version}: ${c.languages.join(', ')}, ${c.content[c.languages[0]]?.lessons.length ?? 0} lessons -> ${shown(join(outDir, `${c.id}.json`))}`,
    );
  out.log(
    `${result.courses.length} course${result.courses.length === 1 ? '' : 's'} compiled${result.warnings.length ? `, ${result.warnings.length} warning(s)` : ''}.`,
  );
  return EXIT.ok;
}

async function libraryCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const {values} = parse(args, {out: {type: 'string', default: join('dist', 'lib')}});
  const outDir = resolve(values.out!);
  await checkWritable(outDir);
  const {buildLibrary, LIBRARY_ENTRY} = await import('../package/library.js');
  const lib = await buildLibrary({outDir});
  out.log(
    `${shown(join(outDir, LIBRARY_ENTRY))}: ${lib.files.size} files, ${formatBytes(lib.size.initialGzip)} gzip before the course shows, ${formatBytes(lib.size.totalGzip)} gzip in all.`,
  );
  return EXIT.ok;
}

async function requireFolder(dir: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch {
    // reported below
  }
  throw new UsageError(
    `The courses folder ${dir} does not exist. Pass the folder that holds the courses with --courses DIR.`,
  );
}

/** The course folders (holding course.yaml) in `dir`, by folder name. */
async function findCourses(dir: string): Promise<Map<string, string>> {
  await requireFolder(dir);
  const found = new Map<string, string>();
  for (const e of (await readdir(dir, {withFileTypes: true})).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    try {
      await stat(join(dir, e.name, 'course.yaml'));
      found.set(e.name, join(dir, e.name));
    } catch {
      // not a course
    }
  }
  return found;
}

async function packageCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const started = performance.now();
  const {values} = parse(args, {
    courses: {type: 'string', default: 'courses'},
    course: {type: 'string', multiple: true},
    format: {type: 'string', multiple: true},
    out: {type: 'string', default: join('dist', 'packages')},
    'strict-translations': {type: 'boolean'},
  });
  const coursesDir = values.courses!;
  const outDir = values.out!;

  // formats
  const formats: Format[] = [];
  for (const f of (values.format ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!isFormat(f))
      throw new PackageError('unknown-format', `Unknown format \`${f}\`.`, didYouMean(f, FORMATS, 'Formats'));
    if (!formats.includes(f)) formats.push(f);
  }
  if (!formats.length) formats.push(...FORMATS);

  // courses
  const available = await findCourses(coursesDir);
  const wanted = (values.course ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (!available.size) {
    throw new PackageError(
      'no-courses',
      `No course in ${coursesDir} (a course is a folder with a course.yaml).`,
      'Add a course (docs/authoring.md), or pass the folder that holds the courses with --courses DIR.',
    );
  }
  for (const id of wanted) {
    if (!available.has(id)) {
      throw new PackageError(
        'unknown-course',
        `Unknown course \`${id}\` in ${coursesDir}.`,
        didYouMean(id, [...available.keys()], 'Courses there'),
      );
    }
  }
  const ids = wanted.length ? [...new Set(wanted)] : [...available.keys()];

  // compile: every problem of every course, then stop
  const sources: CourseSource[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  for (const id of ids) {
    const dir = available.get(id)!;
    const r = await compileCourse(dir);
    // --strict-translations: a translation made from English that has changed since is not released
    const strict = (w: Problem) => values['strict-translations'] === true && w.code === 'stale-translation';
    warnings.push(...r.warnings.filter((w) => !strict(w)));
    const refused = r.warnings.filter(strict);
    if (r.ok && !refused.length) sources.push({course: r.course, dir});
    else problems.push(...(r.ok ? [] : r.problems), ...refused);
  }
  printProblems(out, problems, warnings);
  if (problems.length) {
    out.error(
      `\n${problems.length} problem${problems.length === 1 ? '' : 's'} in the course sources: nothing packaged. Fix them and run \`ict package\` again.`,
    );
    return EXIT.failed;
  }

  await checkWritable(outDir);
  const progress = new Progress(out);
  let built;
  try {
    built = await buildPackages(sources, formats, {
      onProgress: (s) => progress.show(s.done, s.total, s.message),
      onNote: (n) => out.error(`note: ${n}`),
    });
  } finally {
    progress.clear();
  }
  const release = await writeRelease(outDir, built);
  const seconds = (performance.now() - started) / 1000;
  out.log(
    table(
      ['course', 'version', 'format', 'size', 'files', 'sha256'],
      release.packages.map((p) => [
        p.course,
        p.version,
        p.format,
        formatBytes(p.bytes),
        String(p.files.length),
        p.sha256.slice(0, 12),
      ]),
      [false, false, false, true, true, false],
    ),
  );
  out.log(
    `\n${release.packages.length} package${release.packages.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s -> ${shown(resolve(outDir))}/ (${RELEASE_FILE})`,
  );
  return EXIT.ok;
}

async function validateCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const {positionals} = parse(args, {}, true);
  if (!positionals.length)
    throw new UsageError(
      'Name the package to check: `ict validate dist/packages/basics-1.0.0-scorm12.zip` (a zip or a folder).',
    );
  let worst: ExitCode = EXIT.ok;
  for (const path of positionals) {
    try {
      await stat(path);
    } catch {
      throw new UsageError(`${path} does not exist.`);
    }
    const r = await inspectPackage(path);
    const errors = r.problems.filter((p) => p.level === 'error').length;
    const warnings = r.problems.length - errors;
    out.log(`${path}: ${r.formats.length ? r.formats.join(' + ') : 'unknown format'}, ${r.files.length} files`);
    for (const p of r.problems) {
      const where = p.file ? `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ` : '';
      out.log(`  ${p.level}: ${where}${p.message}`);
    }
    out.log(
      errors
        ? `  ${errors} error(s), ${warnings} warning(s): an LMS would reject this package or fail to launch it.`
        : `  ok${warnings ? ` (${warnings} warning(s))` : ''}`,
    );
    if (errors) worst = EXIT.failed;
  }
  return worst;
}

async function lrsCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const {values, positionals} = parse(args, {auth: {type: 'string'}}, true);
  const [sub, endpoint, ...more] = positionals;
  if (sub !== 'check')
    throw new UsageError('`ict lrs` has one subcommand: `ict lrs check <endpoint> --auth USER:PASSWORD`.');
  if (!endpoint || more.length)
    throw new UsageError('Name one LRS endpoint: `ict lrs check https://lrs.example.org/xapi/ --auth key:secret`.');
  if (!/^https?:\/\/[^/]/i.test(endpoint))
    throw new UsageError(
      `${endpoint} is not an http(s) address; an LRS endpoint looks like https://lrs.example.org/xapi/.`,
    );
  const auth = values.auth;
  if (auth !== undefined && !/^basic\s/i.test(auth) && !auth.includes(':'))
    throw new UsageError('--auth takes USER:PASSWORD (or a whole `Basic …` header value).');
  const {checkLrs} = await import('./lrs-check.js');
  const checks = await checkLrs(endpoint, auth === undefined ? {} : {auth});
  for (const c of checks) out.log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => !c.ok).length;
  out.log(
    failed
      ? `${failed} of ${checks.length} checks failed: the courses' xAPI and cmi5 packages would not report fully to ${endpoint}.`
      : `${endpoint} takes what the courses' xAPI and cmi5 packages send.`,
  );
  return failed ? EXIT.failed : EXIT.ok;
}

async function translateCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const {values, positionals} = parse(
    args,
    {course: {type: 'string'}, lang: {type: 'string'}, out: {type: 'string'}, courses: {type: 'string'}},
    true,
  );
  const [sub, ...more] = positionals;
  const coursesDir = values.courses ?? 'courses';
  await requireFolder(coursesDir);
  const {exportXliff, importXliffFile, TranslateError} = await import('../translate/xliff.js');
  try {
    if (sub === 'export') {
      if (more.length)
        throw new UsageError(`\`ict translate export\` takes no file (got ${more.join(' ')}); use --out FILE.`);
      if (!values.course || !values.lang)
        throw new UsageError(
          'Name the course and the language: `ict translate export --course ict-strategy --lang es`.',
        );
      const dir = (await findCourses(coursesDir)).get(values.course);
      if (!dir)
        throw new UsageError(
          `There is no course \`${values.course}\` in ${coursesDir}. ${didYouMean(values.course, [...(await findCourses(coursesDir)).keys()], 'Courses')}`,
        );
      const file = values.out ?? `${values.course}.${values.lang}.xlf`;
      const xml = await exportXliff(dir, values.course, values.lang);
      await writeFile(file, xml);
      const units = (xml.match(/<unit /g) ?? []).length;
      const translated = (xml.match(/<target>/g) ?? []).length;
      out.log(
        `${file}: ${units} units, ${translated} with a ${values.lang} target, ${units - translated} to translate.`,
      );
      return EXIT.ok;
    }
    if (sub === 'import') {
      if (more.length !== 1) throw new UsageError('Name one XLIFF file: `ict translate import ict-strategy.es.xlf`.');
      const r = await importXliffFile(coursesDir, more[0]!);
      out.log(
        `${r.courseId} ${r.lang}: ${r.changed} texts changed in ${r.written.length} files${r.written.length ? ` (${r.written.join(', ')})` : ''}; ${r.untranslated} units without a target.`,
      );
      return EXIT.ok;
    }
  } catch (e) {
    if (!(e instanceof TranslateError)) throw e;
    out.error(`ict translate ${sub}: ${e.message}`);
    return EXIT.failed;
  }
  throw new UsageError('`ict translate` has two subcommands: `export --course ID --lang LANG` and `import FILE`.');
}

async function previewCommand(args: readonly string[], out: Output): Promise<ExitCode> {
  const {values} = parse(args, {
    port: {type: 'string'},
    host: {type: 'string'},
    courses: {type: 'string'},
    data: {type: 'string'},
  });
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new UsageError(`--port ${values.port} is not a port number (0-65535).`);
  }
  if (values.courses !== undefined) await requireFolder(values.courses);
  // loaded only for this command: the preview brings the LMS side (scorm-again, the LRS) and an HTTP server
  const {startPreview} = await import('../preview/server.js');
  try {
    await startPreview({
      ...(port === undefined ? {} : {port}),
      ...(values.host === undefined ? {} : {host: values.host}),
      ...(values.courses === undefined ? {} : {coursesDir: values.courses}),
      ...(values.data === undefined ? {} : {dataDir: values.data}),
      log: (line) => out.log(line),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new UsageError(
        `The preview cannot listen on port ${port ?? process.env.PORT ?? 8080} (${code}). Choose another with --port N (0 picks a free one).`,
      );
    }
    throw e;
  }
  // the server keeps the process alive until Ctrl+C
  return EXIT.ok;
}

// ---------------------------------------------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const command = process.argv[2];
  const code = await runCli(process.argv.slice(2));
  if (command !== 'preview' || code !== EXIT.ok) process.exit(code);
}
