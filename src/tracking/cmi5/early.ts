// The page's first script of a cmi5 launch: the launch started (./launch.ts startCmi5) while the player downloads.
import type {EarlyLanguage} from '../../components/prefetch.js';
import {hasAnyParam} from '../xapi/launch.js';
import {CMI5_PARAMS, startCmi5} from './launch.js';

/** Starts the launch; the LMS's language preference (from the learner preferences) for the content fetched early. */
export function cmi5Early(search: string = location.search): EarlyLanguage {
  if (!hasAnyParam(search, CMI5_PARAMS)) return null; // no LMS: the course follows the browser
  try {
    return startCmi5(search).launching.then(
      (s) => s.language ?? null,
      () => undefined,
    );
  } catch {
    return undefined; // the tracker reports the launch's problem
  }
}
