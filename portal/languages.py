"""Which language a customer's e-mails are written in.

The portal records the language a return was asked in (ReturnLanguage) and the one a customer last
used (CustomerLanguage); an e-mail uses the return's, then the customer's, then the site default.
"""
from django.conf import settings
from django.utils import translation

from .models import CustomerLanguage, ReturnLanguage

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def current_language() -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in SUPPORTED else settings.LANGUAGE_CODE


def remember_for_return(ret, language=None) -> None:
    language = language or current_language()
    ReturnLanguage.objects.update_or_create(return_request=ret, defaults={"language": language})
    remember_for_customer(ret.customer, language)


def remember_for_customer(customer, language=None) -> None:
    CustomerLanguage.objects.update_or_create(customer=customer, defaults={"language": language or current_language()})


def _supported(language) -> str | None:
    return language if language in SUPPORTED else None


def language_for_customer(customer) -> str:
    row = CustomerLanguage.objects.filter(customer=customer).first()
    return _supported(row and row.language) or settings.LANGUAGE_CODE


def language_for_return(ret) -> str:
    row = ReturnLanguage.objects.filter(return_request=ret).first()
    return _supported(row and row.language) or language_for_customer(ret.customer)
