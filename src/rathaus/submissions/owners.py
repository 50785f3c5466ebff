"""Who owns a draft: a logged-in account, or an anonymous browser session's random token."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q


def token_hash(token: str) -> str:
    """The sha256 hex digest under which a random token is stored (never the token itself)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Owner:
    """Either a user id or an anonymous token; the page layer keeps the token in the session."""

    user_id: int | None = None
    anonymous_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if (self.user_id is None) == (not self.anonymous_token):
            raise ValueError("Owner needs exactly one of user_id or anonymous_token")

    @classmethod
    def user(cls, user_id: int) -> Owner:
        """The owner for a logged-in account."""
        return cls(user_id=user_id)

    @classmethod
    def anonymous(cls, token: str) -> Owner:
        """The owner for an anonymous session holding ``token``."""
        return cls(anonymous_token=token)

    @staticmethod
    def new_anonymous_token() -> str:
        """A fresh random token for an anonymous session (store it in the session only)."""
        return secrets.token_urlsafe(32)

    @property
    def key(self) -> str:
        """The stored form of the anonymous token ("" for an account)."""
        return token_hash(self.anonymous_token) if self.anonymous_token else ""

    def as_filter(self) -> Q:
        """A filter matching the drafts of exactly this owner."""
        if self.user_id is not None:
            return Q(owner_user_id=self.user_id)
        return Q(owner_user__isnull=True, owner_key=self.key)

    def matches(self, *, user_id: int | None, key: str) -> bool:
        """Whether a stored owner (a row's user id and key) is this one: `as_filter` for a row."""
        if self.user_id is not None:
            return user_id == self.user_id
        return user_id is None and hmac.compare_digest(key, self.key)

    def as_fields(self) -> dict[str, Any]:
        """The Draft field values that record this owner."""
        return {"owner_user_id": self.user_id, "owner_key": self.key}
