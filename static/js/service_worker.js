// The service worker (served at /sw.js by unionplan/home_screen.py, so that its scope is the whole
// site). It keeps the member's calendar pages and own sign-ups readable offline: network first, and
// when the network fails, the copy kept from the last visit, with a banner saying it is an offline
// copy (the banner's words come from the page itself, in the page's language: base.html's
// data-offline-copy). Logging out, or landing on the login page, forgets every kept page: phones are
// shared.
"use strict";

const PAGES = "unionplan-pages-v1";
const STATIC = "unionplan-static-v1";
// The dashboard (a member's calendar), the month calendars, the activities index and an activity's
// page (where the member's own sign-up is).
const KEPT = [/^\/$/, /^\/activities\/$/, /^\/activities\/\d{4}\/\d{1,2}\/$/, /^\/activities\/\d+\/$/];
const FORGETS = [/^\/accounts\/logout\//, /^\/accounts\/login\//];

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) { return name !== PAGES && name !== STATIC; })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function forget() {
  return caches.delete(PAGES);
}

self.addEventListener("message", function (event) {
  if (event.data === "forget") event.waitUntil(forget());
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (FORGETS.some(function (path) { return path.test(url.pathname); })) {
    event.waitUntil(forget());
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && KEPT.some(function (path) { return path.test(url.pathname); })) {
    event.respondWith(pageNetworkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticNetworkFirst(request));
  }
});

async function pageNetworkFirst(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (offline) {
    const kept = await (await caches.open(PAGES)).match(request);
    if (!kept) throw offline;
    return offlineCopy(kept);
  }
  // Only a page the member was shown: not the redirect to the login page, not an error page.
  const type = response.headers.get("Content-Type") || "";
  if (response.status === 200 && response.type === "basic" && type.startsWith("text/html")) {
    const body = await response.clone().text();
    const headers = new Headers(response.headers);
    // When the server answered (its Date header): the phone's own clock may be wrong.
    const served = Date.parse(response.headers.get("Date") || "");
    headers.set("X-Saved-At", String(Number.isNaN(served) ? Date.now() : served));
    const cache = await caches.open(PAGES);
    await cache.put(request, new Response(body, { status: 200, headers: headers }));
  }
  return response;
}

async function staticNetworkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.status === 200) (await caches.open(STATIC)).put(request, response.clone());
    return response;
  } catch (offline) {
    const kept = await (await caches.open(STATIC)).match(request);
    if (!kept) throw offline;
    return kept;
  }
}

function unescapeAttribute(text) {
  return text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function escapeText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// The kept page with a banner at the top of its content saying when it was saved.
async function offlineCopy(kept) {
  let html = await kept.text();
  const words = html.match(/data-offline-copy="([^"]*)"/);
  const lang = (html.match(/<html lang="([^"]+)"/) || [])[1] || "zh-CN";
  const saved = new Date(Number(kept.headers.get("X-Saved-At")) || Date.now());
  const when = new Intl.DateTimeFormat(lang, {
    month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false,
  }).format(saved);
  const text = (words ? unescapeAttribute(words[1]) : "Offline copy ({when})").replace("{when}", when);
  const banner = '<div class="alert alert-warning offline-copy d-print-none" role="status" data-offline-banner>' +
    escapeText(text) + "</div>";
  html = html.replace(/<main\b[^>]*>/, function (tag) { return tag + banner; });
  const headers = new Headers(kept.headers);
  headers.set("X-Offline-Copy", "1");
  return new Response(html, { status: 200, headers: headers });
}
