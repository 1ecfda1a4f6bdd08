// The cmi5 returnURL: the AU navigated its frame here; take the whole window back to the catalogue. A course the
// LMS opened in a window of its own (launchMethod OwnWindow) brings its opener back there and closes its window.
const link = document.getElementById('return-link');
const target = link?.dataset.target || '/';
try {
  if (window.top === window && window.opener && !window.opener.closed) {
    window.opener.location.href = target;
    window.close();
  } else (window.top || window).location.href = target;
} catch {
  window.location.href = target;
}
