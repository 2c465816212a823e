"""The report's sections. `build(out_dir, quick=False)`: quick uses small data (the tests), the default the full
shipped corpus and histories. Every number comes from the shipped data or a fixed seed."""
import random
import statistics
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from .. import conf
from ..abuse import patterns, synthetic as abuse_history
from ..forecast import model as forecast_model, plan, quality, synthetic as volume_history
from ..photos import calibration
from ..reasons import corpus_generator, evaluation, keyword_baseline
from ..reasons.codes import LANGUAGES, REASON_CODES
from ..reasons.model import top_features
from . import figures


def _table(headers, rows) -> list[str]:
    return ["| " + " | ".join(map(str, headers)) + " |", "|" + "---|" * len(headers),
            *("| " + " | ".join(map(str, r)) + " |" for r in rows), ""]


def reasons_section(out: Path, quick: bool) -> list[str]:
    rows = corpus_generator.generate(per_reason=4, seed=3) if quick else corpus_generator.load()
    lines = ["## 1. Reason from the customer's words", "",
             f"Corpus: {len(rows)} messages ({len(rows) // len(LANGUAGES)} per language, 8 reasons), written by "
             "`intelligence/reasons/corpus_generator.py` from hand-written phrase banks with typos, mixed reasons "
             "and polite noise. Model: TF-IDF of character 2–5-grams and words + logistic regression. Baseline: "
             "keyword stems per reason (`keyword_baseline.py`), written without looking at the phrase banks.", ""]
    results = {}
    for scheme, what in [("random", "a random quarter of the messages (new messages, known phrasings)"),
                         ("unseen_claim", "three of each reason's ten phrasings per language never trained on "
                                          "(new phrasings: the honest test of generalisation)")]:
        result = evaluation.evaluate(rows, scheme, max_features=1000 if quick else 30000)
        results[scheme] = result
        lines += [f"### Held out: {what}", "",
                  f"Trained on {result.train_size}, tested on {result.test_size}.", ""]
        lines += _table(["language", "model macro-F1", "keyword baseline macro-F1"],
                        [[lang, f"{result.model_f1.get(lang, float('nan')):.3f}",
                          f"{result.baseline_f1.get(lang, float('nan')):.3f}"] for lang in [*LANGUAGES, "all"]])
    main = results["random"]
    keys = [*LANGUAGES, "all"]
    figures.grouped_bars(keys, {
        "model (random)": [main.model_f1.get(k, 0) for k in keys],
        "model (unseen phrasings)": [results["unseen_claim"].model_f1.get(k, 0) for k in keys],
        "keyword baseline": [main.baseline_f1.get(k, 0) for k in keys]},
        "Macro-F1 per language", "macro-F1", out / "reason_f1.png")
    figures.confusion(main.model_confusion, REASON_CODES, "Model, random hold-out", out / "reason_confusion.png")
    figures.confusion(main.baseline_confusion, REASON_CODES, "Keyword baseline", out / "baseline_confusion.png")
    short = [c.split("_")[0][:6] for c in REASON_CODES]
    lines += ["![Macro-F1 per language](report_figures/reason_f1.png)", "",
              "### Confusion matrix, random hold-out (rows: true reason, columns: read as)", "", "Model:", ""]
    lines += _table(["true \\ read", *short],
                    [[c, *row] for c, row in zip(REASON_CODES, main.model_confusion, strict=True)])
    lines += ["Keyword baseline:", ""]
    lines += _table(["true \\ read", *short],
                    [[c, *row] for c, row in zip(REASON_CODES, main.baseline_confusion, strict=True)])
    lines += ["![Confusion, model](report_figures/reason_confusion.png) "
              "![Confusion, baseline](report_figures/baseline_confusion.png)", "",
              "What the model reads as each reason (largest coefficients; `top_features`):", ""]
    lines += _table(["reason", "n-grams"], [[c, ", ".join(f"`{f.strip()}`" for f in top_features(main.model, c, 6))]
                                            for c in REASON_CODES])
    lines += [f"The shipped model (`reasons/data/reason_model.joblib`) is trained on all {len(rows)} messages. "
              "The support console shows a reading only at confidence ≥ 0.45, the portal suggests another reason at "
              "≥ 0.6. The corpus is generated, so these figures say how well the model learns the phrase banks and "
              "generalises to unseen phrasings; real customer messages will score lower until labelled ones are "
              "added to the corpus.", ""]
    return lines


def abuse_section(out: Path, quick: bool) -> list[str]:
    customers, truth = abuse_history.generate(honest=60 if quick else 500)
    t = patterns.Thresholds(photo_distance=int(conf.get("PHOTO_MATCH_DISTANCE")))
    scores = abuse_history.precision_recall(patterns.detect(customers, t), truth)
    lines = ["## 2. Abuse and anomaly flags", "",
             f"Generated history (`abuse/synthetic.py`, in memory, never in the database): {len(customers)} customers, "
             "honest ones with honest noise (a warehouse mistake, a mistyped serial, a quick worn return, households "
             "of 2–3 accounts at one address, small customers with a high rate by chance) and planted abusers. "
             "Measured per customer.", ""]
    lines += _table(["pattern", "rule", "planted", "flagged", "precision", "recall"],
                    [[p, patterns.PATTERNS[p], s["planted"], s["flagged"], f"{s['precision']:.2f}",
                      f"{s['recall']:.2f}"] for p, s in scores.items()])
    lines += ["Thresholds (`abuse/patterns.py`, `Thresholds`): robust z-score ≥ "
              f"{t.robust_z} of the return rate shrunk towards the peers' median by {patterns.PRIOR_UNITS} units, with "
              f"≥ {t.min_delivered} units delivered and ≥ {t.min_returns} returns; wardrobing ≥ "
              f"{t.wardrobe_min_returns} returns of grade C/D within {t.wardrobe_days:.0f} days and at least half of "
              f"the inspected ones; ≥ {t.parcel_min_returns} empty or wrong parcels; pHash distance ≤ "
              f"{t.photo_distance}; ≥ {t.address_accounts} accounts with returns at one address. The return-rate "
              "flag's false positives are mostly other planted abusers (wardrobers return a lot too). Flags that "
              f"send a new return to review: {', '.join(conf.get('REVIEW_PATTERNS'))} (a shared address alone only "
              "informs). Nothing is ever rejected on a flag.", ""]
    return lines


def forecast_section(out: Path, quick: bool) -> list[str]:
    days, series, campaigns = volume_history.history(days=420 + 56 if quick else 3 * 364 + 56)
    origins = 1 if quick else 6
    lines = ["## 3. Volume forecast and the shift plan", "",
             f"Generated daily history (`forecast/synthetic.py`): {len(days)} days from {days[0]} per category, "
             "weekly rhythm, yearly wave, campaign echoes, growth, Poisson noise. Model: OLS on log(1 + units) with "
             "weekday, 3 yearly Fourier pairs and a campaign-echo regressor (statsmodels). Rolling-origin backtest: "
             f"{origins} origins 28 days apart, 8-week horizon, against seasonal-naive (last week repeated).", ""]
    rows = []
    for category, units in list(series.items())[: 1 if quick else None]:
        b = forecast_model.backtest(days, units, campaigns, origins=origins, min_train=300 if quick else 365)
        rows.append([category, f"{b.model_mase:.2f}", f"{b.naive_mase:.2f}", f"{b.model_mape:.1f}%",
                     f"{b.naive_mape:.1f}%", f"{b.coverage:.0%}"])
    lines += _table(["category", "MASE model", "MASE seasonal-naive", "weekly MAPE model",
                     "weekly MAPE seasonal-naive", "80% interval coverage"], rows)
    cut = len(days) - forecast_model.HORIZON_DAYS
    units = series["apparel"]
    f = forecast_model.fit_predict(days[:cut], units[:cut], campaigns=campaigns)
    figures.forecast(days[cut - 112:cut], units[cut - 112:cut], f.days, f.mean, f.lower, f.upper, units[cut:],
                     "Apparel: last 16 weeks, then the 8-week forecast vs the held-out actuals", out / "forecast.png")
    minutes = {"apparel": 5.0, "electronics": 12.0, "home": 7.0}
    shift = conf.get("PRODUCTIVE_MINUTES_PER_SHIFT")
    day_plans, _f = plan.shift_plan(series=(days, {("WH", c): v for c, v in series.items()}), minutes_per_unit=minutes)
    lines += ["MASE is the mean absolute daily error over the in-sample mean absolute weekly difference (below 1: "
              "better than a naive weekly repeat); MAPE is on weekly totals (daily counts can be 0).", "",
              "![Forecast](report_figures/forecast.png)", "",
              f"Shift plan for the 8 weeks after the history, with handling minutes {minutes} per unit (the app "
              "measures them from start-to-complete inspection timestamps, else `HANDLING_MINUTES`) and "
              f"{shift:g} productive minutes per shift. First two weeks:", ""]
    lines += _table(plan.CSV_HEADERS, plan.plan_rows(day_plans)[:14])
    lines += quality_lines(quick)
    return lines


def quality_lines(quick: bool) -> list[str]:
    """Plant a defect rise on a few SKUs among many and count which alert."""
    rng = random.Random(16)
    now = datetime(2026, 6, 1)
    skus, planted = 20 if quick else 120, set()
    deliveries, defects = [], []
    for i in range(skus):
        sku, category = f"SKU{i:03d}", f"cat{i % 4}"
        base = rng.uniform(0.01, 0.05)
        rise = i % 20 == 7
        if rise:
            planted.add(sku)
        for d in range(0, 208):
            when, units = now - timedelta(days=d), rng.randint(2, 10)
            deliveries.append((sku, category, when, units))
            rate = base * (3.5 if rise and d < 28 else 1)
            bad = sum(rng.random() < rate for _ in range(units))
            if bad:
                defects.append((sku, category, when, bad, f"RMA-{i}-{d}"))
    alerts = {a.sku for a in quality.alerts_from_rows(deliveries, defects, now)}
    hits = len(alerts & planted)
    return ["### Product quality alerts", "",
            f"Generated deliveries of {skus} SKUs over 208 days; {len(planted)} SKUs have their defect rate raised "
            "3.5× in the last 28 days. Alert rule: recent rate ≥ 2× the larger of the SKU's own 180-day baseline and "
            "its category's (without the SKU), ≥ 3 defect units, one-sided binomial p < 0.01.", "",
            f"Alerts: {len(alerts)}; planted rises found: {hits} of {len(planted)} "
            f"(precision {hits / len(alerts) if alerts else float('nan'):.2f}, recall {hits / len(planted):.2f}).", ""]


def photo_section(out: Path, quick: bool) -> list[str]:
    s = calibration.measure_separation(n=2 if quick else 40)
    sharp, bright, dist = (conf.get("PHOTO_MIN_SHARPNESS"), conf.get("PHOTO_MIN_BRIGHTNESS"),
                           conf.get("PHOTO_MATCH_DISTANCE"))
    figures.histograms(s.good_sharpness, s.blurred_sharpness, sharp, "Sharpness (variance of the Laplacian)",
                       "sharpness", out / "photo_sharpness.png", log=True)
    figures.histograms(s.good_brightness, s.dark_brightness, bright, "Brightness (mean grey)", "brightness",
                       out / "photo_brightness.png")
    figures.histograms(s.different_distance, s.same_distance, dist + 0.5, "pHash distance: different pictures vs "
                       "re-encoded copies", "Hamming distance (of 64)", out / "photo_phash.png")

    def span(values):
        return f"{min(values):g} / {statistics.median(values):g} / {max(values):g}"

    lines = ["## 4. Photo checks", "", calibration.__doc__.split("\n\n")[0].replace("\n", " ").rstrip(".") + ".", ""]
    lines += _table(["check", "threshold (setting)", "good: min / median / max", "bad: min / median / max",
                     "right at the threshold"], [
        ["blur → retake", f"sharpness < {sharp:g} (`PHOTO_MIN_SHARPNESS`)", span(s.good_sharpness),
         span(s.blurred_sharpness), f"{s.accuracy(s.good_sharpness, s.blurred_sharpness, sharp):.0%}"],
        ["dark → retake", f"brightness < {bright:g} (`PHOTO_MIN_BRIGHTNESS`)", span(s.good_brightness),
         span(s.dark_brightness), f"{s.accuracy(s.good_brightness, s.dark_brightness, bright):.0%}"],
        ["same picture → flag", f"pHash distance ≤ {dist} (`PHOTO_MATCH_DISTANCE`)",
         "different: " + span(s.different_distance), "re-encoded copy: " + span(s.same_distance),
         f"{s.accuracy(s.different_distance, s.same_distance, dist + 0.5):.0%}"]])
    lines += ["![Sharpness](report_figures/photo_sharpness.png) ![Brightness](report_figures/photo_brightness.png) "
              "![pHash](report_figures/photo_phash.png)", "",
              "An EXIF date (DateTimeOriginal, else DateTime) before the order's delivery date is flagged for support. "
              "**Damage recognition is left out**: it needs a trained image model, and nothing may be downloaded here.",
              ""]
    return lines


def build(out_dir: Path, quick: bool = False) -> Path:
    figures_dir = out_dir / "report_figures"
    np.random.seed(16)
    parts = ["# Return intelligence: figures", "",
             f"Written by `make intelligence-report` (`python manage.py intelligence_report`) on {date.today()}. "
             "Every model advises a person; none decides. Reproducible: shipped corpus, fixed seeds.", ""]
    for section in (reasons_section, abuse_section, forecast_section, photo_section):
        parts += section(figures_dir, quick)
    parts += ["## Baselines in one line", "",
              "Reasons: keyword stems. Forecast: seasonal-naive. Abuse and photos: fixed, explained thresholds "
              f"measured on generated data. Baseline module for reasons: `{keyword_baseline.__name__}`.", ""]
    path = out_dir / "REPORT.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
