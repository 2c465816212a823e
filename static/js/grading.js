/* Guided grading, progressive enhancement (every form works without this script): a photo chosen on
   the photo step is uploaded at once, one tap less. Scan feedback is scan_feedback.js, on every page. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    var button = input.form.querySelector("[data-upload-button]");
    input.addEventListener("change", function () {
      if (!input.files.length) return;
      if (button) button.disabled = true;
      input.form.requestSubmit();  // an event, so the offline queue can keep it while offline
    });
  });
})();
