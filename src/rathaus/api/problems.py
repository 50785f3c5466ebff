"""Problem details (RFC 9457) in German and English for every refusal of the API."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rathaus.forms.definition import Text
from rathaus.submissions.attachments.messages import bilingual

PROBLEM_TYPE = "urn:rathaus:problem:"  # + reason; stable keys, explained in /api/docs

TITLES: dict[int, Promise] = {
    400: _("Ungültige Anfrage"),
    401: _("Nicht angemeldet"),
    403: _("Keine Berechtigung"),
    404: _("Nicht gefunden"),
    405: _("Methode nicht erlaubt"),
    409: _("Widerspruch zum Zustand des Antrags"),
    413: _("Anfrage zu groß"),
    415: _("Dateiart nicht unterstützt"),
    500: _("Interner Fehler"),
}

DETAILS: dict[str, Promise] = {
    "token": _("Ein gültiges API-Token fehlt (Authorization: Bearer …) oder ist widerrufen."),
    "scope": _("Das Token dieses API-Clients hat die nötige Berechtigung nicht: %(scope)s."),
    "not_found": _("Diesen Antrag oder diese Anlage gibt es für Ihre Behörde nicht."),
    "invalid": _("Die Anfrage enthält ungültige Werte: %(fields)s."),
    "body": _("Der Inhalt der Anfrage lässt sich nicht lesen (kein gültiges JSON oder Formular)."),
    "cursor": _("Der Parameter cursor ist keiner, den diese API ausgegeben hat."),
    "closed": _("Der Antrag ist bereits abgeschlossen; ein zweiter Bescheid ist nicht möglich."),
    "no_postfach": _(
        "Der Antrag wurde ohne Konto gestellt; es gibt kein Postfach für einen Bescheid."
    ),
    "not_pdf": _("Der Bescheid muss eine PDF-Datei sein."),
    "too_large": _("Die Anfrage ist zu groß."),
    "method": _("Diese Methode ist hier nicht erlaubt."),
    "server": _("Ein interner Fehler ist aufgetreten; es wurde nichts geändert."),
}


def problem(
    request: HttpRequest | None,
    status: int,
    reason: str,
    *,
    detail: Text | None = None,
    **params: str,
) -> JsonResponse:
    """A problem+json response: type, title, status, detail (de) and detail_en."""
    text = detail or bilingual(DETAILS[reason], **params)
    title = bilingual(TITLES.get(status, TITLES[400]))
    body = {
        "type": PROBLEM_TYPE + reason,
        "title": title.de,
        "status": status,
        "detail": text.de,
        "detail_en": text.en,
        "reason": reason,
    }
    return JsonResponse(
        body,
        status=status,
        content_type="application/problem+json",
        json_dumps_params={"ensure_ascii": False},
    )
