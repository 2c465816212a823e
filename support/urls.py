from django.urls import path

from .views import (bulk, carrier_claims, dashboard, decisions, detail, disputes, evidence, imports, intake, queues,
                    replies, saved_views, work)

app_name = "support"
urlpatterns = [
    path("", queues.home, name="home"),
    path("queues/<slug:slug>/", queues.queue, name="queue"),
    path("search/", queues.search, name="search"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("returns/<str:rma>/", detail.detail, name="detail"),
    path("returns/<str:rma>/decide/<str:action>/", decisions.decide, name="decide"),
    path("returns/<str:rma>/lines/<int:line_id>/hold/<str:decision>/", decisions.hold_decide, name="hold"),
    path("returns/<str:rma>/notes/", decisions.add_note, name="note"),
    path("returns/<str:rma>/refund-method/", decisions.change_refund_method, name="refund-method"),
    path("returns/<str:rma>/recalculate/", decisions.recalculate, name="recalculate"),
    path("returns/<str:rma>/evidence.pdf", evidence.evidence_pdf, name="evidence-pdf"),
    path("returns/<str:rma>/evidence.zip", evidence.evidence_zip, name="evidence-zip"),
    path("photos/<int:pk>/<str:size>/", evidence.photo, name="photo"),
    path("postings/<int:posting_id>/retry/", decisions.posting_retry, name="posting-retry"),
    path("mismatches/<int:pk>/resolve/", decisions.discrepancy_resolve, name="discrepancy-resolve"),
    path("parcels/<int:pk>/", detail.parcel, name="parcel"),
    path("parcels/<int:pk>/resolve/", decisions.parcel_resolve, name="parcel-resolve"),
    path("disputes/<int:pk>/", disputes.dispute_detail, name="dispute"),
    path("disputes/<int:pk>/resolve/", disputes.dispute_resolve_view, name="dispute-resolve"),
    path("returns/<str:rma>/carrier-claims/", carrier_claims.open_claim, name="carrier-claim-open"),
    path("carrier-claims/<int:pk>/resolve/", carrier_claims.resolve_claim, name="carrier-claim-resolve"),
    # Working a queue (issue 15): assignment, the work lock, bulk actions, saved views, replies.
    path("mine/", work.mine, name="mine"),
    path("new-return/", intake.new_return, name="new-return"),
    path("imports/marketplace/", imports.marketplace_import, name="marketplace-import"),
    path("returns/<str:rma>/assign/", work.assign, name="assign"),
    path("returns/<str:rma>/take-over/", work.take_over, name="take-over"),
    path("returns/<str:rma>/reply/", replies.reply, name="reply"),
    path("bulk/", bulk.bulk_action, name="bulk"),
    path("views/", saved_views.save_view, name="view-save"),
    path("views/<int:pk>/delete/", saved_views.delete_view, name="view-delete"),
]
