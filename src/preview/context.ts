// The preview LMS's shared state: the course library, the release shelf, the records store, the LRS, the event hub
// for the inspectors, and what every handler derives from them (record summaries, the catalogue's course list).
import {UN_LANGUAGES, type CompiledCourse} from '../course/types.js';
import {FORMATS, identifiers, type Format} from '../package/index.js';
import type {CourseLibrary} from './courses.js';
import type {EventHub, Topic} from './events.js';
import {actorOf, findLearner, SAMPLE_LEARNERS, type SampleLearner} from './learners.js';
import type {Credentials, Lrs, Statement} from './lrs/lrs.js';
import {listRecords, type RecordSummary} from './records.js';
import type {ReleaseShelf} from './releases.js';
import type {HacpSessionInfo} from './hacp.js';
import type {PreviewStore, Registration} from './store.js';

export interface PreviewParts {
  log: (line: string) => void;
  coursesDir: string;
  dataDir: string;
  vendorDir: string;
  shelf: ReleaseShelf;
  lrs: Lrs;
  store: PreviewStore;
  library: CourseLibrary;
  hub: EventHub;
}

/** The learner, language and launch mode a catalogue or launch URL asks for (defaults where it asks for none). */
export function launchChoice(url: URL): {learner: SampleLearner; lang: string; mode: string} {
  const learner = findLearner(url.searchParams.get('learner')) ?? SAMPLE_LEARNERS[0]!;
  const langParam = url.searchParams.get('lang') ?? '';
  const lang = (UN_LANGUAGES as readonly string[]).includes(langParam) ? langParam : learner.language;
  const modeParam = url.searchParams.get('mode') ?? 'normal';
  const mode = ['normal', 'browse', 'review'].includes(modeParam) ? modeParam : 'normal';
  return {learner, lang, mode};
}

export class Preview implements PreviewParts {
  readonly log: (line: string) => void;
  readonly coursesDir: string;
  readonly dataDir: string;
  readonly vendorDir: string;
  readonly shelf: ReleaseShelf;
  readonly lrs: Lrs;
  readonly store: PreviewStore;
  readonly library: CourseLibrary;
  readonly hub: EventHub;
  /** the AICC sessions this preview launched (`aicc_sid` -> course, language, mastery), for its HACP endpoint */
  readonly hacpSessions = new Map<string, HacpSessionInfo>();
  /** the courses are being compiled and the players built */
  building = true;
  /** `http://host:port/`, once listening */
  selfUrl = '';
  private lmsCredentials: Credentials | undefined;
  private pending: Statement[] = [];

  constructor(parts: PreviewParts) {
    this.log = parts.log;
    this.coursesDir = parts.coursesDir;
    this.dataDir = parts.dataDir;
    this.vendorDir = parts.vendorDir;
    this.shelf = parts.shelf;
    this.lrs = parts.lrs;
    this.store = parts.store;
    this.library = parts.library;
    this.hub = parts.hub;
    // Statements go to the inspectors in the order the LRS stored (and announced) them, a request's worth at a
    // time: an AU's batch, then what the LMS said in answer (cmi5 `satisfied`).
    this.lrs.on('statements', (list: Statement[]) => {
      if (!this.pending.length) setImmediate(() => this.flushStatements());
      this.pending.push(...list);
    });
    this.library.on('change', () => this.publishCatalogue());
  }

  /** The activity a registration's statements are about: the course (xAPI) or its AU (cmi5). */
  activityIdOf = (reg: Registration): string | undefined => {
    if (reg.format === 'cmi5') {
      const known = this.lrs.cmi5Registration(reg.registration)?.activityId;
      if (known) return known;
    }
    const c = this.library.get(reg.course)?.course;
    if (c) return reg.format === 'xapi' ? identifiers(c).courseIri : identifiers(c).auIri;
    return undefined;
  };

  records(f: {learner?: string; course?: string; format?: string} = {}): RecordSummary[] {
    return listRecords(this.store, this.lrs, this.activityIdOf, f);
  }

  publishRecord(topic: Required<Topic>, extra: Record<string, unknown> = {}): void {
    const summary = this.records({learner: topic.learner, course: topic.course, format: topic.format})[0];
    this.hub.publish('record', {summary, ...extra}, topic);
  }

  publishCatalogue(): void {
    this.hub.publish('catalogue', {courses: this.coursesJson()}, {}, 'catalogue');
  }

  private flushStatements(): void {
    const list = this.pending;
    this.pending = [];
    const regs = new Map(this.store.allRegistrations().map((r) => [r.registration, r]));
    const touched = new Map<string, Required<Topic>>();
    for (const s of list) {
      const reg = s.context?.registration ? regs.get(s.context.registration) : undefined;
      if (!reg) continue;
      const topic = {learner: reg.learner, course: reg.course, format: reg.format};
      this.hub.publish('statement', s, topic, 'launch');
      touched.set(`${reg.learner}|${reg.course}|${reg.format}`, topic);
    }
    for (const t of touched.values()) this.publishRecord(t);
  }

  coursesJson() {
    return this.library.list().map((e) => ({
      id: e.course?.id ?? e.id,
      ok: !!e.course,
      version: e.course?.version,
      build: e.build,
      title: e.course ? e.course.content[e.course.languages[0]]?.title : undefined,
      languages: e.course?.languages,
      minutes: e.course?.minutes,
      compiled: e.compiled,
      problems: e.problems,
      warnings: e.warnings,
      packages: e.course
        ? Object.fromEntries(FORMATS.map((f) => [f, this.packageBase(e.course!, e.build!, f) + 'index.html']))
        : undefined,
    }));
  }

  packageBase(course: CompiledCourse, build: string, format: Format): string {
    return `/packages/${encodeURIComponent(course.id)}/${encodeURIComponent(course.version)}/${build}/${format}/`;
  }

  /** Writes the learner's language into the cmi5LearnerPreferences agent profile, as an LMS does before a launch. */
  async setLanguagePreference(learner: SampleLearner, lang: string): Promise<void> {
    this.lmsCredentials ??= this.lrs.createCredentials({name: 'preview LMS'});
    const query = new URLSearchParams({agent: JSON.stringify(actorOf(learner)), profileId: 'cmi5LearnerPreferences'});
    const url = `${this.selfUrl}xapi/agents/profile?${query}`;
    const headers = {Authorization: this.lmsCredentials.authorization, 'X-Experience-API-Version': '1.0.3'};
    // replaced in place, never deleted first: a course of this learner launched a moment ago may be reading it
    // (If-Match: * where it exists, If-None-Match: * where it does not; the other when a launch raced this one)
    let r: Response | undefined;
    for (const condition of ['If-Match', 'If-None-Match', 'If-Match']) {
      r = await fetch(url, {
        method: 'PUT',
        headers: {...headers, 'Content-Type': 'application/json', [condition]: '*'},
        body: JSON.stringify({languagePreference: lang, audioPreference: 'on'}),
      });
      if (r.status !== 412) break;
      await r.text();
    }
    if (!r!.ok) this.log(`could not write cmi5LearnerPreferences for ${learner.id}: ${r!.status} ${await r!.text()}`);
  }
}
