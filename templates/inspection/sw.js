{% load i18n %}/* The tablet's service worker (served by inspection.views_offline, scope {{ scope }}).
   - Keeps the tablet's shell (CSS, JS) and every tablet page opened, so a reload without the network
     still shows the page and what waits to be sent; pages come from the network while there is one.
   - Sends the offline queue (static/js/offline_queue.js) when Background Sync says the network is back.
   Only GET requests are answered from the cache; POSTs always go to the server (the queue resends them). */
importScripts({{ queue_url_json|safe }});
RFQueue.configure({sessionUrl: {{ session_url_json|safe }}});

var SHELL = "rf-shell-{{ version }}", PAGES = "rf-pages", SCOPE = {{ scope_json|safe }};
var ASSETS = {{ assets_json|safe }};
var NOT_KEPT = {{ not_kept_json|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(ASSETS); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) { return key.indexOf("rf-shell-") === 0 && key !== SHELL; })
      .map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function offlinePage() {
  return new Response("<!doctype html><meta charset=utf-8><title>{{ offline_title|escapejs }}</title>" +
                      "<h1>{{ offline_title|escapejs }}</h1><p>{{ offline_text|escapejs }}</p>",
                      {status: 503, headers: {"Content-Type": "text/html; charset=utf-8"}});
}

// Pages: the network first (always the newest), the copy kept from the last visit when it fails.
function page(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { return cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) { return cache.match(request.url, {ignoreVary: true}); })
      .then(function (kept) { return kept || offlinePage(); });
  });
}

// The shell: the cached copy (its URLs change with each release), else the network.
function asset(request) {
  return caches.match(request, {ignoreVary: true}).then(function (kept) {
    return kept || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) { return cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0
      && !NOT_KEPT.some(function (path) { return url.pathname.indexOf(path) === 0; })) {
    event.respondWith(page(request));
  } else if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(asset(request));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag !== RFQueue.SYNC_TAG) return;
  event.waitUntil(RFQueue.flush().then(function (summary) {
    // Rejecting asks the browser to try again later; a sign-in it cannot do, so that waits for a page.
    if (summary.problem === "offline") throw new Error("still offline");
  }));
});
