// The page's first script for a cmi5 launch: as small as it can be, so that it runs as soon as it has arrived. It
// fetches the course and the likely language's content (src/components/prefetch.ts), and loads the start of the
// launch with the LRS and the player, both preloaded by the page beside it.
import {prefetchCourse} from '../components/prefetch.js';

prefetchCourse(() => import('../tracking/cmi5/early.js').then((m) => m.cmi5Early()));
void import('./player/cmi5.js');
