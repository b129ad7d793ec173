"""Parse a running-health listicle into an :class:`Article`.

Takes the raw text of an article shaped like the seed (a title, intro
paragraphs, an "N Reasons …" section of numbered items, an "N Tips …" section
of numbered items, an optional conclusion and an optional FAQ with "Q1." items)
and gives an :class:`Article`: sections, causes, tips, FAQs, numeric claims with
their line and sentence, and references to other articles.

The parser is generic for that family, not tuned to one article. It never
interprets markup: text comes through verbatim. Anything that does not fit
raises :class:`~runreport.errors.ArticleError` with the path and line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from runreport.claims import Claim, find_claims
from runreport.errors import ArticleError

#: Articles are a few thousand words; anything far larger is not one.
MAX_BYTES = 2_000_000

#: Section keys, in the order they must appear.
SECTION_ORDER = ("intro", "reasons", "tips", "conclusion", "faq")

_HEADING_MAX = 120  # a heading is a short line; longer lines are paragraphs
# "7 Reasons For …", "Top 5 Reasons …", "5 Common Causes Of …" (up to two words between).
_REASONS_HEADING = re.compile(r"^(?:Top\s+)?(\d{1,3})\s+(?:[A-Za-z-]+\s+){0,2}?(?:Reasons?|Causes?)\b", re.IGNORECASE)
_TIPS_HEADING = re.compile(r"^(?:Top\s+)?(\d{1,3})\s+(?:[A-Za-z-]+\s+){0,2}?(?:Tips?|Ways?)\b", re.IGNORECASE)
# "Conclusion", "Conclusion: Stay Safe", "Final Thoughts On Neck Pain".
_CONCLUSION_HEADING = re.compile(
    r"^(?:Conclusion|In Conclusion|Final Thoughts|Final Words|Wrapping Up|Wrap-Up|The Bottom Line|Bottom Line|"
    r"Summary|Takeaway|Key Takeaways)\b(?:\s*[:\-–—]\s*|\s+)?(?:[^.!?]*)$",
    re.IGNORECASE,
)
_FAQ_HEADING = re.compile(r"^(?:Frequently Asked Questions|FAQs?)\b", re.IGNORECASE)
_ITEM = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_QUESTION = re.compile(r"^Q(\d{1,3})[.:)]\s*(\S.*)$")
_RELATED = re.compile(r"^Related\s+(?:Articles?|Posts?|Reads?|Reading)\s*:\s*(.*)$", re.IGNORECASE)
_TITLE_COUNTS = re.compile(
    r"\(\s*(\d{1,3})\s+(?:Reasons?|Causes?)\b(?:\s*(?:\+|&|and)\s*(?:(\d{1,3})\s+)?(?:Tips?|Ways?)\b)?",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’„«»"
# A title quoted in running text: an opening quote, 3+ words, a closing quote.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{8,200}?)[”“\"]")
_SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of",
    "on", "or", "the", "to", "vs", "with", "your", "is", "it", "its",
}

@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of body text."""

    line: int
    text: str


@dataclass
class Item:
    """A numbered reason, tip or FAQ question with its body paragraphs."""

    number: int
    title: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The body paragraphs joined by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass
class Section:
    """A part of the article: intro, reasons, tips, conclusion or faq."""

    key: str
    heading: str | None
    line: int
    end_line: int
    announced: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def texts(self) -> list[Paragraph]:
        """Every paragraph of the section, item titles excluded, in line order."""
        out = list(self.paragraphs)
        for item in self.items:
            out.extend(item.paragraphs)
        return sorted(out, key=lambda p: p.line)


@dataclass(frozen=True)
class Reference:
    """A link to another article: a "Related Article" line or a quoted title."""

    title: str
    kind: str  # "related" or "quoted"
    line: int
    section: str
    item: int | None


@dataclass
class Article:
    """A parsed article."""

    path: str
    title: str
    title_line: int
    sections: list[Section]
    references: list[Reference]
    claims: list[Claim]

    def section(self, key: str) -> Section | None:
        """The section with *key*, or None when the article has none."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def causes(self) -> list[Item]:
        """The numbered reasons."""
        return self.section("reasons").items  # type: ignore[union-attr]

    @property
    def tips(self) -> list[Item]:
        """The numbered tips."""
        return self.section("tips").items  # type: ignore[union-attr]

    @property
    def faqs(self) -> list[Item]:
        """The FAQ questions (title = question, body = answer)."""
        faq = self.section("faq")
        return faq.items if faq else []


# Reading ----------------------------------------------------------------------


def read_lines(path: str | Path, data: bytes | None = None) -> list[tuple[int, str]]:
    """Decode an article file into numbered lines.

    Args:
        path: The file (also used in error messages).
        data: The bytes, when already read.

    Returns:
        ``(line number, text)`` for every line, trailing whitespace removed.

    Raises:
        ArticleError: empty, too large, binary, not UTF-8, or control characters.
    """
    if data is None:
        try:
            # Read at most one byte past the limit: a huge file is never loaded whole.
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ArticleError(path, 1, f"cannot read the article: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise ArticleError(path, 1, f"file is over {MAX_BYTES:,} bytes, the most an article may have")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ArticleError(path, line, "binary data (NUL byte): not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for number, raw in enumerate(lines, start=1):
        stripped = raw.rstrip()
        bad = next((ch for ch in stripped if _is_forbidden(ch)), None)
        if bad is not None:
            raise ArticleError(path, number, f"control character U+{ord(bad):04X} is not allowed in an article")
        out.append((number, stripped))
    if not any(t.strip() for _, t in out):
        raise ArticleError(path, 1, "the article is empty")
    return out


def _is_forbidden(ch: str) -> bool:
    """Control characters (other than tab) and non-characters have no place in text."""
    if ch == "\t":
        return False
    category = unicodedata.category(ch)
    return category == "Cc" or category == "Cs" or (category == "Cn" and _is_noncharacter(ch))


def _is_noncharacter(ch: str) -> bool:
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


# Structure --------------------------------------------------------------------


def parse_article(path: str | Path, text: str | None = None) -> Article:
    """Parse the article at *path* (or the given *text*, reported as *path*).

    Args:
        path: The article file; used for reading (unless *text* is given) and
            in error messages.
        text: The article text, to parse without reading a file.

    Returns:
        The parsed :class:`Article`.

    Raises:
        ArticleError: when the text does not have the expected shape.
    """
    data = text.encode("utf-8", "surrogatepass") if text is not None else None
    lines = read_lines(path, data)
    return _Parser(str(path), lines).parse()


class _Parser:
    """Single pass over the lines with a small state machine."""

    def __init__(self, path: str, lines: list[tuple[int, str]]) -> None:
        self.path = path
        self.lines = [(n, t.strip()) for n, t in lines if t.strip()]
        self.references: list[Reference] = []

    def fail(self, line: int, message: str) -> ArticleError:
        return ArticleError(self.path, line, message)

    def parse(self) -> Article:
        title_line, title = self.lines[0]
        if _ITEM.match(title) or _REASONS_HEADING.match(title):
            raise self.fail(title_line, "the first line must be the article's title")
        sections = [Section("intro", None, title_line, title_line)]
        current_item: Item | None = None

        for number, text in self.lines[1:]:
            section = sections[-1]
            heading = self._heading(text, sections)
            if heading is not None:
                key, announced = heading
                self._close(section, current_item)
                current_item = None
                sections.append(Section(key, text, number, number, announced))
                continue
            section.end_line = number
            related = _RELATED.match(text)
            if related:
                self._add_related(related.group(1), number, section.key, current_item)
                continue
            if section.key in ("reasons", "tips", "faq"):
                pattern = _QUESTION if section.key == "faq" else _ITEM
                match = pattern.match(text)
                if match and len(text) <= _HEADING_MAX:
                    self._close_item(section, current_item)
                    current_item = self._new_item(section, int(match.group(1)), match.group(2), number)
                    continue
            paragraph = Paragraph(number, text)
            if current_item is not None:
                current_item.paragraphs.append(paragraph)
            else:
                section.paragraphs.append(paragraph)
            self._add_quoted(text, number, section.key, current_item)
        self._close(sections[-1], current_item)

        keys = [s.key for s in sections]
        if "reasons" not in keys:
            # Point at the first numbered item when there is one: its heading is what is missing.
            first_item = next((n for n, t in self.lines[1:] if _ITEM.match(t)), title_line)
            raise self.fail(first_item, "no reasons section (expected a heading like '7 Reasons For …')")
        if "tips" not in keys:
            raise self.fail(sections[-1].end_line, "no tips section (expected a heading like '9 Tips To …')")
        self._check_title_counts(title, title_line, sections)
        article = Article(self.path, title, title_line, sections, self.references, [])
        article.claims = find_claims(article)
        return article

    def _heading(self, text: str, sections: list[Section]) -> tuple[str, int | None] | None:
        """Return (section key, announced count) when *text* opens a section."""
        if len(text) > _HEADING_MAX or text.endswith((".", ",", ";")):
            return None
        keys = [s.key for s in sections]
        candidates = (
            ("reasons", _REASONS_HEADING),
            ("tips", _TIPS_HEADING),
            ("conclusion", _CONCLUSION_HEADING),
            ("faq", _FAQ_HEADING),
        )
        for key, pattern in candidates:
            match = pattern.match(text)
            if not match:
                continue
            if key in ("reasons", "tips") and not match.group(0).split()[-1][0].isupper():
                continue  # "7 reasons I love running" is a sentence; headings say "7 Reasons …"
            if key in keys:
                continue  # a second "N Tips…" line inside a section is body text
            if SECTION_ORDER.index(key) < SECTION_ORDER.index(keys[-1]):
                continue
            if key == "tips" and "reasons" not in keys:
                continue
            announced = int(match.group(1)) if match.groups() else None
            return key, announced
        return None

    def _new_item(self, section: Section, number: int, title: str, line: int) -> Item:
        expected = len(section.items) + 1
        if number == 1 and section.key == "reasons" and section.items:
            raise self.fail(
                line,
                f"numbering restarts at 1 after reason {expected - 1}: is the tips heading ('N Tips To …') missing?",
            )
        if number != expected:
            what = "question" if section.key == "faq" else _singular(section.key)
            previous = f"follows {what} {expected - 1}" if expected > 1 else "is the first"
            raise self.fail(line, f"{what} {number} {previous} (expected {expected}): numbering skips or repeats")
        item = Item(number, title.strip(), line)
        section.items.append(item)
        return item

    def _close_item(self, section: Section, item: Item | None) -> None:
        """An item is complete when the next item or section starts."""
        if item is not None and not item.paragraphs:
            if section.key == "faq":
                raise self.fail(item.line, f"question {item.number} has no answer")
            raise self.fail(item.line, f"{_singular(section.key)} {item.number} '{item.title}' has no body text")

    def _close(self, section: Section, item: Item | None) -> None:
        """Check the section (and its last item) once it is complete."""
        self._close_item(section, item)
        if section.key in ("reasons", "tips") and not section.items:
            raise self.fail(section.line, f"the {section.key} section has no numbered items ('1. Title')")
        if section.key == "faq" and not section.items:
            raise self.fail(section.line, "the FAQ section has no questions ('Q1. question')")
        if section.announced is not None and section.announced != len(section.items):
            raise self.fail(
                section.line,
                f"heading announces {section.announced} {section.key}, found {len(section.items)}",
            )

    def _check_title_counts(self, title: str, line: int, sections: list[Section]) -> None:
        match = _TITLE_COUNTS.search(title)
        if not match:
            return
        found = {s.key: len(s.items) for s in sections}
        for key, group in (("reasons", 1), ("tips", 2)):
            if match.group(group) and int(match.group(group)) != found[key]:
                raise self.fail(line, f"title announces {match.group(group)} {key}, found {found[key]}")

    def _add_related(self, rest: str, line: int, section: str, item: Item | None) -> None:
        title = rest.strip().strip(_QUOTES).strip()
        if not title:
            raise self.fail(line, "'Related Article:' line names no article")
        self.references.append(Reference(title, "related", line, section, item.number if item else None))

    def _add_quoted(self, text: str, line: int, section: str, item: Item | None) -> None:
        for match in _QUOTED.finditer(text):
            candidate = match.group(1).strip().rstrip(".,;:!").strip()
            if _looks_like_title(candidate):
                self.references.append(Reference(candidate, "quoted", line, section, item.number if item else None))


def _singular(key: str) -> str:
    return {"reasons": "reason", "tips": "tip", "faq": "question"}.get(key, key)


def _looks_like_title(text: str) -> bool:
    """Title Case with three or more words: how listicles quote other articles."""
    words = re.findall(r"[A-Za-z0-9][\w'’-]*", text)
    if len(words) < 3:
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capital = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capital / len(significant) >= 0.75
