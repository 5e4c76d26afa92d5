"""Delivering the outbox: one pass writes the reminders that are due (notify.schedule), then sends
every message whose time has come, robot by robot, within each platform's rate limit.

Nothing twice, even with two workers: a message is claimed before it is sent, in a short transaction
that locks the robot's row (select_for_update; PostgreSQL, while SQLite's write transactions run one at
a time anyway) and the due rows (skip_locked), and moves the claimed rows' next attempt a lease
ahead. The HTTP request runs outside any transaction, so no lock is held while a platform answers; a
worker that dies mid-send leaves its message to be tried again when the lease ends.

A failure (no answer, HTTP error, errcode / code not 0) is tried again after 30 s, 1, 2, 4 … minutes
(at most an hour apart), up to MAX_ATTEMPTS times; the answer is kept on the message and shown on
the robot's page.
"""

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from http.client import HTTPException
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notify.models import MAX_ATTEMPTS, RATE_LIMITS, TEST, OutboxMessage, Robot, retry_delay
from notify.platforms import answer_ok, request_for
from notify.schedule import enqueue_scheduled

log = logging.getLogger(__name__)

# A message that could not be sent for a day (a robot switched off, a platform down) is dropped, not
# posted late: "明天：…" a week after the activity would mislead.
STALE = timedelta(days=1)
LEASE = timedelta(minutes=2)  # a claimed message is someone's for this long (the request times out in 10 s)
TIMEOUT = 10  # seconds to wait for a platform's answer
ANSWER_KEPT = 2000  # characters of an answer kept on the message


class NoRedirects(HTTPRedirectHandler):
    """A webhook answers; it never sends the app's POST on to another address."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = build_opener(NoRedirects)


def post(request):
    """POST the request's JSON; (HTTP status or None, the answer's text)."""
    http = Request(request.url, data=request.data(), method="POST",
                   headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with _opener.open(http, timeout=TIMEOUT) as response:
            return response.status, response.read(ANSWER_KEPT * 2).decode("utf-8", "replace")
    except HTTPError as error:
        return error.code, f"HTTP {error.code} {error.read(ANSWER_KEPT).decode('utf-8', 'replace')}"
    except (URLError, OSError, ValueError, HTTPException) as error:  # no answer, a bad address, a bad reply
        return None, scrub(str(getattr(error, "reason", error)), request.url)


def scrub(text, url):
    """The error without the webhook's key: some errors quote the address (an invalid URL's does)."""
    parts = urlsplit(url)
    for secret in (url, f"{parts.path}?{parts.query}", parts.query, parts.path):
        if len(secret) > 4:
            text = text.replace(secret, "…")
    return text


@dataclass
class Pass:
    """What one pass did."""

    enqueued: int = 0
    sent: int = 0
    failed: int = 0  # attempts that failed (tried again later, or given up)
    deferred: list = field(default_factory=list)  # robots whose rate limit left messages for later


def deliver(now=None, send=post, sleep=time.sleep):
    """One pass: write due reminders, then send due messages. `send` and `sleep` are for tests."""
    result = Pass(enqueued=enqueue_scheduled(now))
    due = OutboxMessage.objects.due(now or timezone.now()).order_by()
    robot_ids = due.values_list("robot_id", flat=True).distinct()
    for robot in Robot.objects.active().filter(pk__in=list(robot_ids)).order_by("pk"):
        messages, more = claim(robot, now)
        if more:
            result.deferred.append(robot)
        for i, message in enumerate(messages):
            if i:
                sleep(spacing(robot))
            try:
                ok = send_claimed(robot, message, send, now)
            except Exception:  # one bad message must not stop the others; its lease ends, it is tried again
                log.exception("Robot %s: message %s could not be sent", robot.pk, message.pk)
                ok = False
            result.sent += ok
            result.failed += not ok
    return result


def spacing(robot):
    """Seconds between two messages of one robot in a pass: within a per-second limit (Feishu: 5)."""
    per_second = RATE_LIMITS[robot.platform][1]
    return 1 / per_second if per_second else 0


def budget(robot, now):
    """How many more messages the platform takes from the robot in the current minute."""
    per_minute = RATE_LIMITS[robot.platform][0]
    return max(per_minute - robot.messages.attempted_since(now - timedelta(minutes=1)).count(), 0)


def claim(robot, now=None, only=None):
    """Claim the robot's due messages (at most its budget); ([messages], whether some had to wait)."""
    now = now or timezone.now()
    with transaction.atomic():
        Robot.objects.select_for_update().filter(pk=robot.pk).first()  # one claimer per robot at a time
        robot.messages.due(now).filter(created_at__lt=now - STALE).update(
            status=OutboxMessage.Status.FAILED, last_error=stale_answer()
        )
        allowed = budget(robot, now)
        due = robot.messages.due(now) if only is None else robot.messages.filter(pk=only.pk, status="pending")
        ids = list(
            due.order_by("next_attempt_at", "pk").select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[: allowed + 1]
        )
        more, ids = len(ids) > allowed, ids[:allowed]
        OutboxMessage.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE
        )
    return list(OutboxMessage.objects.filter(pk__in=ids).order_by("next_attempt_at", "pk")), more


def stale_answer():
    with translation.override(settings.LANGUAGE_CODE):
        return _("Not sent: more than a day late.")


def send_claimed(robot, message, send=post, now=None):
    """Send one claimed message and record the answer; whether the platform took it."""
    now = now or timezone.now()
    status, answer = send(request_for(robot, message))
    ok = answer_ok(status, answer)
    answer = answer[:ANSWER_KEPT] if status is not None else _("No answer: %(reason)s") % {"reason": answer}
    if ok:
        fields = {"status": OutboxMessage.Status.SENT, "sent_at": timezone.now(), "last_error": answer}
    elif message.attempts >= MAX_ATTEMPTS or message.kind == TEST:  # a test is tried once, on the page
        fields = {"status": OutboxMessage.Status.FAILED, "last_error": answer}
    else:
        fields = {"last_error": answer, "next_attempt_at": now + retry_delay(message.attempts)}
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    for name, value in fields.items():
        setattr(message, name, value)
    if not ok:
        log.warning("Robot %s (%s): message %s failed (attempt %s): %s", robot.pk, robot.platform, message.pk,
                    message.attempts, answer[:200])
    return ok


def send_test(robot, by_name="", send=post):
    """Send a test message through `robot` at once; the message, with the platform's answer, or None
    when the robot's rate limit is reached for this minute."""
    from notify.outbox import enqueue

    key = f"test:{uuid.uuid4().hex}"

    def compose():
        lines = [_("The union's workbench can post to this chat.")]
        if by_name:
            lines.append(_("Sent by %(name)s") % {"name": by_name})
        return _("Test message from the union"), lines, "/"

    enqueue([robot], TEST, key, compose)
    message = robot.messages.get(dedup_key=key)
    claimed, _more = claim(robot, only=message)
    if not claimed:
        OutboxMessage.objects.filter(pk=message.pk).delete()
        return None
    send_claimed(robot, claimed[0], send)
    return claimed[0]


def run_forever(every=30, stop=lambda: False, **kwargs):
    """The long-running worker: a pass every `every` seconds until `stop()`."""
    from django.db import close_old_connections

    while not stop():
        close_old_connections()
        try:
            deliver(**kwargs)
        except Exception:  # a bad pass (database restarting) must not end the worker
            log.exception("Delivery pass failed")
        for _second in range(every):  # a second at a time, so that a stop is heard at once
            if stop():
                break
            time.sleep(1)
