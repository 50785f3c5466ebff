from django.contrib import admin
from django.http import HttpRequest

from rathaus.audit.admin_mixin import AuditedModelAdmin
from rathaus.identity.models import Citizen
from rathaus.identity.organisations import admin as _organisations  # noqa: F401  (registers)


@admin.register(Citizen)
class CitizenAdmin(AuditedModelAdmin[Citizen]):
    """Read-only: a citizen's data comes from BundID and changes only by logging in.

    Every look at a citizen (list, page, history) and every deletion is in the audit trail.
    """

    list_display = ["__str__", "locality", "last_trust_level", "last_login_at"]
    search_fields = ["surname", "given_name", "bpk2"]
    readonly_fields = [field.name for field in Citizen._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
