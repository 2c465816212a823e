"""Carriers the portal knows, and where each one lets the customer follow a parcel.

The customer types the carrier's name freely (the form offers these names), so a name is matched
loosely: case, spaces, dots and dashes do not matter, and a few common spellings are aliases.
An unknown carrier gets no link: the tracking number is then shown as plain text.
"""
import re
from urllib.parse import quote

# name offered in the form → URL pattern; {number} is replaced by the URL-encoded tracking number.
TRACKING_URLS = {
    "DHL": "https://www.dhl.com/global-en/home/tracking/tracking-parcel.html?tracking-id={number}",
    "DPD": "https://tracking.dpd.de/status/en_US/parcel/{number}",
    "UPS": "https://www.ups.com/track?tracknum={number}",
    "PostNL": "https://jouw.postnl.nl/track-and-trace/{number}",
    "GLS": "https://gls-group.com/track/{number}",
    "Royal Mail": "https://www.royalmail.com/track-your-item#/tracking-results/{number}",
    "Evri": "https://www.evri.com/track/parcel/{number}",
    "Colissimo": "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    "Correos": "https://www.correos.es/es/en/tools/tracker/items/details?tracking-number={number}",
    "FedEx": "https://www.fedex.com/fedextrack/?trknbr={number}",
}

# Other names customers use for the same carriers (keys already normalised, see _key).
ALIASES = {
    "dhlparcel": "DHL", "dhlexpress": "DHL", "deutschepost": "DHL",
    "dpdgroup": "DPD",
    "glsgroup": "GLS",
    "royalmailgroup": "Royal Mail",
    "hermes": "Evri", "hermesevri": "Evri", "evrihermes": "Evri",
    "laposte": "Colissimo", "lapostecolissimo": "Colissimo", "colissimolaposte": "Colissimo",
    "correosexpress": "Correos",
    "federalexpress": "FedEx",
}

CARRIER_NAMES = list(TRACKING_URLS)


def _key(name: str) -> str:
    return re.sub(r"[\s.\-_/&]+", "", (name or "").casefold())


_BY_KEY = {_key(name): name for name in TRACKING_URLS} | ALIASES


def known_carrier(name: str) -> str | None:
    """The carrier's name as the table spells it, or None when the portal does not know it."""
    return _BY_KEY.get(_key(name))


def tracking_url(carrier: str, tracking_number: str) -> str | None:
    """The carrier's tracking page for this parcel, or None (unknown carrier or no number)."""
    name = known_carrier(carrier)
    number = (tracking_number or "").strip()
    if name is None or not number:
        return None
    # safe="" so a "/" or "#" in a typed number cannot change the URL's path or fragment.
    return TRACKING_URLS[name].format(number=quote(number, safe=""))
