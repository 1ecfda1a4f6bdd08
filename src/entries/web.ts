// The page's first script for a the web (no LMS) launch: small, so that it runs as soon as it has arrived. It starts what the
// first lesson needs (src/components/prefetch.ts) and then runs the player, which the page preloads beside it.
import {prefetchCourse} from '../components/prefetch.js';

prefetchCourse(() => null);
void import('./player/web.js');
