"""Advice an article gives around its tips' list rather than in it: a paragraph of commands right
after the list, and a closing "Finally, …" after the last tip under a heading.

A mixin of the parser (:mod:`runreport.ingest.parse`): it reads the document around the
current block and the parser's style and current item.
"""

from __future__ import annotations

import re

from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import Item
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
