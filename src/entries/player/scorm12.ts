// The player as packaged for a scorm12 launch: the scorm12 tracker, and the standalone one as its fallback.
import {boot} from '../../components/boot.js';
import {createScorm12Tracker} from '../../tracking/scorm12/scorm12-tracker.js';

boot(createScorm12Tracker);
