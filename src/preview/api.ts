// The preview LMS's pages and API beside the launches: the catalogue, SCORM commits from the host page, the
// inspectors' event streams, and deleting every record.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {launchChoice, type Preview} from './context.js';
import {HttpError, readBody, sendApiJson, sendHtml} from './http.js';
import {cataloguePage} from './pages.js';
import {summariseScorm, summariseStatements} from './records.js';
import {isScormFormat} from '../package/index.js';
import {flattenCmi, type ScormFormat} from './store.js';

/** What scorm-again's commit handler reads back: SCORM's "No Error" and "General Exception" (101). */
const SCORM_NO_ERROR = 0;
const SCORM_GENERAL_EXCEPTION = 101;
/** Largest request body the preview reads (SCORM commits, forms). */
const MAX_BODY = 4 * 1024 * 1024;

export function catalogue(p: Preview, res: ServerResponse, url: URL) {
  const {library, shelf} = p;
  const {learner, lang, mode} = launchChoice(url);
  const returned = url.searchParams.get('returned');
  const notice =
    url.searchParams.get('notice') === 'reset'
      ? 'Every record has been deleted.'
      : returned
        ? `${learner.name} returned from ${library.get(returned)?.course ? (library.get(returned)!.course!.content[lang]?.title ?? library.get(returned)!.course!.content[library.get(returned)!.course!.languages[0]]?.title) : returned}.`
        : undefined;
  sendHtml(
    res,
    200,
    cataloguePage({
      entries: library.list(),
      releases: shelf.list(),
      releasesDir: shelf.dir,
      learner,
      lang,
      mode,
      records: p.records({learner: learner.id}),
      notice,
      building: p.building,
      watchMode: library.watchMode,
      coursesDir: p.coursesDir,
    }),
  );
}

export async function scormCommit(
  p: Preview,
  req: IncomingMessage,
  res: ServerResponse,
  learner: string,
  course: string,
  format: ScormFormat,
  sessionId: string,
  final: boolean,
) {
  const text = (await readBody(req, MAX_BODY)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const outcome = p.store.commit(learner, course, format, sessionId, body, final);
  const topic = {learner, course, format};
  const at = new Date().toISOString();
  if (outcome.record) {
    p.publishRecord(topic, {
      cmi: flattenCmi(outcome.record.cmi),
      commit: {accepted: outcome.accepted, reason: outcome.reason, final, at, session: sessionId},
    });
  }
  if (!outcome.accepted) p.log(`refused a commit of ${learner} in ${course} (${format}): ${outcome.reason}`);
  sendApiJson(
    res,
    200,
    outcome.accepted
      ? {result: 'true', errorCode: SCORM_NO_ERROR}
      : {result: 'false', errorCode: SCORM_GENERAL_EXCEPTION, errorMessage: outcome.reason},
  );
}

export function events(p: Preview, req: IncomingMessage, res: ServerResponse, url: URL) {
  const {hub, store, lrs} = p;
  const learner = url.searchParams.get('learner') ?? undefined;
  const course = url.searchParams.get('course') ?? undefined;
  const format = url.searchParams.get('format') ?? undefined;
  if (!course || !format) {
    hub.open(req, res, {learner}, 'catalogue');
    return;
  }
  const initial: {event: string; data: unknown}[] = [];
  if (learner && (isScormFormat(format) || format === 'aicc')) {
    const rec = store.scormRecord(learner, course, format);
    if (rec) initial.push({event: 'record', data: {summary: summariseScorm(rec), cmi: flattenCmi(rec.cmi)}});
  } else if (learner && (format === 'xapi' || format === 'cmi5')) {
    const reg = store.registration(learner, course, format);
    if (reg) {
      const statements = lrs.queryStatements({registration: reg.registration, ascending: true});
      for (const s of statements) initial.push({event: 'statement', data: s});
      initial.push({event: 'record', data: {summary: summariseStatements(reg, statements, p.activityIdOf(reg) ?? '')}});
    }
  }
  hub.open(req, res, {learner, course, format}, 'launch', initial);
}

export async function reset(p: Preview, req: IncomingMessage, res: ServerResponse) {
  const text = (await readBody(req, MAX_BODY)).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  let confirmed = false;
  if (/json/.test(type)) {
    try {
      confirmed = JSON.parse(text)?.confirm === true;
    } catch {
      confirmed = false;
    }
  } else confirmed = new URLSearchParams(text).get('confirm') === 'yes';
  if (!confirmed)
    throw new HttpError(400, 'Reset needs confirmation: send confirm=yes (form) or {"confirm": true} (JSON).');
  p.store.reset();
  p.lrs.reset();
  p.log('every record deleted');
  p.hub.publish('reset', {}, {}, 'all');
  if (/json/.test(type)) return sendApiJson(res, 200, {reset: true});
  res.writeHead(303, {Location: '/?notice=reset'});
  res.end();
}
