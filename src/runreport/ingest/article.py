"""The parsed article and its parts: sections, items, paragraphs, references and numeric claims.

Plain data, shared by the parser (:mod:`runreport.ingest.parse`), the claim finder
(:mod:`runreport.ingest.claims`) and every later stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from runreport.errors import InputWarning

#: Kinds of claim, as the claims table records them.
CLAIM_KINDS = ("percent", "proportion", "rate", "times", "count")


@dataclass(frozen=True)
class Claim:
    """A numeric statement the article asserts about people or studies."""

    value: float  # the number (the middle of a range), proportions as a percentage
    unit: str  # "%", "injuries per 1000 hours", "times", "runners" …
    kind: str  # one of CLAIM_KINDS
    text: str  # the matched words, e.g. "about 19%"
    subject: str  # who it is about, e.g. "novice runners" ("" when not stated)
    line: int
    section: str
    item: int | None
    quote: str  # the whole sentence
    low: float | None = None  # a range's ends ("between 20% and 30%"); None for a single figure
    high: float | None = None
    qualifier: str = ""  # "about", "up to", "between" …
    measure: str = (
        ""  # what was counted, e.g. "have back pain", "injuries per 1000 hours of running"
    )
    attribution: str = ""  # "according to a study", "[1] Smith 2015 …"
    #: the cause or injury the claim sits under ("Runner's Knee"), or the question it answers
    about: str = ""


#: Section keys, in the order they must appear.
SECTION_ORDER = ("intro", "reasons", "tips", "conclusion", "faq")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of body text."""

    line: int
    text: str
    #: Where a paragraph wrapped over several lines goes on: ``(offset in text, line)``.
    breaks: tuple[tuple[int, int], ...] = field(default=(), compare=False)

    def line_at(self, offset: int) -> int:
        """The line of the file that holds the character at *offset* of the text."""
        line = self.line
        for start, at in self.breaks:
            if start > offset:
                break
            line = at
        return line

    def line_of(self, words: str) -> int | None:
        """The line of the file where *words* first stand in the text (case aside), or None."""
        at = self.text.lower().find(words.lower())
        return self.line_at(at) if at >= 0 else None


#: What an item of each section can be: a cause of pain or a named condition (an injury) in
#: the causes, treatment or prevention advice in the tips, a question in the FAQ.
ITEM_KINDS = ("cause", "injury", "tip", "question")


@dataclass
class Item:
    """A cause, injury, tip or FAQ question with its body paragraphs (and, for a cause or an
    injury, its fix)."""

    number: int
    title: str
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: One of :data:`ITEM_KINDS`.
    kind: str = "cause"
    #: For a tip given inside a cause or injury (its "Prevention:" bullets), that item's number.
    parent: int | None = None
    #: Index into :attr:`paragraphs` where the fix ("What to do: …") starts; None without one.
    fix_start: int | None = None
    #: A list item whose own text is its body: paragraphs after the list are not part of it.
    self_contained: bool = False

    @property
    def body(self) -> str:
        """The body paragraphs (the fix excluded) joined by blank lines."""
        end = len(self.paragraphs) if self.fix_start is None else self.fix_start
        return "\n\n".join(p.text for p in self.paragraphs[:end])

    @property
    def fix(self) -> str:
        """The fix the item gives, "" when it gives none."""
        if self.fix_start is None:
            return ""
        return "\n\n".join(p.text for p in self.paragraphs[self.fix_start :])


def argued_items(
    first: int, titles: list[str], line: int, paragraph: Paragraph | None, kind: str = "tip"
) -> list[Item]:
    """One whole item per title, numbered from *first*: the pieces one paragraph argues. The
    paragraph is the first item's body, so that its claims are found once."""
    return [
        Item(
            first + i,
            title,
            line,
            [paragraph] if i == 0 and paragraph is not None else [],
            kind=kind,
            self_contained=True,
        )
        for i, title in enumerate(titles)
    ]


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
    """A link to another article or a product.

    A "Related Article" line, a quoted title, a box link.
    """

    title: str
    kind: str  # "related", "quoted" or "product"
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
    warnings: list[InputWarning] = field(default_factory=list)
    format: str = "text"
    meta: dict[str, str] = field(default_factory=dict)
    #: What the parser did not use, for the editor (``runreport check``), not for the report:
    #: blocks the reader left out (kind ``skipped``) and lists that nothing labels as causes
    #: or tips (kind ``unlabelled-list``).
    unused: list[InputWarning] = field(default_factory=list)

    def section(self, key: str) -> Section | None:
        """The section with *key*, or None when the article has none."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def causes(self) -> list[Item]:
        """The causes ([] for a tips-only article)."""
        reasons = self.section("reasons")
        return reasons.items if reasons else []

    @property
    def tips(self) -> list[Item]:
        """The tips ([] for a causes-only article)."""
        tips = self.section("tips")
        return tips.items if tips else []

    @property
    def faqs(self) -> list[Item]:
        """The FAQ questions (title = question, body = answer)."""
        faq = self.section("faq")
        return faq.items if faq else []
