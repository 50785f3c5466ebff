"""What a person reads when a file is refused, in German and English (gettext)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from rathaus.forms.definition import Text

TOO_LARGE = _("„%(name)s“ ist größer als %(mb)s MB. Laden Sie eine kleinere Datei hoch.")
TOO_MANY = _("Hier können Sie höchstens %(count)s Dateien hochladen.")
TOO_MANY_IN_FORM = _(
    "Zu diesem Antrag können Sie höchstens %(count)s Dateien hochladen. "
    "Entfernen Sie zuerst eine andere Datei."
)
EMPTY = _("„%(name)s“ ist leer. Wählen Sie die richtige Datei aus.")
WRONG_TYPE = _(
    "„%(name)s“ ist keine erlaubte Datei. Erlaubt sind: %(kinds)s. Geprüft wird der Inhalt "
    "der Datei, nicht ihr Name."
)
BROKEN_PDF = _("„%(name)s“ ist keine gültige PDF-Datei. Speichern Sie sie neu als PDF.")
BAD_ARCHIVE = _("„%(name)s“ ist kein lesbares oder ein verschlüsseltes Archiv.")
ARCHIVE_BOMB = _("„%(name)s“ würde beim Entpacken zu groß. Laden Sie die Dateien einzeln hoch.")
INFECTED = _(
    "Die Datei „%(name)s“ enthält Schadsoftware und wurde nicht angenommen. Prüfen Sie Ihr "
    "Gerät und laden Sie eine saubere Datei hoch."
)
SCANNER_DOWN = _(
    "Wir können Dateien gerade nicht auf Schadsoftware prüfen. Die Datei „%(name)s“ wurde "
    "nicht angenommen. Bitte versuchen Sie es in einigen Minuten noch einmal."
)

HINT_ONE = _("Erlaubt: %(kinds)s, höchstens %(mb)s MB.")
HINT_MANY = _("Erlaubt: %(kinds)s, höchstens %(mb)s MB je Datei, bis zu %(count)s Dateien.")

KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "tiff": "TIFF", "zip": "ZIP"}


def bilingual(message: Promise, **values: Any) -> Text:
    """The message in both languages, so it follows whichever the page is shown in."""
    with override("de"):
        german = str(message) % values
    with override("en"):
        english = str(message) % values
    return Text(de=german, en=english)


def kinds_text(kinds: tuple[str, ...]) -> str:
    """ "PDF, JPEG, PNG" for the allowed kinds."""
    return ", ".join(KIND_NAMES.get(kind, kind.upper()) for kind in kinds)
