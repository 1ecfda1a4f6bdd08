// The player as packaged for a xapi launch: the xapi tracker, and the standalone one as its fallback.
import {boot} from '../../components/boot.js';
import {createXapiTracker} from '../../tracking/xapi/xapi-tracker.js';

boot(createXapiTracker);
