from django.urls import include, path

from rathaus.identity import views

app_name = "identity"

urlpatterns = [
    path("anmelden/", views.login_start, name="login"),
    path("anmelden/saml/acs/", views.saml_acs, name="saml_acs"),
    path("anmelden/saml/metadata/", views.saml_metadata, name="saml_metadata"),
    path("abmelden/", views.logout_view, name="logout"),
    path("organisationen/", include("rathaus.identity.organisations.urls")),
]
