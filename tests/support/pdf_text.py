"""Reading a PDF as a person would: its pages as PNG (for test-artifacts/) and its extracted text,
with detectors for what a document for a bank or a vendor must not contain.

pypdfium2 (PDFium, a wheel with the library inside: nothing to install from Debian) renders and
extracts. Each detector is tested on planted faults in test_evidence_pack_document.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pypdfium2 as pdfium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "evidence-pack"

SNAKE_CODE = re.compile(r"(?<![\w/.-])[a-z0-9]+(?:_[a-z0-9]+)+(?![\w/.-])")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
NEGATIVE_ZERO = re.compile(r"(?<![\w/])[-−]\s?0(?:[.,]0+)?(?![\d.,])")
WORD = re.compile(r"[^\W\d_]+")


def page_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def render_pngs(pdf: bytes, name: str, scale: float = 1.5) -> list[Path]:
    """Each page as test-artifacts/evidence-pack/<name>-page-<n>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(pdf)
    paths = []
    try:
        for number, page in enumerate(document, start=1):
            path = ARTIFACTS / f"{name}-page-{number}.png"
            page.render(scale=scale).to_pil().save(path)
            page.close()
            paths.append(path)
    finally:
        document.close()
    return paths


def chars_outside(pdf: bytes, margin: float) -> list[str]:
    """Characters drawn closer than `margin` points to a page's edge: text that ran out of its cell."""
    document = pdfium.PdfDocument(pdf)
    outside = []
    try:
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            for index in range(textpage.count_chars()):
                left, bottom, right, top = textpage.get_charbox(index)
                if right > left and (left < margin or right > width - margin or bottom < margin
                                     or top > height - margin):
                    outside.append(textpage.get_text_range(index, 1))
            textpage.close()
            page.close()
    finally:
        document.close()
    return outside


def internal_codes(text: str, forbidden: Iterable[str] = ()) -> list[str]:
    """snake_case tokens, raw ISO timestamps and the given codes (matched case-sensitively as whole words)."""
    found = SNAKE_CODE.findall(text) + ISO_TIME.findall(text)
    for code in forbidden:
        found += re.findall(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text)
    return found


def negative_zeros(text: str) -> list[str]:
    return NEGATIVE_ZERO.findall(text)


def vocabulary(phrases: Iterable[str]) -> set[str]:
    return {word.lower() for phrase in phrases for word in WORD.findall(str(phrase))}


def broken_words(text: str, words: set[str]) -> list[str]:
    """Words of `words` split across lines, with or without a hyphen: "Quaran" / "tine", or "Qu" / "ara" / "ntine"."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    broken = []
    for index, upper in enumerate(lines):
        left = WORD.findall(upper)
        if not left or not upper.rstrip("-").endswith(left[-1]):
            continue
        pieces = [left[-1]]
        for lower in lines[index + 1:index + 6]:  # a word cut into up to six pieces, one per line
            right = WORD.findall(lower)
            if not right or not lower.startswith(right[0]):
                break
            pieces.append(right[0])
            joined = "".join(pieces).lower()
            if joined in words and not all(piece.lower() in words for piece in pieces):
                broken.append("|".join(pieces))
                break
            if len(right) > 1 or not lower.rstrip("-").endswith(right[0]):
                break  # the next line goes on with other words: the cut word, if any, ended here
    return broken


def missing_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """Phrases not found whole: each word intact, words apart by any white space (a line may wrap between)."""
    flat = re.sub(r"\s+", " ", text)
    missing = []
    for phrase in phrases:
        words = str(phrase).split()
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        if words and not re.search(pattern, flat):
            missing.append(str(phrase))
    return missing
