/**
 * The preview's view of `courses/`: every course compiled (or its problems, with file and line), the five players
 * built once, each package assembled in memory on first request, and a watch on the sources that recompiles on
 * every edit so the catalogue and the next launch show it without a restart.
 */
import {createHash} from 'node:crypto';
import {EventEmitter} from 'node:events';
import {existsSync, readdirSync, statSync, watch, type FSWatcher} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {compileCourse, formatProblem, type Problem} from '../compile/index.js';
import type {CompiledCourse} from '../course/types.js';
import {assemblePackage, buildPlayer, FORMATS, type Format, type Player} from '../package/index.js';

export interface CourseEntry {
  /** the folder name (the course id when it compiles) */
  id: string;
  dir: string;
  course?: CompiledCourse;
  /** problems when it does not compile, warnings when it does */
  problems: Problem[];
  warnings: Problem[];
  /** a short hash of what the course compiled to (and its asset files): changes with every edit */
  build?: string;
  /** when this entry was compiled */
  compiled: string;
}

export interface CourseLibraryOptions {
  coursesDir: string;
  /** watch the sources and recompile on change (default true) */
  watch?: boolean;
  /** poll interval when fs.watch cannot watch recursively, ms (default 1000) */
  pollMs?: number;
  /** poll even where fs.watch works (for file systems that do not report changes, e.g. some network or VM mounts) */
  poll?: boolean;
  log?: (line: string) => void;
}

/** Emits `change` (after a recompile changed anything) and `error`. */
export class CourseLibrary extends EventEmitter {
  readonly coursesDir: string;
  private entries = new Map<string, CourseEntry>();
  private players = new Map<Format, Promise<Player>>();
  private packages = new Map<string, Promise<Map<string, Uint8Array>>>();
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private refreshing: Promise<void> = Promise.resolve();
  private pending = false;
  /** course folders changed since the last compile; `null` when everything must be compiled */
  private dirty: Set<string> | null = null;
  private log: (line: string) => void;
  /** how the sources are watched: `fs.watch` (recursive), `polling`, or `off` */
  watchMode: 'fs.watch' | 'polling' | 'off' = 'off';

  constructor(private opts: CourseLibraryOptions) {
    super();
    this.coursesDir = resolve(opts.coursesDir);
    this.log = opts.log ?? (() => {});
  }

  list(): CourseEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  get(id: string): CourseEntry | undefined {
    return this.entries.get(id);
  }

  /** Compiles every course and starts the player builds; resolves when both are done. */
  async start(): Promise<void> {
    await this.refresh();
    for (const f of FORMATS) await this.player(f).catch(() => undefined);
    if (this.opts.watch !== false) this.watchSources();
  }

  /** The player of a format (built once per process; a failed build is retried on the next request). */
  player(format: Format): Promise<Player> {
    let p = this.players.get(format);
    if (!p) {
      const t0 = Date.now();
      p = buildPlayer(format, {outDir: false});
      p.then(
        () => this.log(`built the ${format} player in ${((Date.now() - t0) / 1000).toFixed(1)} s`),
        (e) => {
          this.players.delete(format);
          this.log(`the ${format} player does not build: ${e instanceof Error ? e.message : String(e)}`);
        },
      );
      this.players.set(format, p);
    }
    return p;
  }

  /** Every file of the package of `id` in `format` for the build `build` (undefined when that build is gone). */
  async packageFiles(id: string, format: Format, build: string): Promise<Map<string, Uint8Array> | undefined> {
    const e = this.entries.get(id);
    if (!e?.course || e.build !== build) return undefined;
    const key = `${id}\0${build}\0${format}`;
    let p = this.packages.get(key);
    if (!p) {
      const course = e.course;
      p = this.player(format).then((player) => assemblePackage(course, e.dir, format, player));
      p.catch(() => this.packages.delete(key));
      this.packages.set(key, p);
    }
    return p;
  }

  /**
   * Recompiles the courses whose folders changed (`only`, names under coursesDir), or every course; picks up new
   * and removed folders either way. Serialised: a refresh requested during one runs once more afterwards.
   */
  refresh(only?: Iterable<string>): Promise<void> {
    if (only && this.dirty !== null) for (const d of only) this.dirty.add(d);
    if (!only) this.dirty = null;
    if (this.pending) return this.refreshing;
    this.pending = true;
    this.refreshing = this.refreshing.then(async () => {
      this.pending = false;
      const dirty = this.dirty;
      this.dirty = new Set();
      await this.compileAll(dirty);
    });
    return this.refreshing;
  }

  private async compileAll(only: Set<string> | null = null): Promise<void> {
    const dirs = existsSync(this.coursesDir)
      ? readdirSync(this.coursesDir, {withFileTypes: true})
          .filter(
            (d) =>
              d.isDirectory() && !d.name.startsWith('.') && existsSync(join(this.coursesDir, d.name, 'course.yaml')),
          )
          .map((d) => d.name)
          .sort()
      : [];
    const next = new Map<string, CourseEntry>();
    let changed = dirs.length !== this.entries.size;
    for (const name of dirs) {
      const dir = join(this.coursesDir, name);
      const before = this.entries.get(name) ?? [...this.entries.values()].find((e) => e.dir === dir);
      if (only && before && !only.has(name)) {
        next.set(before.id, before);
        continue;
      }
      const entry = await this.compileOne(name, dir);
      if (!before || before.build !== entry.build || JSON.stringify(before.problems) !== JSON.stringify(entry.problems))
        changed = true;
      next.set(
        entry.id,
        before && before.build === entry.build && entry.course ? {...entry, compiled: before.compiled} : entry,
      );
    }
    this.entries = next;
    // packages of builds that no longer exist are dropped
    for (const key of [...this.packages.keys()]) {
      const [id, build] = key.split('\0');
      if (this.entries.get(id!)?.build !== build) this.packages.delete(key);
    }
    if (changed) this.emit('change', this.list());
  }

  private async compileOne(name: string, dir: string): Promise<CourseEntry> {
    const compiled = new Date().toISOString();
    try {
      const r = await compileCourse(dir);
      if (!r.ok) {
        this.log(
          `${name}: does not compile\n${r.problems.map((p) => '  ' + formatProblem(p).replace(/\n/g, '\n  ')).join('\n')}`,
        );
        return {id: name, dir, problems: r.problems, warnings: [], compiled};
      }
      return {
        id: r.course.id,
        dir,
        course: r.course,
        problems: [],
        warnings: r.warnings,
        build: buildHash(r.course, dir),
        compiled,
      };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return {
        id: name,
        dir,
        problems: [{file: join(dir, 'course.yaml'), code: 'read-error', message: `the compiler failed: ${message}`}],
        warnings: [],
        compiled,
      };
    }
  }

  /** Watches the sources (fs.watch, or polling where it cannot watch or `poll` is set); `start()` calls it. */
  watchSources(): void {
    if (this.watchMode !== 'off') return;
    const changed = new Set<string>();
    let everything = false;
    const onChange = (file?: string | null) => {
      if (file && /(^|[/\\])(\.|~)|\.swp$|~$/.test(String(file))) return; // editor temp files
      const top = file ? String(file).split(/[/\\]/)[0] : undefined;
      // a file at the top, a folder added or removed, no name given, or what the courses share (`_terms/`)
      if (top && top !== String(file) && !top.startsWith('_')) changed.add(top);
      else everything = true;
      clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.log(`courses changed (${everything ? 'all' : [...changed].join(', ')}): recompiling`);
        void this.refresh(everything ? undefined : [...changed]);
        changed.clear();
        everything = false;
      }, 150);
    };
    if (this.opts.poll) {
      this.startPolling(onChange);
      return;
    }
    try {
      const reported = new Set<string>();
      this.watcher = watch(this.coursesDir, {recursive: true}, (_event, file) => {
        if (file) reported.add(String(file));
        onChange(file);
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
        clearInterval(this.poller);
        this.startPolling(onChange);
      });
      this.watchMode = 'fs.watch';
      // fs.watch misses some changes on Linux: files in a folder created after the watch began (a new assets/), and
      // a file replaced by a rename (as `git checkout` and many editors save). A slower look at the files' sizes and
      // times catches those; what fs.watch reported since the last look is not reported twice.
      this.startPolling(onChange, {every: (this.opts.pollMs ?? 1000) * 2, reported});
    } catch {
      this.startPolling(onChange);
    }
  }

  /** Compares the files' sizes and times every `every` ms; as the watch itself, or (`reported`) beside fs.watch. */
  private startPolling(onChange: (file?: string) => void, beside?: {every: number; reported: Set<string>}): void {
    let last = signature(this.coursesDir);
    if (!beside) this.watchMode = 'polling';
    this.poller = setInterval(
      () => {
        const now = signature(this.coursesDir);
        const missed = (file: string) => !beside?.reported.has(file);
        for (const [file, sig] of now) if (last.get(file) !== sig && missed(file)) onChange(file);
        for (const file of last.keys()) if (!now.has(file) && missed(file)) onChange(file);
        beside?.reported.clear();
        last = now;
      },
      beside?.every ?? this.opts.pollMs ?? 1000,
    );
    this.poller.unref();
  }

  close(): void {
    this.watcher?.close();
    clearInterval(this.poller);
    clearTimeout(this.debounce);
    this.watchMode = 'off';
  }
}

/** A hash of the compiled course and of its asset files' sizes and times: what a package is made of. */
function buildHash(course: CompiledCourse, dir: string): string {
  const h = createHash('sha256').update(JSON.stringify(course));
  for (const a of course.assets) {
    try {
      const st = statSync(join(dir, a));
      h.update(`\0${a}\0${st.size}\0${st.mtimeMs}`);
    } catch {
      h.update(`\0${a}\0missing`);
    }
  }
  return h.digest('hex').slice(0, 10);
}

/** Every file under `dir` (path relative to it) with its size and modification time, for polling. */
function signature(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    let list;
    try {
      list = readdirSync(d, {withFileTypes: true});
    } catch {
      return;
    }
    for (const e of list) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        try {
          const st = statSync(p);
          out.set(relative(dir, p), `${st.size}:${st.mtimeMs}`);
        } catch {
          /* removed meanwhile */
        }
      }
    }
  };
  walk(dir);
  return out;
}
