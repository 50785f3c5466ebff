"""The `rathaus` command: Django's manage.py with Rathaus' settings."""

from __future__ import annotations

import os
import sys

# command names with a hyphen, which a Python module name cannot have
ALIASES = {"api-clients": "api_clients", "casework-generate": "casework_generate"}


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["rathaus", *args])


if __name__ == "__main__":
    main()
