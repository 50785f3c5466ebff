"""The demo's Postfach: a welcome message, a question and a decision (PDF) for the first
simulator person, so that logging in with the development BundID as Maria Neumann shows a
filled Postfach."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from weasyprint import HTML  # type: ignore[import-untyped]

from rathaus.authorities.models import Authority
from rathaus.identity.services import citizen_register
from rathaus.identity.trust import TrustLevel
from rathaus.mailbox.files import IncomingFile
from rathaus.mailbox.models import Message
from rathaus.mailbox.services import decision_send, message_send, question_send

# BUNDIDSIM-U01 of ../shared/data/bundid (fictitious); her login finds this citizen
PERSON = {"bpk2": "BUNDIDSIM-U01", "given_name": "Maria", "surname": "Neumann"}
PERSON_EMAIL = "maria.neumenn@example.com"
AUTHORITY = "Stadtverwaltung Kassel"

WELCOME = (
    "Willkommen in Ihrem Postfach",
    "Guten Tag Frau Neumann,\n\nhier erhalten Sie künftig Nachrichten, Rückfragen und Bescheide "
    "Ihrer Verwaltung. Wenn etwas Neues eintrifft, senden wir Ihnen eine E-Mail – ohne Inhalt, "
    "nur mit dem Hinweis.\n\nMit freundlichen Grüßen\nIhre Stadtverwaltung Kassel",
)
QUESTION = (
    "Rückfrage: Welche Gegenstände sollen abgeholt werden?",
    "Guten Tag Frau Neumann,\n\nbitte nennen Sie uns die Gegenstände, die wir abholen sollen, "
    "und senden Sie uns gern ein Foto.\n\nMit freundlichen Grüßen\nIhre Stadtverwaltung Kassel",
)
DECISION = (
    "Bescheid über Ihren Antrag auf Sperrmüllabholung",
    "Guten Tag Frau Neumann,\n\nanbei erhalten Sie den Bescheid über Ihren Antrag. Bitte lesen "
    "Sie ihn sorgfältig; er enthält eine Rechtsbehelfsbelehrung.\n\nMit freundlichen Grüßen\n"
    "Ihre Stadtverwaltung Kassel",
)
DECISION_HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Bescheid (Demo)</title></head><body>
<h1>Bescheid</h1>
<p>Stadtverwaltung Kassel, Obere Königsstraße 8, 34117 Kassel</p>
<p>Frau Maria Neumann</p>
<p>Ihrem Antrag auf Abholung von Sperrmüll wird stattgegeben. Die Abholung erfolgt am
nächsten Sammeltag in Ihrem Bezirk.</p>
<h2>Rechtsbehelfsbelehrung</h2>
<p>Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben
werden. (Beispiel der Demo, kein echter Bescheid.)</p>
</body></html>"""


def demo_decision_pdf() -> bytes:
    """A short, tagged example decision (PDF/UA-1)."""
    pdf: bytes = HTML(string=DECISION_HTML).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


@transaction.atomic
def demo_mailbox_create() -> int:
    """Fill the demo person's Postfach once; returns how many messages were added."""
    citizen = citizen_register(**PERSON, email=PERSON_EMAIL, level=TrustLevel.SUBSTANZIELL)
    if Message.objects.filter(recipient_user=citizen.user).exists():
        return 0
    authority = Authority.objects.get(name=AUTHORITY)
    message_send(recipient=citizen.user, authority=authority, subject=WELCOME[0], body=WELCOME[1])
    question_send(
        recipient=citizen.user,
        authority=authority,
        subject=QUESTION[0],
        body=QUESTION[1],
        answer_due=timezone.localdate() + timedelta(days=14),
    )
    decision_send(
        recipient=citizen.user,
        authority=authority,
        subject=DECISION[0],
        body=DECISION[1],
        pdf=IncomingFile("Bescheid-Sperrmuell.pdf", demo_decision_pdf()),
    )
    return 3
