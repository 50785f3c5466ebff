"""The demo's decision template: the Hundesteuer registration, confirmed (Bescheid)."""

from __future__ import annotations

from rathaus.casework.documents.services import decision_template_create
from rathaus.casework.models import DecisionOutcome, DecisionTemplate
from rathaus.catalog.models import Service

HUNDESTEUER = "99102013002000"  # the demo's own form hundesteuer.yaml is offered for it
NAME = "Hundesteuer: Anmeldung bestätigt"

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


def demo_decision_templates_create() -> list[str]:
    """Create the demo's decision template once (checked like any other); returns names."""
    service = Service.objects.get(leika_key=HUNDESTEUER)
    if not DecisionTemplate.objects.filter(service=service, name=NAME).exists():
        decision_template_create(
            service=service,
            name=NAME,
            outcome=DecisionOutcome.APPROVED,
            body=BODY,
            legal_remedy=LEGAL_REMEDY,
        )
    return [NAME]
