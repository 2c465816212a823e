"""Writes the labelled reason corpus the project ships (`data/reasons.jsonl`), deterministically.

    python -m intelligence.reasons.corpus_generator [--per-reason 55] [--seed 16]

Each message is one claim from the language's phrase bank (`corpus/<lang>.py`) with an item, polite
noise around it and, sometimes, an aside from another reason (a mixed message labelled by its main
claim), a second claim of the same reason, or typing noise (swapped, dropped or doubled letters,
lower case, accents lost). Two held-out schemes are marked on each row: `split` (a random quarter of
the messages, stratified by language and reason: new messages, known phrasings) and `unseen_claim`
(three of each reason's ten claims per language never trained on: new phrasings, the harder test).
"""
import argparse
import importlib
import json
import random
import unicodedata
from pathlib import Path

from .codes import LANGUAGES, REASON_CODES

DATA_FILE = Path(__file__).with_name("data") / "reasons.jsonl"
HELD_OUT_CLAIMS_PER_REASON = 3
TEST_SHARE = 0.25


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def add_typos(text: str, rng: random.Random) -> str:
    """One to three keyboard slips; the words stay recognisable, as in real messages."""
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        letters = [i for i, c in enumerate(chars[:-1]) if c.isalpha() and chars[i + 1].isalpha()]
        if not letters:
            break
        i = rng.choice(letters)
        slip = rng.choice(["swap", "drop", "double"])
        if slip == "swap":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif slip == "drop":
            del chars[i]
        else:
            chars.insert(i, chars[i])
    return "".join(chars)


def compose(bank, reason: str, claim_index: int, rng: random.Random) -> str:
    claim = bank.CLAIMS[reason][claim_index].format(item=rng.choice(bank.ITEMS))
    parts = [claim]
    roll = rng.random()
    if roll < 0.25:  # a mixed message: the main claim, then a weaker clause of another reason
        other = rng.choice([r for r in REASON_CODES if r != reason])
        parts.append(rng.choice(bank.ASIDES[other]))
    elif roll < 0.40:  # the same complaint said twice, in two ways
        second = rng.choice([c for i, c in enumerate(bank.CLAIMS[reason]) if i != claim_index])
        parts.append(second.format(item=rng.choice(bank.ITEMS)))
    text = ", ".join(parts)
    opener, closer = rng.choice(bank.OPENERS), rng.choice(bank.CLOSERS)
    if opener:
        text = f"{opener} {text[0].lower() + text[1:] if opener.endswith(',') else text}"
    else:
        text = text[0].upper() + text[1:]
    if closer:
        text = f"{text}. {closer}"
    noise = rng.random()
    if noise < 0.30:
        text = add_typos(text, rng)
    if rng.random() < 0.15:
        text = text.lower()
    if rng.random() < 0.10:
        text = _strip_accents(text)
    return text


def generate(per_reason: int = 55, seed: int = 16) -> list[dict]:
    rng = random.Random(seed)
    rows, seen = [], set()
    for lang in LANGUAGES:
        bank = importlib.import_module(f"{__package__}.corpus.{lang}")
        for reason in REASON_CODES:
            claims = len(bank.CLAIMS[reason])
            held_out = set(rng.sample(range(claims), HELD_OUT_CLAIMS_PER_REASON))
            made, attempts = 0, 0
            while made < per_reason and attempts < per_reason * 20:
                attempts += 1
                index = made % claims if made < claims else rng.randrange(claims)
                text = compose(bank, reason, index, rng)
                if text in seen:
                    continue
                seen.add(text)
                rows.append({"text": text, "reason": reason, "lang": lang, "claim": f"{lang}:{reason}:{index}",
                             "split": "test" if rng.random() < TEST_SHARE else "train",
                             "unseen_claim": index in held_out})
                made += 1
    return rows


def write(rows: list[dict], path: Path = DATA_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def load(path: Path = DATA_FILE) -> list[dict]:
    with path.open(encoding="utf-8") as data:
        return [json.loads(line) for line in data if line.strip()]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-reason", type=int, default=55)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    rows = generate(args.per_reason, args.seed)
    print(f"wrote {len(rows)} messages to {write(rows)}")


if __name__ == "__main__":
    main()
