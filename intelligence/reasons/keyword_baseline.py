"""The simple baseline the classifier is measured against: count keyword stems per reason, take the most.

The stems are what an agent would list in five minutes per language, written without looking at
the corpus's phrase banks. No match at all answers the most common reason, `changed_mind`.
"""
import unicodedata

from .codes import REASON_CODES

FALLBACK = "changed_mind"

KEYWORDS = {
    "changed_mind": ["changed my mind", "don't like", "dont like", "not my style", "regret", "anders überlegt",
                     "gefällt", "geschmack", "changé d'avis", "plaît", "goût", "cambiado de opinión", "no me gusta",
                     "gusto", "bedacht", "bevalt", "smaak", "style", "stil", "estilo", "stijl"],
    "no_longer_needed": ["don't need", "no longer", "not needed", "brauche", "nicht mehr", "benötigt",
                         "plus besoin", "plus utile", "ya no necesito", "no es necesario", "niet meer nodig",
                         "nodig"],
    "too_small": ["too small", "tight", "small", "zu klein", "eng", "klein", "trop petit", "serré", "petit",
                  "pequeñ", "estrecho", "aprieta", "te klein", "krap", "strak"],
    "too_large": ["too big", "too large", "loose", "big", "large", "zu groß", "groß", "weit", "trop grand", "ample",
                  "grande", "suelto", "holgado", "te groot", "groot", "los"],
    "not_as_described": ["not as described", "description", "pictures", "photo", "advertised", "beschreibung",
                         "beschrieben", "bilder", "description", "annonce", "photos", "descripción", "fotos",
                         "anunciado", "beschrijving", "beschreven", "foto"],
    "defective": ["defective", "broken", "not working", "doesn't work", "faulty", "defekt", "kaputt", "funktioniert",
                  "défectueux", "marche", "cassé", "defectuoso", "funciona", "roto", "defect", "kapot", "werkt"],
    "wrong_item": ["wrong", "not what i ordered", "different product", "falsch", "nicht bestellt", "mauvais",
                   "pas ce que j'ai commandé", "equivocado", "no es lo que pedí", "verkeerd", "niet besteld"],
    "damaged_in_transit": ["damaged", "arrived broken", "crushed", "shipping", "beschädigt", "transport",
                           "paket", "abîmé", "colis", "livraison", "dañado", "envío", "paquete", "beschadigd",
                           "pakket", "bezorg"],
}


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


_FOLDED = {reason: [_fold(k) for k in words] for reason, words in KEYWORDS.items()}


def predict_one(text: str) -> str:
    folded = _fold(text)
    scores = {reason: sum(folded.count(k) for k in _FOLDED[reason]) for reason in REASON_CODES}
    best = max(scores.values())
    if best == 0:
        return FALLBACK
    return next(reason for reason in REASON_CODES if scores[reason] == best)  # ties: the earlier code


def predict(texts) -> list[str]:
    return [predict_one(t) for t in texts]
