// A button or link with data-confirm asks before it acts. The Content-Security-Policy runs no
// inline handlers (onclick="…"), so pages ask for a confirmation with the attribute alone.
document.addEventListener('click', function (e) {
  var el = e.target.closest ? e.target.closest('[data-confirm]') : null;
  if (el && !window.confirm(el.dataset.confirm)) {
    e.preventDefault();
  }
});
