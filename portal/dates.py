"""Dates as each language writes them in a sentence: 5 January 2027, 5. Januar 2027, 5 janvier 2027,
5 de enero de 2027, 5 januari 2027 (month names come from Django's own translations)."""
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

LONG_DATE = {"en": "j F Y", "de": "j. F Y", "fr": "j F Y", "es": r"j \d\e F \d\e Y", "nl": "j F Y"}


def long_date(value) -> str:
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    language = (get_language() or "en").split("-")[0]
    return date_format(value, LONG_DATE.get(language, "j F Y"))
