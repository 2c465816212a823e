"""Pages of the customer return portal, one module per step."""
from .disputes import open_dispute
from .documents import label_pdf, label_qr
from .items import order_items
from .links import status_link
from .lookup import forget, home
from .returns import cancel, confirmation, mark_shipped, status
from .review import review
from .signin import mine, sign_in, sign_in_link, sign_out
from .assets import brand_css, brand_logo, product_image

__all__ = ["brand_css", "brand_logo", "mine", "product_image", "sign_in", "sign_in_link", "sign_out",
           "cancel", "confirmation", "forget", "home", "label_pdf", "label_qr", "mark_shipped", "open_dispute", "order_items",
           "review", "status", "status_link"]
