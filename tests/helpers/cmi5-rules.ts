// The cmi5 sequence rules (cmi5 spec 9.3-9.6, as listed in the REFERENCE) checked over what an LRS holds for one
// registration. Returns the problems found; an empty list means the AU kept every rule checked here.
import {objectId, type Statement} from '../../src/preview/lrs/lrs.js';

const V = {
  launched: 'http://adlnet.gov/expapi/verbs/launched',
  initialized: 'http://adlnet.gov/expapi/verbs/initialized',
  completed: 'http://adlnet.gov/expapi/verbs/completed',
  passed: 'http://adlnet.gov/expapi/verbs/passed',
  failed: 'http://adlnet.gov/expapi/verbs/failed',
  terminated: 'http://adlnet.gov/expapi/verbs/terminated',
  abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
  waived: 'https://w3id.org/xapi/adl/verbs/waived',
  satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
};
const LMS_VERBS = new Set([V.launched, V.abandoned, V.waived, V.satisfied]);
const DEFINED = new Set([V.initialized, V.completed, V.passed, V.failed, V.terminated]);
const CAT = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVEON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
const MASTERY = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
const LAUNCHMODE = 'https://w3id.org/xapi/cmi5/context/extensions/launchmode';
const PROGRESS = 'https://w3id.org/xapi/cmi5/result/extensions/progress';

const name = (s: Statement) => String(s.verb.id).split('/').at(-1);
const categories = (s: Statement): string[] =>
  [s.context?.contextActivities?.category ?? []].flat().map((c: {id: string}) => c.id);

export interface Cmi5Expect {
  registration: string;
  activityId: string;
  /** the publisher id the LMS put in the contextTemplate's grouping */
  publisherId?: string;
  masteryScore?: number;
}

/** Problems with the statements of a registration (give them in stored order, oldest first). */
export function cmi5Problems(all: Statement[], ex: Cmi5Expect): string[] {
  const out: string[] = [];
  const say = (s: Statement, msg: string) => out.push(`${name(s)} ${s.id}: ${msg}`);
  const au = all.filter((s) => !LMS_VERBS.has(s.verb.id));
  const modes = new Map<string, string>();
  for (const s of all)
    if (s.verb.id === V.launched)
      modes.set(String(s.context?.extensions?.[SESSION]), String(s.context?.extensions?.[LAUNCHMODE]));
  const sessions = new Map<string, Statement[]>();
  for (const s of au) {
    const given: unknown = s.context?.extensions?.[SESSION];
    if (typeof given !== 'string') say(s, 'no session id extension');
    const sid = String(given);
    if (s.context?.registration !== ex.registration) say(s, `registration ${s.context?.registration}`);
    if (!sessions.has(sid)) sessions.set(sid, []);
    sessions.get(sid)!.push(s);
  }
  let completed = 0;
  let passed = 0;
  let passedSeen = false;
  let completedSeen = false;
  for (const s of au) {
    const v = s.verb.id;
    const cats = categories(s);
    const r = s.result ?? {};
    if (DEFINED.has(v)) {
      if (objectId(s) !== ex.activityId) say(s, `object ${objectId(s)} is not the activityId`);
      if (!cats.includes(CAT)) say(s, 'cmi5 category missing');
      if (
        ex.publisherId &&
        ![s.context?.contextActivities?.grouping ?? []].flat().some((g) => g.id === ex.publisherId)
      ) {
        say(s, 'the contextTemplate grouping (publisher id) is missing');
      }
      if (r.score !== undefined && v !== V.passed && v !== V.failed)
        say(s, 'score on a statement other than passed/failed');
      if (r.success !== undefined && v !== V.passed && v !== V.failed)
        say(s, 'success on a statement other than passed/failed');
      if (r.completion !== undefined && v !== V.completed) say(s, 'completion on a statement other than completed');
      if ([V.completed, V.passed, V.failed, V.terminated].includes(v) && !/^P/.test(String(r.duration ?? '')))
        say(s, 'duration missing');
      const needsMoveOn = r.success !== undefined || r.completion !== undefined;
      if (needsMoveOn !== cats.includes(MOVEON))
        say(s, needsMoveOn ? 'moveOn category missing' : 'moveOn category where there is no success/completion');
    } else {
      if (cats.includes(CAT)) say(s, 'cmi5 category on a statement cmi5 does not define');
      if (cats.includes(MOVEON)) say(s, 'moveOn category on a statement cmi5 does not define');
    }
    if (v === V.completed) {
      completed++;
      completedSeen = true;
      if (r.completion !== true) say(s, 'completed without completion true');
    }
    if (r.extensions?.[PROGRESS] !== undefined && completedSeen) say(s, 'progress after completed');
    if (v === V.passed) {
      passed++;
      passedSeen = true;
      if (r.success !== true) say(s, 'passed without success true');
      if (typeof r.score?.scaled !== 'number') say(s, 'passed without a scaled score');
      if (ex.masteryScore !== undefined && !((r.score?.scaled ?? NaN) >= ex.masteryScore))
        say(s, `passed below masteryScore ${ex.masteryScore}`);
      if (ex.masteryScore !== undefined && s.context?.extensions?.[MASTERY] !== ex.masteryScore)
        say(s, 'masteryScore extension missing');
    }
    if (v === V.failed) {
      if (passedSeen) say(s, 'failed after passed');
      if (r.success !== false) say(s, 'failed without success false');
      if (ex.masteryScore !== undefined && !((r.score?.scaled ?? NaN) < ex.masteryScore))
        say(s, `failed at or above masteryScore ${ex.masteryScore}`);
      if (ex.masteryScore !== undefined && s.context?.extensions?.[MASTERY] !== ex.masteryScore)
        say(s, 'masteryScore extension missing');
    }
  }
  if (completed > 1) out.push(`${completed} completed statements in the registration`);
  if (passed > 1) out.push(`${passed} passed statements in the registration`);
  for (const [sid, list] of sessions) {
    const verbs = list.map((s) => s.verb.id);
    if (verbs[0] !== V.initialized) out.push(`session ${sid}: first statement is ${name(list[0]!)}, not initialized`);
    if (verbs.filter((v) => v === V.initialized).length !== 1)
      out.push(`session ${sid}: ${verbs.filter((v) => v === V.initialized).length} initialized`);
    const t = verbs.indexOf(V.terminated);
    if (t >= 0 && t !== verbs.length - 1) out.push(`session ${sid}: statements after terminated`);
    if (verbs.filter((v) => v === V.terminated).length > 1) out.push(`session ${sid}: more than one terminated`);
    if (verbs.includes(V.passed) && verbs.includes(V.failed)) out.push(`session ${sid}: both passed and failed`);
    const mode = modes.get(sid);
    if (mode && mode !== 'Normal' && verbs.some((v) => v !== V.initialized && v !== V.terminated))
      out.push(`session ${sid}: ${mode} mode sent more than initialized and terminated`);
  }
  return out;
}
