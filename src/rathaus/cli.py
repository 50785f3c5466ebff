"""The `rathaus` command: Django's manage.py with Rathaus' settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["rathaus", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
