// Reports a view on open and one read once the visitor stayed long enough or scrolled far enough.
// The page token is signed by the server and bound to this visitor and article.
(function () {
  var article = document.getElementById("h5-article");
  if (!article) return;
  var token = article.getAttribute("data-token");
  var seconds = Number(article.getAttribute("data-read-seconds")) || 10;
  var ratio = (Number(article.getAttribute("data-read-percent")) || 70) / 100;
  var sent = {};

  function send(kind) {
    if (sent[kind]) return;
    sent[kind] = true;
    var body = JSON.stringify({ t: token, k: kind });
    // text/plain keeps the beacon a "simple" request: no preflight.
    if (navigator.sendBeacon && navigator.sendBeacon("/h5/beacon", new Blob([body], { type: "text/plain" }))) return;
    fetch("/h5/beacon", { method: "POST", body: body, keepalive: true, credentials: "same-origin" });
  }

  function onScroll() {
    var box = article.getBoundingClientRect();
    var seen = (window.innerHeight - box.top) / Math.max(1, box.height);
    if (seen >= ratio) {
      send("read");
      window.removeEventListener("scroll", onScroll);
    }
  }

  send("view");
  setTimeout(function () { send("read"); }, seconds * 1000);
  window.addEventListener("scroll", onScroll, { passive: true });
})();
