from django.urls import include, path

from . import (views, views_grading, views_inspect, views_offline, views_photos, views_receive, views_refurb,
               views_vendor)

app_name = "inspection"
RMA = "<str:rma_number>"
LINE = f"returns/{RMA}/lines/<int:line_id>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("", include("inspection.urls_floor")),  # expected parcels, liquidation lots
    # the offline queue: the service worker (its scope is this prefix) and a fresh CSRF token before a replay
    path("sw.js", views_offline.service_worker, name="service_worker"),
    path("offline/session.json", views_offline.offline_session, name="offline_session"),
    # receiving
    path("receive/", views_receive.scan, name="scan"),
    path(f"receive/{RMA}/", views_receive.receive, name="receive"),
    path(f"receive/{RMA}/save/", views_receive.receive_save, name="receive_save"),
    path("parcels/new/", views_receive.unidentified, name="unidentified"),
    path("parcels/<int:pk>/", views_receive.parcel, name="parcel"),
    # inspection
    path("queue/", views_inspect.queue, name="queue"),
    path(f"returns/{RMA}/", views_inspect.return_detail, name="return"),
    path(f"returns/{RMA}/open/", views_inspect.open_inspection, name="open"),
    path(f"returns/{RMA}/take-over/", views_inspect.take_over, name="take_over"),
    path(f"returns/{RMA}/complete/", views_inspect.complete, name="complete"),
    path(LINE, views_inspect.line_detail, name="line"),
    path(LINE + "units/<int:unit>/", views_inspect.unit_save, name="unit_save"),
    path(LINE + "decide/", views_inspect.decide, name="decide"),
    path(LINE + "move/", views_inspect.move, name="move"),
    path(LINE + "photos/", views_photos.upload, name="photo_upload"),
    path(LINE + "photos.json", views_photos.photos_status, name="photos_status"),
    path("photos/<int:pk>/<str:rendition>/", views_photos.photo_file, name="photo_file"),
    # guided grading and license plates
    path("grade/", views_grading.grade_scan, name="grade_scan"),
    path(LINE + "grade/", views_grading.guided, name="guided"),
    path(LINE + "grade/answer/", views_grading.guided_answer, name="guided_answer"),
    path(LINE + "grade/photo/", views_grading.guided_photo, name="guided_photo"),
    path(LINE + "grade/decide/", views_grading.guided_decide, name="guided_decide"),
    path("lpn/<str:code>/", views_grading.plate, name="plate"),
    path("lpn/<str:code>/scan/", views_grading.plate_scan, name="plate_scan"),
    path("lpn/<str:code>/print/", views_grading.plate_print, name="plate_print"),
    path("lpn/<str:code>/label.<str:fmt>", views_grading.plate_label, name="plate_label"),
    path("refurbish/", views_refurb.queue, name="refurb_queue"),
    path("refurbish/<str:code>/", views_refurb.work_order, name="refurb"),
    path("refurbish/<str:code>/step/", views_refurb.step, name="refurb_step"),
    path("refurbish/<str:code>/finish/", views_refurb.finish, name="refurb_finish"),
    path("vendor-returns/", views_vendor.batches, name="vendor_returns"),
    path("vendor-returns/<str:number>/", views_vendor.batch, name="vendor_return"),
    path("vendor-returns/<str:number>/save/", views_vendor.batch_save, name="vendor_return_save"),
]
