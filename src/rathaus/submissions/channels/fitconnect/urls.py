from django.urls import path

from rathaus.submissions.channels.fitconnect import callbacks

app_name = "fitconnect"

urlpatterns = [
    path("rueckruf/<int:authority_id>/", callbacks.callback, name="callback"),
]
