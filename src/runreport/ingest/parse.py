"""Parse a running-health article into an :class:`Article`.

Takes a :class:`~runreport.ingest.readers.Document` (text, Markdown or a saved web page, read
by :mod:`runreport.ingest.readers`) and gives its sections, causes and injuries (each with the
fix it gives), tips (each with the cause it is given under), FAQs, numeric claims, references
and warnings. Nothing here knows the file's format: it reads blocks, and
:mod:`runreport.ingest.listicle_wording` says what their words mean. Structure is best effort:
what a reader can read is accepted, with a ``path:line: warning:`` for what does not add up;
only what is not an article raises :class:`~runreport.errors.ArticleError`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from runreport.errors import ArticleError, InputWarning
from runreport.ingest import label_wording as labels
from runreport.ingest import listicle_wording as wording
from runreport.ingest.advice_around_lists import AdviceAroundLists
from runreport.ingest.advice_in_causes import AdviceInCauses
from runreport.ingest.article import SECTION_ORDER, Article, Item, Paragraph, Reference, Section
from runreport.ingest.cause_groups import CauseGroups
from runreport.ingest.claims import find_claims
from runreport.ingest.faq_questions import FaqQuestions
from runreport.ingest.heading_hints import heading_hint
from runreport.ingest.item_groups import (
    add_nested_causes,
    advice_in_prose_causes,
    argue_tips_before_list,
    argued_causes,
    argued_conditions,
    items_from_prose,
    merge_nested_tips,
    prose_items,
    sections_from_prose,
    tips_from_answers,
    unused_warnings,
)
from runreport.ingest.list_boundaries import ListBoundaries
from runreport.ingest.readers import (
    MAX_BYTES,
    Block,
    Document,
    read_document,
    read_source_lines,
)
from runreport.ingest.readers.document import (
    TITLE_FROM_FILE,
    outline_numbers_dropped,
    text_after,
)

__all__ = [
    "MAX_BYTES",
    "SECTION_ORDER",
    "Article",
    "Item",
    "Paragraph",
    "Reference",
    "Section",
    "parse_article",
    "parse_document",
    "read_lines",
]

_WORD = re.compile(r"[^\W_]")
_STYLE_RANK = {
    "list": 0,
    "lead": 1,
    "heading": 2,
}  # headings win over lead-ins, lead-ins over list items


# Reading ----------------------------------------------------------------------


def read_lines(path: str | Path, data: bytes | None = None) -> list[tuple[int, str]]:
    """The numbered lines of an article file in any format, decoded as the parser decodes it.

    Returns:
        ``(line number, text)`` for every line, trailing whitespace removed.

    Raises:
        ArticleError: empty, too large, binary, undecodable, or control characters.
    """
    return read_source_lines(path, data)


def parse_article(path: str | Path, text: str | None = None) -> Article:
    """Parse the article at *path* (or the given *text*, reported as *path*).

    Args:
        path: The article file; its extension (.txt, .md, .html) chooses the
            reader; used for reading (unless *text* is given) and in messages.
        text: The article's content, to parse without reading a file.

    Returns:
        The parsed :class:`Article`.

    Raises:
        ArticleError: when the file cannot be read as an article.
    """
    data = text.encode("utf-8", "surrogatepass") if text is not None else None
    return parse_document(read_document(path, data, "utf-8" if text is not None else None))


def parse_document(document: Document) -> Article:
    """Turn a :class:`~runreport.ingest.readers.Document` into an :class:`Article`.

    Raises:
        ArticleError: when the document does not have an article's shape.
    """
    blocks = outline_numbers_dropped(document.blocks)
    if blocks is not document.blocks:
        document = dataclasses.replace(document, blocks=blocks)
    return _Parser(document).parse()


class _Parser(AdviceInCauses, AdviceAroundLists, CauseGroups, ListBoundaries, FaqQuestions):
    """One pass over the blocks with a small state machine."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.path = document.path
        self.references: list[Reference] = []
        self.warnings: list[InputWarning] = []
        self.json_ld: list[Block] = []
        self.sections: list[Section] = []
        self.item: Item | None = None
        self.title_counts: dict[str, int] = {}
        self.level: int | None = (
            None  # the current section heading's level (None: no heading, or plain text)
        )
        self.item_level: int | None = None  # the level of the headings that are its items
        self.style: str | None = None  # how its items are marked: "heading", "lead" or "list"
        self.list_ordered = False
        self.list_base = 0  # items before the list that is being read (numbered from 1 again)
        self.numbers: list[int] = []  # the numbers its items were written with
        self.next_block: Block | None = None  # the block after the one being read
        self.nested_tips: list[Item] = []  # advice given inside causes and injuries
        self.nested_causes: list[Item] = []  # an injury's "Causes" bullets
        self.cause_part = False  # under an injury's "Causes" label: its bullets are causes
        self.aside = False  # under a label such as "Sources:" that is no item of the list
        self.box_level: int | None = None  # the level of a summary box heading the aside
        self.advice_prose = False  # under a second advice heading, whose paragraphs are tips
        self.continued = False  # under a second heading of the same section: lists go on
        self.loose_lines: set[int] = set()  # sections opened by an unfamiliar heading's words
        self.block_index = 0
        self.loose_items: list[tuple[int, Block]] = []  # list items read as plain text
        self.related_list = False  # after a "Related Posts:" line: the titles it lists
        self.steps = False  # under a tip's label ("Warm up:"): its bullets are its steps

    def fail(self, line: int, message: str) -> ArticleError:
        return ArticleError(self.path, line, message)

    def warn(self, line: int, message: str, kind: str = "") -> None:
        self.warnings.append(InputWarning(self.path, line, message, kind))

    @property
    def section(self) -> Section:
        return self.sections[-1]

    def parse(self) -> Article:
        title = self.document.title
        if title is None or not title.text:
            raise self.fail(title.line if title else 1, "the article has no title")
        if wording.item_marker(title.text):
            raise self.fail(title.line, "the first line must be the article's title")
        if self.document.meta.get("title_from") == TITLE_FROM_FILE:
            self.warn(1, f"no title in the article: it is called “{title.text}” after its file")
        self.title_counts = wording.title_counts(title.text)
        self.open_section("intro", None, title.line, level=None)
        blocks = self.document.blocks
        for index, block in enumerate(blocks):
            self.next_block = blocks[index + 1] if index + 1 < len(blocks) else None
            self.block_index = index
            self.feed(block)
        self.add_json_ld_questions()
        self.close_section()
        self.references = merge_nested_tips(self.sections, self.references, self.nested_tips)
        self.references = add_nested_causes(self.sections, self.references, self.nested_causes)
        self.references = sections_from_prose(self.sections, self.references)
        prose_tips = advice_in_prose_causes(self.sections)
        self.references = merge_nested_tips(self.sections, self.references, prose_tips)
        tips_from_answers(self.sections)
        keys = [s.key for s in self.sections]
        if not any(section.texts() or section.items for section in self.sections):
            raise self.fail(title.line, "nothing follows the title: the article has no text")
        if "reasons" not in keys and "tips" not in keys:
            first = next(
                (
                    b.line
                    for b in self.document.blocks
                    if b.kind == "item" or wording.item_marker(b.text)
                ),
                title.line,
            )
            self.warn(
                first,
                "no recognisable causes and no tips (expected a heading like 'Common Causes "
                "of …', '7 Reasons For …', 'How to Prevent …' or '9 Tips To …'); its claims "
                "are still checked",
                kind="structure",
            )
        self.check_title_counts(title)
        article = Article(
            self.path,
            title.text,
            title.line,
            self.sections,
            self.references,
            [],
            sorted(self.warnings, key=lambda w: w.line),
            self.document.format,
            self.document.meta,
        )
        article.claims = find_claims(article)
        article.unused = unused_warnings(self.document, self.loose_items)
        return article

    # Blocks -------------------------------------------------------------------

    def feed(self, block: Block) -> None:
        if block.kind != "item":
            self.steps = False
        if block.kind == "link":
            self.add_reference(block.text, block.link or "related", block.line)
        elif block.kind == "qa":
            self.question_block(block)
        elif block.kind == "heading":
            level = self.part_level(block)
            if not self.try_section(block.text, block.line, level):
                self.heading(block.text, block.line, level)
        elif block.kind == "item":
            self.list_item(block)
        else:
            self.paragraph(block)

    def paragraph(self, block: Block) -> None:
        text, line, key = block.text, block.line, self.section.key
        related = wording.RELATED.match(text)
        if related:
            self.add_related(related.group(1), line)
            self.related_list = not related.group(1).strip()
            return
        if self.related_list and wording.is_title_like(wording.numbered(text)[1]):
            self.add_reference(wording.numbered(text)[1], "related", line)  # "Related Posts:" list
            return
        self.related_list = False
        if key == "intro" and text == self.document.title.text:
            return  # a page copied as text repeats its headline under the standfirst
        if self.steps_label(block) or self.group_label(block):
            return
        # A short line on its own (or a bold one) may be a heading: plain text marks none.
        weak = block.lead if block.lead and not block.after_lead else (None if block.lead else text)
        if (
            weak is not None
            and wording.is_title_like(weak)
            and (self.try_section(weak, line, 0) or self.heading(weak, line, 0, weak=True))
        ):
            return
        if self.advice_labelled(block):
            return
        if self.conclusion_lead(block):
            return
        if key != "faq" and self.qa_pair_starts(block):
            self.close_section()
            self.open_section("faq", None, line, level=None)
            key = "faq"
        if key == "faq":
            self.faq_paragraph(block)
            return
        if key == "tips" and self.advice_paragraph(block):
            self.section.items.extend(prose_items(self.section, Paragraph(line, text)))
            self.section.end_line = max(self.section.end_line, line)
            return
        if key == "tips" and (self.advice_after_list(block) or self.closing_advice(block)):
            self.close_item()
            self.section.items.extend(prose_items(self.section, Paragraph(line, text)))
            return
        if key in ("reasons", "tips"):
            if self.item_paragraph(block):
                return
        elif (
            key == "intro"
            and block.lead
            and block.after_lead
            and wording.numbered(block.lead)[0] is not None
            and self.implicit_section(line, block.lead)
        ):
            number, title = wording.numbered(block.lead)
            if self.start_item("lead", title, line, number, self_contained=False):
                self.add_text(*text_after(block, block.after_lead))
                return
        self.fix_paragraph(block)
        after = self.next_block
        if self.style == "list" and labels.is_group_label(text) and after and after.kind == "item":
            self.close_item()  # "Form:" heads the next bullets; it is not the last one's text
        self.add_text(line, text, block.breaks)
        if self.item is not None and self.item.fix_start is None and not self.item.self_contained:
            self.inline_fix(block, text)  # "<h4>1. …</h4><p>… <b>What to do:</b> build …</p>"
        self.list_introduced_by(text)

    def heading(self, text: str, line: int, level: int, weak: bool = False) -> bool:
        """A heading that opens no section: an item, a question, a fix, or text.

        False when it stays text.
        """
        key = self.section.key
        if (
            key == "intro"
            and wording.numbered(text)[0] is not None
            and self.implicit_section(line, text)
        ) or (key == "intro" and self.injury_heading(text, line, weak)):
            key = self.section.key
        if key == "faq":
            if self.faq_heading(text, line, level, weak):
                return True
        elif key in ("reasons", "tips"):
            if not (self.level and level and level <= self.level):
                self.note_symptoms(text)  # (not "## What does it feel like?" after the causes)
            if key == "reasons" and self.advice_label(text):
                self.start_fix("", line)
                return True
            if self.causes_label(text):
                self.add_text(line, text)  # "#### Causes" inside an injury: its bullets follow
                return True
            if key == "reasons" and self.group_heading(text, line, level, weak):
                return True
            if self.summary_box(text, line, level, weak):
                return True
            number, title = wording.numbered(text)
            if number is None and self.section_goes_on(text, line, level, weak):
                return True
            if weak and text.isupper() and len(text) > 3 and self.section.items and number is None:
                self.close_item()  # "CLUB NEWS" in a plain-text newsletter ends the list
                self.aside = True
            self.box_ends(level)
            if self.aside and (
                (self.style in ("list", "heading") and not weak) or (weak and number is not None)
            ):
                self.add_text(line, text)  # headings under an aside are its text, not items
                return True
            if wording.is_aside(text) or (number is None and not weak and self.list_ends()):
                self.close_item()  # "When to See a Doctor" among the items is not one of them
                self.add_text(line, text)
                self.aside = True
                return True
            item_level = self.item_level
            if number is not None and (item_level is None or level == item_level or weak):
                if self.start_item("heading", title, line, number, level=level):
                    return True
            elif weak and self.title_lines_follow(text):
                # plain text whose causes are title lines, each over its paragraphs
                if self.start_item("heading", text.rstrip(":"), line, None, level=0):
                    return True
            elif not weak and self.sub_headings_follow(level):
                # "Running mistakes to avoid" over <h4> cards, after the causes' bullets: a group
                self.close_item()
                self.add_text(line, text)
                self.continued = True
                return True
            elif not weak:
                deeper = self.level is None or level > self.level or self.flattened(level)
                if (item_level is None and deeper) or level == item_level:
                    if self.start_item("heading", text, line, None, level=level):
                        return True
                elif item_level is not None and level > item_level and self.item is not None:
                    self.add_text(line, text)  # a sub-heading inside an item is part of its text
                    return True
                else:
                    # a heading at the section's level ends the item: "When to see a doctor"
                    self.close_item()
                    # … and a list of items: "## The myths" after the causes' bullets
                    # (or the prose before it: "## Where I am now" after "What actually helped")
                    self.aside = self.aside or (
                        (self.style == "list" and len(self.section.items) > 1) or self.style is None
                    )
                    self.continued = self.advice_prose = False
        if weak:
            return False
        self.add_text(line, text)
        return True

    def list_item(self, block: Block) -> None:
        key, line = self.section.key, block.line
        if key == "faq":
            question = wording.question(block.lead or "", heading=True) if block.lead else None
            if question is None and not block.lead:
                question = (
                    wording.question(block.text, heading=True) if block.text.endswith("?") else None
                )
            if question is not None:
                self.start_question(question, line)
                if block.lead and block.after_lead:
                    self.add_text(line, block.after_lead)
                return
        if key == "intro" and (
            (block.ordered and self.list_starts() and self.implicit_section(line, block.text))
            or self.condition_list(block)
        ):
            key = self.section.key
        if self.injury_part(block):
            return
        if self.steps and self.item is not None:
            self.add_text(line, block.text, block.breaks)  # a step of the label's tip
            return
        if key == "tips" and self.style == "list" and not self.aside and self.list_starts():
            self.list_ordered = block.ordered  # a numbered list after the bullets and a remark
        labelled = key in ("reasons", "tips") and self.after_other_conditions_label()
        if (labelled or (key == "reasons" and self.aside)) and self.other_condition(block):
            return  # (look-alikes named after the advice are injuries still)
        if (
            key == "reasons"
            and self.in_fix()
            and (self.style != "list" or block.ordered != self.list_ordered)
        ):
            self.nest_tip(block)
            return
        if (
            key == "reasons"
            and self.style == "heading"
            and self.item is not None
            and not self.item.self_contained
            and not self.aside
            and self.advice_bullets()
        ):
            self.start_fix("", line)  # bullets of advice under a cause heading: its fix
            self.nest_tip(block)
            return
        if (
            key in ("reasons", "tips")
            and (
                self.style is None
                or (self.style == "list" and block.ordered == self.list_ordered)
                or self.continued
            )
            and not self.aside
        ):
            title, body, self_contained = wording.list_item_parts(
                block.lead, block.after_lead, block.text
            )
            if block.lead and wording.is_note(block.lead) and self.continued:
                self.add_text(line, block.text)  # "Goal: no pain on stairs" in a phase's list
                return
            if self.advice_list_starts(block, title):
                self.close_section()
                self.open_section("tips", None, line, level=None)
            if title and self.start_item(
                "list",
                title,
                line,
                block.number,
                self_contained=self_contained,
                ordered=block.ordered,
            ):
                self.advice_prose = False  # the heading's advice is a list: prose after is not
                if body:
                    self.add_text(*text_after(block, body))
                    self.inline_fix(block, body)
                return
        self.add_text(line, block.text, block.breaks)
        if self.item is None and key != "faq":
            self.loose_items.append((self.block_index, block))

    # Sections -----------------------------------------------------------------

    def try_section(self, text: str, line: int, level: int) -> bool:
        """Open the section *text* heads, when it is a section heading allowed here."""
        numbered = wording.numbered(text)[0] is not None  # "Step 1: …" is an item, not a heading
        if numbered and not level:
            return False  # a numbered line of text is an item (or text), never a section
        key, announced = wording.section_heading(text, weak=level == 0)
        # (a line of text ending in ":" announces a list: list_introduced_by reads it)
        short = level > 0 or (not text.endswith(":") and len(text.split()) <= 8)
        loose = key is None and short and not numbered and self.structure_follows(level)
        if loose:
            key = self.loose_key(text, level)
        elif (
            key is None and level > 0 and not numbered and self.section.key in ("intro", "reasons")
        ):
            # "What I think caused it", "What actually helped": prose under them argues items
            key = heading_hint(text, strong=True)
        if key is None:
            key = self.key_from_structure(text, level)
        if key is None:
            return False
        current = self.section
        if not level and key in ("reasons", "tips") and self.part_label_here(text):
            return False  # an injury's "Prevention:" part, not the tips section
        item = self.item
        if not level and item is not None and not item.self_contained and wording.is_note(text):
            return False  # "Why it happens" inside a cause labels its text
        box = current.key == "intro" or (current.key == "reasons" and not level)
        if box and wording.is_summary_box(text):
            return False  # "Key takeaways" before the lists, or bold after the causes, sums them
        # (not above the items' own headings: an <h3> after <h4> causes heads no part of one)
        deeper = bool(level and self.level and level > self.level) and not (
            self.item_level and level < self.item_level
        )
        if deeper and key in ("reasons", "tips") and (self.style != "list" or key == current.key):
            return False  # "Treatment" as a sub-heading of a cause is not the tips section
        if level and self.item_level and level > self.item_level:
            return False  # a sub-heading of an item (items of plain lines have no level)
        if not level and key in ("reasons", "tips") and self.bold_line_in_item():
            return False
        if key == current.key == "tips" and current.paragraphs and self.demotable(current):
            if current.line not in self.loose_lines:
                items_from_prose(current)  # "Treatment options" argued in prose, then "Prevention"
        if self.demotable(current) and (
            key == current.key or SECTION_ORDER.index(key) < SECTION_ORDER.index(current.key)
        ):
            self.demote()
        if (
            key == current.key == "reasons"
            and current.items
            and self.more_items(text, level, announced)
        ):
            self.close_item()
            self.add_text(line, text)
            self.continued, self.aside = True, False
            self.number_anew()
            if self.conditions_follow(level) or self.causes_after_injuries(text, level):
                self.item_level = None  # the new sub-headings are the items now
            return True
        if key == current.key and not loose and self.explained_before(level):
            self.unmake_items()  # its lead-ins were text; this heading lists the items
            self.demote()
        keys = [s.key for s in self.sections]
        if key in keys or SECTION_ORDER.index(key) < SECTION_ORDER.index(self.section.key):
            return False
        self.close_section()
        self.open_section(key, text, line, level, announced)
        if loose:
            self.loose_lines.add(line)
        return True

    def open_section(
        self,
        key: str,
        heading: str | None,
        line: int,
        level: int | None,
        announced: int | None = None,
    ) -> None:
        self.item = None
        self.aside = self.advice_prose = self.continued = False
        self.sections.append(Section(key, heading, line, line, announced))
        self.level = level or None
        self.item_level = None
        self.style = None
        self.list_ordered = False
        self.list_base = 0
        self.numbers = []
        self.renumbered = False  # a second list of the section's items, numbered from 1

    def demotable(self, section: Section) -> bool:
        """A causes or tips heading with no count and no items yet was a heading like any other."""
        return (
            section.key in ("reasons", "tips")
            and section.announced is None
            and not section.items
            and section.heading != ""
        )

    def demote(self) -> None:
        """Fold the current (empty) section back into the one before it."""
        section = self.sections.pop()
        previous = self.sections[-1]
        previous.paragraphs.append(Paragraph(section.line, section.heading or ""))
        previous.paragraphs.extend(section.paragraphs)
        previous.end_line = max(previous.end_line, section.end_line)
        self.references = [
            Reference(r.title, r.kind, r.line, previous.key, r.item)
            if r.section == section.key and r.line >= section.line
            else r
            for r in self.references
        ]
        self.level, self.item_level, self.style, self.item = None, None, None, None
        self.numbers = []

    def close_section(self) -> None:
        """Check the section (and its last item) once it is complete."""
        if not self.sections:
            return
        self.close_item()
        section = self.section
        if (
            section.key in ("reasons", "tips")
            and not section.items
            and section.heading
            and section.line not in self.loose_lines
        ):
            items_from_prose(section)
        elif section.key == "reasons" and section.heading:
            self.nested_causes += argued_causes(section)  # merged by line at the end
            self.nested_causes += argued_conditions(section)
        elif section.key == "tips" and section.heading:
            argue_tips_before_list(section)
        if section.key in ("reasons", "tips") and not section.items:
            if self.demotable(section):
                self.demote()
                return
            what = "causes" if section.key == "reasons" else "tips"
            self.warn(
                section.line,
                f"the {what} section has no items (numbered lines or headings like "
                "'1. Title', bold lead-ins or a list); its heading is read as text",
                kind="structure",
            )
            self.demote()
            return
        if section.key == "faq" and not section.items and section.heading:
            self.warn(
                section.line,
                "the FAQ section has no questions (question headings, 'Q: …' or 'Q1. …')",
            )
        if section.announced is not None and section.announced != len(section.items):
            what = "causes" if section.key == "reasons" else section.key
            self.warn(
                section.line,
                f"the heading promises {section.announced} {what}; "
                f"the article lists {len(section.items)}",
            )

    # Items --------------------------------------------------------------------

    def start_item(
        self,
        style: str,
        title: str,
        line: int,
        number: int | None,
        level: int = 0,
        self_contained: bool = False,
        ordered: bool = False,
    ) -> bool:
        """Start an item of *style*.

        False when the section's items have a stronger style (it is text then).
        """
        if style == "heading" and number == 1 and self.style == "list":
            # "<h4>1. Take out the provoking sessions</h4>" after a list of causes: the tips
            self.tips_after_restart(style, number, line)
        if self.style is not None and _STYLE_RANK[style] < _STYLE_RANK[self.style]:
            if not self.continued:
                return False
            # "What you can do at home" after the treatments' headings: bullets of more tips
            self.style = None
        if (
            self.style is not None
            and _STYLE_RANK[style] > _STYLE_RANK[self.style]
            and not self.continued  # (under a second heading, the first one's items stay)
        ):
            if style == "heading" and len(self.section.items) >= 2 and self.lone_heading(level):
                return False  # one box's heading after a list ("New patient offer") is not items
            if style == "heading" and self.conditions_after_causes(title):
                # "1. Blisters" after the causes' bullets: both are items, numbered anew
                self.continued = True
                self.number_anew()
            elif style == "lead" and self.lone_lead_after_list():
                self.continued = True  # "**At night:** …" after the tips' bullets: one more
            else:
                self.unmake_items()
        elif self.style is not None and _STYLE_RANK[style] > _STYLE_RANK[self.style]:
            # the new items' own bullets and paragraphs are their text
            self.continued = self.advice_prose = False
        if not title.strip():
            return False
        self.close_item()
        self.tips_after_restart(style, number, line)
        section = self.section
        self.style = style
        if style == "heading":
            self.item_level = level if self.item_level is None else self.item_level
            self.advice_prose = False  # the paragraphs under an item's heading are its body
        if style == "list" and not section.items:
            self.list_ordered = ordered
        expected = len(section.items) + 1
        if style == "list" and number == 1:
            # A list that starts again at 1 continues the items: a picture or a box between
            # two <ol>s splits them.
            self.list_base = len(section.items)
        if number is not None:
            base = self.list_base if style == "list" or self.renumbered else 0
            self.check_number(number, expected - base, line)
        kind = "tip"
        if section.key == "reasons":
            kind = "injury" if wording.is_condition(title) else "cause"
        self.item = Item(expected, title.strip(), line, self_contained=self_contained, kind=kind)
        section.items.append(self.item)
        section.end_line = max(section.end_line, line)
        return True

    def unmake_items(self) -> None:
        """Make items of a weaker style paragraphs again.

        They were text after all: lead-ins before the real headings.
        """
        self.close_item(check=False)
        section = self.section
        for item in section.items:
            section.paragraphs.append(Paragraph(item.line, item.title))
            section.paragraphs.extend(
                p for p in item.paragraphs if p.line != item.line or p.text != item.title
            )
        section.items = []
        self.numbers = []
        self.references = [
            Reference(r.title, r.kind, r.line, r.section, None) if r.section == section.key else r
            for r in self.references
        ]

    def close_item(self, check: bool = True) -> None:
        """An item is complete when the next item or section starts."""
        item, self.item = self.item, None
        self.cause_part = False
        if item is None or not check:
            return
        what = wording.singular(self.section.key)
        if not any(_WORD.search(p.text) for p in item.paragraphs):  # "¡" alone is no body
            if self.section.key == "faq":
                # A question no one answers is not part of the FAQ (a later one takes its number).
                self.section.items.remove(item)
                self.warn(item.line, f"question '{item.title}' has no answer; it is left out")
                return
            # A list item's own text is all it says; a heading or lead-in with nothing under it
            # is worth a look.
            if not item.self_contained and self.style != "list":
                self.warn(item.line, f"{what} {item.number} '{item.title}' has no body text")
        elif not _WORD.search(item.body):
            self.warn(
                item.line, f"{what} {item.number} '{item.title}' has no body text, only a fix"
            )

    # Text and references ----------------------------------------------------------

    def add_text(self, line: int, text: str, breaks: tuple[tuple[int, int], ...] = ()) -> None:
        text = text.strip()
        if not text:
            return
        section = self.section
        section.end_line = max(section.end_line, max((at for _, at in breaks), default=line))
        paragraph = Paragraph(line, text, breaks)
        item = self.item
        if item is not None and item.self_contained and line != item.line:
            item = self.item = None  # text after a list of complete items belongs to the section
        if item is not None:
            item.paragraphs.append(paragraph)
        else:
            section.paragraphs.append(paragraph)
        for title in wording.quoted_titles(text):
            self.references.append(
                Reference(title, "quoted", line, section.key, item.number if item else None)
            )

    def add_related(self, rest: str, line: int) -> None:
        title = wording.strip_quotes(rest)
        if not title:
            # "Related Posts:" over a list of links copied with the page: not article text
            self.warn(
                line, "skipped: a 'Related' heading with no article named on its line", "skipped"
            )
            return
        self.add_reference(title, "related", line)

    def add_reference(self, title: str, kind: str, line: int) -> None:
        section = self.section
        section.end_line = max(section.end_line, line)
        item = self.item.number if self.item is not None and not self.item.self_contained else None
        self.references.append(Reference(title, kind, line, section.key, item))

    def check_title_counts(self, title: Block) -> None:
        found, kinds = {"reasons": 0, "tips": 0}, set()
        for section in self.sections:
            if section.key in found:
                # a title's "3 Tips" counts the tips it lists, not the fixes inside its causes
                found[section.key] = sum(item.parent is None for item in section.items)
            if section.key == "reasons":  # "7 Mistakes" counts the causes, not the injuries too
                kinds = {sum(i.kind == kind for i in section.items) for kind in ("cause", "injury")}
        for key, count in self.title_counts.items():
            if count != found[key] and not (key == "reasons" and count in kinds):
                what = "causes" if key == "reasons" else "tips"
                self.warn(
                    title.line, f"the title promises {count} {what}; the article lists {found[key]}"
                )
