"""Where the real data sets are, and a clear stop when they are missing."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

NEEDED = ("territory", "catalog")


def require_data_dir(directory: str | Path | None = None, needs: tuple[str, ...] = NEEDED) -> Path:
    """The data directory, checked for the folders the importers read.

    A folder such as DIR/catalog may also be given directly for a single import.
    """
    path = Path(directory) if directory else Path(settings.RATHAUS_DATA_DIR)
    missing = [name for name in needs if not (path / name).is_dir()]
    if path.is_dir() and (not missing or (len(needs) == 1 and path.name == needs[0])):
        return path
    what = ", ".join(f"{name}/" for name in missing)
    raise CommandError(
        f"Datenverzeichnis {path} fehlt oder ist unvollständig (es fehlt: {what}).\n"
        "Rathaus braucht die öffentlichen Daten: territory/ (Gemeindeverzeichnis, "
        "Postleitzahlen) und catalog/ (LeiKa/OZG-Katalog). Legen Sie sie dort ab oder "
        "setzen Sie RATHAUS_DATA_DIR auf den Ordner, der sie enthält.\n"
        f"Data directory {path} is missing or incomplete (missing: {what}). Put the public "
        "data sets there or point RATHAUS_DATA_DIR at the folder that holds them."
    )
