"""The development IdP's HTML pages (German, plain, accessible: every input has a label)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from rathaus.identity.trust import TrustLevel

NO_FAULT = "keiner"
LEVEL_LABELS = {
    TrustLevel.NIEDRIG: "niedrig (Basisregistrierung, STORK-QAA-Level-1)",
    TrustLevel.SUBSTANZIELL: "substanziell (ELSTER-Zertifikat, STORK-QAA-Level-3)",
    TrustLevel.HOCH: "hoch (Online-Ausweis, STORK-QAA-Level-4)",
}


def page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Entwicklungs-BundID</title></head><body><main>"
        f"<h1>{escape(title)}</h1>{body}</main></body></html>"
    ).encode()


def hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'


def _radios(name: str, options: Mapping[str, str], checked: str) -> str:
    return "".join(
        f'<div><input type="radio" name="{name}" id="{name}-{escape(value)}" '
        f'value="{escape(value)}"{" checked" if value == checked else ""}>'
        f'<label for="{name}-{escape(value)}">{escape(label)}</label></div>'
        for value, label in options.items()
    )


def choice_page(
    *,
    action: str,
    request_fields: Mapping[str, str],
    persons: list[dict[str, str]],
    level: str,
    faults: Mapping[str, str] | None = None,
    cancel: bool = False,
) -> bytes:
    """The test persons and trust levels to choose from; `faults` only for test IdPs."""
    people = {
        p["id"]: f"{p.get('givenname', '')} {p.get('surname', '')}, "
        f"{p.get('localityName', 'ohne Adresse')}"
        for p in persons
    }
    levels = {item.value: label for item, label in LEVEL_LABELS.items()}
    fields = "".join(hidden(name, value) for name, value in request_fields.items())
    fault_set = ""
    if faults:
        options = {NO_FAULT: "keiner (richtige Antwort)", **faults}
        radios = _radios("fault", options, NO_FAULT)
        fault_set = f"<fieldset><legend>Fehler für Tests</legend>{radios}"
        fault_set += "</fieldset>"
    buttons = '<button type="submit" name="aktion" value="anmelden">Anmelden</button>'
    if cancel:
        buttons += ' <button type="submit" name="aktion" value="abbrechen">Abbrechen</button>'
    body = (
        "<p>Nur für Entwicklung und Tests: wählen Sie eine fiktive Person.</p>"
        f'<form method="post" action="{escape(action)}">{fields}'
        f"<fieldset><legend>Testperson</legend>"
        f"{_radios('person', people, persons[0]['id'] if persons else '')}</fieldset>"
        f"<fieldset><legend>Vertrauensniveau</legend>{_radios('level', levels, level)}</fieldset>"
        f"{fault_set}{buttons}</form>"
    )
    return page("Anmelden mit BundID (Entwicklung)", body)


def post_page(action: str, fields: Mapping[str, str]) -> bytes:
    """The SAML HTTP-POST binding: a form that sends itself (its button without JavaScript)."""
    inputs = "".join(hidden(name, value) for name, value in fields.items())
    body = (
        f'<form method="post" action="{escape(action)}" id="saml-post">{inputs}'
        "<p>Sie werden zurück zum Portal geleitet.</p>"
        '<button type="submit">Weiter zum Portal</button></form>'
        '<script>document.getElementById("saml-post").submit();</script>'
    )
    return page("Weiter zum Portal", body)
