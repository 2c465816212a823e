"""How long an item has waited in a support queue, and the colour that says whether that is late.

The thresholds are settings.RETURNFLOW["SLA_WARN_HOURS"] / ["SLA_BREACH_HOURS"]: below the first the
item is on time (green), from the first it needs attention (amber), from the second it is late (red).
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

OK, WARN, BREACH = "ok", "warn", "breach"
LABELS = {OK: _("On time"), WARN: _("Needs attention"), BREACH: _("Late")}


def thresholds() -> tuple[timedelta, timedelta]:
    cfg = settings.RETURNFLOW
    return timedelta(hours=cfg["SLA_WARN_HOURS"]), timedelta(hours=cfg["SLA_BREACH_HOURS"])


def band(since: datetime | None, now: datetime | None = None) -> str:
    if since is None:
        return OK
    warn, breach = thresholds()
    age = (now or timezone.now()) - since
    return BREACH if age >= breach else WARN if age >= warn else OK


@dataclass(frozen=True)
class Age:
    since: datetime | None
    band: str

    @property
    def label(self):
        return LABELS[self.band]

    @property
    def hours(self) -> float:
        if self.since is None:
            return 0.0
        return (timezone.now() - self.since).total_seconds() / 3600

    @property
    def short(self) -> str:
        """'35 min', '7 h', '3 d 4 h': compact enough for a table column."""
        hours = self.hours
        if hours < 1:
            return _("%(n)d min") % {"n": int(hours * 60)}
        if hours < 48:
            return _("%(n)d h") % {"n": int(hours)}
        return _("%(d)d d %(h)d h") % {"d": int(hours // 24), "h": int(hours % 24)}


def age(since: datetime | None) -> Age:
    return Age(since, band(since))
