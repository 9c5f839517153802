// 智能派单 on the report and hotline pages: as the text changes (debounced), ask POST /api/work-orders/triage and
// show the top three categories with their confidence, the place the text names and who will handle it; fill the
// category unless the person chose one, and the hidden address (as written) and guess fields. The page works
// without it: the category is then chosen by hand.
(function () {
  var box = document.querySelector('[data-triage]');
  if (!box) { return; }
  var q = function (sel) { return sel ? document.querySelector(sel) : null; };
  var sources = Array.prototype.slice.call(document.querySelectorAll(box.dataset.sources));
  var select = q(box.dataset.select), address = q(box.dataset.address), guess = q(box.dataset.guess), house = q(box.dataset.house);
  var timer = null, asked = '', picked = false;
  select.addEventListener('change', function (e) { if (e.isTrusted) { picked = true; } mark(); });
  function text() { return sources.map(function (s) { return s.value || ''; }).join(' ').trim().slice(0, 2000); }
  function line(cls, content) { var p = document.createElement('p'); p.className = cls; p.textContent = content; box.appendChild(p); }
  function mark() { box.querySelectorAll('.chip').forEach(function (c) { c.classList.toggle('chosen', c.dataset.code === select.value); }); }
  function show(a) {
    box.textContent = '';
    if (!a || !a.suggestions) { box.hidden = true; return; }
    line(a.needsManualTriage ? 'small unsure' : 'muted small', a.needsManualTriage ? box.dataset.unsure : box.dataset.hint);
    var chips = document.createElement('div');
    chips.className = 'chips';
    a.suggestions.forEach(function (s) {
      var b = document.createElement('button');
      b.type = 'button'; b.className = 'chip'; b.dataset.code = s.categoryCode;
      b.textContent = s.categoryName + ' · ' + Math.round(s.confidence * 100) + '%';
      b.addEventListener('click', function () { select.value = s.categoryCode; picked = true; mark(); });
      chips.appendChild(b);
    });
    box.appendChild(chips);
    if (guess) { guess.value = a.suggestions.length > 0 ? a.suggestions[0].categoryCode : ''; }
    if (!picked && !a.needsManualTriage && a.suggestions.length > 0) { select.value = a.suggestions[0].categoryCode; }
    if (!picked && a.needsManualTriage && box.dataset.manual !== undefined) { select.value = ''; }
    if (a.place) {
      var written = a.place.written && a.place.name.indexOf(a.place.written) < 0 ? '（' + a.place.written + '）' : '';
      line('triage-place', box.dataset.place + a.place.name + written);
      if (address) { address.value = a.place.written || ''; }
      if (house && !house.value && a.place.houseCode) { house.value = a.place.houseCode; }
    } else if (address) { address.value = ''; }
    if (a.routesTo && !a.needsManualTriage) { line('triage-handler', box.dataset.by.replace('{0}', a.routesTo.handlerName)); }
    box.hidden = false;
    mark();
  }
  function ask() {
    var t = text();
    if (t.length < 4) { box.hidden = true; return; }
    if (t === asked) { return; }
    asked = t;
    fetch('/api/work-orders/triage', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: t }) })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (a) { if (asked === t) { show(a); } })
      .catch(function () { });
  }
  sources.forEach(function (s) { s.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(ask, 400); }); });
  if (text().length >= 4) { ask(); }
})();
