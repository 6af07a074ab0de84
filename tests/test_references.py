from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import CheckerError, ErrorList, ReferenceSetError
from checker.inputs.references import (
    find_reference_files,
    load_reference_file,
    load_reference_sets,
    reference_set_from_text,
    single_fact_set,
)
from checker.model import ReferenceFact, ReferenceSet

VALID = """\
name: Geography
description: Borders and annexations
facts:
  - id: crimea-annexation
    statement: Russia annexed Crimea in March 2014.
    sources:
      - https://example.org/crimea
      - Encyclopaedia, p. 12
    as_of: 2025-11-01
    review_by: 2026-06
    aliases: [annexation of Crimea]
    tags: [geography, europe]
  - id: everest.height_2020
    statement: >
      Mount Everest is
      8,849 metres high.
    sources: [https://example.org/everest]
    as_of: 2020
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fact_yaml(fact_id: str, statement: str = "A statement.") -> str:
    return f"name: Set {fact_id}\nfacts:\n  - id: {fact_id}\n    statement: {statement}\n    sources: [s]\n"


def errors_of(path: Path | str) -> str:
    with pytest.raises(ErrorList) as info:
        load_reference_sets([path])
    return str(info.value)


def text_errors(text: str) -> str:
    with pytest.raises(ErrorList) as info:
        reference_set_from_text(text, path="refs.yml")
    return str(info.value)


def test_valid_set_loads_every_field(tmp_path: Path) -> None:
    path = write(tmp_path, "geo.yml", VALID)
    (reference,) = load_reference_sets([path])
    assert reference == ReferenceSet(
        name="Geography", description="Borders and annexations", path=str(path),
        facts=(
            ReferenceFact(
                id="crimea-annexation", statement="Russia annexed Crimea in March 2014.",
                sources=("https://example.org/crimea", "Encyclopaedia, p. 12"), path=str(path),
                line=5, column=16, set_name="Geography", as_of="2025-11-01", review_by="2026-06",
                aliases=("annexation of Crimea",), tags=("geography", "europe"),
            ),
            ReferenceFact(
                id="everest.height_2020", statement="Mount Everest is 8,849 metres high.",
                sources=("https://example.org/everest",), path=str(path), line=14, column=16,
                set_name="Geography", as_of="2020",
            ),
        ),
    )
    assert load_reference_file(path) == reference


def test_reference_set_from_text_and_defaults() -> None:
    reference = reference_set_from_text(fact_yaml("a", "1991"))
    assert reference.path == "<reference>"
    assert reference.description == ""
    fact = reference.facts[0]
    assert (fact.statement, fact.path, fact.line, fact.column) == ("1991", "<reference>", 4, 16)
    assert (fact.as_of, fact.review_by, fact.aliases, fact.tags) == (None, None, (), ())


def test_single_fact_set() -> None:
    reference = single_fact_set("  The sky is blue. ", fact_id="sky")
    (fact,) = reference.facts
    assert (fact.id, fact.statement, fact.sources, fact.path) == ("sky", "The sky is blue.", ("<inline>",),
                                                                  "<reference>")
    assert fact.set_name == reference.name
    with pytest.raises(ReferenceSetError):
        single_fact_set("x", fact_id="Bad Id")
    with pytest.raises(ReferenceSetError):
        single_fact_set("  ")


def test_folder_loading_order_and_no_repeats(tmp_path: Path) -> None:
    write(tmp_path, "refs/b.yaml", fact_yaml("b"))
    write(tmp_path, "refs/a.yml", fact_yaml("a"))
    write(tmp_path, "refs/sub/c.yml", fact_yaml("c"))
    write(tmp_path, "refs/notes.txt", "not yaml")
    extra = write(tmp_path, "extra.yml", fact_yaml("d"))
    folder = tmp_path / "refs"
    found = find_reference_files([folder, extra, folder / "a.yml"])
    assert found == [folder / "a.yml", folder / "b.yaml", folder / "sub" / "c.yml", extra]
    sets = load_reference_sets([folder, extra])
    assert [s.name for s in sets] == ["Set a", "Set b", "Set c", "Set d"]
    assert [s.path for s in sets] == [str(p) for p in found]


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yml"
    with pytest.raises(ReferenceSetError) as info:
        find_reference_files([missing])
    assert str(info.value) == f"{missing}: reference file not found"
    with pytest.raises(ReferenceSetError) as info:
        load_reference_sets([str(missing)])
    assert str(info.value) == f"{missing}: reference file not found"
    with pytest.raises(ErrorList) as listed:
        load_reference_file(missing)
    assert str(listed.value) == f"{missing}: reference file not found"


def test_malformed_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yml", "name: x\nfacts: a: b\n")
    assert errors_of(path) == f"{path}:2:9: invalid YAML: mapping values are not allowed here"


def test_control_character_is_located() -> None:
    assert text_errors("name: x\nfacts: \x01\n") == (
        "refs.yml:2:8: invalid YAML: unacceptable character #x0001: special characters are not allowed")


def test_unknown_top_level_key_with_suggestion() -> None:
    text = fact_yaml("a").replace("facts:", "facs:") + "colour: red\n"
    assert text_errors(text) == (
        "refs.yml:1:1: reference set is missing required key 'facts'\n"
        "refs.yml:2:1: unknown key 'facs' (did you mean 'facts'?)\n"
        "refs.yml:6:1: unknown key 'colour'"
    )


def test_unknown_fact_field_with_suggestion() -> None:
    text = "name: n\nfacts:\n  - id: crimea\n    statement: s\n    sources: [a]\n    soruces: [b]\n"
    assert text_errors(text) == (
        "refs.yml:6:5: unknown field 'soruces' in fact 'crimea' (did you mean 'sources'?)")


def test_missing_required_field() -> None:
    text = ("name: n\nfacts:\n  - id: a\n    statement: s\n    sources: [x]\n"
            "  - id: crimea\n    statement: s\n  - statement: s\n    sources: [x]\n")
    assert text_errors(text) == (
        "refs.yml:6:5: fact 'crimea' is missing required field 'sources'\n"
        "refs.yml:8:5: fact #3 is missing required field 'id'"
    )


def test_wrong_types() -> None:
    text = ("name: [n]\nfacts:\n  - id: a\n    statement: {x: 1}\n    sources: https://x\n"
            "    tags: [ok, [nested]]\n    aliases: [~]\n  - just text\n")
    assert text_errors(text) == (
        "refs.yml:1:7: 'name' must be a string\n"
        "refs.yml:4:16: 'statement' must be a string\n"
        "refs.yml:5:14: 'sources' must be a list of strings\n"
        "refs.yml:6:16: 'tags' must be a list of strings\n"
        "refs.yml:7:15: 'aliases' must be a list of strings\n"
        "refs.yml:8:5: fact #2 must be a mapping of fields"
    )


def test_empty_values() -> None:
    text = "name: ''\nfacts:\n  - id: a\n    statement:\n    sources: []\n"
    assert text_errors(text) == (
        "refs.yml:1:7: 'name' must not be empty\n"
        "refs.yml:4:15: 'statement' must not be empty\n"
        "refs.yml:5:14: 'sources' must not be empty"
    )
    assert text_errors("name: n\nfacts: []\n") == "refs.yml:2:8: 'facts' must not be empty"
    assert text_errors("- a\n") == (
        "refs.yml:1:1: a reference file must be a mapping with 'name', 'description' and 'facts'")


def test_duplicate_id_within_a_file() -> None:
    text = fact_yaml("a") + "  - id: a\n    statement: t\n    sources: [s]\n"
    assert text_errors(text) == "refs.yml:6:9: duplicate fact id 'a' (first defined at refs.yml:3:9)"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "refs/a.yml", fact_yaml("shared"))
    second = write(tmp_path, "refs/b.yml", "name: B\nfacts:\n- id: shared\n  statement: s\n  sources: [x]\n")
    assert errors_of(tmp_path / "refs") == (
        f"{second}:3:7: duplicate fact id 'shared' (first defined at {first}:3:9)")


def test_duplicate_key() -> None:
    text = fact_yaml("a").replace("    sources: [s]\n", "    sources: [s]\n    statement: again\n")
    assert text_errors(text) == "refs.yml:6:5: duplicate key 'statement'"
    assert text_errors("name: n\nname: m\nfacts: [{id: a, statement: s, sources: [x]}]\n") == (
        "refs.yml:2:1: duplicate key 'name'")


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.yml", "")
    assert errors_of(path) == f"{path}: empty reference file"
    assert text_errors("# just a comment\n") == "refs.yml: empty reference file"


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yml"
    path.write_bytes("name: Café\n".encode("latin-1"))
    assert errors_of(path) == f"{path}:1:10: not valid UTF-8 text (byte 0xe9)"


def test_bad_id() -> None:
    text = fact_yaml("a").replace("id: a", "id: Bad Id")
    assert text_errors(text) == (
        "refs.yml:3:9: fact id 'Bad Id' must be lowercase letters, digits, '.', '_' or '-'")


@pytest.mark.parametrize(("value", "once"), [("true", True), ("True", True), ("false", False), ("~", False)])
def test_once_flag(value: str, once: bool) -> None:
    (fact,) = reference_set_from_text(fact_yaml("a") + f"    once: {value}\n").facts
    assert fact.once is once
    assert reference_set_from_text(fact_yaml("b")).facts[0].once is False


def test_bad_once_flag() -> None:
    # YAML 1.1's yes/no are refused: a flag reads one way to every parser.
    assert text_errors(fact_yaml("a") + "    once: yes\n") == "refs.yml:6:11: 'once' must be true or false (got 'yes')"
    assert text_errors(fact_yaml("a") + "    once: [true]\n") == "refs.yml:6:11: 'once' must be true or false"


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "11/01/2025", "2025-1", "soon"])
def test_bad_as_of(value: str) -> None:
    text = fact_yaml("a") + f"    as_of: {value}\n"
    assert text_errors(text) == (
        f"refs.yml:6:12: 'as_of' must be a date: YYYY-MM-DD, YYYY-MM or YYYY (got '{value}')")


def test_multiple_errors_collected_across_files(tmp_path: Path) -> None:
    bad = write(tmp_path, "refs/a.yml", "name: A\nfacts:\n  - id: X\n    statement: s\n    sources: [x]\n"
                                          "    review_by: someday\n")
    broken = write(tmp_path, "refs/b.yml", "name: [unclosed\n")
    good = write(tmp_path, "refs/c.yml", fact_yaml("fine"))
    with pytest.raises(ErrorList) as info:
        load_reference_sets([tmp_path / "refs"])
    assert [str(e) for e in info.value.errors] == [
        f"{bad}:3:9: fact id 'X' must be lowercase letters, digits, '.', '_' or '-'",
        f"{bad}:6:16: 'review_by' must be a date: YYYY-MM-DD, YYYY-MM or YYYY (got 'someday')",
        f"{broken}:2:1: invalid YAML: while parsing a flow sequence, expected ',' or ']',"
        " but got '<stream end>'",
    ]
    assert all(isinstance(e, ReferenceSetError) for e in info.value.errors)
    assert isinstance(info.value, CheckerError)
    assert load_reference_sets([good])[0].facts[0].id == "fine"


def test_unsafe_tags_are_never_constructed() -> None:
    text = fact_yaml("a", "!!python/object/apply:os.system [echo hacked]")
    assert text_errors(text) == "refs.yml:4:16: 'statement' must be a string"


def test_self_referencing_alias_does_not_loop() -> None:
    assert text_errors("name: n\nfacts: &l\n  - *l\n") == "refs.yml:2:8: fact #1 must be a mapping of fields"
