/* Warehouse tablet, progressive enhancement: every form also works without this script.
   - keyboard-wedge scanners: typing while nothing is focused goes to the page's scan field;
   - receiving: product scans count units and tote labels set the location without a page load; every
     change is saved to the parcel's receiving session at once, and leaving with unsaved counts warns;
   - inspection: each answer is saved at once, one request at a time, carrying the version;
   - photos: thumbnails replace "Processing…" once the renditions are ready;
   - every save goes through the offline queue (offline_queue.js, offline_page.js): kept on the tablet
     while the Wi-Fi is down, sent when it is back. */
(function () {
  "use strict";

  function scanField() { return document.querySelector("[data-scan]"); }

  // A scanner "types" into whatever has focus; if that is nothing useful, send it to the scan field.
  document.addEventListener("keydown", function (event) {
    var field = scanField();
    var active = document.activeElement;
    if (!field || event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
    if (active && active !== document.body && active.matches("input, textarea, select, [contenteditable]")) return;
    field.focus();
  });

  function format(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/%s/g, function () { return args.shift(); });
  }

  // ---- receiving ----------------------------------------------------------------------------
  function updateDiff(row) {
    var form = row.closest("form");
    var input = row.querySelector("input[type=number]");
    var diff = row.querySelector("[data-diff]");
    var got = parseInt(input.value, 10) || 0;
    var expected = parseInt(row.dataset.expected, 10) || 0;
    if (!diff) return;
    if (got < expected) diff.textContent = format(form.dataset.msgShort, expected - got);
    else if (got > expected) diff.textContent = format(form.dataset.msgExtra, got - expected);
    else diff.textContent = form.dataset.msgOk;
    diff.classList.toggle("warn", got !== expected);
  }

  // The tablet's device id: kept in localStorage, mirrored into a cookie so page loads know it too.
  var DEVICE_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;
  function deviceId() {
    var id = null;
    try { id = window.localStorage.getItem("rfDevice"); } catch (e) { id = null; }
    if (!id || !DEVICE_PATTERN.test(id)) {
      var bytes = new Uint8Array(8);
      window.crypto.getRandomValues(bytes);
      id = "tab-" + Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
      try { window.localStorage.setItem("rfDevice", id); } catch (e) { /* private mode: the cookie still works */ }
    }
    return id;
  }
  var hadDeviceCookie = /(?:^|; )rf_device=/.test(document.cookie);

  document.querySelectorAll("form[data-receive]").forEach(function (form) {
    var status = document.getElementById("scan-status");
    var saveStatus = document.getElementById("save-status");
    var prompt = document.getElementById("short-prompt");
    var code = form.querySelector("[data-scan]");
    var location = form.querySelector("#location");
    var totePattern = new RegExp(form.dataset.totePattern || "^(TOTE|BIN)-");
    var device = deviceId();
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var inFlight = 0, failed = {}, submitting = false, sending = Promise.resolve();
    document.cookie = "rf_device=" + device + "; path=/; max-age=31536000; SameSite=Strict";
    document.querySelectorAll("input[data-device]").forEach(function (input) { input.value = device; });
    // First visit of this tablet: the page was made before the server knew its id; if it says the
    // parcel is held by this very tablet (localStorage survived, the cookie did not), look again.
    var held = document.querySelector("[data-held-device]");
    if (held && held.dataset.heldDevice === device && !hadDeviceCookie) { window.location.reload(); return; }

    function unsaved() { return inFlight > 0 || Object.keys(failed).length > 0; }
    function showSave(text, isError) {
      if (!saveStatus) return;
      saveStatus.textContent = text;
      saveStatus.classList.toggle("error", !!isError);
      document.documentElement.dataset.receivingUnsaved = unsaved() ? "1" : "0";  // tests can read it
    }

    // Each change is sent at once, one request at a time, as the absolute value (a resend changes nothing).
    function send(key, fields) {
      inFlight += 1;
      showSave(form.dataset.msgSaving || "…", false);
      sending = sending.then(function () {
        var body = new FormData();
        body.append("csrfmiddlewaretoken", csrf);
        body.append("device", device);
        Object.keys(fields()).forEach(function (name) { body.append(name, fields()[name]); });
        return post(form.dataset.saveUrl, body, {kind: "receive", label: form.dataset.rma})
          .then(function (result) {
            inFlight -= 1;
            if (result.queued) {
              // Kept on the tablet by the offline queue, which sends it; until then leaving still warns.
              failed[key] = result.key;
              showSave(form.dataset.msgOffline, true);
            } else if (result.ok) {
              delete failed[key];
              showSave(format(form.dataset.msgSaved, result.data.saved_at), false);
            } else {
              // Refused (the parcel is held elsewhere, a bad tote): say why; nothing is retried blindly.
              delete failed[key];
              showSave(result.data.error ? result.data.error.message : "Error", true);
            }
          })
          .catch(function () {  // no offline queue on this page (or no IndexedDB): try again shortly
            inFlight -= 1;
            failed[key] = true;
            showSave(form.dataset.msgOffline, true);
            setTimeout(function () { if (failed[key]) send(key, fields); }, 3000);
          });
      });
    }

    // A count the offline queue kept and has now sent (or that the server refused).
    window.addEventListener("rf-queue", function (event) {
      var detail = event.detail;
      Object.keys(failed).forEach(function (key) {
        if (detail.type !== "outcome" || failed[key] !== detail.key) return;
        delete failed[key];
        var sent = detail.outcome.sent && detail.outcome.data;
        showSave(sent ? format(form.dataset.msgSaved, detail.outcome.data.saved_at) : detail.outcome.message, !sent);
      });
    });

    function saveRow(row, scanned) {
      var input = row.querySelector("input[type=number]");
      var line = input.name.replace("qty-", "");
      send("line-" + line, function () { return {line: line, quantity: input.value || "0", code: scanned || ""}; });
    }

    window.addEventListener("beforeunload", function (event) {
      if (submitting || !unsaved()) return;
      event.preventDefault();
      event.returnValue = "";
    });

    form.querySelectorAll(".count-row").forEach(function (row) {
      var input = row.querySelector("input[type=number]");
      row.querySelectorAll("[data-step]").forEach(function (button) {
        button.addEventListener("click", function () {
          input.value = Math.max(0, (parseInt(input.value, 10) || 0) + parseInt(button.dataset.step, 10));
          updateDiff(row);
          saveRow(row);
        });
      });
      input.addEventListener("input", function () { updateDiff(row); });
      input.addEventListener("change", function () { saveRow(row); });
      // Enter in a quantity box must not submit the receipt.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); saveRow(row); code.focus(); }
      });
    });
    // Products that are not on the return: their count and note are saved as they change, too.
    form.querySelectorAll("input[name=unexpected]").forEach(function (hidden) {
      var product = hidden.value;
      var qty = form.querySelector("#uqty-" + product), itemNote = form.querySelector("#unote-" + product);
      function saveItem() {
        send("product-" + product, function () {
          return {product: product, quantity: qty.value || "0", item_note: itemNote.value};
        });
      }
      [qty, itemNote].forEach(function (input) { if (input) input.addEventListener("change", saveItem); });
    });
    if (location) {
      location.addEventListener("change", function () {
        send("location", function () { return {location: location.value}; });
      });
    }
    var note = form.querySelector("#note"), noteTimer = null;
    if (note) {
      note.addEventListener("input", function () {
        clearTimeout(noteTimer);
        noteTimer = setTimeout(function () { send("note", function () { return {note: note.value}; }); }, 800);
      });
    }

    function shortUnits() {
      var short = 0;
      form.querySelectorAll(".count-row").forEach(function (row) {
        var got = parseInt(row.querySelector("input[type=number]").value, 10) || 0;
        short += Math.max(0, (parseInt(row.dataset.expected, 10) || 0) - got);
      });
      return short;
    }
    function anyCounted() {
      return Array.prototype.some.call(form.querySelectorAll("input[type=number]"), function (input) {
        return (parseInt(input.value, 10) || 0) > 0;
      });
    }

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "confirm_short") { submitting = true; return; }
      if (submitter && (submitter.value === "receive" || submitter.value === "discard")) {
        var short = shortUnits();
        if (submitter.value === "receive" && short && anyCounted()) {
          // Ask first, in the page (a browser dialog is easy to dismiss unread).
          event.preventDefault();
          prompt.querySelector("#short-prompt-text strong").textContent =
            format(short === 1 ? form.dataset.msgShortOne : form.dataset.msgShortMany, short);
          prompt.hidden = false;
          prompt.querySelector("button[name=confirm_short]").focus();
          return;
        }
        submitting = true;
        return;
      }
      if (submitter && submitter.hasAttribute("data-keep-counting")) {
        event.preventDefault();
        prompt.hidden = true;
        code.focus();
        return;
      }
      var value = code.value.trim().toUpperCase();
      if (!value) { event.preventDefault(); return; }
      if (value === form.dataset.rma) { event.preventDefault(); code.value = ""; return; }
      var rows = form.querySelectorAll(".count-row");
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].dataset.codes.split(" ").indexOf(value) !== -1) {
          event.preventDefault();
          var input = rows[i].querySelector("input[type=number]");
          input.value = (parseInt(input.value, 10) || 0) + 1;
          updateDiff(rows[i]);
          saveRow(rows[i], value);
          status.textContent = format(form.dataset.msgCounted, rows[i].querySelector("strong").textContent, input.value);
          status.classList.remove("error");
          code.value = ""; code.focus();
          return;
        }
      }
      if (totePattern.test(value)) {
        event.preventDefault();
        location.value = value;
        send("location", function () { return {location: value}; });
        status.textContent = format(form.dataset.msgLocation, value);
        status.classList.remove("error");
        code.value = ""; code.focus();
        return;
      }
      // Unknown here: the server looks the product up (and adds it as unexpected), saving every count.
      submitting = true;
    });
  });

  // ---- step-by-step saving ------------------------------------------------------------------
  var queue = Promise.resolve();
  var pending = 0;

  function setVersions(versions) {
    Object.keys(versions).forEach(function (id) {
      document.querySelectorAll('input[name=version][data-record="' + id + '"]').forEach(function (input) {
        input.value = versions[id];
      });
    });
  }

  function setPending(delta) {
    pending += delta;
    document.documentElement.dataset.pendingSaves = String(pending);  // tests and styles can read it
  }

  // Through the offline queue (offline_page.js) when the page has it: written to the tablet first, so a
  // dropped connection loses nothing ({queued: true}); else a plain fetch.
  function post(url, body, options) {
    if (window.RFQueue && window.RFQueue.post) return window.RFQueue.post(url, body, options);
    return fetch(url, {method: "POST", body: body, credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) { return {ok: response.ok, status: response.status, data: data}; });
      });
  }

  function save(form) {
    var status = form.querySelector(".save-status");
    setPending(1);
    queue = queue.then(function () {
      if (form.dataset.conflict) return null;
      status.textContent = "…";
      var version = form.querySelector("input[name=version]"), heading = form.querySelector("h2");
      return post(form.action, new FormData(form), {kind: "save", versionOf: version ? version.dataset.record : "",
                                                    label: heading ? heading.textContent.trim() : ""}).then(function (result) {
        if (result.queued) {  // no connection: kept on the tablet, the offline queue sends it
          status.textContent = window.RFQueue.keptMessage;
          status.classList.add("error");
        } else if (result.ok) {
          setVersions(result.data.versions);
          status.textContent = status.dataset.saved ? format(status.dataset.saved, result.data.saved_at)
                                                    : "✓ " + result.data.saved_at;
          status.classList.remove("error");
          if (result.data.reload) window.location.reload();
        } else {
          status.textContent = result.data.error ? result.data.error.message : String(result.status);
          status.classList.add("error");
          if (result.status === 409 && !form.dataset.conflict) {
            form.dataset.conflict = "1";
            form.classList.add("conflict");
            var reload = document.createElement("button");
            reload.type = "button";
            reload.textContent = status.dataset.reload || "Reload";
            reload.addEventListener("click", function () { window.location.reload(); });
            status.after(reload);
          }
        }
      }).catch(function () {
        // No answer (Wi-Fi dropped): the answers stay on the page and are sent again shortly.
        status.textContent = status.dataset.offline || "Offline: not saved yet.";
        status.classList.add("error");
        if (!form.dataset.retry) {
          form.dataset.retry = "1";
          setTimeout(function () { delete form.dataset.retry; save(form); }, 5000);
        }
      });
    }).then(function () { setPending(-1); });
    return queue;
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var timer = null;
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=radio], input[type=checkbox], select")) save(form);
    });
    form.addEventListener("input", function (event) {
      if (!event.target.matches("textarea")) return;
      clearTimeout(timer);
      timer = setTimeout(function () { save(form); }, 800);
    });
    form.addEventListener("submit", function (event) {  // the scanner's Enter after a serial, or the button
      event.preventDefault();
      clearTimeout(timer);
      save(form);
    });
  });

  // A decision waits for the answers still being saved, then goes with the newest version.
  document.querySelectorAll("form[data-wait-saves]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!pending || event.defaultPrevented) return;
      event.preventDefault();
      var submitter = event.submitter;
      // requestSubmit fires "submit" again, so the offline queue (data-offline forms) takes it then.
      queue.then(function () { form.requestSubmit(submitter && submitter.form === form ? submitter : undefined); });
    });
  });

  // ---- photo evidence: say before saving that the chosen grade needs a photo ---------------------
  var photoNeeded = document.querySelector("[data-photo-needed]");
  if (photoNeeded) {
    var refresh = function () {
      var graded = Array.prototype.slice.call(document.querySelectorAll("form[data-autosave] input[name=grade]:checked"));
      var belowA = graded.some(function (input) { return input.value !== "A"; });
      photoNeeded.hidden = !(belowA && (parseInt(photoNeeded.dataset.evidencePhotos, 10) || 0) === 0);
    };
    document.querySelectorAll("form[data-autosave] input[name=grade]").forEach(function (input) {
      input.addEventListener("change", refresh);
    });
  }

  // ---- thumbnails -----------------------------------------------------------------------------
  document.querySelectorAll("[data-poll]").forEach(function (list) {
    var tries = 0;
    function waiting() { return list.querySelectorAll('[data-status="processing"]').length > 0; }
    function poll() {
      if (!waiting() || tries++ > 60) return;
      fetch(list.dataset.poll, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (data) {
          data.photos.forEach(function (photo, index) {
            var item = list.querySelector('[data-photo="' + photo.id + '"]');
            if (!item || item.dataset.status === photo.status) return;
            item.dataset.status = photo.status;
            if (photo.status === "ready") {
              var link = document.createElement("a");
              var img = document.createElement("img");
              link.href = photo.large;
              img.src = photo.thumb;
              img.alt = list.dataset.msgAlt + " " + (index + 1);
              link.appendChild(img);
              item.replaceChildren(link);
            } else if (photo.status === "failed") {
              item.textContent = photo.error;
            }
          });
        })
        .catch(function () {})
        .then(function () { setTimeout(poll, 2000); });
    }
    setTimeout(poll, 1500);
  });
})();
