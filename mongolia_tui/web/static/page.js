// Sets up the page before textual-serve's script connects (it does so when the page has loaded).
(function () {
  "use strict";
  const here = new URL(window.location.href);

  // The session's websocket, beside this page: right behind a proxy or under a path prefix too.
  // The token travels as the cookie the page was served with, never in this URL.
  const socket = new URL("ws", here);
  socket.protocol = here.protocol === "https:" ? "wss:" : "ws:";
  socket.search = "";
  socket.hash = "";
  document.getElementById("terminal").dataset.sessionWebsocketUrl = socket.href;

  // textual-serve opens downloads and the app's links (App.open_url) with window.open. A
  // download becomes a link clicked in this page (no pop-up for a browser to block); a link
  // opens in a new tab that cannot reach back into this one; anything but http(s) is not opened.
  const open = window.open.bind(window);
  window.open = function (url) {
    if (url === undefined) {
      // xterm.js's own link handlers open a blank tab first: the app opens its links itself
      // (one tab per click, not two), so these are declined.
      return null;
    }
    const address = new URL(String(url), here);
    const download = address.pathname.match(/\/download\/([0-9a-f]+)$/);
    if (address.origin === here.origin && download) {
      const link = document.createElement("a");
      link.href = new URL("download/" + download[1], here).href;
      link.download = "";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return null;
    }
    if (address.protocol !== "https:" && address.protocol !== "http:") {
      return null;
    }
    open(address.href, "_blank", "noopener,noreferrer");
    return null;
  };

  document.getElementById("restart").addEventListener("click", function () {
    window.location.reload();
  });
})();
