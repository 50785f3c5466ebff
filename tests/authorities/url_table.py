"""Every URL of the site and who may use it.

The root URL resolver is walked as Django walks it; each pattern is classified here, by its
name (or its route when it has none) or, for the admin's screens, by the model it shows. A
pattern this table does not know fails tests/authorities/test_permission_matrix.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter


class Access(Enum):
    PUBLIC = "anyone; shows no one's personal data"
    CITIZEN_OWN = "the person's own draft or application (session token or account); 404 else"
    STAFF = "any verified staff member: the staff site's frame, no authority's data"
    SCOPED = "an authority's data: its members by role, Land operators"
    EDITORIAL = "master data (catalogue, forms, regions): by Django permission (editors)"
    OPERATOR = "Land operators (superusers) only: accounts, drafts, citizens, lockouts, audit"
    SIGNED = "machine endpoints verified by signature (csrf_exempt, documented)"
    CASEWORK = (
        "the back office: verified staff; a case for members of its authority by role "
        "(readers read, 403 on changes), Land operators read all; 404 for another authority's"
    )
    API = "API: client token of the authority with the scope (Bearer header, no cookies)"


P, OWN, STAFF, SIGNED = Access.PUBLIC, Access.CITIZEN_OWN, Access.STAFF, Access.SIGNED
API = Access.API

# the API's operations and the scope each needs (tests/authorities/test_permission_matrix.py)
API_SCOPES: dict[str, str] = {
    "api:submissions": "submissions:read",
    "api:submission": "submissions:read",
    "api:attachment": "submissions:read",
    "api:acknowledge": "submissions:write",
    "api:status": "submissions:write",
    "api:decision": "decisions:write",
}

URLS: dict[str, Access] = {
    # the citizens' site
    "ui:home": P,
    "ui:accessibility": P,
    "ui:easy_language": P,
    "ui:sign_language": P,
    "catalog:search": P,
    "catalog:service": P,
    "catalog:life_situation": P,
    "catalog:topic": P,
    "catalog:places": P,
    "catalog:municipality": P,
    "set_language": P,
    "api:search": P,
    "api:form_schema": P,
    "api:api-root": P,  # django-ninja's root, only for reversing: 404
    "api:openapi-json": P,  # the OpenAPI document
    "api:openapi-view": P,  # the Swagger UI at /api/docs
    **dict.fromkeys(API_SCOPES, API),
    "identity:login": P,
    "identity:saml_metadata": P,
    "identity:oidc_callback": P,  # refuses without the open request its state names
    "identity:logout": P,
    "identity:saml_acs": SIGNED,
    "fitconnect:callback": SIGNED,
    "applications:session_extend": P,
    # a form's pages work on the draft held by this session or account only
    "applications:start": OWN,
    "applications:page": OWN,
    "applications:check": OWN,
    "applications:later": OWN,
    "applications:submit": OWN,
    "applications:resume": OWN,
    "applications:continue": OWN,
    "applications:sent": OWN,
    "applications:receipt": OWN,
    "applications:mine": OWN,
    "applications:prefill": OWN,
    # the logged-in person's own account, Postfach and organisations; 404 for anyone else's
    "identity:profile": OWN,
    "identity:consent": OWN,
    "mailbox:inbox": OWN,
    "mailbox:status": OWN,
    "mailbox:message": OWN,
    "mailbox:open": OWN,
    "mailbox:answer": OWN,
    "mailbox:file": OWN,
    "identity:organisations:mine": OWN,
    "identity:organisations:create": OWN,
    "identity:organisations:switch": OWN,
    "identity:organisations:accept_pending": OWN,
    "identity:organisations:accept": OWN,
    "identity:organisations:detail": OWN,
    "identity:organisations:invite": OWN,
    "identity:organisations:role_change": OWN,
    "identity:organisations:remove": OWN,
    "identity:organisations:revoke": OWN,
    # the staff site's frame
    "admin:login": P,
    "admin:index": STAFF,
    "admin:logout": STAFF,
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:autocomplete": STAFF,
    "admin:jsi18n": STAFF,
    "admin:view_on_site": STAFF,
    "admin:app_list": STAFF,
    "verwaltung/(?P<url>.*)$": STAFF,  # the admin's catch-all: a slash redirect or 404
    # the back office (tests/authorities/test_casework_matrix.py)
    "casework:worklist": Access.CASEWORK,
    "casework:case": Access.CASEWORK,
    "casework:assign": Access.CASEWORK,
    "casework:status": Access.CASEWORK,
    "casework:note": Access.CASEWORK,
    "casework:decide": Access.CASEWORK,
    "casework:reopen": Access.CASEWORK,
    "casework:attachment": Access.CASEWORK,
    "casework:ask": Access.CASEWORK,
    "casework:answer_file": Access.CASEWORK,
}

ADMIN_MODELS: dict[str, Access] = {
    "submissions.submission": Access.SCOPED,
    "submissions.delivery": Access.SCOPED,
    "submissions.deliveryroute": Access.SCOPED,
    "submissions.inboxitem": Access.SCOPED,
    "submissions.fitconnecttransfer": Access.SCOPED,
    "authorities.staffmembership": Access.SCOPED,
    "submissions.destructionlist": Access.SCOPED,
    "authorities.authority": Access.EDITORIAL,
    "catalog.service": Access.EDITORIAL,
    "catalog.offering": Access.EDITORIAL,
    "catalog.responsibilityrule": Access.EDITORIAL,
    "catalog.ozgservice": Access.EDITORIAL,
    "catalog.lifesituation": Access.EDITORIAL,
    "catalog.topic": Access.EDITORIAL,
    "territory.region": Access.EDITORIAL,
    "territory.postcode": Access.EDITORIAL,
    "forms.form": Access.EDITORIAL,
    "forms.formversion": Access.EDITORIAL,
    "api.apiclient": Access.OPERATOR,  # tokens are made on the command line, shown once
    "casework.decisiontemplate": Access.OPERATOR,  # later: per authority, for its admins
    "casework.team": Access.OPERATOR,  # later: per authority, for its admins
    "casework.routingrule": Access.OPERATOR,  # later: per authority, for its admins
    "casework.servicedeadline": Access.OPERATOR,
    "submissions.draft": Access.OPERATOR,
    "identity.citizen": Access.OPERATOR,
    "identity.organisation": Access.OPERATOR,
    "identity.organisationmembership": Access.OPERATOR,
    "identity.invitation": Access.OPERATOR,
    "mailbox.message": Access.OPERATOR,
    "mailbox.fetchreceipt": Access.OPERATOR,
    "mailbox.statuschange": Access.OPERATOR,
    "mailbox.stepsequence": Access.OPERATOR,
    "auth.user": Access.OPERATOR,
    "auth.group": Access.OPERATOR,
    "otp_totp.totpdevice": Access.OPERATOR,
    "axes.accessattempt": Access.OPERATOR,
    "axes.accesslog": Access.OPERATOR,
    "axes.accessfailurelog": Access.OPERATOR,
    "django_tasks_database.dbtaskresult": Access.OPERATOR,
    "audit.auditentry": Access.OPERATOR,  # read-only even for them
}


@dataclass(frozen=True)
class Pattern:
    name: str | None  # namespaced, e.g. "applications:sent"
    route: str  # the whole route from the root
    callback: Callable[..., Any]
    pattern: URLPattern

    @property
    def key(self) -> str:
        return self.name or self.route


def url_patterns(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[Pattern]:
    """Every pattern of the root resolver, with its full route and namespaced name."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Pattern(name, prefix + str(entry.pattern), entry.callback, entry)


def admin_model_of(route: str) -> str | None:
    """The model label ("submissions.submission") whose admin screens own this route."""
    for model in admin.site._registry:
        opts = model._meta
        if route.startswith(f"verwaltung/{opts.app_label}/{opts.model_name}/"):
            return opts.label_lower
    return None


def access_of(entry: Pattern) -> Access | None:
    """How the table classifies a pattern; None when it does not."""
    model = admin_model_of(entry.route)
    if model is not None:
        return ADMIN_MODELS.get(model)
    return URLS.get(entry.key)


# values for parameters that must be one of a few (the admin's app list, its catch-all)
_NAMED_SAMPLES = {"app_label": "submissions", "url": "gibt-es-nicht/"}


def _sample(group: str, converter: object) -> str:
    if group in _NAMED_SAMPLES:
        return _NAMED_SAMPLES[group]
    # a converter that takes only digits (int, the organisations' row ids) gets a number
    takes_x = re.fullmatch(getattr(converter, "regex", ".*"), "x") is not None
    return "1" if isinstance(converter, IntConverter) or not takes_x else "x"


def sample_path(entry: Pattern) -> str:
    """A concrete path for the pattern, with made-up values in its parameters."""
    converters = getattr(entry.pattern.pattern, "converters", {})
    groups = entry.pattern.pattern.regex.groupindex
    kwargs = {group: _sample(group, converters.get(group)) for group in groups}
    if entry.name:
        return reverse(entry.name, kwargs=kwargs)
    if entry.key == "verwaltung/(?P<url>.*)$":
        return "/verwaltung/" + _NAMED_SAMPLES["url"]
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "1", entry.route)
