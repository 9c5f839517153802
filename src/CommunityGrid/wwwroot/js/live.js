// Live push for signed-in users: the notification hub sends "inbox" when a message for this user
// is committed; show it at once as a small toast (which lets clicks through) and count it on the badge.
// The badge starts from the unread count the server rendered, and asks the server again whenever the
// page comes back into view (another tab read them, the back button restored an old page).
(function () {
  var link = document.getElementById("inbox-link");
  var badge = document.getElementById("live-badge");
  var toasts = document.getElementById("live-toasts");
  var zh = document.documentElement.lang !== "en";
  var unread = link ? (parseInt(link.getAttribute("data-unread") || "0", 10) || 0) : 0;

  function show(n) {
    unread = n;
    if (link) { link.setAttribute("data-unread", String(n)); }
    if (badge) { badge.textContent = n > 99 ? "99+" : String(n); badge.hidden = n === 0; }
  }

  function refresh() {
    if (!link || !window.fetch) { return; }
    fetch("/api/inbox/unread", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) { if (d && typeof d.unread === "number") { show(d.unread); } })
      .catch(function () { });
  }

  window.addEventListener("pageshow", function (e) { if (e.persisted) { refresh(); } });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });

  if (!window.signalR) { return; }
  var connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/notifications")
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("inbox", function (m) {
    show(unread + 1);
    if (!toasts) { return; }
    var item = document.createElement("div");
    item.className = "live-toast";
    var title = document.createElement("strong");
    title.textContent = m.title || "";
    var text = document.createElement("span");
    text.textContent = (zh ? m.text : (m.textEn || m.text)) || "";
    item.appendChild(title);
    item.appendChild(text);
    toasts.prepend(item);
    while (toasts.children.length > 3) { toasts.removeChild(toasts.lastChild); }
    // A toast informs and then goes; it never blocks the page underneath.
    setTimeout(function () { item.remove(); }, 15000);
  });
  connection.onreconnected(refresh);
  connection.start().then(function () { document.body.dataset.live = "connected"; })
    .catch(function () { document.body.dataset.live = "failed"; });
})();
