from .audit import AuditRecordImmutable, ReturnEvent, RmaCounter
from .catalog import Product, ProductCategory
from .orders import Customer, SalesOrder, SalesOrderLine
from .policies import ReasonCode, ReturnPolicy, ShippingRefund
from .request import ReturnLine, ReturnRequest

__all__ = [
    "AuditRecordImmutable", "Customer", "Product", "ProductCategory", "ReasonCode", "ReturnEvent",
    "ReturnLine", "ReturnPolicy", "ReturnRequest", "RmaCounter", "SalesOrder", "SalesOrderLine",
    "ShippingRefund",
]
