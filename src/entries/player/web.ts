// The player as packaged for the web (no LMS): progress stays on this device.
import {boot} from '../../components/boot.js';
import {createStandaloneTracker} from '../../tracking/standalone/standalone-tracker.js';

// (data-web: the line about offline use holds a button here, and the page keeps its place from the start)
boot((course) => createStandaloneTracker(course)).setAttribute('data-web', '');
