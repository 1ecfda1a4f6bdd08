// The player as packaged for a cmi5 launch: the cmi5 tracker, and the standalone one as its fallback.
import {boot} from '../../components/boot.js';
import {createCmi5Tracker} from '../../tracking/cmi5/cmi5-tracker.js';

boot(createCmi5Tracker);
