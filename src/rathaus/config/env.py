"""Typed helpers that read settings from the environment and stop with a clear message."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """Return the variable as text, or the default when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; anything but yes/no words is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r}: erwartet wird true oder false / expected true or false."
    )


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: erwartet wird eine ganze Zahl / expected a whole number."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_map(name: str, default: dict[str, str]) -> dict[str, str]:
    """Return a comma-separated list of `key=value` pairs as a dict."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    pairs = {}
    for item in env_list(name, []):
        key, separator, value = item.rpartition("=")  # a level name has no "="
        if not separator or not key.strip() or not value.strip():
            raise ImproperlyConfigured(
                f"{name}: {item!r} ist kein Paar schlüssel=wert / is not a key=value pair."
            )
        pairs[key.strip()] = value.strip()
    return pairs


def env_path(name: str, default: Path) -> Path:
    """Return the variable as an absolute path."""
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default
