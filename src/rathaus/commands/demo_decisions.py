"""The demo's decision templates: the Hundesteuer registration and the bulky-waste pickup,
each confirmed (Bescheid)."""

from __future__ import annotations

from rathaus.casework.documents.services import decision_template_create
from rathaus.casework.models import DecisionOutcome, DecisionTemplate
from rathaus.catalog.models import Service

HUNDESTEUER = "99102013002000"  # the demo's own form hundesteuer.yaml is offered for it
SPERRMUELL = "99001009004002"  # and sperrmuell.yaml for this one
NAME = "Hundesteuer: Anmeldung bestätigt"
PICKUP_NAME = "Sperrmüll: Abholung bestätigt"

BODY = """Sehr geehrte Damen und Herren,

mit Ihrem Antrag vom {{ eingang }} haben Sie Ihren Hund „{{ antrag.hund_name }}“ \
({{ antrag.rasse }}) zur Hundesteuer angemeldet. Die Anmeldung ist {{ entscheidung.ergebnis }}.

Die Steuerpflicht beginnt mit dem Monat, in dem Sie den Hund aufgenommen haben \
({{ antrag.gehalten_seit }}). Die Steuermarke erhalten Sie mit gesonderter Post.

{{ entscheidung.begruendung|linebreaks }}

Bitte geben Sie bei Rückfragen das Aktenzeichen {{ aktenzeichen }} an.

Mit freundlichen Grüßen
Im Auftrag
{{ behoerde.name }}

Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig."""

LEGAL_REMEDY = """Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe \
Widerspruch erhoben werden. Der Widerspruch ist schriftlich, in elektronischer Form nach \
§ 3a Abs. 2 des Hessischen Verwaltungsverfahrensgesetzes oder zur Niederschrift bei \
{{ behoerde.name }}, {{ behoerde.anschrift|default:"Anschrift siehe Briefkopf" }}, einzulegen."""


PICKUP_BODY = """Guten Tag {{ antrag.name }},

Ihr Antrag vom {{ eingang }} auf Abholung von Sperrmüll an der Anschrift {{ antrag.strasse }} \
ist {{ entscheidung.ergebnis }}. Wir holen die Gegenstände am {{ antrag.wunschtermin }} ab; \
bitte stellen Sie sie bis 6 Uhr an den Straßenrand.

{{ entscheidung.begruendung|linebreaks }}

Bitte geben Sie bei Rückfragen das Aktenzeichen {{ aktenzeichen }} an.

Mit freundlichen Grüßen
Im Auftrag
{{ behoerde.name }}"""

TEMPLATES = [  # (service, name, body)
    (HUNDESTEUER, NAME, BODY),
    (SPERRMUELL, PICKUP_NAME, PICKUP_BODY),
]


def demo_decision_templates_create() -> list[str]:
    """Create the demo's decision templates once (checked like any other); returns names."""
    for leika_key, name, body in TEMPLATES:
        service = Service.objects.get(leika_key=leika_key)
        if not DecisionTemplate.objects.filter(service=service, name=name).exists():
            decision_template_create(
                service=service,
                name=name,
                outcome=DecisionOutcome.APPROVED,
                body=body,
                legal_remedy=LEGAL_REMEDY,
            )
    return [name for _key, name, _body in TEMPLATES]
