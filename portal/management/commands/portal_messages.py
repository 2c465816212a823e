"""Collect the portal's and the customer e-mails' strings into locale/<lang>/LC_MESSAGES/django.po
(translations already there are kept) and compile the .mo files that ship with the code.

Staff screens are left out (English only). tests/portal/test_translations.py fails while a string
has no translation in one of the languages.
"""
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Everything that is not the portal, its e-mails or what they show.
_STATIC_IGNORES = [
    ".venv/*", "tests/*", "bench/*", "api/*", "inspection/*", "support/*", "intelligence/*", "odoo_testserver/*",
    "integrations/*", "returnflow/*", "staticfiles/*", "media*", "test-artifacts/*", "templates/support/*",
    "templates/inspection/*", "templates/registration/*", "templates/home.html", "templates/request_too_large.html",
]
# From returns/ and refunds/ only the modules whose words reach customers (states, reasons, disputes, refund
# lines); everything else there (and all of exchanges/: its customer e-mail is the portal's) is
# staff-facing, and a colleague's new staff string must not need translating.
CUSTOMER_VISIBLE = {"returns/choices.py", "returns/models/dispute.py", "returns/services/disputes.py",
                    "refunds/models.py", "refunds/services.py", "refunds/bookkeeping.py"}


def _ignore_patterns() -> list[str]:
    root = Path(settings.BASE_DIR)
    staff_only = sorted(str(path.relative_to(root)) for folder in ("returns", "refunds", "exchanges")
                        for path in (root / folder).rglob("*.py")
                        if str(path.relative_to(root)) not in CUSTOMER_VISIBLE)
    return _STATIC_IGNORES + staff_only


IGNORE_PATTERNS = _ignore_patterns()
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def compile_catalogue(po: Path, mo: Path) -> None:
    """msgfmt --check also refuses a translation whose %(name)s placeholders differ from the original."""
    if shutil.which("msgfmt") is None:
        raise CommandError("msgfmt is missing: install gettext (scripts/ensure-services.sh does).")
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


class Command(BaseCommand):
    help = "Update the portal's .po files from the code and templates, then compile them."

    def add_arguments(self, parser):
        parser.add_argument("--compile-only", action="store_true", help="only compile the .po files")

    def handle(self, *args, compile_only=False, **options):
        if not compile_only:
            call_command("makemessages", locale=TRANSLATED, ignore_patterns=IGNORE_PATTERNS, no_wrap=True,
                         no_obsolete=True, verbosity=options["verbosity"])
        for language in TRANSLATED:
            folder = locale_dir() / language / "LC_MESSAGES"
            compile_catalogue(folder / "django.po", folder / "django.mo")
        self.stdout.write(f"Compiled {', '.join(TRANSLATED)}.")
