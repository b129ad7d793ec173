"""The questions of an article's FAQ: question headings, "Q:" paragraphs, ``<details>`` and
accordion questions, and the questions of a page's structured data.

A mixin of the parser (:mod:`runreport.ingest.parse`): it reads and changes the parser's current
section and item.
"""

from __future__ import annotations

from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import Item, Section
from runreport.ingest.readers import Block
from runreport.ingest.readers.document import text_after


class FaqQuestions:
    """What the parser does with an FAQ's questions and answers."""

    item: Item | None
    level: int | None
    json_ld: list[Block]
    sections: list[Section]

    @property
    def section(self) -> Section:  # provided by the parser
        raise NotImplementedError

    def add_text(self, line: int, text: str) -> None:  # provided by the parser
        raise NotImplementedError

    def close_item(self, check: bool = True) -> None:  # provided by the parser
        raise NotImplementedError

    def close_section(self) -> None:  # provided by the parser
        raise NotImplementedError

    def open_section(self, key, heading, line, level, announced=None) -> None:  # the parser's
        raise NotImplementedError

    def faq_paragraph(self, block: Block) -> None:
        text, line = block.text, block.line
        if block.lead:
            question = wording.question(block.lead, heading=True)
            if question is not None:
                self.start_question(question, line)
                if block.after_lead:
                    self.add_text(*text_after(block, wording.strip_answer(block.after_lead)))
                return
        if block.breaks:  # "Q1. Should I keep running?" with its answer on the next line
            at, next_line = block.breaks[0]
            first = text[:at].strip()
            question = wording.question(first, heading=False) if first.endswith("?") else None
            if question is not None:
                self.start_question(question, line)
                self.add_text(next_line, wording.strip_answer(text[at:].strip()))
                return
        question = wording.question(text, heading=False)
        if question is not None:
            self.start_question(question, line)
            return
        self.add_text(line, wording.strip_answer(text))

    def question_block(self, block: Block) -> None:
        if block.link == "json-ld":
            self.json_ld.append(block)
            return
        if (
            self.section.key != "faq"
            and block.text.endswith("?")
            and "faq" not in [s.key for s in self.sections]
        ):
            self.open_section("faq", None, block.line, level=None)
        if self.section.key != "faq":
            self.add_text(block.line, block.text)
            for line, text in block.answer:
                self.add_text(line, text)
            return
        self.start_question(wording.question(block.text, heading=True) or block.text, block.line)
        for line, text in block.answer:
            self.add_text(line, wording.strip_answer(text))

    def add_json_ld_questions(self) -> None:
        """Questions from structured data, when the page's text shows none."""
        if not self.json_ld or (self.section.key == "faq" and self.section.items):
            return
        if self.section.key != "faq":
            self.close_section()
            self.open_section("faq", None, self.json_ld[0].line, level=None)
        for block in self.json_ld:
            self.start_question(block.text, block.line)
            for line, text in block.answer:
                self.add_text(line, text)

    def faq_heading(self, text: str, line: int, level: int, weak: bool) -> bool:
        """A heading under the FAQ heading is a question, "?" or not, unless the questions so
        far all ask ("Opening Hours" after them is the sidebar's)."""
        question = wording.question(text, heading=True)
        asked = any(q.title.endswith("?") for q in self.section.items)
        deeper = self.level is None or level > self.level
        if question is None and not weak and deeper and not asked:
            question = wording.numbered(text)[1]
        if question is None:
            return False
        self.start_question(question, line)
        return True

    def start_question(self, question: str, line: int) -> None:
        if wording.is_widget(question):
            self.add_text(line, question)  # "Was this article helpful?" asks the reader
            return
        self.close_item()
        section = self.section
        self.item = Item(len(section.items) + 1, question, line, kind="question")
        section.items.append(self.item)
        section.end_line = max(section.end_line, line)
