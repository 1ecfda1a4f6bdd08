// The player as packaged for a scorm2004 launch: the scorm2004 tracker, and the standalone one as its fallback.
import {boot} from '../../components/boot.js';
import {createScorm2004Tracker} from '../../tracking/scorm2004/scorm2004-tracker.js';

boot(createScorm2004Tracker);
