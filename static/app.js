// article-viewer: remembers reading options, copies permalinks, and reloads on edits.
// Everything here is an enhancement: the pages work the same without it.
(function () {
  "use strict";
  var store = {
    get: function (k) { try { return window.localStorage.getItem("article-viewer:" + k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem("article-viewer:" + k, v); } catch (e) { /* private mode */ } }
  };

  function restore() {
    ["theme", "size"].forEach(function (name) {
      var v = store.get(name);
      var input = v && document.getElementById(name + "-" + v);
      if (input) { input.checked = true; }
      document.querySelectorAll('input[name="' + name + '"]').forEach(function (el) {
        el.addEventListener("change", function () { store.set(name, el.value); });
      });
    });
    ["hl-quotes", "hl-places", "hl-dates"].forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var v = store.get(id);
      if (v !== null) { el.checked = v === "1"; }
      el.addEventListener("change", function () { store.set(id, el.checked ? "1" : "0"); });
    });
  }

  function permalinks() {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.permalink");
      if (!a || !navigator.clipboard) { return; }
      var url = window.location.origin + window.location.pathname + a.getAttribute("href");
      navigator.clipboard.writeText(url).then(function () {
        a.classList.add("copied");
        window.setTimeout(function () { a.classList.remove("copied"); }, 1500);
      }, function () { /* no permission: the link still navigates */ });
    });
  }

  function liveReload() {
    var meta = document.querySelector('meta[name="live-reload"]');
    if (!meta || !window.EventSource) { return; }
    var banner = document.querySelector(".banner.live");
    // The page knows the version it was rendered from, so an edit that lands between loading
    // the page and opening the stream (or while the stream was refused) still reloads it.
    var mine = meta.getAttribute("data-version");
    var wait = 15000;
    function open() {
      var source = new EventSource(meta.getAttribute("content"));
      source.addEventListener("version", function (ev) {
        wait = 15000;
        if (ev.data && ev.data !== mine) { window.location.reload(); }
      });
      source.addEventListener("problem", function (ev) {
        if (!banner) { return; }
        banner.textContent = ev.data ? "The article file has a problem; showing the last good version. " + ev.data : "";
        banner.hidden = !ev.data;
      });
      // A lost connection is reopened by the browser itself. A refused stream (503 while the
      // server holds as many as it takes) is not: try again later, less often each time, with
      // the page readable as it is meanwhile.
      source.addEventListener("error", function () {
        if (source.readyState !== EventSource.CLOSED) { return; }
        window.setTimeout(open, wait / 2 + Math.random() * wait);
        wait = Math.min(wait * 2, 300000);
      });
    }
    open();
  }

  restore();
  permalinks();
  liveReload();
}());
