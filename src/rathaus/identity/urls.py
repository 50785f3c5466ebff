from django.urls import include, path

from rathaus.identity import profile_views, views

app_name = "identity"

urlpatterns = [
    path("anmelden/", views.login_start, name="login"),
    path("anmelden/saml/acs/", views.saml_acs, name="saml_acs"),
    path("anmelden/saml/metadata/", views.saml_metadata, name="saml_metadata"),
    path("anmelden/oidc/rueckruf/", views.oidc_callback, name="oidc_callback"),
    path("abmelden/", views.logout_view, name="logout"),
    path("konto/", profile_views.profile, name="profile"),
    path("konto/einwilligung/", profile_views.consent_change, name="consent"),
    path("organisationen/", include("rathaus.identity.organisations.urls")),
]
