"""Daily return volume forecast: a log-linear regression with weekly and yearly seasonality and campaigns.

    log(1 + units) = trend + weekday + yearly Fourier terms (3 pairs) + campaign echo + noise

fitted by ordinary least squares (statsmodels), so every effect is a coefficient one can read. The
interval is the regression's prediction interval on the log scale, taken back to units. Campaigns
(known sale dates) raise returns over the following weeks; their echo is a regressor that is 1 for
days 3–24 after a campaign. The yardstick is the seasonal-naive forecast (each weekday repeats the
last observed week), compared by rolling-origin backtest: MASE on days and MAPE on weekly totals.
"""
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

HORIZON_DAYS = 56
YEARLY_PAIRS = 3
CAMPAIGN_ECHO = (3, 24)  # days after a campaign date when its returns arrive


@dataclass
class Forecast:
    days: list  # dates
    mean: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    method: str  # "regression" or "seasonal naive" (too little history)


def design(days, start: date, campaigns=()) -> np.ndarray:
    t = np.array([(d - start).days for d in days], dtype=float)
    columns = [np.ones_like(t), t / 365.25]
    weekday = np.array([d.weekday() for d in days])
    columns += [(weekday == k).astype(float) for k in range(1, 7)]  # Monday is the base
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=float)
    for k in range(1, YEARLY_PAIRS + 1):
        columns += [np.sin(2 * np.pi * k * doy / 365.25), np.cos(2 * np.pi * k * doy / 365.25)]
    echo = np.zeros_like(t)
    for c in campaigns:
        lag = np.array([(d - c).days for d in days])
        echo += ((lag >= CAMPAIGN_ECHO[0]) & (lag <= CAMPAIGN_ECHO[1])).astype(float)
    columns.append(echo)
    return np.column_stack(columns)


def seasonal_naive(history: np.ndarray, horizon: int = HORIZON_DAYS) -> np.ndarray:
    last_week = history[-7:]
    return np.array([last_week[i % 7] for i in range(horizon)], dtype=float)


def fit_predict(days, units, horizon: int = HORIZON_DAYS, campaigns=(), level: float = 0.8) -> Forecast:
    """Forecast the `horizon` days after the last of `days` (consecutive dates) from their `units`."""
    units = np.asarray(units, dtype=float)
    future = [days[-1] + timedelta(days=i + 1) for i in range(horizon)]
    if len(days) < 8 * 7:  # under eight weeks the yearly terms cannot be estimated: say so, use the yardstick
        level = units.mean() if len(units) else 0.0
        mean = seasonal_naive(units, horizon) if len(units) >= 7 else np.full(horizon, level)
        spread = np.sqrt(np.maximum(mean, 1.0)) * 1.28
        return Forecast(future, mean, np.maximum(mean - spread, 0), mean + spread, "seasonal naive")
    campaigns = [c for c in campaigns if c <= future[-1]]
    x, x_future = design(days, days[0], campaigns), design(future, days[0], campaigns)
    keep = x.any(axis=0) | (np.arange(x.shape[1]) == 0)  # drop a campaign column that is all zero
    # Imported here: statsmodels takes seconds to import, and every web worker would pay it on its
    # first request just because the URLconf reaches this module.
    import statsmodels.api as sm

    fitted = sm.OLS(np.log1p(units), x[:, keep]).fit()
    frame = fitted.get_prediction(x_future[:, keep]).summary_frame(alpha=1 - level)
    mean = np.expm1(frame["mean"].to_numpy())
    lower, upper = np.expm1(frame["obs_ci_lower"].to_numpy()), np.expm1(frame["obs_ci_upper"].to_numpy())
    return Forecast(future, np.maximum(mean, 0), np.maximum(lower, 0), np.maximum(upper, 0), "regression")


def mase(actual, predicted, history) -> float:
    scale = np.mean(np.abs(history[7:] - history[:-7])) or 1.0
    return float(np.mean(np.abs(np.asarray(actual) - np.asarray(predicted))) / scale)


def weekly_mape(actual, predicted) -> float:
    weeks = len(actual) // 7
    a = np.asarray(actual[: weeks * 7]).reshape(weeks, 7).sum(axis=1)
    p = np.asarray(predicted[: weeks * 7]).reshape(weeks, 7).sum(axis=1)
    ok = a > 0
    return float(np.mean(np.abs(a[ok] - p[ok]) / a[ok]) * 100) if ok.any() else float("nan")


@dataclass
class Backtest:
    origins: int
    model_mase: float
    naive_mase: float
    model_mape: float
    naive_mape: float
    coverage: float  # share of actual days inside the model's interval


def backtest(days, units, campaigns=(), origins: int = 6, step: int = 28, min_train: int = 365) -> Backtest:
    """Rolling origin: fit on everything before each origin, forecast 8 weeks, score both methods."""
    units = np.asarray(units, dtype=float)
    last_origin = len(days) - HORIZON_DAYS
    starts = [last_origin - i * step for i in range(origins) if last_origin - i * step >= min_train][::-1]
    scores = {"m_mase": [], "n_mase": [], "m_mape": [], "n_mape": [], "cover": []}
    for origin in starts:
        history, actual = units[:origin], units[origin: origin + HORIZON_DAYS]
        forecast = fit_predict(days[:origin], history, HORIZON_DAYS, campaigns)
        naive = seasonal_naive(history)
        scores["m_mase"].append(mase(actual, forecast.mean, history))
        scores["n_mase"].append(mase(actual, naive, history))
        scores["m_mape"].append(weekly_mape(actual, forecast.mean))
        scores["n_mape"].append(weekly_mape(actual, naive))
        scores["cover"].append(float(np.mean((actual >= forecast.lower) & (actual <= forecast.upper))))
    mean = {k: float(np.nanmean(v)) if v else float("nan") for k, v in scores.items()}
    return Backtest(len(starts), mean["m_mase"], mean["n_mase"], mean["m_mape"], mean["n_mape"], mean["cover"])
