"""Items that are not marked as a list: causes argued paragraph by paragraph, and the tips an
article gives inside its causes and injuries ("Prevention:" bullets).

And what the parser did not use, for ``runreport check``.

Pure functions on the parser's :class:`~runreport.ingest.article.Section` lists, used by
:mod:`runreport.ingest.parse` once a section (or the whole article) has been read.
"""

from __future__ import annotations

import re

from runreport.errors import InputWarning
from runreport.ingest import listicle_wording as wording
from runreport.ingest.article import (
    SECTION_ORDER,
    Item,
    Paragraph,
    Reference,
    Section,
    argued_items,
)
from runreport.ingest.heading_hints import names_other_conditions
from runreport.ingest.prose_wording import prose_role, reported_advice
from runreport.ingest.readers import Block, Document
from runreport.ingest.sentences import split_sentences


def items_from_prose(section: Section) -> None:
    """Make each paragraph under a causes or tips heading with no list one item, in place.

    Lines ending in ":" and short lines before the first item stay the section's text, as do
    promotions; a short line after the items is a sub-heading and ends them.
    """
    kept: list[Paragraph] = []
    done = False
    last = section.paragraphs[-1] if section.paragraphs else None
    for paragraph in section.paragraphs:
        text = paragraph.text
        title_like = wording.is_title_like(text) and not text.endswith((".", "!"))
        done = done or (title_like and bool(section.items))
        # (after the first piece of advice, a paragraph that gives none is comment: "How long
        # it takes depends on how irritated things are.")
        comment = section.key == "tips" and bool(section.items) and not _gives_advice(text)
        box = wording.is_note(text.partition(":")[0])  # "Quick tip: …" restates, adds nothing
        # ("See your GP promptly if the knee locks …" closing the advice is a note, not a tip)
        box = box or (paragraph is last and bool(section.items) and bool(_SEE_DOCTOR.match(text)))
        # ("a few patterns jumped out" announces the causes; "… was not the cause" denies one)
        box = box or (section.key == "reasons" and _NOT_A_CAUSE.search(text) is not None)
        if done or title_like or text.endswith(":") or wording.is_promotion(text) or comment or box:
            kept.append(paragraph)
            continue
        section.items.extend(prose_items(section, paragraph))
    section.paragraphs = kept


_NOT_A_CAUSE = re.compile(
    r"^(?:(?!\.\s).){0,120}\b(?:a\s+few|several|some|two|three|four|five|a\s+couple\s+of)\s+"
    r"(?:\w+\s+)?(?:patterns|things|reasons|factors|causes|culprits|themes|mistakes)\s+"
    r"(?:jumped|stood|stuck)\s+out\b[^.]*\.?$"
    r"|\b(?:was|is|were|are)\s*(?:n['’]t|\s+not)\s+(?:the|a)\s+(?:cause|reason|culprit)\b",
    re.IGNORECASE,
)
_SEE_DOCTOR = re.compile(
    r"^(?:See|Visit|Consult|Call|Talk\s+to|Speak\s+to|Get\s+(?:it\s+)?(?:checked|seen)\s+by)\s+"
    r"(?:a|your|an)\s+(?:\w+\s+)?(?:GP|doctor|physio\w*|podiatrist|clinician|professional)\b",
    re.IGNORECASE,
)


def sends_to_a_doctor(text: str) -> bool:
    """Whether a paragraph opens by sending the reader to a professional ("See a doctor …")."""
    return bool(_SEE_DOCTOR.match(text) or _SENDS_TO.search(text))


# Advice said without a command: "losing even 5% … is worth the effort", "…, so pick whichever
# pair feels comfortable".
_ADVICE_SAID = re.compile(
    r"\bis\s+worth\s+(?:the\s+effort|it|doing|trying)\b"
    r"|,\s+so\s+(?:pick|choose|go|try|use|get|buy|aim|keep|stick|wear|run|save)\b",
    re.IGNORECASE,
)


def _gives_advice(text: str) -> bool:
    """Whether a paragraph of prose gives any advice at all."""
    return bool(
        _ADVICE_SAID.search(text)
        or wording.advice_openers(text)
        or wording.opens_with_advice(text)
        or wording.looks_like_advice(wording.list_item_parts(None, "", text)[0])
    )


def argued_causes(section: Section) -> list[Item]:
    """The causes argued in prose before a causes section's list, taken out of its text.

    "The most common story is a training jump." … "Weakness in the glutes is the second big
    contributor." … "Under-fuelling is the third." over a list of injuries: each paragraph is a
    cause (two at least, or the text is an introduction).
    """
    first = min((item.line for item in section.items), default=None)
    argued = _argued([p for p in section.paragraphs if first is None or p.line < first])
    if not argued:
        return []
    section.paragraphs = [p for p in section.paragraphs if p not in argued]
    return [item for p in argued for item in prose_items(section, p)]


# A paragraph that opens with the condition it describes: "A tibial stress fracture is more …"
_CONDITION_FIRST = re.compile(
    r"^(?:An?\s+|The\s+)?([^,.;:]{3,60}?)\s+(?:is|are|feels?|causes?|tends?|shows?|hurts?|gives?"
    r"|brings?|starts?)\b",
    re.IGNORECASE,
)


def condition_named_first(text: str) -> str:
    """The condition a sentence opens with, as an item's title ("A tibial stress fracture is
    more focused …" → "Tibial stress fracture"), or ""."""
    found = _CONDITION_FIRST.match(text)
    if not (found and wording.is_condition(name := found.group(1))):
        return ""
    return name[:1].upper() + name[1:]


def argued_conditions(section: Section) -> list[Item]:
    """The conditions a causes section argues a paragraph each after a label that names them
    ("**What it could be**:" then "*Medial tibial stress syndrome* is …", "A *tibial stress
    fracture* is …"): an injury each (two at least), taken out of its text."""
    argued: list[tuple[Paragraph, str]] = []
    labelled = False
    for paragraph in section.paragraphs:
        text = paragraph.text
        if not labelled:
            labelled = len(text.split()) <= 8 and names_other_conditions(text)
            continue
        name = condition_named_first(text)
        if not name:
            break
        argued.append((paragraph, name))
    if len(argued) < 2:
        return []
    section.paragraphs = [p for p in section.paragraphs if all(p is not a for a, _ in argued)]
    return [Item(0, name, p.line, [p], kind="injury", self_contained=True) for p, name in argued]


def argue_tips_before_list(section: Section) -> None:
    """Make the advice a tips section gives in prose before its list items of its own, in place.

    "Use a heat pack … Try the side-lying stretch … Keep walking …" under "Treatment", then
    "Exercises that help:" over bullets: each command is a tip, before the bullets' (every
    sentence of the paragraph a command, two at least: an introduction gives none).
    """
    # (the tips of a cause merged in first are no part of this section's own list)
    first = min((item.line for item in section.items if item.parent is None), default=None)
    if first is None:
        return
    # (under "What am I doing differently now?" the writer's habits are the advice: "If I feel
    # that twinge, I stop and walk home. I also leave stretching alone …")
    own = bool(_FIRST_PERSON_HEADING.search(section.heading or ""))
    # Two commands at least (after a sentence that introduces them or not: "The first job is to
    # take the tendon out of compression. Sit on a cushion …, and get up every 30 minutes"), or
    # the writer's habits: None for a paragraph that gives neither.
    habits = {p.line: _habits(p.text) if own else [] for p in section.paragraphs if p.line < first}
    argued = [
        p
        for p in section.paragraphs
        if p.line < first and (len(wording.advice_openers(p.text)) >= 2 or len(habits[p.line]) >= 2)
    ]
    if not argued:
        return
    section.paragraphs = [p for p in section.paragraphs if p not in argued]
    listed, section.items = section.items, []
    for paragraph in argued:
        if habits[paragraph.line]:
            titles = habits[paragraph.line]
            section.items += argued_items(len(section.items) + 1, titles, paragraph.line, paragraph)
        else:
            section.items.extend(prose_items(section, paragraph))
    for item in listed:
        item.number = len(section.items) + 1
        section.items.append(item)


_FIRST_PERSON_HEADING = re.compile(r"\b(?:am\s+I|I(?:['’]m)?|my|me)\b")
# "If I feel that twinge, I stop and walk home", "I also leave stretching alone": a habit kept
_HABIT = re.compile(
    r"^(?:(?:If|When|Once|After|Before)\b[^,]{2,80},\s+)?I\s+(?:also\s+|now\s+|always\s+|never\s+"
    r"|still\s+)?(?!was\b|were\b|had\b|did\b|used\b|went\b|felt\b|thought\b|got\b|made\b|ran\b"
    r"|am\b|have\b|think\b|know\b|feel\b|hope\b|guess\b|can\b|could\b|would\b)[a-z]+\b"
)


def _habits(text: str) -> list[str]:
    """The sentences of a paragraph that each give a habit the writer keeps, when all do."""
    sentences = [sentence.rstrip(".!") for _, _, sentence in split_sentences(text)]
    return sentences if sentences and all(_HABIT.match(s) for s in sentences) else []


def _argued(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs that each argue a cause in prose, when two or more do; else none."""
    argued = [p for p in paragraphs if prose_role(p.text, advice=False) == "cause"]
    return argued if len(argued) >= 2 else []


def prose_items(section: Section, paragraph: Paragraph) -> list[Item]:
    """The items one paragraph argues: a cause, or each piece of advice it gives."""
    titles = [wording.list_item_parts(None, "", paragraph.text)[0]]
    kind = "tip" if section.key == "tips" else "cause"
    label, colon, rest = paragraph.text.partition(": ")
    labelled = bool(colon) and len(label.split()) <= 6 and not re.search(r"[.!?]", label)
    if kind == "tip" and labelled:
        # "Warm up properly: start every run with …": the label names the first piece
        titles = [label] + wording.advice_openers(rest)[1:]
    elif kind == "tip" and len(openers := wording.advice_openers(paragraph.text)) > 1:
        titles = openers  # "Swap one run for grass. Do calf raises." gives two tips
    elif kind == "cause" and wording.is_condition(titles[0]):
        kind = "injury"
    return argued_items(len(section.items) + 1, titles, paragraph.line, paragraph, kind)


def add_nested_causes(
    sections: list[Section], references: list[Reference], nested: list[Item]
) -> list[Reference]:
    """Put the causes listed inside injuries ("Causes:" bullets) among the causes, in the
    order of the article's lines, each keeping its injury as its parent.

    Renumbers the causes, the parents of the tips and *references* to match, and returns the
    references.
    """
    reasons = next((s for s in sections if s.key == "reasons"), None)
    if reasons is None or not nested:
        return references
    old = {id(item): item.number for item in reasons.items}
    reasons.items = sorted(reasons.items + nested, key=lambda item: item.line)
    renumber = {}
    for number, item in enumerate(reasons.items, 1):
        if id(item) in old:
            renumber[old[id(item)]] = number
        item.number = number
    for item in reasons.items + [i for s in sections if s.key == "tips" for i in s.items]:
        if item.parent is not None:
            item.parent = renumber.get(item.parent, item.parent)
    return [
        Reference(r.title, r.kind, r.line, r.section, renumber.get(r.item, r.item))
        if r.section == "reasons" and r.item is not None
        else r
        for r in references
    ]


def merge_nested_tips(
    sections: list[Section], references: list[Reference], nested: list[Item]
) -> list[Reference]:
    """Put the tips given inside causes first among the article's tips, numbered from 1.

    Adds a tips section (with no heading) when the article has none, renumbers the tips
    section's own items after them and returns *references* renumbered to match.
    """
    if not nested:
        return references
    tips = next((s for s in sections if s.key == "tips"), None)
    if tips is None:
        tips = Section("tips", None, nested[0].line, nested[-1].line)
        order = SECTION_ORDER.index("tips")
        sections.insert(sum(1 for s in sections if SECTION_ORDER.index(s.key) < order), tips)
    for item in tips.items:
        item.number += len(nested)
    for number, item in enumerate(nested, 1):
        item.number = number
    tips.items[:0] = nested
    return [
        Reference(r.title, r.kind, r.line, r.section, r.item + len(nested))
        if r.section == "tips" and r.item is not None
        else r
        for r in references
    ]


def sections_from_prose(sections: list[Section], references: list[Reference]) -> list[Reference]:
    """Find the causes and the advice of an article argued in prose, a paragraph each ("The
    second reason is …", "So what should you do? …", "Next, …"), when it has no lists.

    Splits the introduction into intro, causes and tips sections in place, when it argues two
    items or more, and returns *references* with their sections to match. An article with
    lists of advice but no causes gets only its causes from the introduction's prose ("The
    first mistake was the mileage. …").
    """
    keys = [s.key for s in sections]
    if keys[0] != "intro":
        return references
    if "reasons" in keys:
        return _causes_before_injuries(sections, references)
    # (an article whose advice is listed gets only its causes from prose; a FAQ is no advice)
    intro, only_causes = sections[0], "tips" in keys
    roles = _prose_roles(intro.paragraphs, only_causes)
    argued = sum(role in ("cause", "tip", "injury") for role in roles)
    # (a turn alone, "The good news is …", argues none)
    if sum(role is not None for role in roles) < 2 or argued < 2:
        return references
    roles = [role if role != "turn" else "tip" for role in roles]
    paragraphs, intro.paragraphs = intro.paragraphs, []
    current, at = intro, 1
    for paragraph, role in zip(paragraphs, roles, strict=True):
        key = {"cause": "reasons", "injury": "reasons", "tip": "tips"}.get(role or "")
        if key and key != current.key:
            current = Section(key, None, paragraph.line, paragraph.line)
            sections.insert(at, current)
            at += 1
        current.end_line = max(current.end_line, paragraph.line)
        if role is None:
            current.paragraphs.append(paragraph)
            continue
        titles = [wording.list_item_parts(None, "", _after_question(paragraph.text))[0]]
        if role == "injury":  # "Peroneal tendinopathy is the one I see most.": its name
            titles = [condition_named_first(paragraph.text)]
        if role == "tip":  # each command is a piece of advice ("So what do you do? Start …")
            openers, reported = (
                wording.advice_openers(paragraph.text),
                reported_advice(paragraph.text),
            )
            titles = (reported if len(reported) > len(openers) else openers) or titles
        current.items.extend(
            argued_items(len(current.items) + 1, titles, paragraph.line, paragraph, role)
        )
    intro.end_line = max([intro.line] + [p.line for p in intro.paragraphs])
    return [
        Reference(r.title, r.kind, r.line, _section_at(sections, r.line), r.item)
        for r in references
    ]


def _after_question(text: str) -> str:
    """A paragraph from its first answer on: "So why does it flare up? The first thing I look at
    is …" is titled by what it argues, not by the question it opens with."""
    first = split_sentences(text)[:2]
    if len(first) == 2 and first[0][2].rstrip().endswith("?"):
        return text[first[1][0] :]
    return text


def _prose_roles(paragraphs: list[Paragraph], only_causes: bool) -> list[str | None]:
    """What each paragraph of list-less prose argues (see :func:`prose_role`), with "injury"
    for a run of two or more that each open with a condition ("Peroneal tendinopathy is the
    one I see most.") before the advice, and None for a closing "If …, see your GP"."""
    roles: list[str | None] = []
    advice = False
    for paragraph in paragraphs:
        role = prose_role(paragraph.text, advice)
        # (an article whose advice is in lists turns to it there, not in its prose)
        advice = advice or (role == "turn" and not only_causes)
        roles.append(None if only_causes and role in ("tip", "turn") else role)
    named = [
        role is None and bool(condition_named_first(p.text))
        for p, role in zip(paragraphs, roles, strict=True)
    ]
    for i, is_named in enumerate(named):
        beside = (i > 0 and named[i - 1]) or (i + 1 < len(named) and named[i + 1])
        if is_named and beside and "turn" not in roles[:i] and "tip" not in roles[:i]:
            roles[i] = "injury"
    if roles and roles[-1] in ("tip", "turn") and _SENDS_TO.search(paragraphs[-1].text):
        roles[-1] = None  # "If it isn't getting better …, please come and see one of us"
    return roles


# A closing note that sends the reader on: "please come and see one of us or your GP".
_SENDS_TO = re.compile(
    r"^If\b.*\b(?:see|visit|consult|call)\s+(?:one\s+of\s+us|a|your|an)\b", re.IGNORECASE
)


def _causes_before_injuries(
    sections: list[Section], references: list[Reference]
) -> list[Reference]:
    """The causes an introduction argues in prose, a paragraph each, before a causes section
    that mostly names injuries ("Is it runner's knee or ITB?"): put among its items (two at
    least)."""
    intro = sections[0]
    reasons = next(s for s in sections if s.key == "reasons")
    injuries = sum(item.kind == "injury" for item in reasons.items)
    if injuries * 2 < len(reasons.items):  # (the five usual suspects: conditions, mostly)
        return references
    argued = _argued(intro.paragraphs)
    if not argued:
        return references
    intro.paragraphs = [p for p in intro.paragraphs if p not in argued]
    causes = [
        Item(0, wording.list_item_parts(None, "", p.text)[0], p.line, [p], self_contained=True)
        for p in argued
    ]
    return add_nested_causes(sections, references, causes)


def advice_in_prose_causes(sections: list[Section]) -> list[Item]:
    """The commands inside causes argued in prose, a paragraph each ("… Try skipping an eyelet
    over the sore spot."): a tip of that cause each, to be merged among the tips.

    Only in a paragraph of three sentences or more, after its first: a cause's own title is
    never its advice.
    """
    reasons = next((s for s in sections if s.key == "reasons"), None)
    tips: list[Item] = []
    for item in reasons.items if reasons is not None else []:
        if item.kind != "cause" or not item.self_contained or len(item.paragraphs) != 1:
            continue
        paragraph = item.paragraphs[0]
        sentences = split_sentences(paragraph.text)
        if len(sentences) < 3:
            continue
        for start, _, sentence in sentences[1:]:
            # (not "If you've recently started running, come back …, aching is usual": a
            # condition's list of things done is no command)
            if wording.starts_with_command(sentence) and not re.match(r"(?:If|When)\b", sentence):
                title = wording.list_item_parts(None, "", sentence)[0]
                line = paragraph.line_at(start)
                tips.append(
                    Item(0, title, line, kind="tip", parent=item.number, self_contained=True)
                )
    return tips


def _section_at(sections: list[Section], line: int) -> str:
    """The key of the last section that starts at or before *line*."""
    return [s.key for s in sections if s.line <= line or s is sections[0]][-1]


def unused_warnings(document: Document, loose_items: list[tuple[int, Block]]) -> list[InputWarning]:
    """What the parser did not use, in line order: the blocks the reader left out, and each run
    of list items (``(block index, block)``) that it read as plain text."""
    found = [
        InputWarning(document.path, line, f"left out the {what}", "skipped")
        for line, what in document.skipped
    ]
    runs: list[list[tuple[int, Block]]] = []
    for index, block in loose_items:
        if runs and runs[-1][-1][0] == index - 1:
            runs[-1].append((index, block))
        else:
            runs.append([(index, block)])
    for run in runs:
        first = run[0][1]
        snippet = first.text if len(first.text) <= 50 else first.text[:49] + "…"
        items = f"{len(run)} item{'s' if len(run) > 1 else ''}"
        found.append(
            InputWarning(
                document.path,
                first.line,
                f"a list of {items} ('{snippet}') is read as text: no heading or label makes it "
                "causes or tips",
                "unlabelled-list",
            )
        )
    return sorted(found, key=lambda w: w.line)


def tips_from_answers(sections: list[Section]) -> None:
    """A question-and-answer column (an ask-the-physio page, a magazine's reader question) is all
    answers: when an article gives no causes and no tips of its own, the advice its answers open
    with a command ("Ice it until the swelling has gone") is its advice. Adds a tips section."""
    keys = [s.key for s in sections]
    if "reasons" in keys or "tips" in keys or "faq" not in keys:
        return
    faq = sections[keys.index("faq")]
    tips = Section("tips", None, faq.line, faq.end_line)
    for question in faq.items:
        for paragraph in question.paragraphs:
            for piece in wording.advice_openers(paragraph.text):
                line = paragraph.line_of(piece) or paragraph.line
                tips.items.append(
                    Item(
                        len(tips.items) + 1,
                        piece,
                        line,
                        [Paragraph(line, piece)],
                        kind="tip",
                        self_contained=True,
                    )
                )
    if len(tips.items) >= 2:
        sections.insert(keys.index("faq"), tips)
