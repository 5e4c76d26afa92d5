"""Attempts that a limit counts (applications per address on the join page, wrong receipt codes per
address or per login), kept in the database: a limit then holds whichever app server answers (README,
"Scaling out"), where a count in the default local-memory cache was one per process.

`who` names what is counted, e.g. "join:203.0.113.5"; only its keyed hash is stored, and only while
it counts: the attempts that no longer count, anyone's, go whenever a limit is read or counted."""

from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac

from members.models import Attempt


def _key(who):
    return salted_hmac("members.attempts", who, algorithm="sha256").hexdigest()


def _forget_expired(now):
    Attempt.objects.filter(counts_until__lte=now).delete()


def made(who):
    """How many of `who`'s attempts still count."""
    now = timezone.now()
    _forget_expired(now)
    return Attempt.objects.filter(key=_key(who), counts_until__gt=now).count()


def record(who, window):
    """One more attempt of `who`, counted for `window` seconds."""
    now = timezone.now()
    _forget_expired(now)
    Attempt.objects.create(key=_key(who), counts_until=now + timedelta(seconds=window))
