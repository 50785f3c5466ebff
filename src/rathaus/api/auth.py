"""Who calls: a client token in the Authorization header (never a session cookie)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from rathaus.api.models import ApiClient
from rathaus.api.selectors import api_client_for_token
from rathaus.api.services import api_client_used


class ScopeMissing(Exception):
    """The client is known but its token lacks the operation's scope (403)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__(scope)


class ClientToken(HttpBearer):
    """`Authorization: Bearer <token>` of an active API client that has `scope`.

    The client is found by the SHA-256 of the token; cookies are never looked at, so a
    logged-in browser cannot use the API and no CSRF check is needed.
    """

    openapi_scheme = "bearer"

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = api_client_for_token(token=token)
        if client is None:
            return None
        if self.scope not in client.scopes:
            raise ScopeMissing(self.scope)
        api_client_used(client=client)
        return client


def client_of(request: HttpRequest) -> ApiClient:
    """The authenticated client of an API request."""
    client: Any = getattr(request, "auth", None)
    assert isinstance(client, ApiClient)
    return client
