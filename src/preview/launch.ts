// A launch from the preview LMS, as an LMS makes it: SCORM (the seed of the CMI data model for scorm-again in the
// host page, and where commits go), xAPI (a Tin Can launch URL), cmi5 (a registration, LaunchData, a fetch URL and
// the learner's preferences).
import {randomUUID} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {CompiledCourse, MoveOn} from '../course/types.js';
import {FORMATS, identifiers, isFormat, isScormFormat, moveOnOf} from '../package/index.js';
import {launchChoice, type Preview} from './context.js';
import {HttpError, sendHtml} from './http.js';
import {actorOf, type SampleLearner} from './learners.js';
import {launchPage} from './pages.js';
import {cmiGet, type Cmi, type ScormFormat, type ScormSession} from './store.js';
import {toIsoDuration, toScorm12Time} from './time.js';

/** The mastery score the LMS hands the course: the launch's `mastery` (0..1, as an LMS administrator sets it), else the course's. */
/** The moveOn the LMS sets in LaunchData: the launch's `moveOn` (as an LMS administrator may set it), else the course's. */
export function lmsMoveOn(course: CompiledCourse, url: URL): MoveOn {
  const raw = url.searchParams.get('moveOn');
  if (raw === null || raw === '') return moveOnOf(course);
  const all: readonly string[] = ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'];
  if (!all.includes(raw)) throw new HttpError(400, `moveOn=${raw} is not a cmi5 moveOn; use one of ${all.join(', ')}.`);
  return raw as MoveOn;
}

/**
 * How the LMS opens a cmi5 course: the launch's `launchMethod` (an LMS may open any course in a window of its own),
 * else the course's (`cmi5.xml`).
 */
export function lmsLaunchMethod(course: CompiledCourse, url: URL): 'AnyWindow' | 'OwnWindow' {
  const raw = url.searchParams.get('launchMethod');
  if (raw === null || raw === '') return course.settings.launchMethod ?? 'AnyWindow';
  if (raw !== 'AnyWindow' && raw !== 'OwnWindow')
    throw new HttpError(400, `launchMethod=${raw} is not a cmi5 launchMethod; use AnyWindow or OwnWindow.`);
  return raw;
}

export function lmsMastery(course: CompiledCourse, url: URL): number {
  const raw = url.searchParams.get('mastery');
  if (raw === null || raw === '') return course.settings.masteryScore;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new HttpError(400, `mastery=${raw} is not a mastery score between 0 and 1 (e.g. 0.8).`);
  return v;
}

/** What scorm-again starts the SCORM data model with: the learner, the launch, and what the LMS kept of earlier sessions. */
export function scormSeed(
  format: ScormFormat,
  course: CompiledCourse,
  learner: SampleLearner,
  lang: string,
  mode: string,
  session: ScormSession,
  cmi: Cmi | null,
  mastery: number,
): Cmi {
  const credit = mode === 'normal' ? 'credit' : 'no-credit';
  const hasAssessment = !!course.content[course.languages[0]]?.assessment;
  const put = (o: Cmi, k: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') o[k] = String(v);
  };
  if (format === 'scorm12') {
    const core: Cmi = {
      student_id: learner.id,
      student_name: learner.scormName,
      lesson_mode: mode,
      credit,
      entry: session.entry,
    };
    put(core, 'lesson_location', cmiGet(cmi, 'core.lesson_location'));
    const status = cmiGet(cmi, 'core.lesson_status');
    if (status && status !== 'not attempted') core.lesson_status = status;
    const score: Cmi = {};
    for (const k of ['raw', 'min', 'max']) put(score, k, cmiGet(cmi, `core.score.${k}`));
    if (Object.keys(score).length) core.score = score;
    core.total_time = toScorm12Time(session.baseSeconds);
    const seed: Cmi = {core, student_preference: {language: lang}};
    put(seed, 'suspend_data', cmiGet(cmi, 'suspend_data'));
    if (hasAssessment) seed.student_data = {mastery_score: String(Math.round(mastery * 10000) / 100)};
    return seed;
  }
  const seed: Cmi = {
    learner_id: learner.id,
    learner_name: learner.name,
    mode,
    credit,
    entry: session.entry,
    learner_preference: {language: lang},
  };
  put(seed, 'location', cmiGet(cmi, 'location'));
  put(seed, 'suspend_data', cmiGet(cmi, 'suspend_data'));
  put(seed, 'progress_measure', cmiGet(cmi, 'progress_measure'));
  for (const k of ['completion_status', 'success_status']) {
    const v = cmiGet(cmi, k);
    if (v && v !== 'unknown') seed[k] = v;
  }
  const score: Cmi = {};
  for (const k of ['scaled', 'raw', 'min', 'max']) put(score, k, cmiGet(cmi, `score.${k}`));
  if (Object.keys(score).length) seed.score = score;
  seed.total_time = toIsoDuration(session.baseSeconds);
  if (hasAssessment) seed.scaled_passing_score = String(mastery);
  return seed;
}

export async function launch(
  p: Preview,
  req: IncomingMessage,
  res: ServerResponse,
  courseId: string,
  formatName: string,
  url: URL,
) {
  const {shelf, library, store, lrs} = p;
  if (!isFormat(formatName))
    throw new HttpError(404, `There is no format ${formatName}; use one of ${FORMATS.join(', ')}.`);
  const format = formatName;
  // the package: a release zip (`?release=<id>-<version>-<format>`), or the course as its sources compile now
  let course: CompiledCourse;
  let base: string;
  let source: string;
  const releaseStem = url.searchParams.get('release');
  if (releaseStem) {
    const rp = shelf.get(releaseStem);
    if (!rp || rp.course !== courseId || rp.format !== format)
      throw new HttpError(
        404,
        `There is no release package ${releaseStem}.zip of ${courseId} (${format}) in ${shelf.dir}.`,
      );
    try {
      course = shelf.open(rp).course;
    } catch (e) {
      throw new HttpError(422, `${rp.file} cannot be launched: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (course.id !== courseId)
      throw new HttpError(422, `${rp.file} carries the course ${course.id}, not ${courseId}.`);
    base = `/releases/${encodeURIComponent(rp.stem)}/${rp.sig}/`;
    source = `release package ${rp.file}`;
  } else {
    const entry = library.get(courseId);
    if (!entry) throw new HttpError(404, `There is no course ${courseId} in ${library.coursesDir}.`);
    if (!entry.course || !entry.build)
      throw new HttpError(409, `The course ${courseId} does not compile; the catalogue lists its problems.`);
    course = entry.course;
    await library.player(format); // a launch waits for its player
    base = p.packageBase(course, entry.build, format);
    source = `sources, build ${entry.build}`;
  }
  const choice = launchChoice(url);
  const {learner, lang} = choice;
  let mode = choice.mode;
  let newAttemptUrl: string | undefined;
  const mastery = lmsMastery(course, url);
  const origin = `http://${req.headers.host ?? new URL(p.selfUrl).host}`;
  const back = `/?${new URLSearchParams({learner: learner.id, lang, ...(mode !== 'normal' ? {mode} : {})})}`;
  const topic = {learner: learner.id, course: course.id, format};
  const config: Record<string, unknown> = {
    format,
    course: {id: course.id, version: course.version},
    source,
    learner: {id: learner.id, name: learner.name},
    lang,
    mode,
    mastery,
    catalogueUrl: back,
    eventsUrl: `/api/events?${new URLSearchParams(topic)}`,
  };
  let launchUrl = base + 'index.html';
  let launchData: unknown;
  if (isScormFormat(format) || format === 'aicc') {
    const newAttempt = url.searchParams.get('attempt') === 'new';
    const {session, cmi} = store.beginScormSession(learner.id, course.id, format, course.version, mode, newAttempt);
    if (session.mode !== mode) {
      // the last attempt ended: it opens for review; a new attempt is the learner's choice
      const again = new URL(url);
      again.searchParams.set('attempt', 'new');
      newAttemptUrl = again.pathname + again.search;
      mode = session.mode;
      config.mode = mode;
    }
    config.sessionId = session.id;
    if (format === 'aicc') {
      // AICC HACP: the record is CMI data too; the course finds its session and where to POST in its launch URL
      p.hacpSessions.set(session.id, {course, lang, mastery});
      const hacpUrl = `${origin}/hacp`;
      launchUrl += `?${new URLSearchParams({aicc_sid: session.id, aicc_url: hacpUrl})}`;
      config.hacpUrl = hacpUrl;
    } else {
      config.entry = session.entry;
      config.commitUrl = `/api/scorm/commit/${encodeURIComponent(learner.id)}/${encodeURIComponent(course.id)}/${format}/${session.id}`;
      config.seed = scormSeed(format, course, learner, lang, mode, session, cmi, mastery);
    }
    p.publishRecord(topic);
  } else if (format === 'xapi') {
    const reg = store.useRegistration(learner.id, course.id, 'xapi', course.version, () => randomUUID());
    const l = lrs.createXapiLaunch({
      actor: actorOf(learner),
      activityId: identifiers(course).courseIri,
      endpoint: `${origin}/xapi/`,
      registration: reg.registration,
      auUrl: launchUrl,
    });
    await p.setLanguagePreference(learner, lang);
    launchUrl = l.url!;
    config.registration = reg.registration;
  } else if (format === 'cmi5') {
    const reg = store.useRegistration(learner.id, course.id, 'cmi5', course.version, () => randomUUID());
    const hasAssessment = !!course.content[course.languages[0]]?.assessment;
    const ids = identifiers(course);
    // the AU and course activity ids are this LMS's own, generated once per course; the package's ids
    // (cmi5.xml) go in the grouping (cmi5 8.1.5, 9.4, 9.6.2.3)
    const l = lrs.createCmi5Launch({
      actor: actorOf(learner),
      publisherId: ids.auIri,
      coursePublisherId: ids.courseIri,
      endpoint: `${origin}/xapi/`,
      auUrl: `${origin}${launchUrl}`,
      masteryScore: hasAssessment ? mastery : undefined,
      moveOn: lmsMoveOn(course, url),
      launchMode: mode === 'browse' ? 'Browse' : mode === 'review' ? 'Review' : 'Normal',
      returnURL: `${origin}/return?${new URLSearchParams({learner: learner.id, lang, course: course.id})}`,
      registration: reg.registration,
    });
    await p.setLanguagePreference(learner, lang);
    launchUrl = l.url!;
    config.launchMethod = lmsLaunchMethod(course, url);
    config.registration = reg.registration;
    config.sessionId = l.sessionId;
    launchData = lrs.getState(l.activityId, actorOf(learner), 'LMS.LaunchData', reg.registration);
  }
  config.packageUrl = launchUrl;
  p.log(`launch ${course.id} ${format} for ${learner.id} (${lang}, ${mode})`);
  sendHtml(
    res,
    200,
    launchPage({
      course,
      format,
      learner,
      lang,
      mode,
      config,
      launchUrl,
      backUrl: back,
      launchData,
      source,
      newAttemptUrl,
    }),
  );
}
