"""FIT-Connect as a delivery channel: the settings an authority enters, and `deliver`.

Settings (JSON in the route): `token_url`, `submission_api_url`, `client_id`,
`client_secret`, `destination_id`; optional `event_log_jwks_url` (default: the Submission
API's `/.well-known/jwks.json`) or `event_log_signing_key` (the Zustelldienst's public
JWK or JWKS), and `callback_secret` for callbacks. How-to: docs/how-to/fit-connect.md.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from joserfc.jwk import KeySet

from rathaus.submissions.channels.fitconnect.api import Config, SubmissionApi
from rathaus.submissions.channels.fitconnect.crypto import KeyProblem, signing_keys
from rathaus.submissions.channels.fitconnect.metadata import SCHEMA_FILE
from rathaus.submissions.channels.fitconnect.sending import package_send
from rathaus.submissions.delivery.base import Channel, DeliveryRefused, Handover, Package

REQUIRED = ("token_url", "submission_api_url", "client_id", "client_secret", "destination_id")
URLS = ("token_url", "submission_api_url", "event_log_jwks_url")
JWKS_PATH = "/.well-known/jwks.json"
MIN_CALLBACK_SECRET = 32


def _url_problems(raw: dict[str, Any]) -> list[str]:
    problems = []
    for name in URLS:
        if raw.get(name):
            try:
                URLValidator(schemes=["https", "http"])(str(raw[name]))
            except ValidationError:
                problems.append(f"{name}: keine gültige Adresse. / not a valid URL.")
    return problems


def _key_problems(raw: dict[str, Any]) -> list[str]:
    problems = []
    try:
        uuid.UUID(str(raw.get("destination_id", "")))
    except ValueError:
        problems.append("destination_id: keine UUID. / not a UUID.")
    if raw.get("event_log_signing_key"):
        try:
            signing_keys(raw["event_log_signing_key"])
        except KeyProblem as problem:
            problems.append(f"event_log_signing_key: {problem} / not a public JWK or JWKS.")
    secret = str(raw.get("callback_secret", ""))
    if secret and len(secret) < MIN_CALLBACK_SECRET:
        problems.append(
            f"callback_secret: mindestens {MIN_CALLBACK_SECRET} Zeichen. / "
            f"at least {MIN_CALLBACK_SECRET} characters."
        )
    return problems


class FitConnectChannel(Channel):
    key = "fitconnect"
    label = _("FIT-Connect (Zustelldienst der FITKO)")
    secret_settings = ("client_secret", "callback_secret")

    def clean_settings(self, raw: dict[str, Any]) -> dict[str, Any]:
        missing = [name for name in REQUIRED if not str(raw.get(name, "")).strip()]
        problems = [f"{name}: fehlt. / missing." for name in missing]
        unknown = set(raw) - {*REQUIRED, *URLS, "event_log_signing_key", "callback_secret"}
        problems += [f"{name}: unbekannte Einstellung. / unknown setting." for name in unknown]
        problems += _url_problems(raw) + ([] if missing else _key_problems(raw))
        if problems:
            raise ValidationError(problems)
        cleaned = {name: str(raw[name]).strip() for name in REQUIRED}
        cleaned["destination_id"] = str(uuid.UUID(cleaned["destination_id"]))
        for name in ("event_log_jwks_url", "event_log_signing_key", "callback_secret"):
            if raw.get(name):
                cleaned[name] = raw[name]
        return cleaned

    def deliver(self, package: Package, settings: dict[str, Any]) -> Handover:
        try:
            config = Config(
                token_url=settings["token_url"],
                submission_api_url=settings["submission_api_url"],
                client_id=settings["client_id"],
                client_secret=settings["client_secret"],
                destination_id=uuid.UUID(settings["destination_id"]),
            )
        except (KeyError, ValueError) as error:
            raise DeliveryRefused(f"FIT-Connect nicht vollständig eingerichtet: {error}") from error
        api = SubmissionApi(config)
        try:
            keys = _signing_keys(api, settings)
            schema_path = Path(django_settings.RATHAUS_DATA_DIR) / SCHEMA_FILE
            return package_send(api, package, keys=keys, schema_path=schema_path)
        finally:
            api.close()


def _signing_keys(api: SubmissionApi, settings: dict[str, Any]) -> KeySet:
    """The Zustelldienst's signature keys: from the settings, else from its JWKS URL."""
    configured = settings.get("event_log_signing_key")
    url = settings.get("event_log_jwks_url") or api.base + JWKS_PATH
    try:
        return signing_keys(configured if configured else api.jwks(url))
    except KeyProblem as problem:
        raise DeliveryRefused(
            f"FIT-Connect: Signaturschlüssel des Zustelldiensts: {problem}"
        ) from problem
