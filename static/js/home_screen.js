// Registers the service worker (static/js/service_worker.js at /sw.js) on every page; on the login
// page, forgets the pages it kept, as the worker does on logout (a phone may be shared).
(function () {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  if (location.pathname.indexOf("/accounts/login/") === 0 && "caches" in window) {
    caches.delete("unionplan-pages-v1");
  }
})();
