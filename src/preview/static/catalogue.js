// The catalogue: live updates of the records table, and a reload when the courses change (an edit was saved).
const learner = /** @type {HTMLSelectElement | null} */ (document.getElementById('learner'))?.value ?? '';

/** @param {number | null | undefined} s */
const pct = (s) => (s === null || s === undefined ? '—' : `${Math.round(s * 1000) / 10} %`);

let submitting = false;
document.addEventListener('submit', () => {
  submitting = true;
});

function connect() {
  const es = new EventSource(`/api/events?${new URLSearchParams({learner})}`);
  es.addEventListener('catalogue', () => {
    // keep what the person was doing: reload only when no form control has focus
    if (document.activeElement && document.activeElement.closest('form')) {
      const note = document.getElementById('changed-note') ?? document.createElement('p');
      note.id = 'changed-note';
      note.className = 'notice';
      note.setAttribute('role', 'status');
      note.innerHTML = 'The courses changed. <a href="">Reload the catalogue</a>.';
      document.querySelector('main')?.prepend(note);
    } else location.reload();
  });
  es.addEventListener('record', (ev) => {
    const {summary} = JSON.parse(/** @type {MessageEvent} */ (ev).data);
    if (!summary) return;
    const row = document.querySelector(
      `tr[data-course="${CSS.escape(summary.course)}"][data-format="${CSS.escape(summary.format)}"]`,
    );
    if (!row) return;
    /** @param {string} name @param {string} text */
    const set = (name, text) => {
      const cell = row.querySelector(`[data-field="${name}"]`);
      if (cell) cell.textContent = text;
    };
    set('version', summary.courseVersion);
    set('status', summary.status + (summary.satisfied ? ' · satisfied' : ''));
    set('score', pct(summary.score));
    set('time', summary.time);
    set('sessions', String(summary.sessions));
    set('updated', summary.updated ? `${summary.updated.replace('T', ' ').slice(0, 19)} UTC` : '—');
  });
  // a reset from another window: show it (this page's own reset form navigates by itself)
  es.addEventListener('reset', () => {
    if (!submitting) location.reload();
  });
}
connect();
