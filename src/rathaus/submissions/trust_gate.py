"""Forms that need a BundID login: ask to log in, or to log in again at a higher level.

A form version declares the trust level it needs (`trust_level` in its definition). Someone
without a BundID login, or logged in at a lower level, gets a page that explains what is
needed and leads to the login at that level, back to where they were: a prompt, not an error.
Their answers so far stay in their draft.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from rathaus.forms.models import FormVersion
from rathaus.forms.selectors import version_definition
from rathaus.identity.trust import TrustLevel, session_trust_level, trust_level_suffices


def needed_level(version: FormVersion) -> TrustLevel | None:
    """The trust level the version's definition asks for, or None when anyone may apply."""
    value = version_definition(version=version).trust_level
    return TrustLevel(value) if value else None


def trust_gate(request: HttpRequest, version: FormVersion, back_to: str) -> HttpResponse | None:
    """None when the person may go on; otherwise the login or step-up page.

    `back_to` is where the login should return. A GET gets the page with 200 (it is a
    prompt); a POST is refused with 403 and nothing it carried is stored.
    """
    needed = needed_level(version)
    if needed is None:
        return None
    proved = session_trust_level(request.session) if request.user.is_authenticated else None
    if trust_level_suffices(proved, needed):
        return None
    login_url = reverse("identity:login") + "?" + urlencode({"niveau": needed, "next": back_to})
    context = {"version": version, "needed": needed, "proved": proved, "login_url": login_url}
    status = 200 if request.method in {"GET", "HEAD"} else 403
    return render(request, "submissions/trust_needed.html", context, status=status)
