/**
 * `ict lrs check <endpoint> --auth …`: whether an LRS will take this course's xAPI and cmi5 traffic, before a
 * training centre points a release at it. Through xAPI-js (./xapi-client.ts): the About resource
 * and the version it reports; a statement stored and read back whole; an invalid statement refused with 400 (an
 * LRS that stores anything would keep broken records); a state document (the learner's progress) written and read
 * back. Each check names what it sent, what came back and, on failure, what to fix.
 */
import {randomUUID} from 'node:crypto';
import type {Agent, Statement} from '@xapi/xapi';
import {HttpFailure, xapiClient} from './xapi-client.js';

export interface LrsCheck {
  /** what was checked, in a few words */
  name: string;
  ok: boolean;
  /** what came back, or what failed and what to do */
  detail: string;
}

export interface LrsCheckOptions {
  /** `user:password`, or a whole `Basic …` header value */
  auth?: string;
}

/** The activity and agent of the test statement and document: recognisable, and harmless in any LRS. */
const ACTIVITY = 'https://w3id.org/xapi/ict-manager-training/lrs-check';
const AGENT: Agent = {
  objectType: 'Agent',
  name: 'ICT Manager Training LRS check',
  mbox: 'mailto:lrs-check@example.org',
};

/** An HTTP status or a network failure, in words, with what to do. */
function failure(e: unknown): string {
  if (e instanceof HttpFailure) {
    const hint =
      e.status === 401 || e.status === 403
        ? ' (the LRS refused the credentials: check --auth)'
        : e.status === 404
          ? ' (no xAPI resource here: the endpoint usually ends in /xapi/ or /data/xAPI/)'
          : '';
    // an LRS's JSON or text reason, not a web page that happens to be at the address
    const reason = e.body && !e.body.trimStart().startsWith('<') ? `: ${e.body.slice(0, 200)}` : '';
    return `HTTP ${e.status}${hint}${reason}`;
  }
  const cause = (e as {cause?: {code?: string; message?: string}}).cause;
  const why = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
  return `no answer (${why}): check the address and that the LRS is running`;
}

/** Runs every check against `endpoint` (each runs even when an earlier one failed). */
export async function checkLrs(endpoint: string, options: LrsCheckOptions = {}): Promise<LrsCheck[]> {
  const xapi = xapiClient(endpoint, options.auth);
  const checks: LrsCheck[] = [];
  const run = async (name: string, fn: () => Promise<string>): Promise<void> => {
    try {
      checks.push({name, ok: true, detail: await fn()});
    } catch (e) {
      checks.push({name, ok: false, detail: e instanceof CheckFailed ? e.message : failure(e)});
    }
  };

  await run('About: an xAPI 1.0.x LRS', async () => {
    const about = (await xapi.getAbout()).data;
    const versions = Array.isArray(about?.version) ? about.version : [];
    if (!versions.some((v) => /^1\.0\.\d+$/.test(v)))
      throw new CheckFailed(`it reports versions ${JSON.stringify(versions)}; the course speaks xAPI 1.0.3`);
    return `version ${versions.join(', ')}`;
  });

  const id = randomUUID();
  const statement: Statement = {
    id,
    actor: AGENT,
    verb: {id: 'http://adlnet.gov/expapi/verbs/experienced', display: {'en-US': 'experienced'}},
    object: {objectType: 'Activity', id: ACTIVITY, definition: {name: {'en-US': 'LRS check'}}},
    result: {score: {scaled: 0.875}, success: true, completion: true, duration: 'PT1M30S'},
    timestamp: new Date().toISOString(),
  };
  await run('a statement is stored and read back whole', async () => {
    const stored = (await xapi.sendStatement({statement})).data;
    if (!Array.isArray(stored) || stored[0] !== id)
      throw new CheckFailed(`POST statements answered ${JSON.stringify(stored)}, not [${JSON.stringify(id)}]`);
    const back = (await xapi.getStatement({statementId: id})).data as Statement;
    if (back.id !== id || back.verb.id !== statement.verb.id || back.result?.score?.scaled !== 0.875)
      throw new CheckFailed(`GET statements?statementId=${id} answered a different statement`);
    return `statement ${id}`;
  });

  await run('an invalid statement is refused with 400', async () => {
    const invalid = {...statement, id: randomUUID(), verb: {display: {'en-US': 'no id'}}} as unknown as Statement;
    try {
      await xapi.sendStatement({statement: invalid});
    } catch (e) {
      if (e instanceof HttpFailure && e.status === 400) return 'HTTP 400';
      throw e;
    }
    throw new CheckFailed('it stored a statement without a verb id: it would keep broken records without a word');
  });

  await run('a state document is written and read back', async () => {
    const state = {check: id, visited: ['welcome', 'sharing']};
    const where = {
      agent: AGENT,
      activityId: ACTIVITY,
      stateId: 'https://w3id.org/xapi/ict-manager-training/lrs-check/state',
    };
    await xapi.setState({...where, state});
    const back = (await xapi.getState(where)).data;
    if (JSON.stringify(back) !== JSON.stringify(state))
      throw new CheckFailed(`GET activities/state answered ${JSON.stringify(back)}, not what was written`);
    return 'activities/state';
  });
  return checks;
}

class CheckFailed extends Error {}
