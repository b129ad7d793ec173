"""Headings and labels that group the causes rather than name one: "#### Modifiable Factors"
over bullets, "### Training errors" over "####" causes.

A mixin of the parser (:mod:`runreport.ingest.parse`): it reads the document around the
current block and sets the parser's item level; the group's own text joins the section's.
"""

from __future__ import annotations

from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import Item, Section
from runreport.ingest.heading_hints import is_factor_group
from runreport.ingest.readers import Block, Document


class CauseGroups:
    """What the parser does with a heading that groups causes."""

    document: Document
    block_index: int
    next_block: Block | None
    item: Item | None
    item_level: int | None
    continued: bool

    @property
    def section(self) -> Section:  # provided by the parser
        raise NotImplementedError

    def add_text(self, line: int, text: str) -> None:  # provided by the parser
        raise NotImplementedError

    def close_item(self, check: bool = True) -> None:  # provided by the parser
        raise NotImplementedError

    def more_items(self, text: str, level: int, announced: int | None) -> bool:
        """Whether a causes heading after the section's items heads more of them: the injuries
        after the causes ("Two hamstring problems runners get"), counted causes after a list of
        injuries ("7 risk factors you can change"), or the causes after the conditions ("Why it
        happens" over "#### 1. Weak hip abductors"). (The look-alike and sub-heading checks are
        :class:`~runreport.ingest.list_boundaries.ListBoundaries`'.)"""
        return bool(
            wording.names_injuries(text)
            or self.other_conditions_heading(text, level)
            or (level and self.section.heading == "" and announced)
            or self.conditions_follow(level)
            or self.causes_after_injuries(text, level)
        )

    def causes_after_injuries(self, text: str, level: int) -> bool:
        """Whether a heading naming causes ("Why it happens") comes after items that are all
        conditions: the causes follow them, as more items."""
        items = self.section.items
        return bool(
            level
            and items
            and all(item.kind == "injury" for item in items)
            and not wording.names_injuries(text)
            and wording.section_heading(text, weak=False)[0] == "reasons"
        )

    def factor_group(self, text: str, line: int, weak: bool) -> bool:
        """ "### Modifiable Factors" over bullets among the causes (or over a label of them,
        "**Often involved:**"): a group, its bullets the causes (added as the section's text)."""
        after = self.next_block
        ahead = self.document.blocks[self.block_index + 2 : self.block_index + 3]
        if after is not None and after.kind == "paragraph" and after.text.endswith(":") and ahead:
            after = ahead[0]  # past the label
        if weak or after is None or after.kind != "item" or not is_factor_group(text):
            return False
        self.close_item()
        self.add_text(line, text)
        self.continued = True
        return True

    def group_heading(self, text: str, line: int, level: int, weak: bool) -> bool:
        """A heading among the causes that groups them: a factor group or a heading group."""
        return self.factor_group(text, line, weak) or self.heading_group(text, line, level, weak)

    def heading_group(self, text: str, line: int, level: int, weak: bool) -> bool:
        """ "### Training errors" over two or more "####" causes, before the section's first
        item: a group, its sub-headings the items (added as the section's text)."""
        if weak or not level or self.section.items or self.item_level is not None:
            return False
        deeper = 0
        for block in self.document.blocks[self.block_index + 1 : self.block_index + 12]:
            if block.kind == "heading" and block.level <= level:
                break
            if block.kind == "heading" and block.level == level + 1:
                deeper += 1
            elif block.kind == "heading" or block.kind == "item":
                return False
        if deeper < 2:
            return False
        self.add_text(line, text)
        self.item_level = level + 1
        self.continued = True
        return True
