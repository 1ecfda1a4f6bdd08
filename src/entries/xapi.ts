// The page's first script for a xAPI launch: small, so that it runs as soon as it has arrived. It starts what the
// first lesson needs (src/components/prefetch.ts) and then runs the player, which the page preloads beside it.
import {prefetchCourse} from '../components/prefetch.js';
import {startXapi} from '../tracking/xapi/early.js';

prefetchCourse(() => startXapi());
void import('./player/xapi.js');
