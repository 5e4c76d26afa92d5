"""Every browser test fails on a breach of the Content-Security-Policy, on every page and frame it opens,
after every navigation and every htmx swap.

Chromium tells of a breach twice, and the guard listens to both:
- a console error ("Applying inline style violates the following Content Security Policy directive…",
  "Refused to execute inline script because it violates…"), heard on the whole browser context;
- a `securitypolicyviolation` event in the page, which an init script (run in every page and frame
  before any of its own scripts) hands to Python at once through a binding, so a navigation right
  after the breach loses nothing.

The guard watches every context a test makes — pytest-playwright's `context` and `page`, and any a
test makes itself with `browser.new_context()`, `browser.new_page()` or a persistent context — because
`Browser.new_context` and friends are wrapped for the test's duration. Before a context closes, and
when `check()` is called, each open frame is asked for what it recorded, in case a report is still on
its way. A test that wants a breach (tests/browser/test_csp.py) calls `csp_guard.check()` itself and
then `csp_guard.clear()`.
"""

import pytest
from playwright.sync_api import Browser, BrowserType, Error

RECORDER = """(() => {
  if (window.__cspViolations) return;
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    const violation = [event.violatedDirective, event.blockedURI || "", event.sourceFile || document.URL,
                       event.lineNumber, event.sample || ""].join(" | ");
    window.__cspViolations.push(violation);
    if (window.__cspViolation) window.__cspViolation(violation).then(() => {
      window.__cspViolations.splice(window.__cspViolations.indexOf(violation), 1);  // delivered
    }, () => {});
  }, true);
})();"""

CONSOLE_MARK = "Content Security Policy"


class CspGuard:
    def __init__(self):
        self.violations = []
        self.contexts = []

    def watch(self, context):
        if context in self.contexts:
            return context
        self.contexts.append(context)
        context.expose_binding("__cspViolation", lambda source, violation: self.found(f"event: {violation}"))
        context.add_init_script(RECORDER)
        context.on("console", lambda message: self.heard(message))
        for page in context.pages:  # made before the guard saw the context (browser.new_page())
            for frame in page.frames:
                self._run(frame.evaluate, RECORDER)
        return context

    def heard(self, message):
        if CONSOLE_MARK in message.text:
            self.found(f"console ({message.page.url if message.page else '?'}): {message.text}")

    def found(self, violation):
        self.violations.append(violation)

    def collect(self, context):
        """What the frames of `context` recorded and have not yet delivered."""
        for page in context.pages:
            if page.is_closed():
                continue
            for frame in page.frames:
                pending = self._run(frame.evaluate, "() => (window.__cspViolations || []).splice(0)") or []
                for violation in pending:
                    self.found(f"event: {violation}")

    def check(self):
        """Fail if any page or frame of any watched context broke the policy so far."""
        for context in self.contexts:
            self._run(self.collect, context)
        assert not self.violations, "Content-Security-Policy violations:\n" + "\n".join(self.violations)

    def clear(self):
        self.violations.clear()

    @staticmethod
    def _run(call, *args):
        try:
            return call(*args)
        except Error:  # a closed page or a detached frame: nothing more to learn there
            return None


def _watching(guard, original, context_of):
    def wrapper(*args, **kwargs):
        made = original(*args, **kwargs)
        context = guard.watch(context_of(made))
        close = context.close

        def close_after_collecting(*args, **kwargs):
            guard._run(guard.collect, context)
            return close(*args, **kwargs)

        context.close = close_after_collecting
        return made

    return wrapper


@pytest.fixture(autouse=True)
def csp_guard(request, monkeypatch):
    """Every browser context the test makes is watched; the test fails on any violation."""
    guard = CspGuard()
    monkeypatch.setattr(Browser, "new_context", _watching(guard, Browser.new_context, lambda context: context))
    monkeypatch.setattr(Browser, "new_page", _watching(guard, Browser.new_page, lambda page: page.context))
    monkeypatch.setattr(BrowserType, "launch_persistent_context",
                        _watching(guard, BrowserType.launch_persistent_context, lambda context: context))
    if "browser" in request.fixturenames:  # contexts of a wider scope, made before this test began
        for context in request.getfixturevalue("browser").contexts:
            # One an earlier test made and left open is watched already (its binding exists); this
            # test does not use it.
            guard._run(guard.watch, context)
    yield guard
    guard.check()
