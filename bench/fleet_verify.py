"""After a fleet run, from the run's own database and bucket: every posting's reference and state, the photos'
rendition status, the bucket's object names, and one photo served the way staff get it (the role check, then a
redirect to a short-lived signed URL that the S3 server answers). Prints one JSON line; bench/fleet.py reads it.
"""
import json
import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from inspection.models import Photo  # noqa: E402
from integrations.models import OdooPosting  # noqa: E402


def served_photo() -> dict:
    photo = Photo.objects.filter(status="ready").first()
    if photo is None:
        return {"ok": False, "why": "no photo with renditions"}
    staff, customer = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    staff.force_login(get_user_model().objects.get(username="fleet-support"))
    customer.force_login(get_user_model().objects.get(username="fleet-customer"))
    answer = staff.get(f"/inspect/photos/{photo.pk}/large/")
    location = answer.get("Location", "")
    refused = customer.get(f"/inspect/photos/{photo.pk}/large/")
    with urllib.request.urlopen(location, timeout=10) as response:
        body = response.read()
    return {"ok": answer.status_code == 302 and "X-Amz-Signature=" in location and body[:2] == b"\xff\xd8"
            and "X-Amz" not in refused.get("Location", ""), "status": answer.status_code,
            "customer_status": refused.status_code}


def main():
    client = default_storage.connection.meta.client
    listed = client.list_objects_v2(Bucket=default_storage.bucket_name)
    print(json.dumps({
        "postings": list(OdooPosting.objects.values_list("reference", "state")),
        "photos": dict(Photo.objects.order_by().values_list("status").annotate(n=Count("id"))),
        "objects": sorted(item["Key"] for item in listed.get("Contents", [])),
        "served_photo": served_photo(),
    }))


if __name__ == "__main__":
    main()
