/* The tablet's offline queue: what the person did while the Wi-Fi was down is kept and sent later.
   - Every save, answer, scan and photo upload goes through RFQueue.submit(): the request (URL, form
     fields, photo files) is written to IndexedDB first, with an idempotency key made when the person
     acted, then sent. It leaves IndexedDB only once the server answered it, and the server echoes the
     key (inspection/idempotency.py), so a login page or a proxy's error never counts as "sent".
   - Requests are sent one at a time, oldest first (an answer before the photo taken after it), when the
     connection returns (the "online" event), every 5 seconds while something waits, and through
     Background Sync (the service worker, templates/inspection/sw.js) where the browser has it.
   - A resend with the same key changes nothing on the server, so sending twice is harmless.
   - Right before sending, the queue asks the server who is signed in and for a fresh CSRF token: a token
     renewed by a new login still works, and requests of another user wait for that user to sign in.
   - A request the server refused (a conflict, a wrong bin) stays listed as refused until dismissed.
   This file runs in the pages and in the service worker; the banner and the forms are offline_page.js. */
(function (global) {
  "use strict";
  var DB_NAME = "returnflow-tablet", STORE = "requests", SYNC_TAG = "rf-offline-queue";
  // origin: the page that queued a request; follows: earlier pages whose waiting answers this one took over.
  var config = {sessionUrl: "/inspect/offline/session.json", origin: "", follows: []};
  var channel = global.BroadcastChannel ? new global.BroadcastChannel("rf-offline-queue") : null;
  var outcomes = {};  // key -> what the server said, for the page that is waiting for it
  var live = {};  // keys this page is sending right now, online
  var counter = 0;
  var localLock = Promise.resolve();

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = global.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, {keyPath: "key"}).createIndex("seq", "seq");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode), result;
        Promise.resolve(work(t.objectStore(STORE))).then(function (value) { result = value; });
        t.oncomplete = function () { db.close(); resolve(result); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }

  function all() {
    return tx("readonly", function (store) {
      return new Promise(function (resolve) {
        var request = store.index("seq").getAll();
        request.onsuccess = function () { resolve(request.result); };
      });
    });
  }
  function put(item) { return tx("readwrite", function (store) { store.put(item); }); }
  function remove(key) { return tx("readwrite", function (store) { store.delete(key); }); }

  function announce(message) {
    if (channel) channel.postMessage(message);
    if (global.dispatchEvent && global.CustomEvent) global.dispatchEvent(new global.CustomEvent("rf-queue", {detail: message}));
  }

  // One flush at a time across every tab and the service worker (Web Locks), else within this context.
  function exclusive(work) {
    if (global.navigator && global.navigator.locks) return global.navigator.locks.request("rf-offline-flush", work);
    var run = localLock.then(work, work);
    localLock = run.catch(function () {});
    return run;
  }

  function newKey() {
    if (global.crypto && global.crypto.randomUUID) return global.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function fieldsOf(formData) {
    var fields = [];
    formData.forEach(function (value, name) { fields.push([name, value]); });
    return fields;
  }

  function bodyOf(item, csrf) {
    var body = new FormData();
    item.fields.forEach(function (field) {
      if (field[0] === "csrfmiddlewaretoken") return;
      if (field[1] instanceof Blob) body.append(field[0], field[1], field[1].name || "photo.jpg");
      else body.append(field[0], field[1]);
    });
    body.append("csrfmiddlewaretoken", csrf || item.csrf || "");
    return body;
  }

  // The server's message out of a JSON error or an HTML page's alert.
  function messageOf(data, status) {
    if (data && typeof data === "object" && data.error) return data.error.message;
    if (typeof data === "string") {
      var match = data.match(/role="alert"[^>]*>([\s\S]*?)<\/(p|div|span)>/);
      if (match) return match[1].replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();
    }
    return "HTTP " + status;
  }

  function session() {
    return fetch(config.sessionUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        if (!response.ok || !json) return {signedOut: true};
        return response.json();
      });
  }

  function send(item, csrf) {
    return fetch(item.url, {method: "POST", body: bodyOf(item, csrf), credentials: "same-origin",
                            headers: {"Accept": "application/json", "Idempotency-Key": item.key, "X-CSRFToken": csrf}})
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("json") !== -1;
        return (json ? response.json() : response.text()).catch(function () { return null; }).then(function (data) {
          return {status: response.status, data: data, answered: response.headers.get("Idempotency-Key") === item.key,
                  replayed: response.headers.get("Idempotent-Replayed") === "true"};
        });
      });
  }

  // After a save's answer, later saves of the same record made on the same page go with the version it
  // now has (they were made on top of it). Saves from another tab keep theirs, so the server still
  // refuses a stale tab, and anyone else's change, with a conflict.
  function carryVersions(versions, items, acked) {
    return Promise.all(items.map(function (item) {
      if (item.state !== "waiting" || item.frozen || !item.versionOf || !(item.versionOf in versions)) return null;
      if (item.origin !== acked.origin && (item.follows || []).indexOf(acked.origin) === -1) return null;
      item.fields.forEach(function (field) { if (field[0] === "version") field[1] = String(versions[item.versionOf]); });
      return put(item);
    }));
  }

  function record(item, outcome) {
    outcome.key = item.key;
    outcomes[item.key] = outcome;
    announce({type: "outcome", key: item.key, url: item.url, kind: item.kind, origin: item.origin, outcome: outcome});
  }

  /* Send what waits, oldest first. Resolves with {sent, refused, waiting, problem}: problem is "offline",
     "signin" (nobody or someone else is signed in) or "" when nothing stopped it. */
  function flush() {
    return exclusive(function () {
      var summary = {sent: 0, refused: 0, waiting: 0, problem: ""};
      return all().then(function (items) {
        var waiting = items.filter(function (item) { return item.state === "waiting"; });
        if (!waiting.length) return summary;
        return session().then(function (who) {
          if (who.signedOut) { summary.problem = "signin"; return summary; }
          var mine = waiting.filter(function (item) { return item.user === who.user; });
          if (mine.length < waiting.length) summary.problem = "signin";
          var step = function (index) {
            if (index >= mine.length) return summary;
            var item = mine[index];
            item.frozen = true;  // a resend must be the same request: no more version updates
            item.attempts = (item.attempts || 0) + 1;
            return put(item).then(function () { return send(item, who.csrf); }).then(function (answer) {
              if (answer.answered && answer.status < 400) {
                summary.sent += 1;
                return remove(item.key).then(function () {
                  record(item, {sent: true, status: answer.status, data: answer.data, replayed: answer.replayed});
                  var versions = answer.data && answer.data.versions;
                  return versions ? carryVersions(versions, mine.slice(index + 1), item) : null;
                }).then(function () { return step(index + 1); });
              }
              if (answer.answered || [400, 404, 405, 413, 422].indexOf(answer.status) !== -1) {
                // The server looked at it and said no: kept, and shown, until the person dismisses it.
                summary.refused += 1;
                item.state = "refused";
                item.error = messageOf(answer.data, answer.status);
                return put(item).then(function () {
                  record(item, {refused: true, status: answer.status, message: item.error, data: answer.data});
                  return step(index + 1);
                });
              }
              // Not answered by the view (CSRF refused, a 5xx, a proxy): keep it and its order; try later.
              summary.problem = answer.status === 403 ? "signin" : "offline";
              summary.waiting = mine.length - index;
              return summary;
            });
          };
          return step(0);
        });
      }).catch(function () {
        summary.problem = "offline";
        return all().then(function (items) {
          summary.waiting = items.filter(function (item) { return item.state === "waiting"; }).length;
          return summary;
        }, function () { return summary; });
      }).then(function (result) { announce({type: "flushed", summary: result}); return result; });
    });
  }

  function requestSync() {
    if (!global.navigator || !global.navigator.serviceWorker) return;
    global.navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register(SYNC_TAG);
      return null;
    }).catch(function () { /* no Background Sync: the online event and the timer send it */ });
  }

  /* Queue one request and try to send it. Resolves with what happened to it: {sent, status, data},
     {refused, status, message} or {queued: true} (kept on the tablet, sent later). */
  function submit(url, formData, options) {
    options = options || {};
    var item = {key: options.key || newKey(), seq: Date.now() * 1000 + (counter++ % 1000), url: url,
                user: options.user, kind: options.kind || "form", label: options.label || "",
                versionOf: options.versionOf || "", fields: fieldsOf(formData), state: "waiting",
                origin: config.origin, follows: config.follows.slice(),
                created: new Date().toISOString()};
    var online = !(global.navigator && global.navigator.onLine === false);
    if (online) live[item.key] = true;
    return put(item).then(function () {
      announce({type: "queued", key: item.key});
      return online ? flush() : null;
    }).then(function () {
      delete live[item.key];
      if (outcomes[item.key]) return outcomes[item.key];
      requestSync();
      announce({type: "kept", key: item.key});
      return {queued: true, key: item.key};
    });
  }

  function dismiss(key) { return remove(key).then(function () { announce({type: "dismissed", key: key}); }); }

  global.RFQueue = {
    configure: function (values) { Object.keys(values).forEach(function (k) { config[k] = values[k]; }); },
    submit: submit, flush: flush, all: all, dismiss: dismiss, SYNC_TAG: SYNC_TAG, channel: channel,
    outcomes: outcomes, isLive: function (key) { return !!live[key]; }
  };

})(self);
