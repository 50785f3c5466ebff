"""The back office: /sachbearbeitung/."""

from django.urls import path

from rathaus.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("vorgang/<str:case_id>/", views.case_detail, name="case"),
    path("vorgang/<str:case_id>/zuweisen/", views.case_assign, name="assign"),
    path("vorgang/<str:case_id>/stand/", views.case_status, name="status"),
    path("vorgang/<str:case_id>/notiz/", views.case_note, name="note"),
    path("vorgang/<str:case_id>/entscheiden/", views.case_decide, name="decide"),
    path("vorgang/<str:case_id>/wiedereroeffnen/", views.case_reopen, name="reopen"),
    path("vorgang/<str:case_id>/rueckfrage/", views.case_ask, name="ask"),
    path("vorgang/<str:case_id>/anlage/<str:attachment_id>/", views.attachment, name="attachment"),
    path(
        "vorgang/<str:case_id>/antwortdatei/<str:file_id>/", views.answer_file, name="answer_file"
    ),
]
