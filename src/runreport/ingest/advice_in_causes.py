"""The advice an article gives inside its causes and injuries: a "What to do:" fix, an injury's
"Prevention:" or "Treatment:" part, and the tips its bullets and clauses make.

A mixin of the parser (:mod:`runreport.ingest.parse`): it reads and changes the parser's
current section, item and style, and collects the tips in ``nested_tips`` for
:func:`runreport.ingest.item_groups.merge_nested_tips`.
"""

from __future__ import annotations

import re

from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import Item, Paragraph, Section, argued_items
from runreport.ingest.item_groups import sends_to_a_doctor
from runreport.ingest.readers import Block
from runreport.ingest.readers.document import text_after

# A fix labelled inside a paragraph, after its first sentence: "… *Instead:* repeat the distance."
_INLINE_FIX = re.compile(r"(?<=[.!?])\s+([A-Z][\w’' ]{1,25}?)\s*:\s+(\S.*)$")


# A label that names a kind of advice: "Load management", "Shoe changes", "Recovery habits".
_CATEGORY = re.compile(
    r"\b(?:management|changes|habits|basics|tweaks|adjustments|essentials)\s*:?$", re.IGNORECASE
)


def _same(title: str) -> str:
    """A title as compared with another: "Tight, weak calves" and "tight weak calves" agree."""
    return " ".join(re.sub(r"[^\w\s]", " ", title.lower()).split())


class AdviceInCauses:
    """What the parser does with advice inside a cause or an injury."""

    item: Item | None
    style: str | None
    nested_tips: list[Item]
    nested_causes: list[Item]
    cause_part: bool
    advice_prose: bool
    next_block: Block | None

    @property
    def section(self) -> Section:  # provided by the parser
        raise NotImplementedError

    def add_text(self, line: int, text: str) -> None:  # provided by the parser
        raise NotImplementedError

    def advice_label(self, label: str) -> bool:
        """Whether *label* opens the fix of the current cause: "What to do:" in any cause,
        "Prevention:" or "Treatment:" in an injury (elsewhere they head the tips)."""
        item = self.item
        if self.section.key != "reasons" or item is None or item.self_contained:
            return False
        if self.advice_for_all(label):
            return False
        if wording.fix_label(label, in_cause=True) is not None:
            return True
        return item.kind == "injury" and wording.part_label(label) is not None

    def advice_for_all(self, label: str) -> bool:
        """Whether *label* ("What to do:") over bullets after the last of three or more items,
        none with a fix of its own, heads the tips for them all, not the last one's fix."""
        items, after = self.section.items, self.next_block
        return (
            self.section.key == "reasons"
            and len(items) >= 3
            and all(item.fix_start is None for item in items)
            and after is not None
            and after.kind == "item"
            and (
                wording.fix_label(label, in_cause=True) is not None
                # ("Treatment:" after a bullet list of conditions: bullets have no parts)
                or (self.style == "list" and wording.part_label(label) is not None)
            )
        )

    def part_label_here(self, text: str) -> bool:
        """Whether a label here opens an item's advice part ("Prevention:"), not the tips: not
        over headings ("**What Helps**:" over "<li><h4>Dead bugs</h4>" items heads the tips)."""
        after = self.next_block
        return self.advice_label(text) and not (after is not None and after.kind == "heading")

    def advice_labelled(self, block: Block) -> bool:
        """A paragraph labelled as the advice ("**Treatment:** Rest, then …", "Prevention: …")
        outside any cause: it opens the tips, and each piece of its advice is a tip. False (and
        nothing done) for anything else."""
        if not (block.lead and block.after_lead) or self.advice_label(block.lead):
            return False
        if self.section.key == "reasons" and self.item is not None:
            if wording.is_helps_label(block.lead):
                return False  # "What helps: Drop back …" under a cause is its fix
        if wording.section_heading(block.lead, weak=True)[0] != "tips":
            return False
        if self.section.key != "tips" and not self.try_section(block.lead, block.line, 0):
            return False
        self.close_item()
        # its first sentence and each later clause that opens with advice ("…, and put …")
        paragraph = Paragraph(block.line, block.after_lead)
        self.section.items.extend(
            argued_items(
                len(self.section.items) + 1,
                wording.advice_titles(block.after_lead),
                block.line,
                paragraph,
            )
        )
        self.section.end_line = max(self.section.end_line, block.line)
        return True

    def item_paragraph(self, block: Block) -> bool:
        """A paragraph among the causes or tips that is part of an item, starts one, or labels
        what follows: True when it was read so (False: it is text)."""
        text, line = block.text, block.line
        self.note_symptoms(block.lead or text)
        if block.lead and block.after_lead and self.causes_label(block.lead):
            self.nest_cause(block)  # "**Real cause:** Mileage that climbs too fast"
            return True
        label, colon, rest = text.partition(":")
        if colon and not rest.strip() and self.causes_label(label):
            self.add_text(line, text)  # "Common causes include:" over an injury's bullets
            return True
        fix = self.fix_text(block)
        if fix is not None:
            self.start_fix(fix, line)
            self.nest_advice(fix, line, block)
            return True
        if self.box_over_list(block) or self.more_items_label(block):
            return True
        if block.lead and not block.after_lead and wording.is_summary_box(block.lead):
            self.close_item()  # "**Key takeaways**" after the last condition restates them
            self.add_text(line, text)
            self.aside = True
            return True
        if block.lead and not block.after_lead and self.whole_bold_after_list(block.lead):
            self.close_item()  # "**Could it be something else?**" after the causes' bullets
            self.add_text(line, text)
            self.aside = True
            return True
        if self.condition_and_fix(block):
            return True
        # ("**Join our run club!** …" sells: no item)
        promotion = wording.is_promotion(block.text)
        if block.lead and not wording.is_note(block.lead) and not self.aside and not promotion:
            number, title = wording.numbered(block.lead)
            if self.start_item("lead", title, line, number, self_contained=False):
                if block.after_lead:
                    self.add_text(*text_after(block, block.after_lead))
                    self.inline_fix(block)
                    self.more_pieces(title, block)
                return True
        return False

    def condition_and_fix(self, block: Block) -> bool:
        """ "**Achilles tendinopathy** – swap your hill sessions for flat routes" among the tips:
        an injury the article names (among the causes) and its first fix (a tip)."""
        if self.section.key != "tips" or not (block.lead and block.after_lead):
            return False
        name = wording.strip_marks(block.lead).rstrip(" :–—-")
        fix = block.after_lead.lstrip(" –—-:")
        if not (
            wording.is_condition(name) and wording.starts_with_command(fix[:1].upper() + fix[1:])
        ):
            return False
        self.close_item()
        self.advice_prose = False  # (the advice is these lead-ins: prose after is not)
        self.nested_causes.append(Item(0, name, block.line, kind="injury", self_contained=True))
        title = wording.list_item_parts(None, "", fix[:1].upper() + fix[1:])[0]
        self.section.items.extend(
            argued_items(len(self.section.items) + 1, [title], block.line, None)
        )
        return True

    def more_pieces(self, label: str, block: Block) -> None:
        """A label over several pieces of advice ("**Before the run:** eat three hours before,
        and keep any snack small"): each piece after the first is a tip of its own. A label that
        is itself the advice ("**Warm up.** Jog, then swing your legs") keeps its steps."""
        # ("**Load management:** Drop … Keep …" names a kind of advice, not one piece)
        advice = wording.looks_like_advice(label) and not _CATEGORY.search(label)
        if self.section.key != "tips" or advice or label.endswith("?"):
            return  # (nor a question: "**Not shin splints?** … get it checked" is a warning)
        pieces = wording.advice_openers(block.after_lead)[1:]
        self.section.items.extend(
            argued_items(len(self.section.items) + 1, pieces, block.line, None)
        )

    def inline_fix(self, block: Block, text: str | None = None) -> None:
        """The fix a cause's lead-in paragraph (or list item's *text*) ends with
        ("**Overstriding.** … *Instead:* land under your hips.", "1. Weak glutes. … Fix it: side
        planks."): each piece of its advice is a tip of the cause."""
        if self.section.key != "reasons" or self.item is None:
            return
        found = _INLINE_FIX.search(block.after_lead if text is None else text)
        if found and (
            wording.fix_label(found.group(1), in_cause=True) is not None
            or wording.is_helps_label(found.group(1))
        ):
            self.start_fix("", block.line)
            self.nest_advice(found.group(2), block.line, block)

    def fix_text(self, block: Block) -> str | None:
        """The text of the fix *block* opens in the current cause ("Fix it: rest."), or None."""
        if block.lead:
            # "What helps: stretch …" in a cause is its fix (alone, "What Helps" heads the tips)
            helps = block.after_lead and wording.is_helps_label(block.lead) and self.item
            return block.after_lead if helps or self.advice_label(block.lead) else None
        label, colon, rest = block.text.partition(":")
        return rest.strip() if colon and self.advice_label(label) else None

    def note_symptoms(self, label: str) -> None:
        """A cause with a "Symptoms:" part is a condition: an injury."""
        if self.section.key == "reasons" and self.item is not None and not self.item.self_contained:
            if wording.is_symptoms(label):
                self.item.kind = "injury"
                self.cause_part = False

    def causes_label(self, label: str) -> bool:
        """Whether *label* opens the causes part of the current injury ("Causes:", "Risk
        factors"): its bullets are causes of that injury. Sets the parser to read them so."""
        item = self.item
        if self.section.key != "reasons" or item is None or item.self_contained:
            return False
        if not wording.is_causes_part(label):
            return False
        if item.kind != "injury" and not wording.is_condition(item.title):
            return False  # "Training factors" over "Common causes:" is a group of causes
        item.kind = "injury"  # a condition with causes of its own
        self.cause_part = True
        return True

    def nest_cause(self, block: Block) -> None:
        """A bullet of an injury's "Causes" part, or its "Cause: …" paragraph: a cause that
        belongs to that injury."""
        assert self.item is not None
        if block.lead and wording.is_causes_part(block.lead):  # "Real cause: Mileage that …"
            # ("**Causes:** a jump in mileage; tight calves; new shoes": one cause each)
            parts = [p for p in block.after_lead.split("; ") if p.strip()]
            titles = [wording.list_item_parts(None, "", p)[0] for p in parts]
        else:
            titles = [wording.list_item_parts(block.lead, block.after_lead, block.text)[0]]
        self.add_text(block.line, block.text)
        known = {_same(c.title) for c in self.nested_causes}
        for title in titles:
            if title and _same(title) not in known:  # (a cause several injuries share: once)
                known.add(_same(title))
                self.nested_causes.append(
                    Item(
                        0,
                        title[:1].upper() + title[1:],
                        block.line,
                        kind="cause",
                        parent=self.item.number,
                        self_contained=True,
                    )
                )

    def in_fix(self) -> bool:
        item = self.item
        return item is not None and item.fix_start is not None and not item.self_contained

    def nest_tip(self, block: Block) -> None:
        """A bullet of an injury's "Prevention:" list: a tip that belongs to that injury."""
        assert self.item is not None
        title = wording.list_item_parts(block.lead, block.after_lead, block.text)[0]
        self.add_text(block.line, block.text)  # the fix keeps its words; the tip is its title
        if title:
            self.nested_tips.append(
                Item(0, title, block.line, kind="tip", parent=self.item.number, self_contained=True)
            )

    def nest_advice(self, text: str, line: int, block: Block | None = None) -> None:
        """The advice in a cause's fix ("Instead: …") or an injury's "Prevention: …" paragraph:
        a tip for each piece of it, linked to the cause or injury, at the line of *block* (a
        paragraph wrapped over lines) where the piece is."""
        item = self.item
        if item is None or not text:
            return
        pieces = (
            wording.advice_sentences(text) if item.kind == "injury" else wording.advice_titles(text)
        )
        whole = Paragraph(block.line, block.text, block.breaks) if block else None
        for piece in pieces:
            where = (whole.line_of(piece[:30]) if whole is not None else None) or line
            self.nested_tips.append(
                Item(0, piece, where, kind="tip", parent=item.number, self_contained=True)
            )

    def fix_paragraph(self, block: Block) -> None:
        """A paragraph of the current cause that says what to do: its fix, when it is the
        cause's last part ("Get up and move every half hour"), or goes on after a fix label;
        each piece of its advice is a tip of the cause."""
        item, text = self.item, block.text
        if self.section.key != "reasons" or item is None:
            return
        if (
            not item.self_contained
            and item.fix_start is None
            and item.paragraphs
            and wording.opens_with_advice(text)
            and not sends_to_a_doctor(text)  # ("If your knee locks, see a doctor …": a warning)
        ):
            self.start_fix("", block.line)
        if not self.in_fix() or wording.is_note(block.lead or text.partition(":")[0]):
            return
        if wording.advice_openers(text) or wording.opens_with_advice(text):
            self.nest_advice(text, block.line, block)  # (not an advert after the fix)
        elif text.endswith(":") and not block.lead:
            # "Not every pain … is a strain, though. These need a proper assessment:" after
            # the last cause's fix: what follows is not that fix's
            self.close_item()
            self.aside = True

    def start_fix(self, text: str, line: int) -> None:
        item = self.item
        assert item is not None
        self.cause_part = False
        if item.fix_start is None:
            item.fix_start = len(item.paragraphs)
        if text:
            self.add_text(line, text)
