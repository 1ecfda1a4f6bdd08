// The page's first script for a SCORM 2004 launch: small, so that it runs as soon as it has arrived. It starts what the
// first lesson needs (src/components/prefetch.ts) and then runs the player, which the page preloads beside it.
import {prefetchCourse} from '../components/prefetch.js';
import {initializeEarly} from '../tracking/scorm-shared/early.js';

prefetchCourse(() => initializeEarly('API_1484_11', 'cmi.learner_preference.language'));
void import('./player/scorm2004.js');
