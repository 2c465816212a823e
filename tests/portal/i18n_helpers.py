"""Reading the .po catalogues, and finding English sentences left in a rendered page or e-mail."""
import ast
import html
import re
from functools import lru_cache

from portal.management.commands.portal_messages import locale_dir

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|<[^>]+>")
TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def parse_po(path) -> list[dict]:
    """Entries of a .po/.pot written by makemessages --no-wrap: msgid, plural, msgstr list, fuzzy."""
    entries = []
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        entry = {"msgid": None, "plural": None, "msgstr": [], "fuzzy": False}
        current = None
        for line in block.strip("\n").split("\n"):
            if line.startswith("#,"):
                entry["fuzzy"] = "fuzzy" in line
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid_plural "):
                entry["plural"], current = ast.literal_eval(line[13:]), "plural"
            elif line.startswith("msgid "):
                entry["msgid"], current = ast.literal_eval(line[6:]), "msgid"
            elif line.startswith("msgstr"):
                entry["msgstr"].append(ast.literal_eval(line.split(" ", 1)[1]))
                current = "msgstr"
            elif line.startswith('"') and current in ("msgid", "plural"):
                entry[current] += ast.literal_eval(line)
            elif line.startswith('"') and current == "msgstr":
                entry["msgstr"][-1] += ast.literal_eval(line)
        if entry["msgid"]:  # not the header
            entries.append(entry)
    return entries


@lru_cache
def catalogue_entries(language) -> list[dict]:
    return parse_po(locale_dir() / language / "LC_MESSAGES" / "django.po")


@lru_cache
def _english_fragments(language) -> tuple:
    """Pieces of English sentences (between placeholders) long enough not to occur by chance in
    another language, and not part of any of that language's own translations."""
    translated_text = " ".join(s for e in catalogue_entries(language) for s in e["msgstr"])
    fragments = set()
    for entry in catalogue_entries(language):
        for english in filter(None, (entry["msgid"], entry["plural"])):
            if english in entry["msgstr"]:
                continue  # the same word in this language, e.g. "Status" in Dutch
            for piece in PLACEHOLDER.split(english):
                piece = " ".join(piece.split()).strip(" .,:;()·–-")
                if len(piece) >= 14 and len(piece.split()) >= 3 and piece not in translated_text:
                    fragments.add(piece)
    return tuple(sorted(fragments, key=len, reverse=True))


def visible_text(markup: str) -> str:
    return " ".join(html.unescape(TAGS.sub(" ", markup)).split())


def english_left(language, markup: str) -> list[str]:
    text = visible_text(markup)
    return [piece for piece in _english_fragments(language) if piece in text]
