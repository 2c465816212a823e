"""PNG charts for the report (matplotlib, headless)."""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _save(fig, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def confusion(matrix, labels, title, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            ax.text(j, i, value, ha="center", va="center", fontsize=8, color="black" if value < 40 else "white")
    ax.set_xlabel("read as")
    ax.set_ylabel("true reason")
    ax.set_title(title)
    return _save(fig, path)


def grouped_bars(groups, series: dict, title, ylabel, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(series)
    for k, (name, values) in enumerate(series.items()):
        ax.bar([i + k * width for i in range(len(groups))], values, width, label=name)
    ax.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(groups))], groups, rotation=20, ha="right")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return _save(fig, path)


def forecast(history_days, history, forecast_days, mean, lower, upper, actual, title, path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.plot(history_days, history, color="#57606a", linewidth=0.8, label="history")
    ax.fill_between(forecast_days, lower, upper, color="#0b5cad", alpha=0.2, label="80% interval")
    ax.plot(forecast_days, mean, color="#0b5cad", label="forecast")
    if actual is not None:
        ax.plot(forecast_days, actual, color="#c2540a", linewidth=0.8, label="actual (held out)")
    ax.set_title(title)
    ax.set_ylabel("units per day")
    ax.legend(loc="upper left")
    return _save(fig, path)


def histograms(good, bad, threshold, title, xlabel, path: Path, log=False) -> Path:
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist(good, bins=20, alpha=0.6, label="good")
    ax.hist(bad, bins=20, alpha=0.6, label="bad")
    ax.axvline(threshold, color="black", linestyle="--", label=f"threshold {threshold:g}")
    if log:
        ax.set_xscale("symlog")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.legend()
    return _save(fig, path)
