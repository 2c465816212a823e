from django.urls import path

from . import views

app_name = "integrations"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:posting_id>/retry/", views.outbox_retry, name="outbox-retry"),
]
