from django.urls import path
from django.views.i18n import set_language

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
    path("returns/<str:rma>/qr/", views.label_qr, name="label_qr"),
    path("returns/<str:rma>/cancel/", views.cancel, name="cancel"),
    path("returns/<str:rma>/shipped/", views.mark_shipped, name="mark_shipped"),
    path("returns/<str:rma>/dispute/", views.open_dispute, name="dispute"),
    path("s/<str:token>/", views.status_link, name="status_link"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("mine/", views.mine, name="mine"),
    # Django's own view: checks the language and that "next" stays on this site, sets the cookie.
    path("language/", set_language, name="set_language"),
    path("brand.css", views.brand_css, name="brand_css"),
    path("brand/logo", views.brand_logo, name="brand_logo"),
    path("products/<int:product_id>/image", views.product_image, name="product_image"),
]
