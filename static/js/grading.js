/* Guided grading and license plates, progressive enhancement (every form works without this script):
   - a photo chosen on the photo step is uploaded at once (one tap less);
   - scan feedback a person notices without reading: a green or red flash, a short tone and, where the
     device has it, a vibration, after every scan field's answer. */
(function () {
  "use strict";

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
    root.classList.add(ok ? "scan-ok" : "scan-error");
    root.dataset.scanFeedback = ok ? "ok" : "error";  // tests can read it
    setTimeout(function () { root.classList.remove("scan-ok", "scan-error"); }, 600);
    tone(ok);
    if (navigator.vibrate) navigator.vibrate(ok ? 60 : [120, 60, 120]);
  }

  // The page after a scan says how it went: an error banner, or a success message.
  if (document.querySelector("[data-scan-feedback]")) {
    if (document.querySelector("[data-scan-result=error]")) feedback(false);
    else if (document.querySelector(".messages .success, [role=status].success, .message.success")) feedback(true);
  }

  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    var button = input.form.querySelector("[data-upload-button]");
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      if (button) button.disabled = true;
      input.form.submit();
    });
  });
})();
