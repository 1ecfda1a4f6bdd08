// The host page's side: listen to the course's events (they bubble out of the element and its shadow root).
const log = document.getElementById('event-log');

function write(text) {
  const li = document.createElement('li');
  li.textContent = text;
  log.append(li);
}

const course = document.querySelector('ict-course');

course.addEventListener('ict-progress', (e) => {
  const {outcome, location} = e.detail;
  write(`ict-progress: at ${location}, ${Math.round(outcome.progressMeasure * 100)} % done`);
});
course.addEventListener('ict-complete', (e) => {
  const {outcome} = e.detail;
  write(`ict-complete: score ${outcome.scaled === undefined ? 'none' : Math.round(outcome.scaled * 100) + ' %'}`);
});
course.addEventListener('ict-saved', (e) => write(`ict-saved: ${e.detail.status.state}`));
course.addEventListener('ict-error', (e) => write(`ict-error: ${e.detail.code} (${e.detail.message})`));
