from __future__ import annotations

from checker.model import Document, Finding, Severity, Span
from checker.report.suppressions import META_RULES, Suppression, apply_suppressions, parse_suppressions


def finding(doc: Document, line: int, rule: str = "date-mismatch") -> Finding:
    """A finding on the whole of a 1-based line."""
    start = doc.line_starts[line - 1]
    end = doc.text.find("\n", start)
    return Finding(rule, Severity.ERROR, "two dates", doc, Span(start, len(doc.text) if end < 0 else end))


def md(*lines: str) -> Document:
    return Document("a.md", "\n".join(lines) + "\n", markdown=True)


def txt(*lines: str) -> Document:
    return Document("a.txt", "\n".join(lines) + "\n")


def meta_of(meta: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.rule, f.location.line, f.message) for f in meta]


def test_next_line_suppresses_the_next_non_blank_line_only() -> None:
    doc = md("<!-- checker-disable-next-line date-mismatch -- quoted claim -->", "", "Crimea, 2022.", "Crimea, 2023.")
    kept, meta = apply_suppressions([finding(doc, 3), finding(doc, 4)], [doc])
    assert [f.location.line for f in kept] == [4]
    assert meta == []
    [suppression] = parse_suppressions(doc)
    assert suppression == Suppression("a.md", ("date-mismatch",), "quoted claim", Span(0, 64), range(3, 4),
                                      "disable-next-line")
    assert doc.text[suppression.span.start:suppression.span.end].endswith("-->")


def test_next_line_only_matches_its_rules() -> None:
    doc = md("<!-- checker-disable-next-line negation -- quoted -->", "Crimea, 2022.")
    kept, meta = apply_suppressions([finding(doc, 2, "date-mismatch")], [doc])
    assert len(kept) == 1
    assert meta_of(meta) == [("unused-suppression", 1, "suppression of negation matched no finding")]
    assert meta[0].severity == Severity.INFO


def test_stacked_directives_skip_each_other() -> None:
    doc = md("<!-- checker-disable-next-line date-mismatch -- a -->",
             "<!-- checker-disable-next-line number-mismatch -- b -->",
             "Crimea, 2022, 3,000 troops.")
    kept, meta = apply_suppressions([finding(doc, 3, "date-mismatch"), finding(doc, 3, "number-mismatch")], [doc])
    assert kept == [] and meta == []


def test_several_rules_and_all() -> None:
    doc = md("<!-- checker-disable-next-line date-mismatch, negation -- both quoted -->", "Line two.",
             "<!-- checker-disable-next-line all -- transcript -->", "Line four.")
    findings = [finding(doc, 2, "date-mismatch"), finding(doc, 2, "negation"), finding(doc, 4, "number-mismatch")]
    kept, meta = apply_suppressions(findings, [doc])
    assert kept == [] and meta == []
    assert [s.rules for s in parse_suppressions(doc)] == [("date-mismatch", "negation"), ("all",)]


def test_disable_enable_range() -> None:
    doc = md("One.", "<!-- checker-disable date-mismatch -- quoted interview -->", "Three.", "Four.",
             "<!-- checker-enable date-mismatch -->", "Six.")
    kept, meta = apply_suppressions([finding(doc, n) for n in (1, 3, 4, 6)], [doc])
    assert [f.location.line for f in kept] == [1, 6]
    assert meta == []
    [suppression] = parse_suppressions(doc)
    assert suppression.lines == range(2, 6)
    assert suppression.directive == "disable"


def test_disable_without_enable_runs_to_end_of_file() -> None:
    doc = md("<!-- checker-disable all -- archive copy -->", "Two.", "", "Four.")
    kept, _ = apply_suppressions([finding(doc, 4, "negation")], [doc])
    assert kept == []
    assert parse_suppressions(doc)[0].lines == range(1, 6)  # the text ends in a newline: line 5 is empty


def test_partial_enable_splits_the_range() -> None:
    doc = md("<!-- checker-disable date-mismatch,negation -- quoted -->", "Two.",
             "<!-- checker-enable negation -->", "Four.")
    kept, meta = apply_suppressions([finding(doc, 4, "negation"), finding(doc, 4, "date-mismatch"),
                                     finding(doc, 2, "negation")], [doc])
    assert [(f.rule, f.location.line) for f in kept] == [("negation", 4)]
    assert meta == []
    assert [(s.rules, s.lines) for s in parse_suppressions(doc)] == [(("negation",), range(1, 4)),
                                                                      (("date-mismatch",), range(1, 6))]


def test_enable_all_closes_everything() -> None:
    doc = md("<!-- checker-disable date-mismatch -- a -->", "<!-- checker-disable negation -- b -->", "Three.",
             "<!-- checker-enable all -->", "Five.")
    kept, _ = apply_suppressions([finding(doc, 3, "date-mismatch"), finding(doc, 3, "negation"),
                                  finding(doc, 5, "negation")], [doc])
    assert [(f.rule, f.location.line) for f in kept] == [("negation", 5)]


def test_enable_without_disable_is_invalid() -> None:
    doc = md("<!-- checker-enable negation -->", "Two.")
    _, meta = apply_suppressions([], [doc])
    assert meta_of(meta) == [("invalid-suppression", 1, "checker-enable negation has no matching "
                                                         "checker-disable negation before it")]


def test_missing_reason_still_suppresses_and_is_reported() -> None:
    doc = md("<!-- checker-disable-next-line date-mismatch -->", "Crimea, 2022.")
    kept, meta = apply_suppressions([finding(doc, 2)], [doc])
    assert kept == []
    assert meta_of(meta) == [("suppression-without-reason", 1, "suppression of date-mismatch has no reason; "
                                                                "write '-- why' after the rule")]
    assert meta[0].severity == Severity.WARNING
    assert meta[0].span == Span(0, len("<!-- checker-disable-next-line date-mismatch -->"))
    assert meta[0].kind == ""


def test_empty_reason_after_separator_counts_as_missing() -> None:
    doc = md("<!-- checker-disable-next-line date-mismatch -- -->", "Crimea, 2022.")
    _, meta = apply_suppressions([finding(doc, 2)], [doc])
    assert [f.rule for f in meta] == ["suppression-without-reason"]


def test_unused_suppression() -> None:
    doc = md("<!-- checker-disable date-mismatch -- old quote -->", "Two.")
    kept, meta = apply_suppressions([], [doc])
    assert kept == []
    assert meta_of(meta) == [("unused-suppression", 1, "suppression of date-mismatch matched no finding")]


def test_next_line_at_end_of_file_is_unused() -> None:
    doc = md("Text.", "<!-- checker-disable-next-line all -- why -->")
    assert parse_suppressions(doc)[0].lines == range(0)
    _, meta = apply_suppressions([finding(doc, 1)], [doc])
    assert [f.rule for f in meta] == ["unused-suppression"]


def test_unknown_directive_word() -> None:
    doc = md("<!-- checker-disabel date-mismatch -- typo -->", "Crimea, 2022.")
    kept, meta = apply_suppressions([finding(doc, 2)], [doc])
    assert len(kept) == 1
    assert meta_of(meta) == [("invalid-suppression", 1, "unknown directive 'checker-disabel'; "
                                                         "did you mean 'checker-disable'?")]


def test_directive_without_rule_is_invalid() -> None:
    doc = md("<!-- checker-disable-next-line -- why -->", "Two.")
    _, meta = apply_suppressions([], [doc])
    assert meta_of(meta) == [("invalid-suppression", 1, "checker-disable-next-line needs a rule id or 'all'")]


def test_known_rules() -> None:
    doc = md("<!-- checker-disable-next-line date-mismach, negation -- why -->", "Two.")
    kept, meta = apply_suppressions([finding(doc, 2, "negation")], [doc],
                                    known_rules={"date-mismatch", "negation", "number-mismatch"})
    assert kept == []
    assert meta_of(meta) == [("invalid-suppression", 1, "unknown rule 'date-mismach'; did you mean 'date-mismatch'?")]


def test_any_kebab_case_rule_is_accepted_without_known_rules() -> None:
    doc = md("<!-- checker-disable-next-line some-future-rule -- why -->", "Two.")
    kept, meta = apply_suppressions([finding(doc, 2, "some-future-rule")], [doc])
    assert kept == [] and meta == []


def test_bad_rule_id() -> None:
    doc = md("<!-- checker-disable-next-line Date_Mismatch -- why -->", "Two.")
    _, meta = apply_suppressions([], [doc])
    assert [(f.rule, f.message.split(" (")[0]) for f in meta] == [("invalid-suppression",
                                                                   "invalid rule id 'Date_Mismatch'")]


def test_directives_in_code_are_examples() -> None:
    doc = md("Write `<!-- checker-disable-next-line all -->` above a line.", "", "```",
             "<!-- checker-disable all -->", "```", "", "Crimea, 2022.")
    assert parse_suppressions(doc) == []
    kept, meta = apply_suppressions([finding(doc, 7)], [doc])
    assert len(kept) == 1 and meta == []


def test_ordinary_comments_are_ignored() -> None:
    doc = md("<!-- TODO: checker-disable is not at the start -->", "<!-- checkerboard -->", "Two.")
    assert parse_suppressions(doc) == []
    assert apply_suppressions([], [doc]) == ([], [])


def test_multi_line_comment() -> None:
    doc = md("<!-- checker-disable-next-line date-mismatch --", "     a long reason over two lines -->",
             "Crimea, 2022.")
    [suppression] = parse_suppressions(doc)
    assert suppression.reason == "a long reason over two lines"
    assert suppression.lines == range(3, 4)


def test_plain_text_directives() -> None:
    doc = txt("# checker: disable-next-line date-mismatch -- quoted", "Crimea, 2022.",
              "  # checker: disable negation -- transcript", "Four.", "# checker: enable negation", "Six.")
    findings = [finding(doc, 2), finding(doc, 4, "negation"), finding(doc, 6, "negation")]
    kept, meta = apply_suppressions(findings, [doc])
    assert [f.location.line for f in kept] == [6]
    assert meta == []
    first, second = parse_suppressions(doc)
    assert doc.text[first.span.start:first.span.end] == "# checker: disable-next-line date-mismatch -- quoted"
    assert doc.text[second.span.start:second.span.end] == "# checker: disable negation -- transcript"
    assert second.lines == range(3, 6)


def test_plain_text_problems() -> None:
    doc = txt("# checker: disabel all -- x", "# checker: disable-next-line negation", "Three.")
    _, meta = apply_suppressions([], [doc])
    assert meta_of(meta) == [
        ("invalid-suppression", 1, "unknown directive 'checker: disabel'; did you mean 'checker: disable'?"),
        ("suppression-without-reason", 2, "suppression of negation has no reason; write '-- why' after the rule"),
        ("unused-suppression", 2, "suppression of negation matched no finding"),
    ]


def test_markdown_comment_syntax_is_not_read_in_plain_text_and_vice_versa() -> None:
    assert parse_suppressions(txt("<!-- checker-disable all -- x -->", "Two.")) == []
    assert parse_suppressions(md("# checker: disable all -- x", "Two.")) == []


def test_findings_of_other_documents_are_untouched() -> None:
    a = md("<!-- checker-disable all -- x -->", "Two.")
    b = Document("b.md", "<!-- nothing -->\nTwo.\n", markdown=True)
    kept, meta = apply_suppressions([finding(b, 2), finding(a, 2)], [a, b])
    assert [f.document.path for f in kept] == ["b.md"]
    assert meta == []


def test_document_known_only_from_findings() -> None:
    doc = md("<!-- checker-disable-next-line all -- x -->", "Two.")
    kept, _ = apply_suppressions([finding(doc, 2)], [])
    assert kept == []


def test_meta_findings_cannot_be_suppressed() -> None:
    doc = md("<!-- checker-disable all -- x -->", "Two.")
    meta_finding = finding(doc, 2, "unused-suppression")
    kept, meta = apply_suppressions([meta_finding], [doc])
    assert kept == [meta_finding]
    assert [f.rule for f in meta] == ["unused-suppression"]


def test_a_finding_suppressed_by_start_line() -> None:
    doc = md("One.", "<!-- checker-disable-next-line date-mismatch -- x -->", "Three", "four.")
    multi_line = Finding("date-mismatch", Severity.ERROR, "m", doc, Span(doc.line_starts[0], doc.line_starts[3] + 3))
    kept, _ = apply_suppressions([multi_line], [doc])
    assert kept == [multi_line]  # starts on line 1, not covered


def test_meta_rules_table() -> None:
    assert set(META_RULES) == {"suppression-without-reason", "unused-suppression", "invalid-suppression",
                               "skipped-text"}
    assert META_RULES["unused-suppression"][0] == Severity.INFO
    assert META_RULES["suppression-without-reason"][0] == Severity.WARNING
    assert META_RULES["invalid-suppression"][0] == Severity.WARNING
    assert META_RULES["skipped-text"][0] == Severity.INFO


def test_rules_that_did_not_run_are_not_unused() -> None:
    doc = md("<!-- checker-disable-next-line negation, date-mismatch -- quoted -->", "Two.")
    _, meta = apply_suppressions([], [doc], checked_rules={"date-mismatch"})
    assert meta_of(meta) == [("unused-suppression", 1, "suppression of date-mismatch matched no finding")]
    doc = md("<!-- checker-disable all -- quoted -->", "Two.")
    assert apply_suppressions([], [doc], checked_rules=set()) == ([], [])


def sentence_finding(doc: Document, sentence: str, value: str, rule: str = "date-mismatch") -> Finding:
    """A finding on `value` inside `sentence`, with the sentence's span as the pipeline gives it."""
    start = doc.text.index(sentence)
    at = doc.text.index(value, start)
    return Finding(rule, Severity.ERROR, "two dates", doc, Span(at, at + len(value)),
                   sentence=Span(start, start + len(sentence)))


def test_next_sentence_covers_one_sentence_of_a_paragraph() -> None:
    doc = md("<!-- checker-disable-next-sentence date-mismatch -- the minister's words, quoted --> "
             "Ostrava joined in 1997, she said. Ostrava joined in 1999.")
    quoted = sentence_finding(doc, "Ostrava joined in 1997, she said.", "1997")
    ours = sentence_finding(doc, "Ostrava joined in 1999.", "1999")
    kept, meta = apply_suppressions([quoted, ours], [doc])
    assert kept == [ours] and meta == []
    [suppression] = parse_suppressions(doc)
    assert suppression.directive == "disable-next-sentence" and suppression.sentence_at == doc.text.index("Ostrava")


def test_next_sentence_skips_markup_and_other_directives_but_not_words() -> None:
    doc = md("<!-- checker-disable-next-sentence all -- quoted -->", "<!-- a note -->",
             "<!-- checker-disable-next-sentence negation -- also quoted -->", "",
             "- Lake Vorn froze in 1963.")
    listed = sentence_finding(doc, "Lake Vorn froze in 1963.", "1963")
    kept, meta = apply_suppressions([listed], [doc])
    assert kept == []
    assert meta_of(meta) == [("unused-suppression", 3, "suppression of negation matched no finding")]
    late = md("<!-- checker-disable-next-sentence all -- quoted -->", "Intro words. Lake Vorn froze in 1963.")
    kept, meta = apply_suppressions([sentence_finding(late, "Lake Vorn froze in 1963.", "1963")], [late])
    assert len(kept) == 1
    assert meta_of(meta) == [("unused-suppression", 1, "suppression of all matched no finding")]


def test_next_sentence_in_plain_text() -> None:
    doc = txt("# checker: disable-next-sentence date-mismatch -- quoted", "Tarn opened in 1881. Tarn opened in 1882.")
    first = sentence_finding(doc, "Tarn opened in 1881.", "1881")
    second = sentence_finding(doc, "Tarn opened in 1882.", "1882")
    kept, _ = apply_suppressions([first, second], [doc])
    assert kept == [second]


def test_disable_finding_by_fingerprint_prefix() -> None:
    doc = md("Lake Vorn froze in 1963. Lake Vorn froze in 1964.", "")
    one = sentence_finding(doc, "Lake Vorn froze in 1963.", "1963")
    text = doc.text + f"<!-- checker-disable-finding {one.fingerprint[:12]} -- two different lakes share the name -->\n"
    doc = Document("a.md", text, markdown=True)
    one, other = (sentence_finding(doc, s, v) for s, v in (("Lake Vorn froze in 1963.", "1963"),
                                                            ("Lake Vorn froze in 1964.", "1964")))
    kept, meta = apply_suppressions([one, other], [doc])
    assert kept == [other] and meta == []


def test_disable_finding_problems() -> None:
    doc = md("<!-- checker-disable-finding 0123abcd -->", "<!-- checker-disable-finding nothex!! -- why -->",
             "<!-- checker-disable-finding -- why -->")
    _, meta = apply_suppressions([], [doc])
    assert meta_of(meta) == [
        ("suppression-without-reason", 1, "suppression of finding 0123abcd has no reason; write '-- why' after the "
         "fingerprint"),
        ("unused-suppression", 1, "no finding has the fingerprint 0123abcd"),
        ("invalid-suppression", 2, "'nothex!!' is not a finding's fingerprint (8 to 32 hexadecimal characters, as "
         "text, JSON and SARIF output show it)"),
        ("invalid-suppression", 3, "checker-disable-finding needs a finding's fingerprint"),
    ]
