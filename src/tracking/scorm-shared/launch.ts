// The tracker of a SCORM launch, on the API object found for it (./find-api.ts).
import type {CompiledCourse} from '../../course/types.js';
import type {Tracker} from '../tracker.js';
import type {ScormApi, ScormDialect} from './dialect.js';
import {hasMethods, waitForScormApi} from './find-api.js';
import {ScormTracker} from './scorm-tracker.js';

/**
 * The tracker of a SCORM launch: the LMS's API object called `name`, found in a parent or opener window and checked
 * for the methods the dialect calls; where none is reachable (the course opened outside an LMS, or the LMS serves it
 * from another origin without a bridge), the standalone tracker, whose status says `no-lms`.
 */
export async function launchScorm(
  course: CompiledCourse,
  name: 'API' | 'API_1484_11',
  calls: ScormDialect['callNames'],
  dialect: (api: ScormApi) => ScormDialect,
): Promise<Tracker> {
  const api = await waitForScormApi(name, (a) => hasMethods(a, Object.values(calls)));
  if (!api) {
    // Loaded only here: a launch from an LMS never needs it.
    const {createStandaloneTracker} = await import('../standalone/standalone-tracker.js');
    return createStandaloneTracker(course, {reason: 'no-lms'});
  }
  return new ScormTracker(course, dialect(api as ScormApi));
}
