"""The demo catalogue: what a mid-market retailer of clothes, gadgets and home goods sells."""

CATEGORIES = [("apparel", "Apparel"), ("electronics", "Electronics"), ("home", "Home goods")]

# sku, name, category, unit price (excl. tax), serialized, final sale
PRODUCTS = [
    ("AP-TEE-ORG-M", "Organic cotton T-shirt, M", "apparel", "19.00", False, False),
    ("AP-TEE-ORG-L", "Organic cotton T-shirt, L", "apparel", "19.00", False, False),
    ("AP-JEAN-SLIM-32", "Slim jeans, W32", "apparel", "59.00", False, False),
    ("AP-JEAN-SLIM-34", "Slim jeans, W34", "apparel", "59.00", False, False),
    ("AP-HOOD-GRY-M", "Grey hoodie, M", "apparel", "45.00", False, False),
    ("AP-RAIN-JKT-M", "Rain jacket, M", "apparel", "129.00", False, False),
    ("AP-SNKR-42", "Canvas sneakers, 42", "apparel", "69.00", False, False),
    ("AP-SNKR-43", "Canvas sneakers, 43", "apparel", "69.00", False, False),
    ("AP-SOCK-3PK", "Wool socks, 3 pack", "apparel", "15.00", False, False),
    ("AP-SWIM-F-38", "Swimsuit, 38", "apparel", "39.00", False, True),
    ("AP-BRIEF-3PK", "Cotton briefs, 3 pack", "apparel", "25.00", False, True),
    ("AP-SCARF-WOOL", "Merino scarf", "apparel", "35.00", False, False),
    ("EL-HDP-NC700", "Noise-cancelling headphones NC700", "electronics", "249.00", True, False),
    ("EL-EAR-BUDS2", "Wireless earbuds 2", "electronics", "129.00", True, False),
    ("EL-PHN-X12-128", "Smartphone X12, 128 GB", "electronics", "699.00", True, False),
    ("EL-TAB-T10", "Tablet T10", "electronics", "399.00", True, False),
    ("EL-WATCH-S3", "Smartwatch S3", "electronics", "299.00", True, False),
    ("EL-SPK-MINI", "Bluetooth speaker mini", "electronics", "59.00", True, False),
    ("EL-CAM-ACT4", "Action camera 4K", "electronics", "349.00", True, False),
    ("EL-KB-MECH", "Mechanical keyboard", "electronics", "119.00", True, False),
    ("EL-CHRG-65W", "USB-C charger 65 W", "electronics", "39.00", False, False),
    ("EL-CBL-USBC-2M", "USB-C cable 2 m", "electronics", "12.00", False, False),
    ("EL-SW-GAMEKEY", "Game download key", "electronics", "59.00", False, True),
    ("HM-DUVET-220", "Duvet cover 220×240", "home", "79.00", False, False),
    ("HM-TOWEL-SET", "Bath towel set", "home", "49.00", False, False),
    ("HM-LAMP-DESK", "LED desk lamp", "home", "65.00", False, False),
    ("HM-PAN-28", "Non-stick pan 28 cm", "home", "42.00", False, False),
    ("HM-KNIFE-CHEF", "Chef's knife 20 cm", "home", "89.00", False, False),
    ("HM-MUG-SET4", "Stoneware mugs, set of 4", "home", "32.00", False, False),
    ("HM-PILLOW-MEM", "Memory foam pillow", "home", "55.00", False, True),
    ("HM-RUG-160", "Wool rug 160×230", "home", "229.00", False, False),
    ("HM-VASE-GLASS", "Glass vase", "home", "29.00", False, False),
]

REASONS = [
    # code, label, retailer's fault, photo required
    ("changed_mind", "Changed my mind", False, False),
    ("no_longer_needed", "No longer needed", False, False),
    ("too_small", "Too small", False, False),
    ("too_large", "Too large", False, False),
    ("not_as_described", "Not as described", True, False),
    ("defective", "Defective / does not work", True, True),
    ("wrong_item", "Wrong item sent", True, False),
    ("damaged_in_transit", "Damaged in transit", True, True),
]

CUSTOMERS = [
    # username, name, email, postcode
    ("alice", "Alice Martin", "alice@example.com", "1012 AB"),
    ("bruno", "Bruno Keller", "bruno@example.com", "80331"),
    ("chloe", "Chloé Dubois", "chloe@example.com", "75011"),
    ("dev", "Dev Patel", "dev@example.com", "E1 6AN"),
    ("emma", "Emma Jansen", "emma@example.com", "3511 LN"),
]
