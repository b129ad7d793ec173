"""What a short label over a list says the list is: a group of items ("Strength:"), one tip
and its steps ("Warm up:", "Return-to-run plan:") or a phase of a plan ("Week 3: Run-walk").
Used by the parser (:mod:`runreport.ingest.parse`) to tell items from their steps.
"""

from __future__ import annotations

import re

from runreport.ingest import listicle_wording as wording

# A phase of a plan: "Phase 1: Settle it down", "Stage 2 – Load", "Week 3: Run-walk".
_PHASE = re.compile(
    r"^(?:Phase|Stage|Week|Weeks)\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s*[:.\-–—]\s*\S"
    # "Days 1–3", "Days 4–10", "Day 10 onwards", "Weeks 2 to 4": a rehab's stages alone
    r"|^(?:Days?|Weeks?)\s+\d{1,2}(?:\s*(?:[-–]|to)\s*\d{1,2}|\s+onwards?|\+)?\s*$"
    # "Settle it down (weeks 1–3)", "Build it back (week 4 onwards)": a stage named by its weeks
    r"|^[^()]{3,40}\((?:days?|weeks?|months?)\s+\d{1,2}(?:\s*(?:[-–]|to)\s*\d{1,2}|\s+onwards?|\+)?\)$",
    re.I,
)


def is_phase(text: str) -> bool:
    """Whether a title line names a phase of a plan: its advice, in any shape, is tips."""
    return bool(_PHASE.match(text)) and wording.is_title_like(text)


def is_group_label(text: str) -> bool:
    """A short label ending in ":" that heads a group of bullets ("Warm up:", "Form:")."""
    return text.endswith(":") and len(text.split()) <= 5 and text[:1].isupper()


_GROUP_OF_TIPS = re.compile(
    r"^(?:Try|Do|Use|Consider|Include|Add|Avoid|Watch)\b.*\b(?:these|this|following|some|few|list)\b"
    r"|^(?:Do|Don['’]?t|Avoid|Try|Stop)\s*:?$"
    # "Strengthen (two or three times a week):" over exercises: each one is a tip
    r"|^(?:Strengthen|Stretch|Mobili[sz]e|Loosen|Foam[- ]roll)\b",
    re.IGNORECASE,
)


_PLAN = re.compile(
    r"^[\w\s'’-]{0,40}\b(?:plan|programme|program|protocol|routine|progression)\s*:$", re.I
)


def is_plan_label(text: str) -> bool:
    """A label naming a plan ("Return-to-run plan:"): its numbered lines are its steps."""
    return bool(_PLAN.match(text))


def is_steps_label(text: str) -> bool:
    """A command label over bullets ("Warm up:", "Build the long run slowly:"): the label is
    the tip and the bullets its steps, not a group of tips ("Try these:", "Avoid:")."""
    label = text[:-1].strip() if text.endswith(":") else ""
    return (
        2 <= len(label.split()) <= 7
        and label[:1].isupper()
        and (wording.starts_with_command(label) or wording.is_title_command(label))
        and not _GROUP_OF_TIPS.match(label)
    )


def is_items_label(text: str) -> bool:
    """A group label over more items of a list ("Strength:", "Footwear:"), not a part of one
    injury ("Common causes include:", "What to do:", "Symptoms:", "Prevention:")."""
    label = text[:-1] if text.endswith(":") else text
    return (
        is_group_label(text)
        and not wording.is_causes_part(label)
        and not wording.is_symptoms(label)
        and wording.fix_label(label, in_cause=True) is None
        and wording.part_label(label) is None
    )
