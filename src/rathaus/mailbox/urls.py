from django.urls import path

from rathaus.mailbox import views

app_name = "mailbox"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("status/", views.status, name="status"),
    path("nachricht/<str:message_id>/", views.message_detail, name="message"),
    path("nachricht/<str:message_id>/oeffnen/", views.message_open_view, name="open"),
    path("nachricht/<str:message_id>/antwort/", views.answer, name="answer"),
    path("nachricht/<str:message_id>/datei/<str:file_id>/", views.file_download, name="file"),
]
