// A SCORM launch's start, as pure functions: the elements read at launch, the LMS's copy of the learner's progress
// (suspend data through the state codec), and which copy to resume from.
import {evaluate} from '../../course/rules.js';
import type {CompiledCourse, SavedProgress} from '../../course/types.js';
import type {Known, ScormDialect} from './dialect.js';
import type {StateCodec} from '../state-codec.js';

/** The elements read at launch. */
export function launchElements(d: ScormDialect): string[] {
  const el = d.el;
  return [
    el.entry,
    el.learnerId,
    el.learnerName,
    el.mode,
    el.credit,
    el.masteryScore,
    el.language,
    el.location,
    el.suspendData,
    el.interactionsCount,
    ...d.statusElements,
  ];
}

/** The LMS's copy of the progress: none, the copy, or why it could not be read. */
export function lmsCopy(
  d: ScormDialect,
  known: Known,
  course: CompiledCourse,
  codec: StateCodec | null,
): {saved: SavedProgress | null} | {problem: string} {
  const raw = known(d.el.suspendData);
  if (!raw) return {saved: null};
  try {
    if (!codec) throw new Error('the state codec could not be loaded');
    const decoded = codec.decodeState(raw, course.id);
    return {saved: {progress: codec.migrateProgress(decoded.progress, course), courseVersion: decoded.courseVersion}};
  } catch (e) {
    const code = codec && e instanceof codec.StateError ? e.code : 'malformed';
    const why = e instanceof Error ? e.message : String(e);
    return {
      problem: `${d.el.suspendData} could not be read (${code}: ${why}); resuming from this device's copy where there is one`,
    };
  }
}

/**
 * The copy to resume from: the newer of the LMS's and this device's (by `progress.updated`). With no LMS copy,
 * this device's, unless it is a finished course launched as a new attempt (`ab-initio`): then none (a fresh start).
 */
export function chooseProgress(
  course: CompiledCourse,
  fromLms: SavedProgress | null,
  local: SavedProgress | null,
  launch: {entry: string; lmsCopyUnreadable: boolean; masteryScore?: number},
): SavedProgress | null {
  if (!local) return fromLms;
  if (fromLms) return local.progress.updated > fromLms.progress.updated ? local : fromLms;
  // The LMS lost or mangled the state (commits refused until the tab closed, a truncating LMS): this device's copy
  // is the newest.
  const finished = evaluate(course, local.progress, launch.masteryScore).completed;
  if (launch.lmsCopyUnreadable || launch.entry !== 'ab-initio' || !finished) return local;
  return null;
}
