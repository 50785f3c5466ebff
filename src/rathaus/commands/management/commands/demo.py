"""rathaus demo [--port N]: migrate, import the real data, create demo accounts, serve."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rathaus.catalog.models import ResponsibilityRule, Service
from rathaus.commands.datadir import require_data_dir
from rathaus.commands.demo_cases import demo_cases_create
from rathaus.commands.demo_companions import (
    FITCONNECT_AUTHORITY,
    demo_mail_to_files,
    devidp_start,
    worker_start,
    zustelldienst_start,
)
from rathaus.commands.demo_data import (
    DEMO_PASSWORD,
    demo_accounts_create,
    demo_forms_create,
    demo_offerings_create,
)
from rathaus.commands.demo_decisions import demo_decision_templates_create
from rathaus.commands.demo_mailbox import demo_mailbox_create
from rathaus.commands.imports import run_import
from rathaus.commands.server import serve
from rathaus.territory.models import Region


class Command(BaseCommand):
    help = "Richtet die Demo mit echten Daten ein und startet sie."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="nur einrichten")

    def handle(self, *args: Any, host: str, port: int, no_serve: bool, **options: Any) -> None:
        if settings.RATHAUS_ENV == "production":
            raise CommandError("Die Demo ist in Produktion gesperrt / demo refused in production.")
        settings.RATHAUS_HOME.mkdir(parents=True, exist_ok=True)
        data = require_data_dir()
        call_command("migrate", interactive=False, verbosity=0)
        self._import_once(str(data))
        self.stdout.write(f"Demo-Angebote: {demo_offerings_create()}")
        self.stdout.write("Formulare: " + ", ".join(demo_forms_create(data)))
        self.stdout.write("Bescheidvorlagen: " + ", ".join(demo_decision_templates_create()))
        self._accounts_show()
        added = demo_mailbox_create()
        self.stdout.write(f"Postfach der Testperson Maria Neumann (BundID U01): {added} neu")
        self.stdout.write(f"Vorgänge für die Sachbearbeitung Kassel: {demo_cases_create()} neu")
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_serve:
            self._companions_start(host, port)
            self.stdout.write(f"Verwaltung: http://{host}:{port}/verwaltung/")
            serve(host=host, port=port, workers=2)

    def _accounts_show(self) -> None:
        self.stdout.write(
            "Verwaltung: Passwort und Sicherheitscode (TOTP) – den Schlüssel in eine "
            "Authenticator-App eintragen / password and TOTP code: add the secret to an "
            "authenticator app"
        )
        for account in demo_accounts_create():
            self.stdout.write(
                f"Konto {account.username} / {DEMO_PASSWORD} – {account.role}\n"
                f"  TOTP-Schlüssel / secret: {account.totp_secret}\n  {account.totp_uri}"
            )

    def _companions_start(self, host: str, port: int) -> None:
        home = settings.RATHAUS_HOME
        env = demo_mail_to_files(home)
        url, _process = zustelldienst_start(home=home, port=port + 1, env=env)
        web = f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"  # noqa: S104
        idp, _idp_process = devidp_start(home=home, web_url=web, port=port + 2, env=env)
        protocol = "OIDC" if settings.RATHAUS_LOGIN_PROTOCOL == "oidc" else "SAML"
        self.stdout.write(
            f"Entwicklungs-BundID: {idp} – Anmeldung ({protocol}) unter {web}/anmelden/"
        )
        worker_start(env=env)
        self.stdout.write(
            f"FIT-Connect-Testzustelldienst: {url} – Anträge an {FITCONNECT_AUTHORITY} "
            "gehen verschlüsselt darüber."
        )
        mails = getattr(settings, "EMAIL_FILE_PATH", "") or settings.EMAIL_BACKEND
        self.stdout.write(f"E-Mails der Demo: {mails}")

    def _import_once(self, data: str) -> None:
        present = {
            "regions": Region.objects.exists(),
            "catalog": Service.objects.exists(),
            "authorities": False,  # cheap and idempotent: always brought up to date
            "rules": ResponsibilityRule.objects.exists(),
        }
        for kind, done in present.items():
            if done:
                self.stdout.write(f"{kind}: bereits vorhanden")
                continue
            report = run_import(kind, data if kind in ("regions", "catalog") else None, quiet=False)
            self.stdout.write(f"{kind}: " + "; ".join(report.summary()))
