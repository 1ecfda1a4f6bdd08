/**
 * A SCORM launch begun by the page's first script, before the player has downloaded: the API found (at once; an LMS
 * that sets it late is left to the tracker, which waits for it), Initialize called and the learner's language
 * preference read, so that the content in that language is fetched beside the player. One Initialize per launch:
 * the tracker takes this call's result ({@link takeEarlyInitialize}) instead of calling Initialize again.
 */
import type {EarlyLanguage} from '../../components/prefetch.js';
import {SCORM_CALLS, type ScormApiName} from './calls.js';
import {NO_ERROR, ScormConnection, type CallResult} from './connection.js';
import type {ScormApi} from './dialect.js';
import {findScormApi, hasMethods} from './find-api.js';

let early: {api: unknown; result: CallResult} | null = null;

/**
 * Initialize on the API called `name`, where one is reachable now, and the LMS's language preference (`element`):
 * the preference, or null where the LMS has none or there is no LMS to ask (a page neither framed nor opened);
 * undefined where it cannot be known yet (no API yet in a frame, or Initialize failed: the tracker sorts it out).
 */
export function initializeEarly(name: ScormApiName, element: string, win: Window = window): EarlyLanguage {
  const callNames = SCORM_CALLS[name];
  const api = findScormApi(name, (a) => hasMethods(a, Object.values(callNames)), win);
  if (!api) return win.parent === win && !win.opener ? null : undefined;
  const connection = new ScormConnection({api: api as ScormApi, callNames});
  const result = connection.call(callNames.initialize, '');
  early = {api, result};
  if (result.value !== 'true' || result.error !== NO_ERROR) return undefined;
  return connection.get(element).trim() || null;
}

/** The result of the early Initialize on `api`, once; undefined where there was none on it. */
export function takeEarlyInitialize(api: unknown): CallResult | undefined {
  if (!early || early.api !== api) return undefined;
  const {result} = early;
  early = null;
  return result;
}
