// The page's first script for a cmi5 launch: small, so that it runs as soon as it has arrived. It starts the launch
// (the fetch POST, then LaunchData, preferences, results and the saved progress at once) and fetches the course
// and the likely language's content (src/components/prefetch.ts); then it runs the player, which the page preloads
// beside it.
import {prefetchCourse} from '../components/prefetch.js';
import {cmi5Early} from '../tracking/cmi5/early.js';

prefetchCourse(cmi5Early);
void import('./player/cmi5.js');
