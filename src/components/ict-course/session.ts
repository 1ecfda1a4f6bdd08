import type {ReactiveController, ReactiveControllerHost} from 'lit';
import {emptyProgress, evaluate, LOCATION_COMPLETE, mergeProgress} from '../../course/rules.js';
import type {CompiledCourse, Outcome, Progress} from '../../course/types.js';
import {
  TrackerStatusEvent,
  TrackerUpdateEvent,
  type AnswerRecord,
  type Tracker,
  type TrackerStatus,
} from '../../tracking/tracker.js';
import {IctCompleteEvent, IctErrorEvent, IctProgressEvent, IctSavedEvent} from '../events.js';

/** Status codes whose message stays in view for the rest of the launch once reported. */
const STICKY_CODES = new Set(['state-unreadable', 'session-ended']);

/** What the session needs of the element it serves. */
export interface SessionHost extends ReactiveControllerHost, EventTarget {
  /** the course is on screen (not loading, not an error, not exited) */
  readonly ready: boolean;
  /** say something to screen readers */
  announce(text: string): void;
  /** the words the learner sees for a status */
  statusText(status: TrackerStatus): string;
  /** the words for the network going and coming back */
  networkText(online: boolean): string;
  /** the LMS's language preference may have changed: a learner who has not chosen one gets it */
  hostLangChanged(): void;
}

/**
 * The learner's session with the tracker of this launch: the one owner of the tracker, of the learner's progress
 * and outcome, and of the page lifecycle that concerns saving (a hidden or closed page suspends the session, the
 * network going and coming back is announced). Every change of progress is one step: {@link commit} saves it once
 * (with the answer record and the result where they change) and fires `ict-progress` and `ict-complete`.
 */
export class TrackerSession implements ReactiveController {
  tracker: Tracker | null = null;
  status: TrackerStatus = {state: 'connecting', pending: 0};
  online = typeof navigator === 'undefined' ? true : navigator.onLine;
  progress: Progress = emptyProgress();
  outcome: Outcome = {progressMeasure: 0, completed: false};
  /** a status code the learner keeps seeing for this launch (see STICKY_CODES) */
  notice: string | null = null;
  /** where the LMS's copy of the progress, come after the course showed, has the learner: offered, never forced */
  later: string | null = null;
  /** `updated` of the progress the course opened with (0: a fresh start) */
  private openedFrom = 0;
  /** what the LMS said after begin() and before the course was on screen: taken in once it is */
  private pendingUpdates: Event[] = [];
  exited = false;
  private course: CompiledCourse | null = null;
  private suspended = false;
  private completeSent = false;
  /** tracker calls started (begin, saves, answers, results, end), all settled when this settles */
  private work: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: SessionHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.listen('addEventListener');
  }

  hostUpdated(): void {
    if (!this.pendingUpdates.length || !this.host.ready) return;
    const pending = this.pendingUpdates;
    this.pendingUpdates = [];
    for (const e of pending) this.onUpdate(e);
  }

  hostDisconnected(): void {
    this.listen('removeEventListener');
  }

  /** The page's lifecycle and network, and the tracker's status (again after the element moved in the page). */
  private listen(how: 'addEventListener' | 'removeEventListener'): void {
    document[how]('visibilitychange', this.onVisibility);
    window[how]('pagehide', this.onPageHide);
    window[how]('online', this.onNetwork);
    window[how]('offline', this.onNetwork);
    this.tracker?.[how](TrackerStatusEvent.type, this.onStatus);
    this.tracker?.[how](TrackerUpdateEvent.type, this.onUpdate);
  }

  /** Begins the session with the tracker of a new load (the one of an earlier load is no longer listened to). */
  begin(tracker: Tracker): ReturnType<Tracker['begin']> {
    this.tracker?.removeEventListener(TrackerStatusEvent.type, this.onStatus);
    this.tracker?.removeEventListener(TrackerUpdateEvent.type, this.onUpdate);
    this.tracker = tracker;
    this.status = tracker.status;
    this.later = null;
    this.pendingUpdates = [];
    tracker.addEventListener(TrackerStatusEvent.type, this.onStatus);
    tracker.addEventListener(TrackerUpdateEvent.type, this.onUpdate);
    return this.track(tracker.begin());
  }

  /**
   * The course is shown with this progress (resumed or new). A completed course opens on its certificate, wherever
   * the learner left it: the earlier outcome is what they find.
   */
  open(course: CompiledCourse, progress: Progress): void {
    this.course = course;
    this.openedFrom = progress.location ? progress.updated : 0;
    const outcome = evaluate(course, progress, this.tracker!.masteryScore);
    this.progress = outcome.completed ? {...progress, location: LOCATION_COMPLETE} : progress;
    this.outcome = outcome;
    this.completeSent = outcome.completed;
    this.status = this.tracker!.status;
  }

  /** One learner step: the new progress is saved. Returns the save (reported as an error if it fails; it never rejects). */
  commit(next: Progress, record?: AnswerRecord): Promise<unknown> | undefined {
    const {course, tracker, host} = this;
    if (!course || !tracker || next === this.progress) return;
    this.suspended = false;
    if (next.location === this.later) this.later = null;
    const before = this.outcome;
    const outcome = evaluate(course, next, tracker.masteryScore);
    this.progress = next;
    this.outcome = outcome;
    host.requestUpdate();
    const counts = tracker.mode === 'normal';
    const report = (p: Promise<void>) =>
      this.track(p).catch((e: unknown) =>
        host.dispatchEvent(new IctErrorEvent({code: 'tracker-status', message: String(e)})),
      );
    if (record && counts) void report(tracker.answer(record));
    const saved = report(tracker.save(next));
    if (counts && !sameOutcome(before, outcome)) void report(tracker.result(outcome));
    host.dispatchEvent(new IctProgressEvent({outcome, location: next.location}));
    if (outcome.completed && !this.completeSent) {
      this.completeSent = true;
      host.dispatchEvent(new IctCompleteEvent({outcome}));
    }
    return saved;
  }

  /** The learner pressed Exit: the session ends (once). */
  async exit(): Promise<void> {
    const tracker = this.tracker;
    if (!tracker || this.exited) return;
    this.exited = true;
    try {
      await this.track(tracker.end('exit'));
    } catch (e) {
      this.host.dispatchEvent(new IctErrorEvent({code: 'tracker-status', message: String(e)}));
    }
  }

  /** Adds `p` to the work {@link settled} waits for. */
  track<T>(p: Promise<T>): Promise<T> {
    this.work = Promise.allSettled([this.work, p]);
    return p;
  }

  /** Resolves with the status once every tracker call started so far (and while waiting) has settled. */
  async settled(): Promise<TrackerStatus> {
    for (let work; work !== this.work;) await (work = this.work);
    return this.status;
  }

  private onStatus = (e: Event): void => {
    const status = (e as TrackerStatusEvent).status;
    const before = this.status;
    const host = this.host;
    // What the learner must know about this launch stays in view after the next save (the LMS's copy was unreadable,
    // the session ended), not only until the status changes.
    if (status.code && STICKY_CODES.has(status.code)) this.notice = status.code;
    this.status = status;
    host.requestUpdate();
    host.dispatchEvent(new IctSavedEvent({status}));
    // Screen readers hear what needs attention (changes waiting, offline, and the return to saved after that),
    // not "saving… saved" at every step; the visible line shows everything. Errors go to the alert region.
    const worrying = (s: TrackerStatus) => s.state === 'pending' || s.state === 'offline' || s.state === 'error';
    if (
      host.ready &&
      status.state !== before.state &&
      status.state !== 'error' &&
      (worrying(status) || (status.state === 'saved' && worrying(before)))
    ) {
      host.announce(host.statusText(status));
    }
    if (status.state === 'error' && (before.state !== 'error' || before.code !== status.code)) {
      host.dispatchEvent(
        new IctErrorEvent({code: 'tracker-status', message: status.detail ?? status.code ?? 'error', status}),
      );
    }
  };

  /**
   * What the LMS holds came after the course showed (a slow LRS): its launch data is shown (mode, waived, the
   * language where the learner has not chosen one); newer progress is merged into the learner's (nothing lost) and
   * its place offered ({@link later}) where it is not this one.
   */
  private onUpdate = (e: Event): void => {
    const late = (e as TrackerUpdateEvent).progress;
    const {course, tracker, host} = this;
    host.requestUpdate();
    if (!host.ready) {
      this.pendingUpdates.push(e); // the course is not on screen yet: after it is (hostUpdated)
      return;
    }
    host.hostLangChanged();
    if (!late || !course || !tracker) return;
    const here = this.progress;
    this.progress = {...mergeProgress(here, late), location: here.location, lang: here.lang ?? late.lang};
    this.outcome = evaluate(course, this.progress, tracker.masteryScore);
    this.completeSent ||= this.outcome.completed;
    // newer than what the course opened with, and somewhere else than here
    const further = late.updated > this.openedFrom && late.location && late.location !== here.location;
    if (further && !this.exited) this.later = late.location!;
  };

  private suspend(): void {
    if (this.suspended || this.exited || !this.tracker || !this.host.ready) return;
    this.suspended = true;
    void this.track(this.tracker.end('suspend')).catch(() => undefined);
  }

  private onVisibility = (): void => {
    if (document.visibilityState === 'hidden') this.suspend();
    else this.suspended = false;
  };

  private onPageHide = (): void => this.suspend();

  private onNetwork = (): void => {
    const online = navigator.onLine;
    if (online === this.online) return;
    this.online = online;
    this.host.requestUpdate();
    this.host.announce(this.host.networkText(online));
  };
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return (
    a.completed === b.completed &&
    a.passed === b.passed &&
    a.scaled === b.scaled &&
    a.progressMeasure === b.progressMeasure
  );
}
