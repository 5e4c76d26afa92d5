"""The session engine (SESSION_ENGINE): Django's database sessions, the session read by SQL written once
per process (members.compiled). Every logged-in page reads its session first; building and compiling
that one-row query cost more than running it."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from members.compiled import Compiled

ANY_SESSION_KEY = "\x00any session key"  # stands for the key while the ORM writes the SQL


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        # Read by its key alone, its expiry then checked here, by this process's clock as Django does:
        # the SQL then has the key as its one parameter.
        sessions = _SESSION(self.session_key)
        if not sessions or sessions[0].expire_date <= timezone.now():
            self._session_key = None
            return None
        return sessions[0]


_SESSION = Compiled(
    "sessions.Session",
    lambda key: SessionStore.get_model_class().objects.filter(session_key=key)[:1],
    ANY_SESSION_KEY,
)
