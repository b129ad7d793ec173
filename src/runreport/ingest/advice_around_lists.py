"""Advice an article gives around its tips' list rather than in it: a paragraph of commands right
after the list, a closing "Finally, …" after the last tip under a heading, and a tip's label over
its steps ("Warm up:" then "Five minutes of brisk walking", …).

A mixin of the parser (:mod:`runreport.ingest.parse`): it reads the document around the
current block and the parser's style and current item.
"""

from __future__ import annotations

import re

from runreport.ingest import label_wording as labels
from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import Item, Section
from runreport.ingest.item_groups import sends_to_a_doctor
from runreport.ingest.readers import Block, Document

# A paragraph that closes the advice with more of it: "Finally, don't forget your shoes: …"
_CLOSING = re.compile(
    r"^(?:Finally|Lastly|Last\s+but\s+not\s+least|One\s+last\s+thing"
    # "Two smaller things made a difference as well."
    r"|(?:Two|Three|A\s+couple\s+of|A\s+few)\s+(?:smaller|other|more|extra)\s+things)\b",
    re.I,
)
# "It also helps to keep your stride short": the command after it
_HELPS_TO = re.compile(r"^It\s+(?:also\s+)?(?:helps|pays)\s+to\s+", re.IGNORECASE)


class AdviceAroundLists:
    """Where the parser finds more tips next to the tips' items."""

    document: Document
    block_index: int
    style: str | None
    item: Item | None
    aside: bool
    steps: bool
    next_block: Block | None
    level: int | None

    @property
    def section(self) -> Section:  # provided by the parser
        raise NotImplementedError

    def close_item(self) -> None:  # provided by the parser
        raise NotImplementedError

    def start_item(self, style: str, title: str, line: int, number: int | None) -> bool:
        raise NotImplementedError  # provided by the parser

    def advice_after_list(self, block: Block) -> bool:
        """A paragraph right after the tips' list whose every sentence is a command ("While
        things are settling, stay off steep descents. It also helps to …"): more tips."""
        before = self.document.blocks[self.block_index - 1] if self.block_index else None
        if self.style != "list" or before is None or before.kind != "item" or block.lead:
            return False
        pieces = wording.advice_pieces(block.text)
        advice = [p for p in pieces if wording.starts_with_command(_HELPS_TO.sub("", p))]
        return len(pieces) >= 2 and advice == pieces and not sends_to_a_doctor(block.text)

    def closing_advice(self, block: Block) -> bool:
        """ "Finally, don't forget your shoes: replace them …. And …, shorten your stride …"
        after the body of the last tip under a heading: more tips, not that tip's text."""
        item = self.item
        if self.style != "heading" or item is None or not item.paragraphs or block.lead:
            return False
        return bool(_CLOSING.match(block.text)) and len(wording.advice_openers(block.text)) >= 2

    def steps_label(self, block: Block) -> bool:
        """A command label among the tips over bullets ("Warm up:" then "Five minutes of brisk
        walking", …): one tip, whose bullets are its steps. False (and nothing done) else."""
        after, label = self.next_block, block.text
        if (
            self.section.key != "tips"
            or self.aside
            or block.after_lead
            or self.style not in (None, "list")
            or after is None
            or after.kind != "item"
        ):
            return False
        if not labels.is_plan_label(label):
            if not labels.is_steps_label(label):
                return False
            bullets = self.blocks_after(self.block_index, "item")
            commands = sum(wording.opens_with_advice(b.lead or b.text) for b in bullets)
            if commands * 2 >= len(bullets) and self.section.announced != self.steps_labels():
                return False  # "Ease the load:" over "Swap one run …", "Skip the downhills": tips
        self.close_item()
        self.steps = self.start_item("list", label.rstrip(":"), block.line, None)
        return self.steps

    def blocks_after(self, index: int, kind: str) -> list[Block]:
        """The blocks of *kind* right after the block at *index*."""
        blocks = self.document.blocks
        end = index + 1
        while end < len(blocks) and blocks[end].kind == kind:
            end += 1
        return blocks[index + 1 : end]

    def steps_labels(self) -> int:
        """How many command labels over bullets the current section holds ("THE 6 FIXES" over
        six of them: the labels are its tips, whatever their bullets say)."""
        count, start = 0, self.section.line
        for index, block in enumerate(self.document.blocks):
            if block.line <= start or block.kind == "item":
                continue
            if block.kind == "heading" or wording.section_heading(block.text, weak=True)[0]:
                break
            # (the block's text, as steps_label reads it: a bold label's lead has no colon)
            count += labels.is_steps_label(block.text) and bool(self.blocks_after(index, "item"))
        return count

    def advice_headings_ahead(self) -> bool:
        """Whether the numbered headings from the current one on, at its level, give advice
        ("1. Eat before and after every session", "2. Build volume in steps", …)."""
        blocks = self.document.blocks[self.block_index :]
        level = blocks[0].level if blocks and blocks[0].kind == "heading" else None
        titles = [
            wording.numbered(b.text)[1]
            for b in blocks
            if b.kind == "heading" and b.level == level and wording.numbered(b.text)[0]
        ]
        return len(titles) >= 3 and wording.mostly_advice(titles)

    def bold_line_in_item(self) -> bool:
        """Whether a bold line under a heading of the section is part of its last item, not a
        section: a bold "Treatment" line inside a cause under real headings; but after the
        causes' lead-in paragraphs, "**What to do about it**" over a list heads the tips."""
        return self.level is not None and not self.after_leads()

    def after_leads(self) -> bool:
        """Whether the section's items are bold lead-in paragraphs (two or more) and a list
        follows: a bold line then heads the list, not a part of the last item."""
        after = self.next_block
        return (
            self.style == "lead"
            and len(self.section.items) >= 2
            and after is not None
            and after.kind == "item"
        )

    def key_from_structure(self, text: str, level: int) -> str | None:
        """The section an unfamiliar heading opens, from what follows it: conditions are more
        causes; "What to do:" after the last condition, none with a fix of its own, the tips."""
        if self.conditions_heading(level) or self.other_conditions_heading(text, level):
            return "reasons"
        return "tips" if not level and self.advice_for_all(text) else None
