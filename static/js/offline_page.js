/* The offline queue on the tablet's pages (the queue itself is offline_queue.js): the banner saying what
   waits ("Offline · 3 waiting to send", "All sent", refused requests to dismiss), the service worker's
   registration, the answers still waiting put back into a page shown from the cache, and the forms
   marked data-offline (answers, scans, photos, decisions), which go through the queue too.
   RFQueue.post() is what tablet.js's saves call. */
(function () {
  "use strict";
  var Q = window.RFQueue, global = window;
  if (!Q) return;
  var PAGE_ID = global.crypto.randomUUID ? global.crypto.randomUUID() : String(Date.now()) + Math.random();
  var follows = [];
  var RETRY_MS = 5000;  // while something waits, try again this often (besides the online event)
  var banner = document.getElementById("offline-banner");
  if (!banner) return;
  var user = parseInt(banner.dataset.user, 10);
  var text = banner.querySelector("[data-offline-text]");
  var refusedList = banner.querySelector("[data-offline-refused]");
  var problem = "", sentSome = false, hadWaiting = false, hideTimer = null;
  Q.configure({sessionUrl: banner.dataset.sessionUrl, origin: PAGE_ID});

  function format(template, value) { return template.replace("%s", value); }

  function render() {
    return Q.all().then(function (items) {
      var mine = items.filter(function (item) { return item.user === user; });
      // A request being sent right now while online is not "waiting" (no banner flashing at every save).
      var waiting = mine.filter(function (item) { return item.state === "waiting" && !Q.isLive(item.key); }).length;
      var others = items.filter(function (item) { return item.user !== user && item.state === "waiting"; }).length;
      var refused = mine.filter(function (item) { return item.state === "refused"; });
      var offline = navigator.onLine === false || problem === "offline";
      var parts = [];
      if (offline) parts.push(banner.dataset.msgOffline);
      if (waiting) parts.push(format(banner.dataset.msgWaiting, waiting));
      if (waiting && problem === "signin") parts.push(banner.dataset.msgSignin);
      if (others) parts.push(format(banner.dataset.msgOthers, others));
      if (offline || (waiting && problem)) hadWaiting = true;
      if (!parts.length && sentSome && hadWaiting && !refused.length) {
        parts.push(banner.dataset.msgSent);  // said for a moment once what waited has gone
        clearTimeout(hideTimer);
        hideTimer = setTimeout(function () { hadWaiting = false; render(); }, 6000);
      }
      text.textContent = parts.join(" · ");
      banner.hidden = !parts.length && !refused.length;
      banner.classList.toggle("offline", offline);
      banner.classList.toggle("waiting", waiting > 0);
      document.documentElement.dataset.offlineWaiting = String(waiting);  // tests and styles can read it
      refusedList.replaceChildren.apply(refusedList, refused.map(function (item) {
        var li = document.createElement("li"), button = document.createElement("button");
        li.textContent = format(banner.dataset.msgRefused, (item.label ? item.label + ": " : "") + item.error) + " ";
        button.type = "button";
        button.className = "secondary";
        button.textContent = banner.dataset.msgDismiss;
        button.addEventListener("click", function () { Q.dismiss(item.key); });
        li.appendChild(button);
        return li;
      }));
    });
  }

  function flushAndRender() {
    return Q.flush().then(function (summary) {
      problem = summary.problem;
      if (summary.sent) sentSome = true;
      return render();
    });
  }

  if (Q.channel) Q.channel.onmessage = function (event) {
    if (event.data.type === "outcome") Q.outcomes[event.data.key] = event.data.outcome;
    if (event.data.type === "outcome" && event.data.outcome.sent) sentSome = true;
    if (event.data.type === "outcome") global.dispatchEvent(new CustomEvent("rf-queue", {detail: event.data}));
    render();
  };
  var reloadWhenSent = {};
  global.addEventListener("rf-queue", function (event) {
    var detail = event.detail;
    if (detail.type === "outcome" && reloadWhenSent[detail.key]) {
      if (detail.outcome.sent) location.reload();
      else document.querySelectorAll("form[data-offline-reload] fieldset").forEach(function (f) { f.disabled = false; });
    }
    if (event.detail.type === "flushed") { problem = event.detail.summary.problem; if (event.detail.summary.sent) sentSome = true; }
    render();
  });
  global.addEventListener("online", function () { problem = ""; flushAndRender(); });
  global.addEventListener("offline", render);
  setInterval(function () {
    Q.all().then(function (items) {
      if (items.some(function (item) { return item.state === "waiting" && item.user === user; })) flushAndRender();
    });
  }, RETRY_MS);

  if (navigator.serviceWorker && banner.dataset.swUrl) {
    navigator.serviceWorker.register(banner.dataset.swUrl, {scope: banner.dataset.swScope}).catch(function () {
      /* no service worker (e.g. plain HTTP on another host): the queue still works while the page is open */
    });
  }
  // Signing out forgets the pages kept for offline use (they show returns); the queue stays for its owner.
  document.querySelectorAll("form[action$='/logout/']").forEach(function (form) {
    form.addEventListener("submit", function () { if (global.caches) global.caches.delete("rf-pages"); });
  });

  // A page shown from the cache while offline: put the answers still waiting back into their forms.
  function applyWaiting() {
    return Q.all().then(function (items) {
      items.forEach(function (item) {
        if (item.state !== "waiting" || item.user !== user || item.kind !== "save") return;
        document.querySelectorAll("form[data-autosave]").forEach(function (form) {
          if (form.action !== new URL(item.url, location.href).href) return;
          if (follows.indexOf(item.origin) === -1) follows.push(item.origin);  // this page goes on from there
          Q.configure({follows: follows});
          item.fields.forEach(function (field) {
            if (field[0] === "version" || field[0] === "csrfmiddlewaretoken") return;
            form.querySelectorAll('[name="' + field[0] + '"]').forEach(function (input) {
              if (input.type === "radio" || input.type === "checkbox") input.checked = input.value === field[1];
              else input.value = field[1];
            });
          });
        });
      });
    });
  }
  applyWaiting().then(render).then(function () { if (navigator.onLine !== false) flushAndRender(); });

  /* Forms marked data-offline (answers, scans, photos, decisions) go through the queue too. Sent at
     once: follow the server's redirect. Refused: submit the form again with the same key, so the
     browser shows the server's page with its error (the server answers with that first result and
     changes nothing). Kept for later: say so in the form. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-offline]") || event.defaultPrevented) return;
    event.preventDefault();
    var data = new FormData(form, event.submitter || undefined);
    var label = form.dataset.offline;
    var files = form.querySelector("input[type=file]");
    if (files && files.files.length) label = format(banner.dataset.msgPhotos, files.files.length);
    var fieldset = form.querySelector("fieldset");
    if (fieldset) fieldset.disabled = true;  // one tap, one request
    var submitter = event.submitter;
    liveForms += 1;
    Q.submit(form.action, data, {user: user, kind: "form", label: label}).then(function (outcome) {
      liveForms -= 1;
      if (outcome.sent) {
        // A later tap (e.g. the disposition right after the photo) is already on its way: its answer
        // decides where the page goes, so this one does not reload the page under it.
        if (!liveForms) follow(outcome.data && outcome.data.redirect);
        return null;
      }
      if (outcome.refused) {
        if (fieldset) fieldset.disabled = false;
        return showRefusal(form, submitter, outcome.key);
      }
      // A step whose next screen only the server knows (a guided question) stays disabled until sent.
      if (form.hasAttribute("data-offline-reload")) reloadWhenSent[outcome.key] = true;
      else if (fieldset) fieldset.disabled = false;
      form.querySelectorAll("input[type=file]").forEach(function (input) { input.value = ""; });
      var note = form.querySelector("[data-offline-note]") || document.createElement("p");
      note.className = "notice offline-note";
      note.setAttribute("data-offline-note", "");
      note.setAttribute("role", "status");
      note.textContent = banner.dataset.msgKept;
      form.appendChild(note);
      return render();
    });
  });

  var liveForms = 0;  // data-offline forms of this page being sent right now

  // Where the server sent the browser after the request; the same page again (e.g. "#photos") is a reload,
  // since assigning a URL that differs only in its fragment would not load anything.
  function follow(redirect) {
    var target = new URL(redirect || location.href, location.href);
    if (target.pathname + target.search !== location.pathname + location.search) return location.assign(target.href);
    if (target.hash) location.hash = target.hash;
    return location.reload();
  }

  // The refused request's page: the same request with its key as a form field gets the stored page back.
  function showRefusal(form, submitter, key) {
    return Q.dismiss(key).then(function () {
      var hidden = [["idempotency_key", key]];
      if (submitter && submitter.name) hidden.push([submitter.name, submitter.value]);
      hidden.forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
        form.appendChild(input);
      });
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  function fromThisPage(origin) { return origin === PAGE_ID || follows.indexOf(origin) !== -1; }

  /* What tablet.js's saves call: the request goes through the queue. Resolves with {queued: true} (kept
     for later), or {ok, status, data} as a fetch of the JSON would have. A refusal is said by the page
     that sent it, so it is not also listed in the banner. */
  Q.post = function (url, formData, options) {
    return Q.submit(url, formData, Object.assign({user: user}, options)).then(function (outcome) {
      if (outcome.queued) return {queued: true, key: outcome.key};
      if (outcome.refused) Q.dismiss(outcome.key);
      return {ok: !!outcome.sent, status: outcome.status, data: outcome.data || {error: {message: outcome.message}}};
    });
  };
  Q.keptMessage = banner.dataset.msgKept;

  // A save kept while offline and sent later: its form takes the new versions and says it is saved.
  global.addEventListener("rf-queue", function (event) {
    var detail = event.detail;
    if (detail.type !== "outcome" || detail.kind !== "save" || !fromThisPage(detail.origin)) return;
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      if (form.action !== new URL(detail.url, location.href).href) return;
      var status = form.querySelector(".save-status"), outcome = detail.outcome;
      if (outcome.sent && outcome.data && outcome.data.versions) {
        Object.keys(outcome.data.versions).forEach(function (id) {
          document.querySelectorAll('input[name=version][data-record="' + id + '"]').forEach(function (input) {
            input.value = outcome.data.versions[id];
          });
        });
        status.textContent = format(status.dataset.saved || "✓ %s", outcome.data.saved_at);
        status.classList.remove("error");
      } else if (outcome.refused) {
        status.textContent = outcome.message;
        status.classList.add("error");
      }
    });
  });
})();
