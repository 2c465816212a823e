from django.urls import path

from . import views

app_name = "intelligence"
urlpatterns = [
    path("shift-plan.csv", views.shift_plan_csv, name="shift-plan-csv"),
]
