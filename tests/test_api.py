"""The library entry points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker import check_text, load_config


def test_check_text_takes_a_config(tmp_path: Path, embedder: Any) -> None:
    (tmp_path / ".checker.yml").write_text("rules:\n  date-mismatch: disable\n", encoding="utf-8")
    text = "Merkel was born in Hamburg in 1954.\n\nAngela Merkel was born in 1956 in Hamburg.\n"
    assert [f.rule for f in check_text(text, embedder=embedder).findings] == ["date-mismatch"]
    config = load_config(tmp_path / ".checker.yml")
    assert check_text(text, config=config, embedder=embedder).findings == ()
