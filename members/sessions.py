"""The session engine (SESSION_ENGINE): Django's database sessions, the session read by SQL written once
per process (members.compiled). Every logged-in page reads its session first; building and compiling
that one-row query cost more than running it."""

from django.contrib.sessions.backends import db
from django.db.models.functions import Now

from members.compiled import Compiled

ANY_SESSION_KEY = "\x00any session key"  # stands for the key while the ORM writes the SQL


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        # Unexpired by the database's clock, Now(), rather than a time sent from here: the SQL then
        # has the session key as its one parameter.
        sessions = _UNEXPIRED_SESSION(self.session_key)
        if not sessions:
            self._session_key = None
            return None
        return sessions[0]


_UNEXPIRED_SESSION = Compiled(
    "sessions.Session",
    lambda key: SessionStore.get_model_class().objects.filter(session_key=key, expire_date__gt=Now())[:1],
    ANY_SESSION_KEY,
)
