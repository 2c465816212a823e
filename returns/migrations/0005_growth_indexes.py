"""Indexes that keep pages and lists flat as history grows (issue 11: 10 000 to 1 000 000 returns).

Plain SQL, not model Meta indexes, because most are on expressions that Django's lookups produce:
`icontains` compares UPPER(column::text) with LIKE, so a trigram GIN index on that expression serves
the support search; `iexact` compares UPPER(column::text) with =, so a b-tree on it serves the
portal's order lookup. Built CONCURRENTLY (a non-atomic migration) so that a big production table
keeps taking writes meanwhile. The outbox's indexes are here too, so that this migration does not
depend on integrations migrations still being written.
"""
from django.db import migrations

INDEXES = [
    # Support search (support.worklists.return_search): RMA, order number, customer name and e-mail.
    ("returns_rr_rma_trgm", "returns_returnrequest USING gin (UPPER(rma_number::text) gin_trgm_ops)"),
    ("returns_so_number_trgm", "returns_salesorder USING gin (UPPER(number::text) gin_trgm_ops)"),
    ("returns_cu_name_trgm", "returns_customer USING gin (UPPER(name::text) gin_trgm_ops)"),
    ("returns_cu_email_trgm", "returns_customer USING gin (UPPER(email::text) gin_trgm_ops)"),
    # Portal order lookup (returns.orders.order_lookup, number__iexact).
    ("returns_so_number_upper", "returns_salesorder (UPPER(number::text))"),
    # Audit lookups: when a return entered its state (queues), the refund approvals of a period (dashboard).
    ("returns_event_return_state_idx", "returns_returnevent (return_request_id, to_state, created_at)"),
    ("returns_event_state_time_idx", "returns_returnevent (to_state, created_at)"),
    # Dashboard figures from the return's own dates, per period (support.metrics).
    ("returns_rr_authorized_idx", "returns_returnrequest (authorized_at)"),
    ("returns_rr_received_idx", "returns_returnrequest (received_at)"),
    ("returns_rr_inspected_idx", "returns_returnrequest (inspected_at)"),
    ("returns_rr_refunded_idx", "returns_returnrequest (refunded_at)"),
    # API list by state, newest first, paged by (created_at, id).
    ("returns_rr_state_created_idx", "returns_returnrequest (state, created_at DESC, id DESC)"),
    ("returns_rr_created_id_idx", "returns_returnrequest (created_at DESC, id DESC)"),
    # The outbox page (newest first) and the sweep (due postings by state).
    ("integrations_posting_created_idx", "integrations_odooposting (created_at, id)"),
    ("integrations_posting_state_due_idx", "integrations_odooposting (state, next_attempt_at)"),
]


def _on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return  # SQLite (`make run`): small demo data, Django's own indexes are enough
        with schema_editor.connection.cursor() as cursor:
            for statement in statements():
                cursor.execute(statement)

    return run


def _forwards():
    # A trusted extension since PostgreSQL 13: the database owner may create it.
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    for index, target in INDEXES:
        yield f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {target}"


def _backwards():
    for index, _target in INDEXES:
        yield f"DROP INDEX CONCURRENTLY IF EXISTS {index}"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("returns", "0004_merge_dispute_truncate_guard"),
        ("integrations", "0002_refund_payment_and_evidence_kinds"),
    ]

    operations = [migrations.RunPython(_on_postgresql(_forwards), _on_postgresql(_backwards), elidable=False)]
