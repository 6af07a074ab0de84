"""The library entry points."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from checker import check_text, load_config


def test_check_text_takes_a_config(tmp_path: Path, embedder: Any) -> None:
    (tmp_path / ".checker.yml").write_text("rules:\n  date-mismatch: disable\n", encoding="utf-8")
    text = "Varnholt was born in Grenzau in 1961.\n\nIlse Varnholt was born in 1963 in Grenzau.\n"
    assert [f.rule for f in check_text(text, embedder=embedder).findings] == ["date-mismatch"]
    config = load_config(tmp_path / ".checker.yml")
    assert check_text(text, config=config, embedder=embedder).findings == ()


def test_the_library_sets_no_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.retrieval import embedder

    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS", "TRANSFORMERS_VERBOSITY"):
        monkeypatch.delenv(name, raising=False)
    before = dict(os.environ)
    model = embedder._load_model(embedder.default_model_path())  # local files only, even without HF_HUB_OFFLINE
    assert model.encode(["Crimea was annexed in 2014."]).shape == (1, 384)
    check_text("Crimea was annexed in 2014. It was annexed in 2022.", references=[])
    assert dict(os.environ) == before


def test_dir_lists_what_the_package_offers() -> None:
    import checker

    names = dir(checker)
    assert {"check_text", "check_paths", "load_config", "Settings", "Report", "__version__"} <= set(names)
    assert not {"Any", "TYPE_CHECKING", "annotations"} & set(names)
    assert all(callable(getattr(checker, n)) or n == "__version__" for n in names)
