/* Scan feedback a person notices without reading, on every scan field of the tablet: a green or red
   flash, a short high or low tone and, where the device has it, a vibration.
   - scans that load a page (most forms): the form with a [data-scan] field marks the scan before it is
     sent; the next page flashes red if it shows an error, green otherwise;
   - scans the page handles itself (receiving counts, tablet.js): the scan status line changing says it. */
(function () {
  "use strict";
  var KEY = "rfScanSent";

  function tone(ok) {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx(), osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = ok ? 880 : 220;
      gain.gain.value = 0.08;
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + (ok ? 0.12 : 0.35));
    } catch (e) { /* no audio: the flash still shows */ }
  }

  function feedback(ok) {
    var root = document.documentElement;
    root.classList.remove("scan-ok", "scan-error");
    root.classList.add(ok ? "scan-ok" : "scan-error");
    root.dataset.scanFeedback = ok ? "ok" : "error";  // tests can read it
    setTimeout(function () { root.classList.remove("scan-ok", "scan-error"); }, 600);
    tone(ok);
    if (navigator.vibrate) navigator.vibrate(ok ? 60 : [120, 60, 120]);
  }

  var sent = null;
  try { sent = window.sessionStorage.getItem(KEY); window.sessionStorage.removeItem(KEY); } catch (e) { sent = null; }
  if (sent) {
    feedback(!document.querySelector("[data-scan-result=error], .messages .error, p.error.banner, [role=alert]"));
  }

  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector("[data-scan]");
    // Only when the browser really leaves the page: tablet.js handles some scans in place (it has
    // already run, on the form itself, so a scan it kept is defaultPrevented here).
    if (!field || !field.value.trim() || event.defaultPrevented) return;
    try { window.sessionStorage.setItem(KEY, "1"); } catch (e) { /* private mode: no flash */ }
  });

  var status = document.getElementById("scan-status");
  if (status && window.MutationObserver) {
    new MutationObserver(function () {
      if (status.textContent.trim()) feedback(!status.classList.contains("error"));
    }).observe(status, {childList: true, characterData: true, subtree: true, attributes: true,
                        attributeFilter: ["class"]});
  }
})();
