// Live push for signed-in users: the notification hub sends "inbox" when a message for this user
// is committed; show it at once as a small toast (which lets clicks through) and count it on the badge.
(function () {
  if (!window.signalR) { return; }
  var badge = document.getElementById("live-badge");
  var toasts = document.getElementById("live-toasts");
  var zh = document.documentElement.lang !== "en";
  var unread = 0;
  var connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/notifications")
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("inbox", function (m) {
    unread++;
    if (badge) { badge.textContent = String(unread); badge.hidden = false; }
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
  connection.start().then(function () { document.body.dataset.live = "connected"; })
    .catch(function () { document.body.dataset.live = "failed"; });
})();
