"""The HTML report's markup, without a browser: highlights, escaping, links, the policy, the counts.

What it looks like and how it behaves in a browser: tests/test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape

from checker.model import Document, Evidence, Finding, Location, Report, Severity, Span
from checker.report.formatters import html, render

TEXT = "The Orrin Canal opened in 1874.\nBarges on the Orrin Canal first sailed in 1879.\n"


def _span(doc: Document, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(start, start + len(needle))


def _report(*, source: str = "https://example.org/orrin", quiet: bool = True) -> Report:
    doc = Document("canal.md", TEXT)
    first = _span(doc, "The Orrin Canal opened in 1874.")
    date = Finding("date-mismatch", Severity.ERROR, "Canal opened: 1879 here, 1874 at line 1", doc,
                   _span(doc, "first sailed in 1879"), sentence=Span(first.end + 1, len(TEXT) - 1),
                   related=(Evidence(doc.location(first), doc.text[first.start:first.end], span=first, value="1874"),
                            Evidence(Location("facts.yml", 4, 16, 4, 50), "The Orrin Canal opened to barges in 1874.",
                                     reference_id="orrin-canal", source=source, value="1874", as_of="2025-03-01")),
                   kind="date", stated="1879")
    checked = (doc, Document("quiet.md", "Nothing to see.\n")) if quiet else (doc,)
    return Report(findings=(date,), documents=len(checked), claims=3, references=1, checked=checked)


def test_overlapping_marks_are_cut_at_every_boundary() -> None:
    marks = [html._Mark(Span(4, 12), 0, "flag", Severity.WARNING), html._Mark(Span(8, 16), 1, "ev", Severity.ERROR)]
    assert html._highlighted("abc defghijklmnop <q>", marks) == (
        'abc <mark class="sev-warning" data-flag="0">defg</mark>'
        '<mark class="sev-error" data-flag="0" data-ev="1">hijk</mark>'
        '<mark class="sev-error" data-ev="1">lmno</mark>p &lt;q&gt;')


def test_the_page_marks_both_sides_and_lists_every_checked_article() -> None:
    page = render(_report(), "html")
    assert '<mark class="sev-error" data-ev="0">The Orrin Canal opened in 1874.</mark>' in page
    assert 'Barges on the Orrin Canal <mark class="sev-error" data-flag="0">first sailed in 1879</mark>.' in page
    assert ('data-doc="1">quiet.md</button> <span class="count">no findings</span>') in page
    assert '<span class="count">1 error</span></h2><ol class="cards">' in page
    assert '<h3>Here, line 2</h3><blockquote>Barges on the Orrin Canal <mark class="sev-error">first sailed in 1879' \
           '</mark>.</blockquote>' in page
    assert '<h3>There, line 1</h3><blockquote>The Orrin Canal opened in 1874.</blockquote>' in page
    assert '<span class="as-of">as of 2025-03-01</span>' in page
    assert ('Source: <a href="https://example.org/orrin" rel="noopener noreferrer" target="_blank">'
            'https://example.org/orrin</a>') in page
    assert 'data-ev-doc="0"' in page and 'data-facts="orrin-canal"' in page
    assert "<summary>About date-mismatch</summary><pre>date-mismatch (error)" in page
    assert '<label class="sev-error"><input type="checkbox" name="severity" value="error" checked> error (1)' in page
    assert '<option value="date-mismatch">date-mismatch (1)</option>' in page


def test_untrusted_text_is_escaped_and_only_web_addresses_become_links() -> None:
    hostile = Document("<img src=x onerror=alert(1)>.md", "He said </pre><script>alert(1)</script> in 1990.\n")
    finding = Finding("date-mismatch", Severity.ERROR, 'opened: 1990 here, "1991" <b>in</b> reference x', hostile,
                      _span(hostile, "1990"),
                      related=(Evidence(Location("f.yml", 1, 1, 1, 9), "<script>alert(2)</script>", reference_id="x\"y",
                                        source="javascript:alert(3)"),),
                      kind="date")
    page = render(Report(findings=(finding,), documents=1, checked=(hostile,)), "html")
    assert page.count("<script>") == 1  # the page's own
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;.md" in page
    assert "Source: javascript:alert(3)</p>" in page and 'href="javascript' not in page
    assert 'data-facts="x&quot;y"' in page
    for source in ("https://example.org/a b", "https:///nohost", "ftp://example.org/x", "see the 2024 report"):
        assert "<a " not in html._source(source)


def test_the_policy_allows_only_the_pages_own_script_and_style() -> None:
    page = render(_report(), "html")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    script = re.search(r"<script>(.*)</script>", page, re.S)
    style = re.search(r"<style>(.*)</style>", page, re.S)
    assert script is not None and style is not None

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert unescape(policy.group(1)) == (f"default-src 'none'; style-src '{digest(style.group(1))}'; "
                               f"script-src '{digest(script.group(1))}'; img-src data:; base-uri 'none'; "
                               "form-action 'none'")
    # Nothing to fetch: no external script, style, image or font.
    assert not re.search(r"<(link|img|iframe|object)\b|\bsrc=", page)


def test_a_report_without_findings_still_shows_the_articles() -> None:
    doc = Document("calm.txt", "All quiet.\n")
    page = render(Report(findings=(), documents=1, claims=1, checked=(doc,)), "html")
    assert '<pre class="text">All quiet.\n</pre>' in page
    assert "<title>checker report: No findings in 1 document (1 claim, 0 reference facts).</title>" in page
