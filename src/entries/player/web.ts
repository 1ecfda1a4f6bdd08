// The player as packaged for the web (no LMS): progress stays on this device.
import {boot} from '../../components/boot.js';
import {createStandaloneTracker} from '../../tracking/standalone/standalone-tracker.js';

boot((course) => createStandaloneTracker(course));
