// The page's first script for an AICC HACP launch: small, so that it runs as soon as it has arrived. It starts what the
// first lesson needs (src/components/prefetch.ts) and then runs the player, which the page preloads beside it.
import {prefetchCourse} from '../components/prefetch.js';
import {aiccEarly} from '../tracking/aicc/early.js';

prefetchCourse(aiccEarly);
void import('./player/aicc.js');
