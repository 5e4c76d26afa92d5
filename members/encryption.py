"""Short secrets kept encrypted at rest: robot webhooks today, ID numbers tomorrow.

Fernet (AES-128-CBC with an HMAC-SHA256, from the `cryptography` package): every value gets its own
random IV, so the same text never looks the same twice in the database, and a value someone changed
by hand fails to decrypt instead of decrypting to something else.

The key is FIELD_ENCRYPTION_KEY (README, "Configuration"): one or more Fernet keys, comma-separated;
the first encrypts, every one decrypts, so a key is rotated by putting the new one first. Without it
a key is derived from SECRET_KEY: then changing SECRET_KEY makes the stored secrets unreadable (they
read as "", and have to be entered again).

Because each value is encrypted differently, an encrypted column cannot be searched or compared in SQL.
"""

import base64
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)

PREFIX = "fernet:"  # tells an encrypted value from an empty one, and leaves room for another scheme


def derived_key(secret_key):
    """A Fernet key from SECRET_KEY (a named purpose, so it is no other use's hash of it)."""
    digest = hashlib.sha256(f"unionplan.members.encryption:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet():
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", None) or []) or [derived_key(settings.SECRET_KEY)]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text):
    """The text encrypted, as text for a TextField; "" stays ""."""
    if not text:
        return ""
    return PREFIX + _fernet().encrypt(str(text).encode()).decode()


def decrypt(stored):
    """The text `encrypt` was given; "" for "" and for a value no key opens (logged)."""
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except (InvalidToken, ValueError):
        log.warning("An encrypted value could not be decrypted: was FIELD_ENCRYPTION_KEY or SECRET_KEY changed?")
        return ""


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted: Python sees the plain text, the database only the Fernet token."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value is not None else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value is not None else value
