from django.urls import path, register_converter

from rathaus.identity.organisations import invitation_views, member_views, views


class RowId:
    """A database id: digits that fit a 64-bit column (a longer number is simply not found)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowId, "rowid")

app_name = "organisations"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("neu/", views.create, name="create"),
    path("handeln/", views.switch, name="switch"),
    path("einladung/", invitation_views.accept_pending, name="accept_pending"),
    path("einladung/<str:token>/", invitation_views.accept, name="accept"),
    path("<rowid:pk>/", views.detail, name="detail"),
    path("<rowid:pk>/einladen/", member_views.invite, name="invite"),
    path(
        "<rowid:pk>/mitglieder/<rowid:member_id>/rolle/",
        member_views.role_change,
        name="role_change",
    ),
    path(
        "<rowid:pk>/mitglieder/<rowid:member_id>/entfernen/",
        member_views.remove,
        name="remove",
    ),
    path(
        "<rowid:pk>/einladungen/<str:invitation_id>/zurueckziehen/",
        member_views.revoke,
        name="revoke",
    ),
]
