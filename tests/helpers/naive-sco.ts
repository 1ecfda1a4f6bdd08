// A deliberately naive SCO, the kind of tracker the LMS profiles (lms-profiles.ts) are there to catch: it looks for
// the API in `window.parent` only and only once, at load; it treats any error from a GetValue as a broken LMS and
// stops; it keeps its state as verbose JSON in suspend data (over 4 KB after two lessons) and nowhere else; it never
// sets `cmi.exit` to suspend, never calls Commit (it relies on LMSFinish/Terminate), and times its session from a
// start it never set. Each profile must make it lose something that the course's own tracker keeps.
// Driven by the tests through `window.naive`.

export function naiveScoPage(version: '1.2' | '2004'): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Naive SCO</title>
<script>
const V = ${JSON.stringify(version)};
const N = V === '1.2'
  ? {init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', err: 'LMSGetLastError', finish: 'LMSFinish',
     lang: 'cmi.student_preference.language', location: 'cmi.core.lesson_location', time: 'cmi.core.session_time'}
  : {init: 'Initialize', get: 'GetValue', set: 'SetValue', err: 'GetLastError', finish: 'Terminate',
     lang: 'cmi.learner_preference.language', location: 'cmi.location', time: 'cmi.session_time'};
const api = window.parent !== window ? window.parent[V === '1.2' ? 'API' : 'API_1484_11'] : undefined;
let state = {visited: [], notes: []};
let broken = !api;
let startedAt; // never set: the session time below counts from 1970
window.naive = {
  start() {
    if (!api) return {found: false, visited: []};
    api[N.init]('');
    api[N.get](N.lang);
    if (api[N.err]() !== '0') broken = true;
    if (broken) return {found: true, broken: true, visited: []};
    try { state = JSON.parse(api[N.get]('cmi.suspend_data')); } catch { state = {visited: [], notes: []}; }
    return {found: true, broken: false, visited: [...state.visited]};
  },
  visit(i) {
    if (broken) return;
    state.visited.push(i);
    state.notes.push({lesson: i, at: new Date().toISOString(), text: 'Notes on lesson ' + i + ': ' + '"key points" '.repeat(170)});
    api[N.set]('cmi.suspend_data', JSON.stringify(state));
    api[N.set](N.location, 'lesson-' + i);
  },
  pass() {
    if (broken) return;
    if (V === '1.2') {
      api[N.set]('cmi.core.lesson_status', 'passed');
      api[N.set]('cmi.core.score.raw', '100');
    } else {
      api[N.set]('cmi.completion_status', 'completed');
      api[N.set]('cmi.success_status', 'passed');
      api[N.set]('cmi.score.scaled', '1');
    }
  },
  leave() {
    if (!api || broken) return;
    const hours = Math.floor((Date.now() - (startedAt ?? 0)) / 3600000);
    api[N.set](N.time, V === '1.2' ? hours + ':00:00' : 'PT' + hours + 'H');
    api[N.finish]('');
  },
};
</script></head><body><p>Naive SCO</p></body></html>`;
}
