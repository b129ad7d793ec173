"""Where the parts of an article start when no heading says so: a sentence that announces a
list, a title that counts its items, a condition heading with symptoms under it, numbering that
starts again, a second list of advice, a "Q: … A: …" column.

A mixin of the parser (:mod:`runreport.ingest.parse`): it reads the parser's state and opens
and closes its sections.
"""

from __future__ import annotations

import re

from runreport.ingest import label_wording as labels
from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import SECTION_ORDER, Item, Section
from runreport.ingest.heading_hints import (
    argues,
    heading_hint,
    is_aftercare,
    is_factor_group,
    names_other_conditions,
    title_line,
)
from runreport.ingest.item_groups import condition_named_first, items_from_prose
from runreport.ingest.readers import Block, Document
from runreport.ingest.sentences import split_sentences

# What makes a condition hurt more: its bullets are neither causes nor advice.
_WORSE = re.compile(r"\b(?:aggravat\w*|worse|flare\w*|symptoms?|signs?)\b", re.IGNORECASE)
# More advice announced after the tips' headings: "a few habits keep it from coming back:"
_MORE_ADVICE = re.compile(r"\b(?:habits|tips|rules|changes|ways)\b[^:]*:$", re.IGNORECASE)
# A label that adds to the items: "Other small things:", "A few more tips:", "Also:".
_MORE = re.compile(
    r"^(?:a\s+few\s+|some\s+|and\s+)?(?:other|more|also|extra|bonus|additional|finally)\b",
    re.IGNORECASE,
)
# Between a condition's name and what the bullet says of it: "Morton's neuroma – burning …".
_NAME_SEPARATOR = re.compile(r"\s[–—-]\s|:\s|,\s+(?=(?:where|which|when|with|a|an|the)\s)")


class ListBoundaries:
    """What the parser does where a list starts without a heading."""

    document: Document
    sections: list[Section]
    item: Item | None
    style: str | None
    title_counts: dict[str, int]
    numbers: list[int]
    next_block: Block | None
    box_level: int | None
    block_index: int
    aside: bool
    advice_prose: bool
    continued: bool
    item_level: int | None
    level: int | None
    loose_lines: set[int]
    nested_causes: list[Item]
    list_base: int
    renumbered: bool

    # Provided by the parser.
    @property
    def section(self) -> Section:
        raise NotImplementedError

    def open_section(
        self, key: str, heading: str | None, line: int, level: int | None, announced=None
    ) -> None:
        raise NotImplementedError

    def close_section(self) -> None:
        raise NotImplementedError

    def warn(self, line: int, message: str, kind: str = "") -> None:
        raise NotImplementedError

    def list_introduced_by(self, text: str) -> None:
        """Open the section a sentence announces when a list follows it ("… comes down to one of
        these:", "Here is what we ask patients to do:"), as pages without headings do.

        Only from the introduction, after a section's self-contained list items or before a list
        that numbers from 1 again, and only when the sentence names causes or advice, not both.
        """
        after = self.next_block
        if after is None:
            return
        # "Three things are usually behind it." before a list numbered from 1 announces it too.
        # (one sentence: a long paragraph that merely mentions treatment announces nothing)
        first = (
            len(text.split()) <= 25
            and len(split_sentences(text)) == 1
            and (
                (after.kind == "item" and after.ordered and after.number == 1)
                or (after.kind != "item" and wording.numbered(after.lead or after.text)[0] == 1)
            )
        )
        # (labelled paragraphs are a list too: "… several causes:" then "Hard surfaces. Running …")
        labelled = after.kind == "paragraph" and bool(after.lead) and bool(after.after_lead)
        if not first and not (text.endswith(":") and (after.kind == "item" or labelled)):
            return
        if not text.endswith(":") and self.title_counts and self.section.key == "intro":
            return  # the title says what the list is ("5 Ways to …")
        key = wording.list_intro(text)
        current = self.section
        group = labels.is_group_label(text) and self.style == "list"
        # "When a cramp hits:" over bullets, after causes given as labelled paragraphs
        over_leads = labels.is_group_label(text) and self.style == "lead" and after.kind == "item"
        symptoms = wording.is_symptoms(text.rstrip(":"))
        if (
            key is None
            and group
            and current.key == "reasons"
            and not _WORSE.search(text)
            and not symptoms
            # ("Training factors:" after "Structural factors:"; "What it could be:")
            and not (is_factor_group(text) or names_other_conditions(text))
        ):
            key = "tips"  # after a list of causes, labelled groups of bullets are the advice
        if key == current.key == "reasons" and current.items and after.kind == "item":
            self.close_item()  # "What makes a flare more likely:" after the conditions: more causes
            self.continued = True
            return
        if key == current.key == "tips" and self.style == "heading" and _MORE_ADVICE.search(text):
            self.close_item()  # "… a few habits keep it from coming back:" after the exercises
            self.continued = True
            return
        if key is None or key in [s.key for s in self.sections]:
            return
        if key == "tips" and after.kind == "heading" and wording.is_condition(after.text):
            return  # "… problems we see most – and what to do about each" over "1. Ankle Sprain"
        if (
            current.key != "intro"
            and not (first and current.items)
            and not self.promised_list(key)
            and not over_leads
            and (
                (self.style != "list" and not self._after_whole_bullet())
                or (self.item is not None and not self.item.self_contained and not group)
            )
        ):
            return
        if SECTION_ORDER.index(key) < SECTION_ORDER.index(current.key):
            return
        if key == "tips" and current.key == "intro" and self.causes_heading_follows():
            return  # "A few rules I stick to:" before "## Causes" is not the tips section
        self.close_section()
        self.open_section(key, None, after.line, level=None)

    def _after_whole_bullet(self) -> bool:
        """Whether the last item is a whole bullet among items under headings ("Often mistaken
        for" conditions after the causes): a label after it heads a list of its own."""
        items = self.section.items
        last = self.item or (items[-1] if items else None)
        return self.style == "heading" and last is not None and last.self_contained

    def promised_list(self, key: str) -> bool:
        """Whether the list after this block is the one the title counts ("… and 8 Tips": eight
        bullets after "Here's what I tell every runner:"), within one."""
        promised = self.title_counts.get(key)
        if not promised:
            return False
        blocks, start = self.document.blocks, self.block_index + 1
        end = start
        while end < len(blocks) and end - start <= promised + 1 and blocks[end].kind == "item":
            end += 1  # (counted no further than the promise allows: pages can be huge)
        return abs(end - start - promised) <= 1

    def causes_heading_follows(self) -> bool:
        """Whether a heading further on opens the causes: advice before it is introduction."""
        return any(
            block.kind == "heading"
            and wording.section_heading(block.text, weak=False)[0] == "reasons"
            for block in self.document.blocks[self.block_index + 1 :]
        )

    def advice_list_starts(self, block: Block, title: str) -> bool:
        """A second numbered list after the causes, split from them by a box, that gives
        advice ("1. Step-downs: …") starts the tips; one that goes on naming causes continues."""
        section = self.section
        return (
            section.key == "reasons"
            and section.heading is None
            and block.ordered
            and block.number == 1
            and bool(section.items)
            and all(s.key != "tips" for s in self.sections)
            and wording.looks_like_advice(title)
        )

    def loose_key(self, text: str, level: int) -> str | None:
        """The section an unfamiliar heading over structure opens: its words lean one way, or
        the list's items advise, or its sub-headings name conditions."""
        current = self.section  # (not over causes argued in prose under the causes heading)
        prose = current.key == "reasons" and not current.items
        if names_other_conditions(text) and not prose:
            return "reasons"  # "Things it might be instead": conditions, not advice
        if hint := heading_hint(text):
            return hint
        if self.advice_list_follows():
            return "tips"
        if prose:
            return None
        return "reasons" if self.conditions_follow(level) else None

    def explained_before(self, level: int) -> bool:
        """Whether the current section, opened by an unfamiliar heading at *level* ("Why running
        can trigger it"), only explained: its lead-ins name no condition, and a heading that
        names the section ("Common causes") comes next."""
        current = self.section
        return (
            current.line in self.loose_lines
            and self.style == "lead"
            and self.level == (level or None)
            and not any(item.kind == "injury" for item in current.items)
        )

    def whole_bold_after_list(self, label: str) -> bool:
        """Whether a paragraph all in bold comes after two list items or more: a label over what
        follows ("**Could it be something else?**"), not a lead-in item that unmakes the list;
        or a question after two lead-in items ("**Is It Your Shoes or Your Feet?**")."""
        if self.style == "lead" and label.endswith("?"):
            return len(self.section.items) >= 2
        return self.style == "list" and len(self.section.items) >= 2

    def conditions_after_causes(self, title: str) -> bool:
        """Whether an item heading names a condition after list items that mostly name none:
        injuries after the causes, both items of the article ("Repeated sprains" among the
        causes is a cause)."""
        items = self.section.items
        conditions = sum(wording.is_condition(item.title) for item in items)
        return wording.is_condition(title) and len(items) >= 2 and 3 * conditions < len(items) + 1

    def lone_heading(self, level: int) -> bool:
        """Whether no other heading of *level* follows the current one before a higher heading."""
        for block in self.document.blocks[self.block_index + 1 :]:
            if block.kind == "heading" and block.level <= level:
                return block.level < level
        return True

    def conditions_follow(self, level: int) -> bool:
        """Whether the sub-headings under the current heading (two at least) all name
        conditions ("Is it runner's knee or ITB?" over "Runner's knee", "Iliotibial band
        syndrome"): the injuries a reader is asked to tell apart are items."""
        if not level:
            return False
        titles, items, sub = [], [], None  # (sub: the sub-headings' level, "##" over "####" too)
        for block in self.document.blocks[self.block_index + 1 : self.block_index + 30]:
            if block.kind == "heading" and (block.level <= level or block.level < (sub or 0)):
                break  # (a "###" after "####" conditions heads something else)
            if block.kind == "heading" and block.level == (sub := sub or block.level):
                titles.append(wording.numbered(block.text)[1])
            elif block.kind == "item" and not titles and self.section.key == "reasons":
                # "Where stress fractures happen" over "**Tibial stress fracture** – …" bullets
                items.append(_NAME_SEPARATOR.split(block.lead or block.text, maxsplit=1)[0])
            elif items:
                break
        titles = titles or [t for t in items if len(t.split()) <= 6]
        return len(titles) >= 2 and all(wording.is_condition(t) for t in titles)

    def number_anew(self) -> None:
        """The items that follow number from 1 again, after the section's items so far."""
        self.numbers, self.list_base, self.renumbered = [], len(self.section.items), True

    def item_run(self) -> tuple[int, int]:
        """The first and last block index of the list the current bullet belongs to."""
        blocks = self.document.blocks
        start = end = self.block_index
        while start > 0 and blocks[start - 1].kind == "item":
            start -= 1
        while end + 1 < len(blocks) and blocks[end + 1].kind == "item":
            end += 1
        return start, end

    def advice_bullets(self) -> bool:
        """Whether the list the current bullet belongs to advises (two in three of its bullets,
        at least two): under a cause heading, what to do about it, though no label says so."""
        start, end = self.item_run()
        titles = [
            wording.list_item_parts(b.lead, b.after_lead, b.text)[0]
            for b in self.document.blocks[start : end + 1]
        ]
        return len(titles) >= 2 and wording.mostly_advice(titles)

    def group_label(self, block: Block) -> bool:
        """A bold label over bullets among the causes or tips ("**1. Training errors:**" then
        "- Jumping weekly distance up too quickly"): it names a group; the bullets are the
        items. False (and nothing done) for anything else, and for an injury's parts
        ("**Symptoms:**", "**Prevention:**")."""
        after = self.next_block
        if (
            self.section.key not in ("reasons", "tips")
            or not block.lead
            or block.after_lead
            or not block.text.endswith(":")
            or after is None
            or after.kind != "item"
        ):
            return False
        number, label = wording.numbered(block.lead)
        if number is None and self.style == "heading":
            return False  # "How to do it:" over the steps of a tip heading is that tip's text
        if (
            wording.is_symptoms(label)
            or wording.is_aside(label)
            or self.advice_label(label)
            or wording.fix_label(label) is not None
            or wording.part_label(label) is not None
            or wording.section_heading(label, weak=True)[0] is not None
        ):
            return False
        self.close_item()
        self.add_text(block.line, block.text)
        self.continued = True  # the bullets start items, whatever the items so far were
        return True

    def advice_list_follows(self) -> bool:
        """Whether the list or the sub-headings after the current heading advise ("While it's
        sore" over "Swap your longest run for …", "Use a foam roller …"): two in three or more."""
        titles, level = [], None  # list items, or the sub-headings under the heading
        blocks = self.document.blocks[self.block_index + 1 :]
        if (
            len(blocks) > 1
            and blocks[0].kind == "paragraph"
            and (blocks[1].kind == "item" or labels.is_items_label(blocks[1].text))
        ):
            blocks = blocks[1:]  # "The routine my physio gave me takes twenty minutes:" first
        for block in blocks:
            if block.kind == "heading" and (level is None or block.level == level):
                level = block.level
                titles.append(block.text)
            elif block.kind == "item" and level is None:
                titles.append(wording.list_item_parts(block.lead, block.after_lead, block.text)[0])
            elif block.kind == "paragraph" and level is None and labels.is_items_label(block.text):
                continue  # "Strength:" over the next bullets of the same advice
            elif block.kind != "paragraph" or level is None:
                break
        return len(titles) >= 2 and wording.mostly_advice(titles)

    def qa_pair_starts(self, block: Block) -> bool:
        """A "Q: …" line answered by an "A: …" line outside any FAQ heading starts the FAQ (an
        "Ask the physio" column)."""
        after = self.next_block
        return (
            wording.question(block.text, heading=False) is not None
            and after is not None
            and wording.is_answer(after.text)
            and all(s.key != "faq" for s in self.sections)
        )

    def box_over_list(self, block) -> bool:
        """A labelled paragraph that introduces bullets among a list's items ("**Could it be
        something else?** A few conditions feel alike:") is the bullets' intro, not an item
        that would make the list's items text."""
        after = self.next_block
        if not (block.lead and self.style == "list" and len(self.section.items) >= 2):
            return False
        if not (block.after_lead.endswith(":") and after is not None and after.kind == "item"):
            return False
        self.close_item()
        self.add_text(block.line, block.text)
        return True

    def part_level(self, block) -> int:
        """The level of a heading, one deeper when it labels a part of the current item at the
        item's own level: converters flatten levels ("## 1. Runner's knee", "## What does it
        feel like?", "## What can I do?")."""
        level, text = block.level, block.text
        if not (self.style == "heading" and self.item is not None and self.item_level == level):
            return level
        if self.section.key != "reasons" or wording.numbered(text)[0] is not None:
            return level
        return level + 1 if wording.is_item_part(text) or self.advice_label(text) else level

    def under_summary_box(self) -> bool:
        """Whether the last heading was a box that sums the article up ("Key Takeaways"): its
        list restates the items, it is not them."""
        blocks = self.document.blocks[: self.block_index]
        heading = next((b for b in reversed(blocks) if b.kind == "heading"), None)
        return heading is not None and wording.is_summary_box(heading.text)

    def flattened(self, level: int) -> bool:
        """Whether a heading at its section's own level is the first of its items: a converter
        that flattens levels puts them right under the section's heading ("## Treatment and
        Recovery", "## Taping", …)."""
        section = self.section
        return level == self.level and not section.items and not section.paragraphs

    def other_condition(self, block) -> bool:
        """A bullet that names another condition after the causes ("Morton's neuroma – burning
        between the toes" under "What else it could be"): an injury of the article's."""
        # (after causes argued in prose, only under a label that names other conditions)
        if (
            self.style not in ("list", "heading", "lead")
            and not self.after_other_conditions_label()
        ):
            return False
        parts = _NAME_SEPARATOR.split(block.lead or block.text, maxsplit=1)
        name, rest = wording.strip_marks(parts[0]).rstrip(" ."), "".join(parts[1:])
        # (under "Other things that can mimic it:" a bullet names a condition by its place)
        labelled = self.after_other_conditions_label() and not wording.looks_like_advice(name)
        if labelled:  # "Kidney problems such as a stone or an infection"
            short = re.split(r"\s+(?=(?:such\s+as|like|e\.g\.?|for\s+example)\s)", name)[0]
            name, rest = short, name[len(short) :].strip() + rest
            if named := condition_named_first(block.text):  # "A tibial stress fracture hurts …"
                name, rest = named, block.text
        if not (
            (wording.is_condition(name) and len(name.split()) <= 5)
            or (labelled and len(name.split()) <= 8)
        ):
            return False
        if self.section.key == "tips":  # (after the advice: among the causes, as an injury)
            self.nested_causes.append(Item(0, name, block.line, kind="injury", self_contained=True))
            return True
        body = block.after_lead if block.lead else rest
        # under causes that are headings, the condition is one more of them
        style, level = self.style, self.item_level or 0
        # (a bullet naming another condition is whole: the text after the list is not its body)
        if not self.start_item(style, name, block.line, None, level, self_contained=True):
            return False
        self.item.kind = "injury"
        if body:
            self.add_text(block.line, body)
        return True

    def other_conditions_heading(self, text: str, level: int) -> bool:
        """Whether a heading after bulleted causes heads conditions they may be taken for
        ("Conditions it gets confused with"): more items, injuries. (A label over their bullets
        is read by :meth:`after_other_conditions_label`.)"""
        section = self.section
        return (
            level > 0
            and section.key == "reasons"
            and bool(section.items)
            and self.style == "list"
            and bool(names_other_conditions(text))
        )

    def after_other_conditions_label(self) -> bool:
        """Whether the current bullet's list follows "Other causes to rule out:" (or a heading
        "Often mistaken for")."""
        label = self.block_before_list()
        return (
            label is not None
            and (
                (label.kind == "paragraph" and label.text.endswith(":"))
                or (label.kind == "heading" and len(label.text.split()) <= 8)
            )
            and bool(names_other_conditions(label.text))
        )

    def more_items_label(self, block) -> bool:
        """A short label that adds bullets to items under headings ("Other small things:", "A
        few more tips:"): each bullet is one more item."""
        after = self.next_block
        if self.style != "heading" or after is None or after.kind != "item" or block.lead:
            return False
        text = block.text
        if not (text.endswith(":") and len(text.split()) <= 6 and _MORE.match(text)):
            return False
        self.close_item()
        self.add_text(block.line, text)
        self.continued = True
        return True

    def conclusion_lead(self, block) -> bool:
        """A bold lead-in that opens the conclusion ("**The bottom line** Most knee pain is …")
        ends the list: its text is the conclusion's, not an item's."""
        if not (block.lead and block.after_lead):
            return False
        if wording.section_heading(block.lead, weak=True)[0] != "conclusion":
            return False
        if not self.try_section(block.lead, block.line, 0):
            return False
        self.add_text(block.line, block.after_lead)
        return True

    def summary_box(self, text: str, line: int, level: int, weak: bool) -> bool:
        """ "#### Key Takeaways" among the items restates them: an aside up to the next item."""
        if weak or not self.section.items or not wording.is_summary_box(text):
            return False
        self.close_item()
        self.add_text(line, text)
        self.aside, self.box_level = True, level
        return True

    def box_ends(self, level: int) -> None:
        """A heading above a summary box's ends its aside (the next item's heading)."""
        if self.aside and self.box_level is not None and level < self.box_level:
            self.aside, self.box_level = False, None

    def structure_follows(self, level: int) -> bool:
        """Whether a list, a deeper heading or a bold lead-in comes right after a heading: the
        structure an unfamiliar heading needs before its words may open a section."""
        after, current = self.next_block, self.section
        if after is None or current.key not in ("intro", "reasons"):
            return False
        if level and self.level and level > self.level:
            return False
        ahead = self.document.blocks[self.block_index + 1 : self.block_index + 4]
        if len(ahead) >= 2 and ahead[0].kind == "paragraph" and not ahead[0].lead:
            ahead = ahead[1:]  # "My physio's plan was five habits." and then the list
            after = ahead[0]
        if len(ahead) >= 2 and after.kind == "paragraph" and labels.is_items_label(after.text):
            after = ahead[1]  # "Load management:" over the first of its bullets
        return (
            after.kind == "item"
            # (a bold "**What Helps**:" over "<li><h4>" items too)
            or (after.kind == "heading" and after.level > level and (level > 0 or after.level >= 4))
            or (after.kind == "paragraph" and bool(after.lead) and bool(after.after_lead))
        )

    def list_ends(self) -> bool:
        """A heading after a list that no heading introduced ends that list (it does not make
        the list's items its text)."""
        section = self.section
        if self.continued:
            return False  # a second heading of the section heads more of its items
        return self.style in ("list", "lead") and len(section.items) >= 2 and not section.heading

    def injury_part(self, block: Block) -> bool:
        """A bullet of an injury's "Causes" part (one of its causes) or of its "Symptoms:" part
        (its text): True when it was read so."""
        if self.section.key != "reasons" or self.item is None:
            return False
        if self.cause_part:
            self.nest_cause(block)
            return True
        if self.under_symptoms_label():
            self.add_text(block.line, block.text)
            return True
        return False

    def block_before_list(self) -> Block | None:
        """The block right before the current bullet's list (its label, if it has one)."""
        index = self.item_run()[0]
        return self.document.blocks[index - 1] if index > 0 else None

    def under_symptoms_label(self) -> bool:
        """Whether the current bullet's list follows a "Symptoms:" label."""
        label = self.block_before_list()
        return (
            label is not None
            and label.kind == "paragraph"
            and wording.is_symptoms((label.lead or label.text).strip().rstrip(":"))
        )

    def conditions_heading(self, level: int) -> bool:
        """Whether an unfamiliar heading among the causes heads condition headings ("What it
        might be" over "Plantar fasciitis", "Navicular stress fracture"): more items, after the
        causes (made items first when they were argued in prose)."""
        if self.section.key != "reasons" or not self.conditions_follow(level):
            return False
        if not self.section.items:
            items_from_prose(self.section)
        return True

    def lone_lead_after_list(self) -> bool:
        """Whether a bold lead-in paragraph after the tips' list (two items at least) is the only
        one before the next heading: one more tip, not the real items after lead-ins."""
        if self.section.key != "tips" or self.style != "list" or len(self.section.items) < 2:
            return False
        for block in self.document.blocks[self.block_index + 1 : self.block_index + 20]:
            if block.kind == "heading":
                break
            if block.kind == "paragraph" and block.lead and block.after_lead:
                return False
        return True

    def list_starts(self) -> bool:
        """Whether the current list item is its list's first (no item right before it): a list
        in the introduction is an article's items from its start, not from its third item."""
        before = self.document.blocks[self.block_index - 1] if self.block_index else None
        return before is None or before.kind != "item"

    def implicit_section(self, line: int, text: str) -> bool:
        """A numbered list right after the intro, in an article whose title announces it.

        As in "7 Reasons …".
        """
        if len(self.sections) > 1 or self.under_summary_box():
            return False
        if self.title_counts:
            key = "reasons" if "reasons" in self.title_counts else "tips"
        elif wording.is_condition(wording.numbered(text)[1]):
            key = "reasons"  # "1. Runner's Knee" under a title that counts nothing
        elif wording.title_names_causes(self.document.title.text):
            key = "reasons"  # "Runner's Knee: Causes, Prevention, and Treatment"
        else:
            key = self.numbered_titles_say()
            if key is None:
                return False
        self.open_section(key, "", line, level=None, announced=None)
        return True

    def numbered_titles_say(self) -> str | None:
        """What three or more numbered lines or headings from here on are, by their titles:
        ``"tips"`` when two in three advise, else ``"reasons"`` ("1) Clenched fists", "2) Eyes on
        your feet" under a title that counts nothing); None for fewer than three."""
        titles = []
        for block in self.document.blocks[self.block_index : self.block_index + 40]:
            number, title = wording.numbered(block.lead or block.text)
            if number is not None and block.kind in ("heading", "paragraph") and len(title) < 90:
                titles.append(title)
            elif block.kind == "item" and block.ordered and block.lead and len(block.lead) < 90:
                titles.append(block.lead)  # "<li><strong>Flat feet:</strong> …" with no heading
        if len(titles) < 3:
            return None
        return "tips" if wording.mostly_advice(titles) else "reasons"

    def condition_list(self, block) -> bool:
        """A list in the introduction whose first three items (at least) each name a condition
        ("**Tibial stress fracture** – the inside edge of the shin", under "Where runners get
        them") opens the article's injuries."""
        if len(self.sections) > 1:
            return False
        blocks, start = self.document.blocks, self.block_index
        run = [blocks[start], *self.blocks_after(start, "item")][:3]
        # (two are enough under a label: "Two kinds we see:" over two strains)
        labelled = start > 0 and blocks[start - 1].text.endswith(":") and len(run) == 2
        if (len(run) < 3 and not labelled) or any(b.kind != "item" for b in run):
            return False
        names = [_NAME_SEPARATOR.split(b.lead or b.text, maxsplit=1)[0] for b in run]
        if not all(wording.is_condition(n) and len(n.split()) <= 5 for n in names):
            return False
        self.open_section("reasons", "", block.line, level=None)
        return True

    def injury_heading(self, text: str, line: int, weak: bool = False) -> bool:
        """An unnumbered heading that names a condition and has a "Symptoms" part right
        under it starts an injury listicle ("## Lateral ankle sprain" … "### Symptoms"); so
        does a condition's title line in plain text, over its paragraph, when another title
        line follows ("Hamstring Strain" … "Hamstring Tendinopathy")."""
        if len(self.sections) > 1 or text.endswith("?") or not wording.is_condition(text):
            return False
        ahead = self.document.blocks[self.block_index + 1 : self.block_index + 4]
        if weak:
            if not self.title_lines_follow(text):
                return False
        elif not (
            any(wording.is_item_part((b.lead or b.text).rstrip(":")) for b in ahead)
            or "reasons" in self.title_counts  # ("The 7 Injuries We Hear About Most …")
        ):
            return False  # (its "Symptoms", "Causes:" or "Pain felt in:" part)
        self.open_section("reasons", "", line, level=None)
        return True

    def tips_after_restart(self, style: str, number: int | None, line: int) -> None:
        """Numbered causes that start again at 1 go on as the tips, whose heading is missing."""
        section = self.section
        if (
            number == 1
            and style != "list"
            and section.key == "reasons"
            and len(section.items) >= 2
            and all(s.key != "tips" for s in self.sections)
            and all(n != 1 for n in self.numbers[1:])
            # a second list of the section numbers its items anew, and headings after a list
            # restart it, only when they give advice
            and (not (self.renumbered or self.style == "list") or self.advice_headings_ahead())
        ):
            self.warn(
                line,
                f"numbering restarts at 1 after reason {len(section.items)}: read from here as "
                "the tips (is the tips heading ('N Tips To …') missing?)",
                kind="structure",
            )
            level, item_level = self.level, self.item_level
            self.close_section()
            self.open_section("tips", "", line, level=level)
            self.item_level = item_level

    def section_goes_on(self, text: str, line: int, level: int, weak: bool) -> bool:
        """A heading among the causes or tips that heads more of them: a phase of a plan
        ("Phase 1: Settle it down") or a second heading of the section ("Risk factors" after
        the causes, "Prevention" after "Treatment"). False (nothing done) for any other."""
        key = self.section.key
        if key == "tips" and labels.is_phase(text):
            prose = True  # the bullets, steps and advice under a phase are tips
        else:
            inside_item = self.item_level is not None and level > self.item_level
            if inside_item or not self.more_of_the_same(text, key, weak, level):
                return False
            prose = key == "tips"
        self.close_item()
        self.add_text(line, text)
        self.aside, self.continued, self.advice_prose = False, True, prose
        if not weak and level:
            self.item_level = None  # "Exercises" over <h4> items after tips under <h3>s
        if key == "reasons" and not weak:
            # "Common causes" after causes argued in prose numbers its own from 1
            self.number_anew()
        return True

    def sub_headings_follow(self, level: int) -> bool:
        """Whether a heading after list items heads deeper headings (a group of them: the
        items go on under it), not an item of its own."""
        if self.style != "list" or not self.section.items:
            return False
        if self.level is not None and level <= self.level:
            return False  # "## The myths" after the causes' "##" heading ends them
        for block in self.document.blocks[self.block_index + 1 : self.block_index + 4]:
            if block.kind == "heading":
                return block.level > level
        return False

    def check_number(self, number: int, expected: int, line: int) -> None:
        """Check an item's number.

        Numbering may restart per section or be all 1s; a skip is a warning.
        """
        numbers = self.numbers
        numbers.append(number)
        if number == expected or all(n == 1 for n in numbers):
            return
        what = wording.singular(self.section.key)
        self.warn(
            line,
            f"{what} {len(self.section.items) + 1} is numbered {number}: "
            "the numbering skips or repeats",
        )

    def more_of_the_same(self, text: str, key: str, weak: bool, level: int = 0) -> bool:
        """A second causes heading among the causes, or advice heading among the tips ("How do
        I stop it happening again?"): the list or prose under it gives more of them. A line of
        text must stand alone as a title line ("Risk Factors For Hip Pain In Runners")."""
        if key == "tips" and weak and text.isupper() and heading_hint(text.rstrip(":")) == "tips":
            return True  # "EXERCISES", "THINGS TO AVOID FOR NOW:" in a leaflet's tips
        if weak and not (wording.is_title_like(text) and not text.endswith(":")):
            return False
        if wording.section_heading(text, weak=False)[0] == key:
            return True
        if key == "tips" and not weak and is_aftercare(text):
            return True  # "If you already have a blister" after the tips: advice goes on
        if (
            key == "tips"
            and not weak
            and self.section.items
            # (or after tips a sentence introduced: "… the RICE method can help:" then a list)
            and (level <= self.level if self.level is not None else self.advice_list_follows())
            and not wording.is_aside(text)
            and heading_hint(text) == "tips"
        ):
            return True  # "Staying healthy for the long run" after the tips' list
        # a real heading that asks why ("Why bone gets overloaded" after the injuries' headings)
        # or says what sets it off ("What usually sets it off"; not "The myths")
        listed = self.next_block is not None and self.next_block.kind == "item"
        return (
            (not weak or listed)  # (a bold "What usually sets these off" over bullets too)
            and key == "reasons"
            and (
                text.lower().startswith("why ")
                or (heading_hint(text) == "reasons" and not re.search(r"\bmyths?\b", text, re.I))
            )
        )

    def advice_paragraph(self, block: Block) -> bool:
        """Whether a paragraph under a second advice heading or a phase is advice of its own:
        not a label, an advert, or (after the first) the writer's story going on."""
        if not self.advice_prose or self.aside:
            return False
        text, after = block.text, self.next_block
        # (a paragraph right before a list or its first numbered line introduces it)
        announces = after is not None and (
            after.kind == "item" or wording.numbered(after.lead or after.text)[0] == 1
        )
        return (
            not announces
            and len(text.split()) >= 6  # not "Facebook", a phone number or a line of hashtags
            and not block.lead
            and not text.endswith(":")
            and not wording.is_promotion(text)
            and not (self.section.items and wording.is_story(text))
            # a table's row ("| Week | Sessions |", "1 | 3 | 1 min run …") is no piece of advice
            and not (text.startswith("|") or text.count(" | ") >= 2)
        )

    def title_lines_follow(self, text: str) -> bool:
        """Whether a line of plain text titles an item, as a heading would: a short title line
        over a paragraph, and another such line over a paragraph further on ("Sitting for long
        stretches" … "Weak trunk muscles" …), in a section whose items are such lines or none."""
        if self.style not in (None, "heading") or self.aside or not title_line(text, colon=True):
            return False
        blocks = self.document.blocks[self.block_index + 1 : self.block_index + 14]
        if not blocks or not argues(blocks[0]):
            return False
        if self.style == "heading":
            return True
        colon = text.endswith(":")  # "Laces tied too tight:" over its paragraph, and the next
        return any(
            title_line(a.text, colon=colon) and a.text.endswith(":") == colon and argues(b)
            for a, b in zip(blocks[1:], blocks[2:], strict=False)
            if a.kind == "paragraph" and not a.lead
        )
