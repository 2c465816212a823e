"""A generated daily return history per category, for the backtest (kept apart from the demo data).

Weekly rhythm (parcels pile up over the weekend, Monday is the peak), a yearly wave (January after
the holidays, summer sales), campaign echoes (Black Friday, a spring and a summer sale), slow growth
and Poisson noise, from a fixed seed.
"""
from datetime import date, timedelta

import numpy as np

CATEGORIES = {"apparel": 38.0, "electronics": 9.0, "home": 14.0}  # mean units a day
WEEKDAY = [1.45, 1.15, 1.0, 0.95, 0.9, 0.55, 0.35]


def campaign_dates(first_year: int, last_year: int) -> list[date]:
    dates = []
    for year in range(first_year, last_year + 1):
        november = date(year, 11, 1)
        thanksgiving = november + timedelta(days=(3 - november.weekday()) % 7 + 21)
        dates += [thanksgiving + timedelta(days=1), date(year, 3, 20), date(year, 7, 1)]
    return sorted(dates)


def history(start: date = date(2023, 1, 2), days: int = 3 * 364 + 56, seed: int = 16):
    """(dates, {category: units per day}, campaign dates)."""
    rng = np.random.default_rng(seed)
    dates = [start + timedelta(days=i) for i in range(days)]
    campaigns = campaign_dates(start.year, dates[-1].year)
    series = {}
    for category, level in CATEGORIES.items():
        values = []
        for i, d in enumerate(dates):
            doy = d.timetuple().tm_yday
            yearly = 1 + 0.25 * np.cos(2 * np.pi * (doy - 12) / 365.25) + 0.1 * np.cos(4 * np.pi * (doy - 190) / 365.25)
            echo = sum(0.6 for c in campaigns if 3 <= (d - c).days <= 24)
            growth = 1 + 0.08 * i / 365.25
            values.append(rng.poisson(level * WEEKDAY[d.weekday()] * yearly * (1 + echo) * growth))
        series[category] = np.array(values, dtype=float)
    return dates, series, campaigns
