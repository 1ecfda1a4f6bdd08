/**
 * The tracker of an xAPI (Tin Can) launch: launch parameters `endpoint`, `auth`, `actor`, `registration`,
 * `activity_id`; statements initialized, experienced (lesson), answered, progressed, completed, passed/failed with
 * a score (a pass is never downgraded), terminated; bookmark and suspend state in the State API. Everything goes
 * through the outbox (IndexedDB first, then the LRS).
 *
 * The learner's language: the launch's `lang` parameter where the LMS sends one, else the `languagePreference` of
 * the `cmi5LearnerPreferences` agent profile, which LMSs that also launch cmi5 keep for the learner (none, 403 or
 * 404: no preference; the course then follows the browser).
 *
 * Without any launch parameter (opened outside an LMS) it falls back to the standalone tracker (`no-lms`); with
 * a missing or malformed one it throws a {@link LaunchError} that names the parameter.
 */
import type {Activity, Context} from '@xapi/xapi';
import type {CompiledCourse, Outcome, SavedProgress} from '../../course/types.js';
import {defaultContent} from '../../course/rules.js';
import {localDatabase, readMeta} from '../local-copy.js';
import {noLms} from '../standalone/no-lms.js';
import {TrackerUpdateEvent, type Tracker} from '../tracker.js';
import {takeLearnerLanguage, TINCAN_PARAMS} from './early.js';
import {hasAnyParam, readXapiLaunch, type XapiLaunchParams} from './launch.js';
import {LrsTracker} from './lrs-tracker.js';
import {ACTIVITY_TYPES, CMI5_IRI, readSession, removeSession, scoreOf, writeSession} from './statements.js';

export {LaunchError} from './launch.js';

export {LEARNER_PREFERENCES_PROFILE_ID} from './early.js';

/** What has been reported for this learner, activity and registration (kept in the `meta` store). */
interface Reported {
  completed?: boolean;
  passed?: boolean;
  /** score of the last `failed` sent */
  failed?: number;
}

export class XapiTracker extends LrsTracker {
  readonly format = 'xapi' as const;
  declare private reported: Reported;
  /** the learner's language, asked of the LRS at launch and read by begin() (no extra round trip before it) */
  declare private preferences: Promise<string | undefined>;

  constructor(course: CompiledCourse, launch: XapiLaunchParams, language?: string | Promise<string | undefined>) {
    const activityId = launch.activityId ?? course.iri;
    super({
      course,
      connection: {endpoint: launch.endpoint, auth: launch.auth},
      actor: launch.actor,
      registration: launch.registration,
      activityId,
      language: typeof language === 'string' ? language : undefined,
      queueKey: `xapi|${launch.endpoint}|${activityId}|${launch.registration ?? ''}`,
    });
    this.reported = {};
    // the language, once known; where it comes after begin() (a slow LRS), the player hears of it
    this.preferences = Promise.resolve(language).then((l) => {
      if (l && l !== this.language) {
        this.language = l;
        if (this.begun) this.dispatchEvent(new TrackerUpdateEvent());
      }
      return l;
    });
  }

  protected override launchAnswers(): Promise<unknown> {
    return this.preferences;
  }

  private get reportedKey(): string {
    return `xapi-reported|${this.activityId}|${this.learner.id}|${this.registration ?? ''}`;
  }

  protected async started(_saved: SavedProgress | null): Promise<void> {
    try {
      this.reported = (await readMeta<Reported>(this.reportedKey)) ?? {};
    } catch {
      this.reported = {};
    }
    // one `initialized` per launch; a reload of the same page is the same launch
    const flag = `xapi-initialized|${this.outbox.key}`;
    if (!readSession(flag)) {
      writeSession(flag, String(Date.now()));
      // queued now (first), stored and sent without the first lesson waiting for either
      void this.outbox.add([this.statement('initialized', {object: this.courseObject(), context: this.context()})]);
    } else {
      this.sessionStart = Number(readSession(flag)) || this.sessionStart;
    }
  }

  async result(outcome: Outcome): Promise<void> {
    const statements = [];
    const percent = Math.round(Math.max(0, Math.min(1, outcome.progressMeasure)) * 100);
    if (percent > this.lastProgressPercent && !this.reported.completed) {
      this.lastProgressPercent = percent;
      statements.push(
        this.statement('progressed', {
          object: this.courseObject(),
          result: {extensions: {[CMI5_IRI.progress]: percent}},
          context: this.context(),
        }),
      );
    }
    if (outcome.completed && !this.reported.completed) {
      this.reported.completed = true;
      statements.push(
        this.statement('completed', {
          object: this.courseObject(),
          result: {completion: true, duration: this.sessionDuration()},
          context: this.context(),
        }),
      );
    }
    if (outcome.passed !== undefined && outcome.scaled !== undefined && !this.reported.passed) {
      const score = scoreOf(outcome.scaled);
      if (outcome.passed) {
        this.reported.passed = true;
        statements.push(
          this.statement('passed', {
            object: this.courseObject(),
            result: {score, success: true, duration: this.sessionDuration()},
            context: this.context(),
          }),
        );
      } else if (this.reported.failed !== outcome.scaled) {
        this.reported.failed = outcome.scaled;
        statements.push(
          this.statement('failed', {
            object: this.courseObject(),
            result: {score, success: false, duration: this.sessionDuration()},
            context: this.context(),
          }),
        );
      }
    }
    if (!statements.length) return;
    await this.outbox.add(statements);
    try {
      await (await localDatabase(false)).metaSet(this.reportedKey, this.reported);
    } catch {
      // the statements are queued; at worst a later launch reports the same result again
    }
  }

  async end(how: 'exit' | 'suspend'): Promise<void> {
    if (how === 'suspend') {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') this.outbox.flushKeepalive();
      else await this.outbox.flush();
      return;
    }
    await this.outbox.add([
      this.statement('terminated', {
        object: this.courseObject(),
        result: {duration: this.sessionDuration()},
        context: this.context(),
      }),
    ]);
    removeSession(`xapi-initialized|${this.outbox.key}`);
    await this.outbox.drain(8000);
  }

  protected allowedContext(activities: Context['contextActivities'] = {}): Context {
    return this.context(activities);
  }

  private context(activities: Context['contextActivities'] = {}): Context {
    const ctx: Context = {};
    if (this.registration) ctx.registration = this.registration;
    const ca: Context['contextActivities'] = {};
    if (activities.parent) ca.parent = activities.parent;
    if (Object.keys(ca).length) ctx.contextActivities = ca;
    return ctx;
  }

  private courseObject(): Activity {
    const content = defaultContent(this.course);
    return {
      objectType: 'Activity',
      id: this.activityId,
      definition: {
        type: ACTIVITY_TYPES.course,
        name: {[this.course.languages[0] ?? 'en']: content.title || this.course.id},
      },
    };
  }
}

/** The xAPI tracker for this page's launch (see the module comment). */
export async function createXapiTracker(course: CompiledCourse): Promise<Tracker> {
  const search = typeof location === 'undefined' ? '' : location.search;
  if (!hasAnyParam(search, TINCAN_PARAMS)) return noLms(course);
  const launch = readXapiLaunch(search);
  // the learner's language was asked for by the page's first script, where it ran
  return new XapiTracker(course, launch, takeLearnerLanguage(launch, search));
}
