/**
 * The preview LMS's AICC HACP endpoint (`POST /hacp`), as an LMS that launches courses by HACP answers them
 * (AICC CMI001 4.0, §6.4): `GetParam` gives the AU what the LMS holds, `PutParam` stores what the AU sends,
 * `ExitAU` closes the session. The session is `aicc_sid` from the launch; what the AU sends is kept as a SCORM 1.2
 * shaped CMI record (`core.lesson_status`, `core.lesson_location`, `core.score.*`, `core.session_time`,
 * `core.exit`, `suspend_data` from `[Core_Lesson]`), so that the catalogue, `/api/records` and the inspector show
 * it as they show SCORM records. Every request is published to the launch's inspector with its answer.
 */
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {CompiledCourse} from '../course/types.js';
import {hacpValue, parseHacp, readLessonStatus, readScore} from '../tracking/aicc/hacp.js';
import type {Preview} from './context.js';
import {readBody, sendText} from './http.js';
import {SAMPLE_LEARNERS} from './learners.js';
import {cmiGet, flattenCmi, type Cmi, type ScormRecord} from './store.js';
import {toScorm12Time} from './time.js';

/** CMI001's error numbers. */
const OK = 0;
const INVALID_COMMAND = 1;
const INVALID_SESSION = 3;
/** Largest request the endpoint reads. */
const MAX_BODY = 1024 * 1024;

const CRLF = '\r\n';

/** The answer: `error`, `error_text`, `version`, `aicc_data` and the data, CRLF as CMI001 writes it. */
function answer(res: ServerResponse, error: number, text: string, data = ''): void {
  const body = [`error=${error}`, `error_text=${text}`, 'version=4.0', 'aicc_data='].join(CRLF) + CRLF;
  sendText(res, 200, body + data, 'text/plain; charset=utf-8');
}

/** What the launch told the preview about a session: its course, language and mastery. */
export interface HacpSessionInfo {
  course: CompiledCourse;
  lang: string;
  mastery: number;
}

export async function hacp(p: Preview, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams((await readBody(req, MAX_BODY)).toString('utf8'));
  const field = (name: string) => {
    for (const [k, v] of form) if (k.toLowerCase() === name) return v;
    return '';
  };
  const command = field('command').trim().toLowerCase();
  const sid = field('session_id').trim();
  const aiccData = field('aicc_data');
  const found = p.store.scormSession(sid);
  const info = p.hacpSessions.get(sid);
  if (!found || !info || found.record.format !== 'aicc') {
    p.log(`HACP ${command || '(no command)'}: unknown session ${JSON.stringify(sid)}`);
    return answer(res, INVALID_SESSION, 'Invalid Session ID');
  }
  const {record, session} = found;
  const topic = {learner: record.learner, course: record.course, format: 'aicc'} as const;
  const publish = (error: number, text: string) =>
    p.publishRecord(topic, {
      cmi: flattenCmi(record.cmi),
      hacp: {command, error, text, aiccData, at: new Date().toISOString()},
    });
  if (session.finished && command !== 'exitau') {
    publish(INVALID_SESSION, 'the session has ended (ExitAU)');
    return answer(res, INVALID_SESSION, 'Invalid Session ID: the session has ended');
  }
  switch (command) {
    case 'getparam': {
      const data = getParamData(record, session.entry, session.mode, info);
      publish(OK, 'Successful');
      return answer(res, OK, 'Successful', data);
    }
    case 'putparam': {
      const cmi = putParamCmi(record.cmi, aiccData);
      const outcome = p.store.commit(record.learner, record.course, 'aicc', sid, {cmi}, false);
      const error = outcome.accepted ? OK : INVALID_COMMAND;
      const text = outcome.accepted ? 'Successful' : `Refused: ${outcome.reason}`;
      publish(error, text);
      if (!outcome.accepted)
        p.log(`refused a PutParam of ${record.learner} in ${record.course} (aicc): ${outcome.reason}`);
      return answer(res, error, text);
    }
    case 'exitau': {
      p.store.commit(record.learner, record.course, 'aicc', sid, {cmi: record.cmi ?? {}}, true);
      publish(OK, 'Successful');
      return answer(res, OK, 'Successful');
    }
    default:
      publish(INVALID_COMMAND, `Invalid Command ${command}`);
      return answer(res, INVALID_COMMAND, 'Invalid Command');
  }
}

/** The `[Core]`, `[Core_Lesson]`, `[Student_Data]` and `[Student_Preferences]` groups of a GetParam answer. */
function getParamData(record: ScormRecord, entry: string, mode: string, info: HacpSessionInfo): string {
  const cmi = record.cmi;
  const learner = SAMPLE_LEARNERS.find((l) => l.id === record.learner);
  const status = String(cmiGet(cmi, 'core.lesson_status') || 'not attempted');
  const flag = entry === 'ab-initio' ? ', ab-initio' : entry === 'resume' ? ', resume' : '';
  const raw = cmiGet(cmi, 'core.score.raw');
  const hasAssessment = !!info.course.content[info.course.languages[0]]?.assessment;
  const sessionsBefore = record.sessions.slice(0, -1).reduce((s, x) => s + x.seconds, 0);
  return (
    [
      '[Core]',
      `Student_ID=${record.learner}`,
      `Student_Name=${learner?.scormName ?? record.learner}`,
      `Lesson_Location=${cmiGet(cmi, 'core.lesson_location') ?? ''}`,
      `Credit=${mode === 'normal' ? 'credit' : 'no-credit'}`,
      `Lesson_Status=${status}${flag}`,
      `Score=${raw === undefined || raw === '' ? '' : `${raw},${cmiGet(cmi, 'core.score.max') ?? 100},${cmiGet(cmi, 'core.score.min') ?? 0}`}`,
      `Time=${toScorm12Time(sessionsBefore).replace(/\.\d+$/, '')}`,
      `Lesson_Mode=${mode}`,
      '[Core_Lesson]',
      String(cmiGet(cmi, 'suspend_data') ?? ''),
      '[Core_Vendor]',
      '',
      '[Student_Data]',
      `Mastery_Score=${hasAssessment ? Math.round(info.mastery * 10000) / 100 : ''}`,
      '[Student_Preferences]',
      `Language=${info.lang}`,
    ].join(CRLF) + CRLF
  );
}

/** The record's CMI with what a PutParam's `aicc_data` sets (what it leaves out stays as it was). */
function putParamCmi(before: Cmi | null, aiccData: string): Cmi {
  const cmi: Cmi = structuredClone(before ?? {});
  cmi.core ??= {};
  const data = parseHacp(aiccData);
  const core = data.groups.get('core');
  if (core) {
    if (core.values.has('lesson_location')) cmi.core.lesson_location = hacpValue(data, 'core', 'lesson_location');
    if (core.values.has('lesson_status')) {
      const v = hacpValue(data, 'core', 'lesson_status');
      const {status} = readLessonStatus(v);
      if (v.trim()) cmi.core.lesson_status = status;
      const flag = (v.split(',')[1] ?? '').trim().toLowerCase();
      cmi.core.exit =
        flag === 's' || flag === 'suspend'
          ? 'suspend'
          : flag === 'l' || flag === 'logout'
            ? 'logout'
            : flag === 't' || flag === 'time-out'
              ? 'time-out'
              : '';
    }
    if (core.values.has('score')) {
      const [raw, max, min] = hacpValue(data, 'core', 'score')
        .split(',')
        .map((s) => s.trim());
      if (readScore(raw ?? '') !== undefined) cmi.core.score = {raw, max: max || '100', min: min || '0'};
    }
    if (core.values.has('time')) cmi.core.session_time = hacpValue(data, 'core', 'time');
  }
  const lesson = data.groups.get('core_lesson');
  if (lesson) cmi.suspend_data = lesson.text;
  return cmi;
}
