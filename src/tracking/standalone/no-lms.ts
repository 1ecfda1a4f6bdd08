/**
 * The tracker of an LRS package's page opened without its launch parameters (not from an LMS): progress on this
 * device, and the learner told. The standalone tracker (and the database module it needs at once) is loaded only
 * then: an LMS launch's first download does without it.
 */
import type {CompiledCourse} from '../../course/types.js';
import type {Tracker} from '../tracker.js';

export async function noLms(course: CompiledCourse): Promise<Tracker> {
  return (await import('./standalone-tracker.js')).createStandaloneTracker(course, {reason: 'no-lms'});
}
