// The player as packaged for an AICC HACP launch: the HACP tracker, and the standalone one as its fallback.
import {boot} from '../../components/boot.js';
import {createAiccTracker} from '../../tracking/aicc/aicc-tracker.js';

boot(createAiccTracker);
