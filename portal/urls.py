from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("forget/", views.forget, name="forget"),
    path("orders/<str:number>/", views.order_items, name="order"),
    path("orders/<str:number>/review/", views.review, name="review"),
    path("returns/<str:rma>/", views.status, name="status"),
    path("returns/<str:rma>/confirmation/", views.confirmation, name="confirmation"),
    path("returns/<str:rma>/label.pdf", views.label_pdf, name="label"),
    path("returns/<str:rma>/cancel/", views.cancel, name="cancel"),
    path("returns/<str:rma>/shipped/", views.mark_shipped, name="mark_shipped"),
    path("returns/<str:rma>/dispute/", views.open_dispute, name="dispute"),
    path("s/<str:token>/", views.status_link, name="status_link"),
]
