"""The evaluation corpus (tests/corpus/, scored by ``make eval``): every article is accepted,
its tables validate, and every line it points at holds what it says is there.

How close the counts come to a careful reading is an accuracy goal, measured by ``make eval``,
not asserted here.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from runreport.analysis.tables import build_tables
from runreport.ingest.parse import parse_article

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["articles"]
ARTICLES = sorted(p for p in CORPUS.iterdir() if p.name != "expected.yaml")


def _readable(line: str) -> str:
    """A source line as a reader sees it: no tags, entities decoded, case and spaces folded."""
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # a Markdown link's text
    line = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", line)  # a reference link's: [text][3]
    # a component's title is what the page shows: <AccordionItem title="Question?">
    line = re.sub(r"<[A-Z]\w*[^>]*\btitle=\"([^\"]*)\"[^>]*>", r" \1 ", line)
    text = html.unescape(re.sub(r"<[^>]+>", " ", line)).replace("’", "'")
    text = unicodedata.normalize("NFKC", text)  # "𝐖𝐡𝐲" in a social post reads "Why"
    # (a table row reads as its cells: "a | b" is how the reader joins them)
    text = " ".join(text.replace("*", "").replace("|", " ").split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    return text.casefold()  # "<strong>Label</strong>, such as" reads "Label, such as"


def test_every_article_has_its_expected_counts():
    assert {p.name for p in ARTICLES} == set(EXPECTED)
    assert len(ARTICLES) >= 40


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_corpus_article_is_read_and_its_lines_hold_its_items(path):
    article = parse_article(path)
    tables = build_tables(article)  # raises on a table that breaks its schema
    assert len(tables["causes"]) == len(article.causes)
    # lines as an editor counts them: a form feed (pdftotext's page break) ends none
    lines = path.read_text(encoding="utf-8").split("\n")
    for item in article.causes + article.tips + article.faqs:
        words = _readable(item.title.rstrip("…"))[:40]
        assert words in _readable(lines[item.line - 1]), (item.title, item.line)
    for claim in article.claims:
        assert _readable(claim.text) in _readable(lines[claim.line - 1]), (claim.text, claim.line)
    for tip in article.tips:
        if tip.parent is not None:
            assert article.causes[tip.parent - 1].kind in ("cause", "injury")
