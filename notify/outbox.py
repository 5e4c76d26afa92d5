"""Writing messages to the outbox: once per robot and key, in the caller's transaction."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from notify.models import OutboxMessage
from notify.platforms import markdown


def absolute(path):
    """A link back to the page, for a chat message: SITE_URL + path."""
    return f"{settings.SITE_URL}{path}"


def enqueue(robots, kind, key, compose, now=None):
    """One message for `kind` under `key` to each of `robots` that has none with that key yet.

    `compose()` returns (title, lines, link path), or None when there is nothing to say; it runs only
    when some robot still needs the message, and in Chinese (the chat's language, whatever language
    the person whose action caused it reads); the messages are due at `now` (default: at once). The
    unique (robot, key) decides in the end (ignore_conflicts): two passes at once cannot both add one.
    Returns the number of messages written."""
    robots = list(robots)
    if not robots:
        return 0
    key = key[:120]
    have = set(OutboxMessage.objects.filter(robot__in=robots, dedup_key=key).values_list("robot_id", flat=True))
    robots = [robot for robot in robots if robot.pk not in have]
    if not robots:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        composed = compose()
        if composed is None:
            return 0
        title, lines, path = composed
        title, lines, link = str(title)[:120], [str(line) for line in lines], absolute(path) if path else ""
        link_text = gettext("View details")
        rows = [
            OutboxMessage(
                union_id=robot.union_id, robot=robot, kind=kind, dedup_key=key, title=title,
                text=markdown(robot.platform, title, lines, link, link_text), link=link,
                next_attempt_at=now or timezone.now(),
            )
            for robot in robots
        ]
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
