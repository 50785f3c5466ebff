"""Invitation tokens: derived from the server secret, stored only as a hash.

The e-mail goes out from a background task, which gets only the invitation's id (task
arguments are stored in the queue table). So the token cannot be random and forgotten: it is
an HMAC of the invitation's random id (a UUID) under SECRET_KEY. A copy of the database
(backup, replica) holds neither the token nor what is needed to compute it.
"""

from __future__ import annotations

import base64
import hashlib
import uuid

from django.utils.crypto import salted_hmac

_SALT = "rathaus.identity.organisations.invitation"
# longer input is not a token of ours; cut before hashing so a huge URL costs nothing
TOKEN_MAX_LENGTH = 100


def invitation_token(*, invitation_id: uuid.UUID) -> str:
    """The link token of an invitation (43 URL-safe characters)."""
    digest = salted_hmac(_SALT, str(invitation_id), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def token_hash(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(token[:TOKEN_MAX_LENGTH].encode("utf-8")).hexdigest()
