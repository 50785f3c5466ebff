"""What the demo shows beyond the real data: accounts and a few explicit offerings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from django.contrib.auth.models import Permission, User
from django.db import transaction

from rathaus.authorities.models import Authority, AuthorityKind, StaffRole
from rathaus.authorities.services import (
    staff_account_create,
    staff_membership_grant,
    staff_totp_device_issue,
    totp_secret_base32,
)
from rathaus.catalog.models import OnlineStatus, Service
from rathaus.catalog.services import offering_set
from rathaus.forms.definition import FormDef
from rathaus.forms.fim import fim_import
from rathaus.forms.models import Form
from rathaus.forms.ownformat import form_from_text
from rathaus.forms.services import form_version_create, form_version_publish
from rathaus.territory.models import Region

DEMO_PASSWORD = "rathaus-demo"  # noqa: S105 - printed on screen; demo mode only
HESSEN = "06"
SONDERSTATUSSTAEDTE = [
    "06433012",
    "06434001",
    "06435014",
    "06531005",
    "06532023",
    "06534014",
    "06631009",
]


@dataclass(frozen=True)
class DemoOffering:
    leika_key: str
    place: str  # ARS of a Land/Kreis or AGS of a municipality
    online: bool
    maturity_v1: int
    maturity_v2: int
    url: str = ""
    note: str = ""


OFFERINGS = [
    DemoOffering(
        "99107023017000",
        HESSEN,
        True,
        3,
        3,
        "https://wohngeld.rathaus.example/",
        "Online-Antrag über den Wohngeld-Dienst des Landes (Einer für Alle).",
    ),
    DemoOffering(
        "99036008007001",
        HESSEN,
        True,
        3,
        4,
        "https://ikfz.rathaus.example/",
        "Internetbasierte Fahrzeugzulassung (i-Kfz) mit Online-Ausweis.",
    ),
    DemoOffering("99050012104000", HESSEN, True, 3, 3, "https://gewerbe.rathaus.example/"),
    DemoOffering(
        "99008001012004",
        HESSEN,
        False,
        1,
        1,
        "",
        "Bitte persönlich vorsprechen: Foto, Fingerabdrücke und Unterschrift sind nötig.",
    ),
    DemoOffering(
        "99108001001000", "06611000", True, 3, 3, "https://kassel.rathaus.example/bewohnerparken"
    ),
    DemoOffering(
        "99115005104000", "06611000", True, 3, 3, "https://kassel.rathaus.example/anmeldung"
    ),
    DemoOffering(
        "99102013002000", "06412000", True, 2, 2, "https://frankfurt.rathaus.example/hundesteuer"
    ),
]
BUILDING_PERMIT = "99012008001000"


def _place(key: str) -> Region:
    return Region.objects.get(ags=key) if len(key) == 8 else Region.objects.get(ars=key)


@transaction.atomic
def demo_offerings_create() -> int:
    """Explicit rows where the demo places differ from the rules; returns how many."""
    count = 0
    for item in OFFERINGS:
        service = Service.objects.get(leika_key=item.leika_key)
        offering_set(
            service=service,
            region=_place(item.place),
            online_status=OnlineStatus.ONLINE if item.online else OnlineStatus.OFFLINE,
            maturity_v1=item.maturity_v1,
            maturity_v2=item.maturity_v2,
            application_url=item.url,
            note=item.note,
        )
        count += 1
    permit = Service.objects.get(leika_key=BUILDING_PERMIT)
    for ags in SONDERSTATUSSTAEDTE:
        town = _place(ags)
        authority = Authority.objects.get(region=town, kind=AuthorityKind.STADTVERWALTUNG)
        offering_set(
            service=permit,
            region=town,
            authority=authority,
            note="Sonderstatusstadt: eigene Bauaufsicht.",
        )
        count += 1
    return count


EXAMPLE_FORMS = Path(__file__).resolve().parents[1] / "forms" / "examples"
# Own-format demo forms and the LeiKa service each is offered for.
OWN_FORMS = [("hundesteuer.yaml", "99102013002000"), ("sperrmuell.yaml", "99001009004002")]


# Real FIM schemas whose code lists are complete (with the library in fim/codelists),
# and the LeiKa service each belongs to (Asbest has no entry in the 2019/2020 catalogue).
FIM_FORMS: list[tuple[str, str | None, str | None]] = [
    # Antrag auf Zulassung zur Jägerprüfung: the office must know who applies (BundID login)
    ("S07000000201", "99067003007000", "substanziell"),
    ("S00000094", "99006028261000", None),  # Benachrichtigung Beschäftigung schwangere Frau
    ("S00000000362", "99010012001001", None),  # Beschäftigungserlaubnis bei Aufenthaltsgestattung
    ("S00000186", None, None),  # Anzeige Tätigkeiten mit Asbest
]


def demo_forms_create(data_dir: Path) -> list[str]:
    """Publish the example and FIM demo forms once, attached to their services."""
    titles = []
    for file_name, leika_key in OWN_FORMS:
        definition = form_from_text((EXAMPLE_FORMS / file_name).read_text(encoding="utf-8"))
        titles.append(_publish_once(definition, file_name, leika_key))
    fim = data_dir / "fim"
    for schema_id, fim_key, trust_level in FIM_FORMS:
        found = sorted((fim / "real" / schema_id).glob("S*.xml*"))
        if not found:  # an older data set without FIM schemas: the demo runs without them
            titles.append(f"(FIM-Schema {schema_id} fehlt in {fim / 'real'}, übersprungen)")
            continue
        path = found[0]
        result = fim_import(
            path.read_bytes(), filename=str(path), codelist_dirs=[fim / "codelists"], fim_dir=fim
        )
        definition = result.form.model_copy(update={"trust_level": trust_level})
        titles.append(_publish_once(definition, path.name, fim_key, asdict(result.report)))
    return titles


def _publish_once(
    definition: FormDef,
    source_name: str,
    leika_key: str | None,
    report: dict[str, object] | None = None,
) -> str:
    if not Form.objects.filter(key=definition.id, versions__status="published").exists():
        service = Service.objects.get(leika_key=leika_key) if leika_key else None
        version = form_version_create(
            definition=definition, source_name=source_name, report=report, service=service
        )
        form_version_publish(version=version)
    return definition.title.de


@dataclass(frozen=True)
class DemoAccount:
    """A demo login: name, what it may do, and the TOTP secret for an authenticator app."""

    username: str
    role: str
    totp_secret: str
    totp_uri: str


# the authority whose caseworker the demo has (its applications travel through FIT-Connect)
DEMO_STAFF_AUTHORITY = "Stadtverwaltung Kassel"


def _demo_staff(username: str) -> User:
    user, _created = staff_account_create(
        username=username, email=f"{username}@rathaus.example", password=None
    )
    user.set_password(DEMO_PASSWORD)  # the known demo password, printed on screen
    user.save(update_fields=["password"])
    return user


def demo_accounts_create() -> list[DemoAccount]:
    """A Land operator, a catalogue editor and a caseworker of Kassel, each with a TOTP device.

    The devices are made once; later demo starts show the same secrets again.
    """
    admin = _demo_staff("admin")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    editor = _demo_staff("redaktion")
    editor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["catalog", "authorities", "territory", "forms"]
        ).exclude(content_type__model="staffmembership")  # memberships go by role, not perms
    )
    caseworker = _demo_staff("kassel")
    staff_membership_grant(
        user=caseworker,
        authority=Authority.objects.get(name=DEMO_STAFF_AUTHORITY),
        role=StaffRole.CASEWORKER,
    )
    roles = [
        (admin, "Land-Betrieb, sieht alles / Land operator, sees everything"),
        (editor, "Redaktion (Katalog, Behörden, Gebiete) / catalogue editors"),
        (caseworker, f"Sachbearbeitung {DEMO_STAFF_AUTHORITY} / caseworker"),
    ]
    accounts = []
    for user, role in roles:
        device, _new = staff_totp_device_issue(user=user)
        accounts.append(
            DemoAccount(user.username, role, totp_secret_base32(device), device.config_url)
        )
    return accounts
