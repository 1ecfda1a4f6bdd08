/** The preview's HTML pages: the catalogue and the launch page (the package in a frame, the inspector beside it). */
import {formatProblem} from '../compile/index.js';
import {UN_LANGUAGES, type CompiledCourse} from '../course/types.js';
import {FORMAT_NAME, FORMATS, isScormFormat, type Format} from '../package/index.js';
import type {CourseEntry} from './courses.js';
import {esc, jsonForScript, page} from './html.js';
import {SAMPLE_LEARNERS, type SampleLearner} from './learners.js';
import type {AttemptOutcome, RecordSummary} from './records.js';
import type {ReleasePackage} from './releases.js';

export const LANGUAGE_NAMES: Record<string, string> = {
  ar: 'العربية (Arabic)',
  en: 'English',
  es: 'Español (Spanish)',
  fr: 'Français (French)',
  ru: 'Русский (Russian)',
  zh: '中文 (Chinese)',
};

const SHORT_FORMAT: Record<Format, string> = {
  scorm12: 'SCORM 1.2',
  scorm2004: 'SCORM 2004',
  'scorm2004-3rd': 'SCORM 2004 3rd ed.',
  aicc: 'AICC',
  xapi: 'xAPI',
  cmi5: 'cmi5',
  web: 'Web',
};
export const TRACKED_FORMATS = ['scorm12', 'scorm2004', 'scorm2004-3rd', 'aicc', 'xapi', 'cmi5'] as const;

export function titleOf(course: CompiledCourse, lang?: string): string {
  return (lang && course.content[lang]?.title) || course.content[course.languages[0]]?.title || course.id;
}

function describeOf(course: CompiledCourse, lang?: string): string {
  return (lang && course.content[lang]?.description) || course.content[course.languages[0]]?.description || '';
}

export interface CatalogueView {
  entries: CourseEntry[];
  /** release zips found in releasesDir */
  releases: ReleasePackage[];
  releasesDir: string;
  learner: SampleLearner;
  lang: string;
  mode: string;
  records: RecordSummary[];
  notice?: string;
  building: boolean;
  watchMode: string;
  coursesDir: string;
}

const pct = (s: number | null) => (s === null ? '—' : `${Math.round(s * 1000) / 10} %`);

/** After more than one SCORM attempt: the best one, which an LMS that keeps the highest grade reports. */
function bestOf(attempts: readonly AttemptOutcome[] | undefined): string {
  const best = attempts && attempts.length > 1 ? attempts[0]! : undefined;
  return best
    ? ` <span class="badge" data-field="best">best of ${attempts!.length}: attempt ${best.attempt}, ${esc(best.status)}${best.score === null ? '' : `, ${pct(best.score)}`}</span>`
    : '';
}
const q = (o: Record<string, string>) => new URLSearchParams(o).toString();

export function cataloguePage(v: CatalogueView): string {
  const learnerOptions = SAMPLE_LEARNERS.map(
    (l) =>
      `<option value="${esc(l.id)}"${l.id === v.learner.id ? ' selected' : ''}>${esc(l.name)} — ${esc(l.organization)}, ${esc(l.dutyStation)}</option>`,
  ).join('');
  const langOptions = UN_LANGUAGES.map(
    (l) => `<option value="${l}"${l === v.lang ? ' selected' : ''}>${esc(LANGUAGE_NAMES[l])}</option>`,
  ).join('');
  const modeOptions = ['normal', 'browse', 'review']
    .map((m) => `<option value="${m}"${m === v.mode ? ' selected' : ''}>${m}</option>`)
    .join('');
  const launchQuery = {learner: v.learner.id, lang: v.lang, ...(v.mode !== 'normal' ? {mode: v.mode} : {})};

  const courses = v.entries.length
    ? v.entries.map((e) => courseCard(e, v, launchQuery)).join('\n')
    : `<p>No course in <code>${esc(v.coursesDir)}</code>. Add a folder with a <code>course.yaml</code> (see docs/authoring.md).</p>`;

  const compiled = v.entries.filter((e) => e.course);
  // one row group per course: the course names the group, the format names the row
  const rows = compiled
    .map(
      (e) =>
        `<tbody>${TRACKED_FORMATS.map((f, i) => {
          const r = v.records.find((x) => x.course === e.course!.id && x.format === f);
          return `<tr data-course="${esc(e.course!.id)}" data-format="${f}">
${i === 0 ? `<th scope="rowgroup" rowspan="${TRACKED_FORMATS.length}" dir="auto">${esc(titleOf(e.course!, v.lang))}</th>` : ''}<th scope="row" class="format">${SHORT_FORMAT[f]}</th>
<td data-field="version" data-label="Version">${esc(r?.courseVersion ?? '—')}</td>
<td class="status" data-field="status" data-label="Status">${esc(r?.status ?? 'not attempted')}${bestOf(r?.attempts)}${r?.satisfied ? ' <span class="badge">satisfied</span>' : ''}${r?.lastRefusal ? ` <span class="badge warn" title="${esc(r.lastRefusal.reason)}">commit refused</span>` : ''}</td>
<td class="score" data-field="score" data-label="Score">${pct(r?.score ?? null)}</td><td class="time" data-field="time" data-label="Time">${esc(r?.time ?? '—')}</td>
<td data-field="sessions" data-label="Sessions">${r ? esc(String(r.sessions)) : '0'}</td><td data-field="updated" data-label="Last activity">${r?.updated ? `<time datetime="${esc(r.updated)}">${esc(r.updated.replace('T', ' ').slice(0, 19))} UTC</time>` : '—'}</td></tr>`;
        }).join('\n')}</tbody>`,
    )
    .join('\n');

  const body = `<header class="top">
<h1>ICT Manager Training <span class="sub">preview LMS</span></h1>
<p class="note"><strong>This is a preview.</strong> It launches every course as an LMS would, on this machine only. In production the
courses report to your organization's own LMS or LRS.</p>
</header>
<main id="main">
${v.notice ? `<p class="notice" role="status">${esc(v.notice)}</p>` : ''}
${v.building ? `<p class="notice" role="status">Building the players… launches are ready in a moment.</p>` : ''}
<form class="picker" method="get" action="/" aria-label="Who is learning">
<div><label for="learner">Learner</label><select id="learner" name="learner">${learnerOptions}</select></div>
<div><label for="lang">Language preference</label><select id="lang" name="lang">${langOptions}</select></div>
<div><label for="mode">Launch mode</label><select id="mode" name="mode">${modeOptions}</select></div>
<button type="submit">Apply</button>
</form>
<section aria-labelledby="courses-h">
<h2 id="courses-h">Courses from the sources</h2>
<p class="hint">From <code>${esc(v.coursesDir)}</code>; ${v.watchMode === 'off' ? 'not watched' : `watched (${esc(v.watchMode)}): an edit shows here and in the next launch`}.</p>
<div class="courses">${courses}</div>
</section>
${releasesSection(v, launchQuery)}
<section aria-labelledby="records-h">
<h2 id="records-h">Records of ${esc(v.learner.name)}</h2>
${
  compiled.length
    ? `<table class="records"><caption>What the LMS holds for ${esc(v.learner.name)} (${esc(v.learner.id)}): status, score and time per course and format. The web format keeps progress on the learner's device and reports nothing.</caption>
<thead><tr><th scope="col">Course</th><th scope="col">Format</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Score</th><th scope="col">Time</th><th scope="col">Sessions</th><th scope="col">Last activity</th></tr></thead>
${rows}</table>`
    : '<p>No compiled course.</p>'
}
<p><a href="/api/records?${q({learner: v.learner.id})}">These records as JSON</a></p>
</section>
<section aria-labelledby="reset-h" class="reset">
<h2 id="reset-h">Reset</h2>
<form method="post" action="/api/reset" id="reset-form">
<p>Deletes every record of every learner: SCORM data, xAPI statements, states and cmi5 registrations.</p>
<div><input type="checkbox" id="reset-confirm" name="confirm" value="yes" required><label for="reset-confirm">I understand that every record is deleted</label></div>
<button type="submit" class="danger">Delete all records</button>
</form>
</section>
</main>`;
  return page({title: 'Preview LMS — ICT Manager Training', body, scripts: ['/static/catalogue.js']});
}

/** The release zips, one row per course and version, a launch link per format. */
function releasesSection(v: CatalogueView, launchQuery: Record<string, string>): string {
  const groups = new Map<string, ReleasePackage[]>();
  for (const r of v.releases) {
    const key = `${r.course}\0${r.version}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const title = (id: string) => {
    const c = v.entries.find((e) => e.course?.id === id)?.course;
    return c ? titleOf(c, v.lang) : id;
  };
  const rows = [...groups.values()]
    .map((list) => {
      const r0 = list[0]!;
      const order = (f: Format) => FORMATS.indexOf(f);
      const links = list
        .sort((a, b) => order(a.format) - order(b.format))
        .map(
          (r) =>
            `<li><a class="button" href="/launch/${encodeURIComponent(r.course)}/${r.format}?${q({...launchQuery, release: r.stem})}" aria-label="Launch ${esc(r.file)}">${esc(SHORT_FORMAT[r.format])}</a></li>`,
        )
        .join('');
      const kb = Math.round(list.reduce((n, r) => n + r.bytes, 0) / 1024);
      return `<tr><th scope="row" dir="auto">${esc(title(r0.course))} <code>${esc(r0.course)}</code></th><td data-label="Version">${esc(r0.version)}</td><td data-label="Launch"><ul class="launches">${links}</ul></td><td data-label="Size">${kb} KB</td><td data-label="Built"><time datetime="${esc(r0.modified)}">${esc(r0.modified.slice(0, 16).replace('T', ' '))} UTC</time></td></tr>`;
    })
    .join('\n');
  return `<section aria-labelledby="releases-h">
<h2 id="releases-h">Release packages</h2>
<p class="hint">The zips in <code>${esc(v.releasesDir)}</code> (<code>npm run package</code> writes them), launched exactly as they would be uploaded to an LMS.</p>
${
  groups.size
    ? `<table class="releases"><caption>Packages by course and version</caption><thead><tr><th scope="col">Course</th><th scope="col">Version</th><th scope="col">Launch</th><th scope="col">Size (all formats)</th><th scope="col">Built</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>No release package yet. Run <code>npm run package</code> to build them.</p>'
}
</section>`;
}

function courseCard(e: CourseEntry, v: CatalogueView, launchQuery: Record<string, string>): string {
  if (!e.course) {
    return `<article class="course broken" aria-labelledby="c-${esc(e.id)}">
<h3 id="c-${esc(e.id)}">${esc(e.id)}</h3>
<div role="alert"><p><strong>This course does not compile</strong> (${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}). Fix the sources; the preview recompiles on save.</p>
<pre class="problems">${esc(e.problems.map((p) => formatProblem(p)).join('\n'))}</pre></div>
</article>`;
  }
  const c = e.course;
  const content = c.content[v.lang] ?? c.content[c.languages[0]];
  const questions = content?.assessment
    ? `${content.assessment.draw} of ${content.assessment.questions.length} questions, pass mark ${Math.round(c.settings.masteryScore * 100)} %`
    : 'no assessment';
  const launches = FORMATS.map(
    (f) =>
      `<li><a class="button" href="/launch/${encodeURIComponent(c.id)}/${f}?${q(launchQuery)}" aria-label="Launch ${esc(titleOf(c, v.lang))} as ${esc(FORMAT_NAME[f])}">${esc(SHORT_FORMAT[f])}</a></li>`,
  ).join('');
  const warnings = e.warnings.length
    ? `<details class="warnings"><summary>${e.warnings.length} warning${e.warnings.length === 1 ? '' : 's'}</summary><pre>${esc(e.warnings.map((p) => formatProblem(p)).join('\n'))}</pre></details>`
    : '';
  return `<article class="course" aria-labelledby="c-${esc(c.id)}" data-course="${esc(c.id)}" data-build="${esc(e.build ?? '')}">
<h3 id="c-${esc(c.id)}" dir="auto" lang="${esc(content === c.content[v.lang] ? v.lang : c.languages[0])}">${esc(titleOf(c, v.lang))}</h3>
<p class="desc">${esc(describeOf(c, v.lang))}</p>
<dl class="facts">
<div><dt>Course</dt><dd><code>${esc(c.id)}</code></dd></div>
<div><dt>Version</dt><dd>${esc(c.version)}</dd></div>
<div><dt>Languages</dt><dd>${c.languages.map((l) => `<span lang="${l}" title="${esc(LANGUAGE_NAMES[l] ?? l)}">${l}</span>`).join(', ')}</dd></div>
<div><dt>Time</dt><dd>${esc(c.minutes)} min</dd></div>
<div><dt>Assessment</dt><dd>${esc(questions)}</dd></div>
</dl>
${warnings}
<p class="launch-label" id="l-${esc(c.id)}">Launch as</p>
<ul class="launches" aria-labelledby="l-${esc(c.id)}">${launches}</ul>
</article>`;
}

export interface LaunchView {
  course: CompiledCourse;
  format: Format;
  learner: SampleLearner;
  lang: string;
  mode: string;
  /** what launch.js needs */
  config: Record<string, unknown>;
  /** the URL the frame loads, for the launch details */
  launchUrl: string;
  backUrl: string;
  /** cmi5: the LMS.LaunchData state document the LMS wrote */
  launchData?: unknown;
  /** where the package comes from: the sources (and their build) or a release zip */
  source: string;
  /** SCORM: the last attempt ended and opens for review; this URL starts a new one */
  newAttemptUrl?: string;
}

export function launchPage(v: LaunchView): string {
  const title = titleOf(v.course, v.lang);
  const isAicc = v.format === 'aicc';
  // an AICC launch's record is CMI data too (SCORM 1.2's shape), received by HACP instead of an API in this page
  const isScorm = isScormFormat(v.format) || isAicc;
  const isXapi = v.format === 'xapi' || v.format === 'cmi5';
  const body = `<header class="bar">
<a href="${esc(v.backUrl)}" class="back">← Catalogue</a>
<h1><span lang="${esc(v.course.content[v.lang] ? v.lang : v.course.languages[0])}" dir="auto">${esc(title)}</span> <span class="sub">${esc(FORMAT_NAME[v.format])}</span></h1>
<p class="who">${esc(v.learner.name)} (<code>${esc(v.learner.id)}</code>) · language ${esc(v.lang)} · mode ${esc(v.mode)} · version ${esc(v.course.version)} · ${esc(v.source)}</p>
${v.newAttemptUrl ? `<p class="attempt-note">This attempt has ended, so it opens for review: nothing is recorded. <a href="${esc(v.newAttemptUrl)}" id="new-attempt">Start a new attempt</a></p>` : ''}
</header>
<main id="main" class="launch">
<section class="stage" aria-label="Course">
<iframe id="course-frame" title="${esc(title)}" src="about:blank"></iframe>
</section>
<aside class="inspector" aria-labelledby="inspector-h">
<h2 id="inspector-h">${v.format === 'web' ? 'No LMS' : 'What the LMS holds'}</h2>
<p id="session-state" role="status" class="state">Launching…</p>
${
  v.format === 'web'
    ? `<p>The web format reports to no LMS: the course keeps the learner's progress on this device (IndexedDB) and works offline once loaded.</p>`
    : `<dl class="summary" id="summary">
<div><dt>Status</dt><dd data-field="status">—</dd></div>
<div><dt>Score</dt><dd data-field="score">—</dd></div>
<div><dt>Time</dt><dd data-field="time">—</dd></div>
<div><dt>${isScorm ? 'Attempt' : 'Launches'}</dt><dd data-field="attempt">—</dd></div>
<div><dt>${isScorm ? 'Commits' : 'Statements'}</dt><dd data-field="count">0</dd></div>
${isScorm ? `<div><dt>${isAicc ? 'HACP requests' : 'API calls'}</dt><dd data-field="calls">0</dd></div>` : ''}
</dl>`
}
${
  isScorm
    ? `<section aria-labelledby="cmi-h"><h3 id="cmi-h">CMI data committed</h3>
<p class="hint">As the LMS stored it at the last commit; changes since the previous commit are marked.</p>
<label class="toggle"><input type="checkbox" id="show-empty"> Show empty elements</label>
<table class="cmi" id="cmi"><thead><tr><th scope="col">Element</th><th scope="col">Value</th></tr></thead><tbody></tbody></table></section>
<section aria-labelledby="calls-h"><h3 id="calls-h">${isAicc ? 'HACP requests received' : 'API calls'}</h3><ol class="calls" id="calls" tabindex="0" aria-labelledby="calls-h"></ol></section>`
    : ''
}
${isXapi ? `<section aria-labelledby="st-h"><h3 id="st-h">Statements</h3><p class="hint">As the LRS stores them, newest last.</p><ol class="statements" id="statements" tabindex="0" aria-labelledby="st-h"></ol></section>` : ''}
<details class="launch-url"><summary>Launch URL</summary><p><a href="${esc(v.launchUrl)}"><code>${esc(v.launchUrl)}</code></a></p></details>
${v.launchData ? `<details class="launch-url"><summary><code>LMS.LaunchData</code> (written by the LMS)</summary><pre>${esc(JSON.stringify(v.launchData, null, 2))}</pre></details>` : ''}
</aside>
</main>
<script type="application/json" id="launch-config">${jsonForScript(v.config)}</script>`;
  return page({
    title: `${title} (${SHORT_FORMAT[v.format]}) — preview LMS`,
    body,
    scripts: ['/static/launch.js'],
    bodyClass: 'launch-body',
  });
}

export function returnPage(target: string): string {
  return page({
    title: 'Back to the catalogue',
    body: `<main id="main" class="return"><h1>The course has ended</h1><p><a href="${esc(target)}" target="_top" id="return-link" data-target="${esc(target)}">Back to the catalogue</a></p></main>`,
    scripts: ['/static/return.js'],
  });
}

export function notFoundPage(message: string): string {
  return page({
    title: 'Not found — preview LMS',
    body: `<main id="main"><h1>Not found</h1><p>${esc(message)}</p><p><a href="/">The catalogue</a></p></main>`,
  });
}
