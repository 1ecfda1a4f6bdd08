/**
 * xAPI statement building blocks shared by the xAPI and cmi5 trackers: verbs (ADL vocabulary), stable activity
 * ids derived from the course IRI, interaction definitions, ISO 8601 durations and statement ids.
 */
import type {CompiledCourse} from '../../course/types.js';
import type {AnswerRecord} from '../tracker.js';

import type {Agent, Statement} from '@xapi/xapi';

/** Statements, actors and the rest typed by xAPI-js (`@xapi/xapi`): types only, nothing of it in the bundle. */
export type {Agent, Statement};

export {ACTIVITY_TYPES, CMI5_IRI, VERBS, type VerbName} from './vocabulary.js';
export {PROGRESS_STATE_ID, readSession, removeSession, stateParams, uuid, writeSession} from './keys.js';
import {ACTIVITY_TYPES, VERBS, type VerbName} from './vocabulary.js';

/** ISO 8601 duration of `ms` milliseconds, e.g. `PT1H2M3.4S`. */
export function isoDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 10)) / 100; // centiseconds, as SCORM 2004 and most LRSs keep them
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total % 60) * 100) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/**
 * Stable activity ids: the course IRI, and lessons and questions under it (ids are stable across versions).
 * An http(s) IRI gets path segments (`…/lessons/<id>`), a URN gets name segments (`…:lesson:<id>`).
 */
export function activityIds(course: CompiledCourse) {
  const base = course.iri.replace(/[/:]+$/, '');
  const urn = /^urn:/i.test(base);
  const under = (kind: 'lesson' | 'question', id: string) =>
    urn ? `${base}:${kind}:${encodeURIComponent(id)}` : `${base}/${kind}s/${encodeURIComponent(id)}`;
  return {
    course: course.iri,
    lesson: (id: string) => under('lesson', id),
    question: (id: string) => under('question', id),
  };
}

const lang = (text: string, language: string) => ({[language]: text});

export function verb(name: VerbName, language = 'en-US') {
  return {id: VERBS[name], display: lang(name, language)};
}

/** Plain text of sanitized HTML (option texts are inline HTML). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The activity definition of a question as an xAPI interaction (choice or true-false). */
export function interactionDefinition(record: AnswerRecord, language = 'en-US') {
  const description = lang(record.description || record.questionId, language);
  if (record.type === 'truefalse') {
    return {
      type: ACTIVITY_TYPES.interaction,
      name: description,
      description,
      interactionType: 'true-false',
      correctResponsesPattern: [record.correct[0] ?? 'true'],
    };
  }
  return {
    type: ACTIVITY_TYPES.interaction,
    name: description,
    description,
    interactionType: 'choice',
    correctResponsesPattern: [record.correct.join('[,]')],
    choices: record.choices.map((c) => ({id: c.id, description: lang(plainText(c.text) || c.id, language)})),
  };
}

/** `result` of an `answered` statement. */
export function answerResult(record: AnswerRecord) {
  return {
    success: record.result === 'correct',
    response: record.type === 'truefalse' ? (record.response[0] ?? '') : record.response.join('[,]'),
    duration: isoDuration(record.latencyMs),
  };
}

/** `result.score` from a scaled score (raw 0..100 as well, for LRS reports that show raw). */
export function scoreOf(scaled: number) {
  const s = Math.max(0, Math.min(1, scaled));
  return {scaled: Math.round(s * 10000) / 10000, raw: Math.round(s * 100), min: 0, max: 100};
}

/** A value xAPI allows as one object or an array of them, as an array. */
export function arr<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A statement's parent activities (`context.contextActivities.parent`). */
export function parentsOf(s: Statement): {parent?: {id: string}[]} {
  const parent = s.context?.contextActivities?.parent;
  return parent ? {parent: arr(parent)} : {};
}
