// The cmi5 returnURL: the AU navigated its frame here; take the whole window back to the catalogue.
const link = document.getElementById('return-link');
const target = link?.dataset.target || '/';
try {
  (window.top || window).location.href = target;
} catch {
  window.location.href = target;
}
