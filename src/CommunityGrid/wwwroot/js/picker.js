// Search-as-you-type pickers (Kernel/Picker.razor): typing asks the picker's source for names, the list shows each
// name with where it is, and choosing one puts its value (a code or an id) in the hidden field the form posts.
(function () {
  function setup(root) {
    var input = root.querySelector(".picker-input");
    var hidden = root.querySelector(".picker-value");
    var list = root.querySelector(".picker-options");
    var chosen = root.querySelector(".picker-chosen");
    var source = root.getAttribute("data-source");
    var timer = null, active = -1, items = [], seq = 0;

    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }

    function mark(i) {
      var lis = list.querySelectorAll("li[role=option]");
      lis.forEach(function (li, n) { li.setAttribute("aria-selected", n === i ? "true" : "false"); });
      active = i;
      if (lis[i]) { input.setAttribute("aria-activedescendant", lis[i].id); lis[i].scrollIntoView({ block: "nearest" }); }
    }

    function choose(i) {
      var item = items[i];
      if (!item) { return; }
      input.value = item.name;
      hidden.value = item.value;
      if (chosen) { chosen.textContent = item.where || ""; }
      input.setCustomValidity("");
      close();
      root.dispatchEvent(new CustomEvent("picker:chosen", { bubbles: true, detail: item }));
    }

    function render(found) {
      items = found;
      list.innerHTML = "";
      if (found.length === 0) {
        var none = document.createElement("li");
        none.className = "picker-none muted";
        none.textContent = root.getAttribute("data-empty") || "";
        list.appendChild(none);
      }
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("data-value", item.value);
        var name = document.createElement("span");
        name.className = "picker-name";
        name.textContent = item.name;
        var where = document.createElement("span");
        where.className = "picker-path";
        where.textContent = item.where || "";
        li.appendChild(name);
        li.appendChild(where);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function search() {
      var mine = ++seq;
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(input.value.trim());
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) { if (mine === seq && document.activeElement === input) { render(found || []); } })
        .catch(function () { });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      if (chosen) { chosen.textContent = ""; }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("focus", function () { if (!hidden.value) { search(); } });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden && (e.key === "ArrowDown" || e.key === "ArrowUp")) { search(); return; }
      if (e.key === "ArrowDown") { e.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && !list.hidden && items.length > 0) { e.preventDefault(); choose(active < 0 ? 0 : active); }
      else if (e.key === "Escape") { close(); }
    });

    var form = root.closest("form");
    if (form && root.getAttribute("data-required") === "true") {
      form.addEventListener("submit", function (e) {
        if (!hidden.value) {
          e.preventDefault();
          input.setCustomValidity(root.getAttribute("data-choose") || "");
          input.reportValidity();
        }
      });
    }
  }

  function init() { document.querySelectorAll(".picker").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
