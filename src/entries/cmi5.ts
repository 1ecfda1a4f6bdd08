// The page's first script for a cmi5 launch: small, so that it runs as soon as it has arrived. It starts what the
// first lesson needs (src/components/prefetch.ts) and then runs the player, which the page preloads beside it.
import {prefetchCourse} from '../components/prefetch.js';
import {cmi5Early} from '../tracking/cmi5/early.js';

prefetchCourse(cmi5Early);
void import('./player/cmi5.js');
