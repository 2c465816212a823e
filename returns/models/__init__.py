from .audit import AuditRecordImmutable, ReturnEvent, RmaCounter
from .carrier_claim import CarrierClaim, CarrierClaimKind, CarrierClaimOutcome, CarrierClaimState
from .catalog import Product, ProductCategory
from .dispute import Dispute, DisputeKind, DisputeState
from .orders import Customer, SalesOrder, SalesOrderLine
from .policies import ReasonCode, ReturnPolicy, ShippingRefund
from .request import ReturnLine, ReturnRequest
from .warehouse import Warehouse

__all__ = [
    "AuditRecordImmutable", "CarrierClaim", "CarrierClaimKind", "CarrierClaimOutcome", "CarrierClaimState",
    "Customer", "Dispute", "DisputeKind", "DisputeState", "Product", "ProductCategory",
    "ReasonCode", "ReturnEvent",
    "ReturnLine", "ReturnPolicy", "ReturnRequest", "RmaCounter", "SalesOrder", "SalesOrderLine",
    "ShippingRefund", "Warehouse",
]
