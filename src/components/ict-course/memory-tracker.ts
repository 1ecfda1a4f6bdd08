/**
 * The tracker for `tracking="off"`: keeps progress in memory for this page only (a demonstration, a preview in an
 * authoring page). Nothing is stored or sent; the learner is told so.
 */
import type {CompiledCourse, Outcome, Progress, SavedProgress} from '../../course/types.js';
import {
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type Tracker,
  type TrackerStatus,
} from '../../tracking/tracker.js';

export class MemoryTracker extends EventTarget implements Tracker {
  readonly format = 'standalone' as const;
  readonly learner: Learner = {id: 'anonymous'};
  readonly mode: LaunchMode = 'normal';
  readonly credit: boolean = false;
  readonly language?: string;
  status: TrackerStatus = {state: 'local', pending: 0, code: 'not-saved'};
  /** what the page has been told, for inspection */
  progress: Progress | null = null;
  answers: AnswerRecord[] = [];
  outcome: Outcome | null = null;

  constructor(readonly course: CompiledCourse) {
    super();
  }

  async begin(): Promise<SavedProgress | null> {
    this.dispatchEvent(new TrackerStatusEvent(this.status));
    return null;
  }
  async save(progress: Progress): Promise<void> {
    this.progress = progress;
  }
  async answer(record: AnswerRecord): Promise<void> {
    this.answers.push(record);
  }
  async result(outcome: Outcome): Promise<void> {
    this.outcome = outcome;
  }
  async end(_how: 'exit' | 'suspend'): Promise<void> {}
}
