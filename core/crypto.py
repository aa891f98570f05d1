"""Protection of personal data at rest.

ID numbers are stored encrypted (Fernet, FIELD_ENCRYPTION_KEY) and looked up
through a keyed hash (HMAC-SHA256 under a key derived from the same secret), so
the plain number never appears in a query, an index or a log.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(key)


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    key = hashlib.sha256(b"lookup:" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()
    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()
