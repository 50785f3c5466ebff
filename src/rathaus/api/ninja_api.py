"""The NinjaAPI: OpenAPI 3 schema at /api/openapi.json, Swagger UI at /api/docs.

Every refusal is a problem+json body in German and English; ninja's own 422 for invalid
input is a 400 here.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rathaus.api import public, submissions
from rathaus.api.auth import ScopeMissing
from rathaus.api.problems import problem

DESCRIPTION = """\
Die Schnittstelle für Fachverfahren der Behörden und die öffentlichen Lese-Endpunkte.
The interface for the authorities' case-management systems (Fachverfahren).

**Anmeldung / authentication:** `Authorization: Bearer <token>` of an API client of the
authority (`rathaus api-clients add`). Scopes: `submissions:read`, `submissions:write`,
`decisions:write`. Unknown or revoked token: 401; missing scope: 403; another authority's
application: 404. Errors are `application/problem+json` (RFC 9457) with `detail` in German and
`detail_en` in English; `type` is `urn:rathaus:problem:<reason>` with `reason` one of token,
scope, not_found, invalid, body, cursor, closed, no_postfach, not_pdf, too_large.

**Push:** new applications can also be pushed to the Fachverfahren as HMAC-signed webhooks:
set the authority's delivery route to the `webhook` channel (see docs/operations.md,
"Übermittlung an die Behörde"); this API is the pull side.
"""

api = NinjaAPI(
    title="Rathaus API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="docs",
    openapi_url="openapi.json",
)
api.add_router("v1/", public.router)
api.add_router("v1/submissions", submissions.router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = problem(request, 401, "token")
    response["WWW-Authenticate"] = 'Bearer realm="rathaus"'
    return response


@api.exception_handler(ScopeMissing)
def _scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    return problem(request, 403, "scope", scope=exc.scope)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or "body" for e in exc.errors})
    return problem(request, 400, "invalid", fields=", ".join(fields))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 404, "not_found")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 413:
        return problem(request, 413, "too_large")
    return problem(request, 400, "body")
