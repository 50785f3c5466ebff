from django.urls import path

from rathaus.submissions import prefill_views, resume_views, submit_views, views

app_name = "applications"

urlpatterns = [
    path("fortsetzen/<str:token>/", resume_views.resume, name="resume"),
    path("entwurf/<str:draft_id>/", resume_views.continue_draft, name="continue"),
    path("eingang/<str:submission_id>/", submit_views.sent, name="sent"),
    path(
        "eingang/<str:submission_id>/eingangsbestaetigung.pdf",
        submit_views.receipt,
        name="receipt",
    ),
    path("meine-antraege/", submit_views.mine, name="mine"),
    path("sitzung/verlaengern/", views.session_extend, name="session_extend"),
    path("<str:key>/", views.start, name="start"),
    path("<str:key>/seite/<str:page_id>/", views.page, name="page"),
    path("<str:key>/pruefen/", views.check, name="check"),
    path("<str:key>/uebernehmen/", prefill_views.prefill_decide, name="prefill"),
    path("<str:key>/spaeter/", resume_views.later, name="later"),
    path("<str:key>/absenden/", submit_views.submit, name="submit"),
]
