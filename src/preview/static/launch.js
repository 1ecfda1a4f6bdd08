// The launch page: hosts the LMS side of the launch (scorm-again for SCORM) and the inspector beside the course.
const cfg = JSON.parse(document.getElementById('launch-config')?.textContent ?? '{}');
const frame = /** @type {HTMLIFrameElement} */ (document.getElementById('course-frame'));
const stateEl = document.getElementById('session-state');
const hostsApi = cfg.format === 'scorm12' || cfg.format === 'scorm2004' || cfg.format === 'scorm2004-3rd';
// AICC: the course reports to the preview's HACP endpoint; the record is CMI data all the same
const isScorm = hostsApi || cfg.format === 'aicc';
let hacpRequests = 0;

/** @param {string} text */
function setState(text) {
  if (stateEl) stateEl.textContent = text;
}
/** @param {number | null | undefined} s */
const pct = (s) => (s === null || s === undefined ? '—' : `${Math.round(s * 1000) / 10} %`);
/** @param {string} name @param {string} value */
function field(name, value) {
  const dd = document.querySelector(`#summary [data-field="${name}"]`);
  if (dd) dd.textContent = value;
}

// ------------------------------------------------------------------ what the server holds (live)
let commits = 0;
let apiCalls = 0;
let statements = 0;
/** @type {Map<string, string>} */
let lastCmi = new Map();
/** @type {[string, string][]} */
let lastRows = [];
document.getElementById('show-empty')?.addEventListener('change', () => {
  const keep = lastCmi;
  lastCmi = new Map();
  renderCmi(lastRows);
  lastCmi = keep;
});

function renderSummary(summary) {
  if (!summary) return;
  field('status', summary.status + (summary.satisfied ? ' (satisfied)' : ''));
  field('score', pct(summary.score));
  field('time', summary.time);
  field('attempt', String(summary.attempt ?? '—'));
  if (summary.lastRefusal && isScorm)
    field('status', `${summary.status} — last commit refused: ${summary.lastRefusal.reason}`);
}

/** @param {[string, string][]} rows */
function renderCmi(rows) {
  const body = document.querySelector('#cmi tbody');
  if (!body) return;
  const next = new Map(rows);
  const showEmpty = /** @type {HTMLInputElement | null} */ (document.getElementById('show-empty'))?.checked;
  lastRows = rows;
  body.replaceChildren(
    ...rows
      .filter(([, v]) => showEmpty || v !== '')
      .map(([k, v]) => {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = k;
        const td = document.createElement('td');
        td.textContent = v.length > 300 ? `${v.slice(0, 300)}… (${v.length} characters)` : v;
        if (lastCmi.size && lastCmi.get(k) !== v) {
          tr.className = 'changed';
          const mark = document.createElement('span');
          mark.className = 'visually-hidden';
          mark.textContent = ' (changed)';
          td.append(mark);
        }
        tr.append(th, td);
        return tr;
      }),
  );
  lastCmi = next;
}

/** @param {string} text @param {string} [cls] */
function logCall(text, cls) {
  const list = document.getElementById('calls');
  if (!list) return;
  const li = document.createElement('li');
  if (cls) li.className = cls;
  const code = document.createElement('code');
  code.textContent = text;
  li.append(code);
  list.append(li);
  while (list.children.length > 400) list.firstElementChild?.remove();
  list.scrollTop = list.scrollHeight;
}

const VERB_NAMES = /** @type {Record<string,string>} */ ({});
function display(map) {
  if (!map || typeof map !== 'object') return '';
  return map['en-US'] ?? map.en ?? map[Object.keys(map)[0]] ?? '';
}
function renderStatement(s) {
  const list = document.getElementById('statements');
  if (!list) return;
  statements += 1;
  field('count', String(statements));
  const li = document.createElement('li');
  const verb =
    display(s.verb?.display) ||
    VERB_NAMES[s.verb?.id] ||
    String(s.verb?.id ?? '')
      .split('/')
      .pop();
  const obj = display(s.object?.definition?.name) || String(s.object?.id ?? '').replace(/^https?:\/\/[^/]+/, '');
  const r = s.result ?? {};
  const bits = [];
  if (r.score?.scaled !== undefined) bits.push(`score ${pct(r.score.scaled)}`);
  if (r.success !== undefined) bits.push(r.success ? 'success' : 'no success');
  if (r.completion !== undefined) bits.push(r.completion ? 'completion' : 'no completion');
  if (r.response !== undefined) bits.push(`response ${r.response}`);
  if (r.duration) bits.push(r.duration);
  const head = document.createElement('p');
  const v = document.createElement('strong');
  v.textContent = verb;
  head.append(v, ` ${obj}`);
  if (bits.length) head.append(` — ${bits.join(', ')}`);
  const t = document.createElement('time');
  t.dateTime = s.timestamp ?? '';
  t.textContent = ` ${String(s.stored ?? s.timestamp ?? '').slice(11, 19)}`;
  head.append(t);
  const details = document.createElement('details');
  const sum = document.createElement('summary');
  sum.textContent = `Full statement (${verb})`;
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(s, null, 2);
  details.append(sum, pre);
  li.append(head, details);
  list.append(li);
  list.scrollTop = list.scrollHeight;
}

function listen() {
  if (cfg.format === 'web') return;
  const es = new EventSource(cfg.eventsUrl);
  es.addEventListener('record', (ev) => {
    const data = JSON.parse(/** @type {MessageEvent} */ (ev).data);
    renderSummary(data.summary);
    if (data.cmi) renderCmi(data.cmi);
    if (data.hacp) {
      hacpRequests += 1;
      field('calls', String(hacpRequests));
      const h = data.hacp;
      logCall(
        `${h.command} → error=${h.error} ${h.text}${h.aiccData ? `\n${h.aiccData.trim()}` : ''}`,
        h.error === 0 ? 'server' : 'server error',
      );
    }
    if (data.commit) {
      if (data.commit.accepted) {
        commits += 1;
        field('count', String(commits));
      }
      logCall(
        `${data.commit.final ? 'final commit (sendBeacon)' : 'commit'} ${data.commit.accepted ? 'stored' : `REFUSED: ${data.commit.reason}`}`,
        data.commit.accepted ? 'server' : 'server error',
      );
    }
  });
  es.addEventListener('statement', (ev) => renderStatement(JSON.parse(/** @type {MessageEvent} */ (ev).data)));
  es.addEventListener('reset', () => setState('Every record was deleted (reset). Launch again from the catalogue.'));
}

// ------------------------------------------------------------------ the LMS side of a SCORM launch
async function hostScorm() {
  const v12 = cfg.format === 'scorm12';
  const mod = await import(v12 ? '/vendor/scorm-again/scorm12.min.js' : '/vendor/scorm-again/scorm2004.min.js');
  const Api = v12 ? mod.Scorm12API : mod.Scorm2004API;
  const api = new Api({
    lmsCommitUrl: cfg.commitUrl,
    autocommit: false,
    dataCommitFormat: 'json',
    terminateCommitParam: 'final',
    logLevel: 4,
    onLogMessage: (/** @type {unknown} */ level, /** @type {string} */ msg) => logCall(`scorm-again: ${msg}`, 'log'),
  });
  api.loadFromJSON(cfg.seed);
  const names = v12
    ? {
        init: 'LMSInitialize',
        finish: 'LMSFinish',
        get: 'LMSGetValue',
        set: 'LMSSetValue',
        commit: 'LMSCommit',
        err: 'LMSGetLastError',
      }
    : {
        init: 'Initialize',
        finish: 'Terminate',
        get: 'GetValue',
        set: 'SetValue',
        commit: 'Commit',
        err: 'GetLastError',
      };
  for (const name of [names.init, names.finish, names.get, names.set, names.commit]) {
    const original = api[name].bind(api);
    api[name] = (/** @type {unknown[]} */ ...args) => {
      const result = original(...args);
      apiCalls += 1;
      field('calls', String(apiCalls));
      const code = String(api[names.err]());
      const shown = args.map((a) => JSON.stringify(a)).join(', ');
      const quiet = name === names.get && code === '0';
      if (!quiet || document.getElementById('show-gets')?.checked) {
        logCall(
          `${name}(${shown}) → ${JSON.stringify(result)}${code !== '0' ? ` error ${code}` : ''}`,
          code !== '0' ? 'error' : name === names.commit || name === names.finish ? 'commit' : '',
        );
      }
      if (name === names.init)
        setState(`Session open (${cfg.entry ? `entry ${cfg.entry}` : 'entry ""'}, mode ${cfg.mode}).`);
      if (name === names.finish) setState(`The course ended the session (${name}). The LMS stored what it committed.`);
      return result;
    };
  }
  if (v12) window.API = api;
  else window.API_1484_11 = api;
  const toggle = document.createElement('label');
  toggle.className = 'toggle';
  toggle.innerHTML = '<input type="checkbox" id="show-gets"> Show successful GetValue calls';
  document.getElementById('calls')?.before(toggle);
  setState(`Waiting for the course to call ${names.init}…`);
}

async function main() {
  listen();
  try {
    if (hostsApi) await hostScorm();
    else if (cfg.format === 'aicc')
      setState(
        `AICC HACP launch: session ${cfg.sessionId}. The requests the course sends to ${cfg.hacpUrl} appear below.`,
      );
    else if (cfg.format === 'xapi')
      setState(`xAPI launch: registration ${cfg.registration}. Statements appear below as the LRS stores them.`);
    else if (cfg.format === 'cmi5')
      setState(
        `cmi5 launch: registration ${cfg.registration}, session ${cfg.sessionId}. The LMS wrote LMS.LaunchData and a launched statement.`,
      );
    else setState('Standalone: progress stays on this device.');
  } catch (e) {
    setState(`The LMS side of the launch failed: ${e instanceof Error ? e.message : String(e)}`);
    throw e;
  }
  if (cfg.launchMethod === 'OwnWindow') return ownWindow();
  frame.src = cfg.packageUrl;
}

/** cmi5 launchMethod OwnWindow: the course opens in a window of its own (from a button: pop-up blockers allow that). */
function ownWindow() {
  frame.hidden = true;
  frame.style.display = 'none'; // the stage's own display rule would show it
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'open-own-window';
  button.textContent = 'Open the course in its own window';
  button.addEventListener('click', () => {
    const w = window.open(cfg.packageUrl, `ict-course-${cfg.sessionId}`);
    setState(w ? 'The course is open in its own window (launchMethod OwnWindow).' : 'The browser blocked the window.');
  });
  frame.before(button);
  setState('launchMethod OwnWindow: open the course in its own window.');
}
void main();
