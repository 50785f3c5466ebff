"""Where the real data sets are, and a clear stop when they are missing."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

NEEDED = ("territory", "catalog")


def require_data_dir(directory: str | Path | None = None) -> Path:
    """The data directory, checked for the folders the importers read."""
    path = Path(directory) if directory else Path(settings.RATHAUS_DATA_DIR)
    missing = [name for name in NEEDED if not (path / name).is_dir()]
    if path.is_dir() and not missing:
        return path
    if not path.is_dir() and any((path.parent / name).is_dir() for name in NEEDED):
        return path  # a single folder such as DIR/territory was given
    what = ", ".join(f"{name}/" for name in missing)
    raise CommandError(
        f"Datenverzeichnis {path} fehlt oder ist unvollständig (es fehlt: {what}).\n"
        "Rathaus braucht die öffentlichen Daten: territory/ (Gemeindeverzeichnis, "
        "Postleitzahlen) und catalog/ (LeiKa/OZG-Katalog). Legen Sie sie dort ab oder "
        "setzen Sie RATHAUS_DATA_DIR auf den Ordner, der sie enthält.\n"
        f"Data directory {path} is missing or incomplete (missing: {what}). Put the public "
        "data sets there or point RATHAUS_DATA_DIR at the folder that holds them."
    )
