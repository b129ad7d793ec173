"""What a heading's words say its section is, when it is not a heading runreport knows ("What
actually sets it off", "Building it back up", "Already got one?"), what heads look-alike
conditions ("Often mistaken for"), and whether a line of plain text titles the paragraph under
it. Used by the parser to read unfamiliar headings over structure
(:mod:`runreport.ingest.parse`).
"""

from __future__ import annotations

import re

from runreport.ingest import listicle_wording as wording
from runreport.ingest.listicle_wording import HEADING_MAX, strip_marks
from runreport.ingest.readers import Block

# A heading over what to do once it has happened: "If you already have a blister", "Already got
# one?", "If you roll it on the run", "What to do when one strikes".
_AFTERCARE = re.compile(
    r"^(?:If\s+you(?:['’]ve|\s+have|\s+already|\s+do|\s+get|\s+roll|\s+feel|\s+turn|\s+twist)"
    r"|If\s+(?:it|one)\s+(?:happens|strikes|hits|flares)|Already\s+(?:got|have)\b"
    r"|Got\s+(?:a|one)\b.*\?$|What\s+to\s+do\s+(?:if|when|once)\b"
    r"|When\s+(?:a|one|it)\s+(?:\w+\s+)?(?:strikes|hits|happens)\b|(?:First\s+aid|Mid-run)\b"
    # "In the Moment: Breaking a Cramp"
    r"|In\s+the\s+moment\b|Breaking\s+(?:a|the)\s+\w+"
    # "When the damage is done", "Once it's happened"
    r"|When\s+the\s+damage\s+is\s+done\b|Once\s+(?:it|they)['’]?(?:s|ve|\s+(?:has|have))\s+happened\b)",
    re.IGNORECASE,
)


def is_aftercare(text: str) -> bool:
    """Whether a heading heads what to do once it has happened ("Already got one?")."""
    return bool(_AFTERCARE.match(strip_marks(text)))


# Looser words that say what an unfamiliar heading heads, used only when a list or sub-headings
# follow it: "What actually sets it off", "How I got here"; "The four-step plan", "What worked".
_HINT_CAUSES = re.compile(
    r"\bwhat\s+(?:does\s+|actually\s+)?makes?\b.*\b(?:sore|hurt|ache|pain\w*)"
    # "What wears the fat pad down?", "What irritates the tendon"
    r"|\bwhat\s+(?:wears?\s+(?:\w+\s+){0,4}(?:down|out|thin)|damages?|irritates?|overloads?|loads"
    r"|stresses"
    r"|aggravates?|inflames?|strains?)\b"
    r"|\b(?:why|causes?|caused|causing|culprits?|triggers?|wrong|behind|blame|sets?\s+(?:it|them|mine|yours|this|these|those|things)"
    r"\s+off|risk\s+factors?|myths?|how\s+I\s+got\s+here|what\s+happened|the\s+problem"
    r"|reasons?|sources?\s+of|what(?:['’]s|\s+is)\s+(?:\w+\s+)?(?:going\s+on|happening)|suspects?"
    r"|offenders?)\b",
    re.IGNORECASE,
)
_HINT_TIPS = re.compile(
    r"\b(?:how\s+to|fix(?:es|ing)?|help(?:s|ed)?|treat\w*|prevent\w*|plan|steps?|rehab\w*"
    r"|recover\w*|build(?:ing)?\s+(?:it\s+)?(?:back|up)|back\s+to|back\s+on\s+(?:your|their)\s+feet|get(?:ting)?\s+(?:\w+\s+){0,2}back$|worked|what\s+to\s+do|advice"
    r"|strateg\w+|exercises?|solutions?|remed\w+|relief|eas(?:e|ing)|sooth\w*|cure|manag\w+|protocol|program\w*"
    r"|return\w*|first\s+aid|tell\s+anyone|instead|what\s+I\s+(?:did|do|changed)|(?:doing|do|did)\s+differently|do['’]?s|habits?"
    r"|to\s+do|settl\w*|calm\w*|on\s+track|heal\w*|get(?:ting)?\s+better|get\s+rid\s+of"
    r"|stop\s+(?:one|it|them)|deal\s+with|avoid\w*|keep\w*\s+(?:it|them)\s+(?:away|at\s+bay)"
    r"|stay(?:ing)?\s+(?:healthy|injury[- ]free|on\s+your\s+feet)|for\s+the\s+long\s+(?:run|haul)"
    r"|coming\s+back|extras|bonus|a\s+few\s+more|one\s+more\s+thing|keep\s+running(?![^?]*\?)"
    # "Anything else I can do?"; "Before Your Next Marathon", "Next time", "In the long term"
    r"|(?:anything|something)\s+else\s+(?:I|you|we)\s+can\s+do|before\s+your\s+next|next\s+time"
    r"|(?:in|for)\s+the\s+(?:long\s+term|future)"
    r"|(?:change|adjust|lower)\s+(?:the|your)\s+(?:dose|load))\b",
    re.IGNORECASE,
)


_STRONG_HINT = re.compile(
    # "Why arches get overloaded", "Why tendons get irritated"
    r"^Why\s+(?:[\w'’-]+\s+){1,4}?(?:overloaded|overworked|irritated|inflamed|strained|injured"
    r"|hurt|sore|painful|tight|fail|break\s+down|flare\s+up|give\s+way|get\s+(?:hurt|injured))\b|"
    # "So what does make a knee sore?", "What makes it worse"; "Keep running, but change the dose"
    r"\bwhat\s+(?:does\s+|actually\s+)?makes?\b.*\b(?:sore|hurt|ache|pain\w*)"
    r"|\bkeep\s+running\b(?![^?]*\?)|\b(?:change|adjust|lower)\s+(?:the|your)\s+(?:dose|load)\b"
    r"|\b(?:caus(?:e|es|ed|ing)|culprits?|triggers?|helped|helps|worked|fix(?:ed|es)?|treat\w*"
    r"|prevent\w*|stay(?:ing)?\s+(?:healthy|injury[- ]free)|for\s+the\s+long\s+(?:run|haul)"
    r"|coming\s+back|(?:doing|do|did)\s+differently|first\s+aid"
    r"|(?:settl|calm)(?:e|es|ing)\s+(?:it|things|them)\s+down|back\s+on\s+(?:your|their)\s+feet)\b",
    re.IGNORECASE,
)


def heading_hint(text: str, strong: bool = False) -> str | None:
    """``"reasons"`` or ``"tips"`` when an unfamiliar heading's words lean one way ("What
    actually sets it off", "Building it back up"), else None. *strong* asks for words that say
    so plainly ("What I think caused it", "What actually helped"), for prose under a heading."""
    text = strip_marks(text)
    if len(text) > HEADING_MAX or text.endswith((".", ",", ";")):
        return None
    if strong and not _STRONG_HINT.search(text):
        return None
    causes, tips = bool(_HINT_CAUSES.search(text)), bool(_HINT_TIPS.search(text))
    if causes and tips:
        return "tips" if re.match(r"(?:How|What\s+I|Building|Fix)", text, re.I) else None
    return "reasons" if causes else "tips" if tips else None


# A heading that names a group of causes, not a cause: "Non-Modifiable Factors", "Intrinsic risk
# factors", "Training-related factors" (its bullets are the causes).
_FACTOR_GROUP = re.compile(
    r"^(?:(?:[\w-]+\s+){0,3}(?:risk\s+)?factors|(?:intrinsic|extrinsic|internal|external"
    r"|modifiable|non-?modifiable)(?:\s+(?:causes|ones))?)\s*:?$",
    re.IGNORECASE,
)


def is_factor_group(text: str) -> bool:
    """Whether a heading names a group of causes ("Modifiable Factors"), not a cause."""
    return bool(_FACTOR_GROUP.match(strip_marks(text)))


# A label over other conditions after the causes: "Other causes to rule out:", "What else it
# could be".
_OTHER_CONDITIONS = re.compile(
    r"^(?:(?:Other|More|Less\s+common)\s+(?:causes|conditions|possibilities|culprits)\b"
    r"|What\s+else\b)|\brul(?:e|ing)\s+(?:[\w-]+\s+){0,3}?out\b|\bcould\s+also\s+be\b"
    r"|\bmore\s+than\s+(?:just\s+)?a\s+(?:sprain|strain|niggle|bruise|stitch|cramp)\b"
    r"|\bmight\s+not\s+be\s+(?:your|the|a)\b|\b(?:can|may|might)\s+(?:feel|look)\s+(?:similar|alike)\b"
    # "Things it might be instead", "What it could be instead"
    r"|\b(?:might|could|may)\s+be\s+instead\b|\b(?:or|be)\s+something\s+else\b"
    r"|^What\s+(?:else\s+)?it\s+(?:could|might|may)\s+(?:also\s+)?be\b"
    # "Other things that can mimic QL pain:", "Conditions that look like it:"
    r"|\b(?:mimic\w*|look[- ]?alikes?|masquerad\w*|confused\s+with|mistaken\s+for)\b"
    r"|^(?:Conditions|Problems)\s+that\s+(?:look|feel)\s+like\b",
    re.IGNORECASE,
)


def names_other_conditions(text: str) -> bool:
    """Whether a heading or label heads conditions other than the causes ("Other causes to rule
    out:", "Things it might be instead", "Often mistaken for")."""
    return bool(_OTHER_CONDITIONS.search(text))


def title_line(text: str, colon: bool = False) -> bool:
    """A short line that titles the paragraph under it; with *colon*, also one that ends in ":"
    ("Laces tied too tight:"), though not a label of an item's part ("Fix:", "Symptoms:")."""
    if colon and text.endswith(":"):
        label = text[:-1]
        part = (
            wording.fix_label(label, in_cause=True) is not None
            or wording.part_label(label) is not None
            or wording.is_symptoms(label)
            or wording.is_causes_part(label)
        )
        return not part and _title_line_words(label, 10)
    return _title_line_words(text, 8)


def _title_line_words(text: str, longest: int) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= longest
        and text[:1].isupper()
        and not text.endswith((":", ".", ",", ";", "!", "?"))  # "What's going on?" labels
        and wording.numbered(text)[0] is None
        and not wording.is_note(text)
    )


def argues(block: Block) -> bool:
    """A paragraph of a dozen words or more: the text under a title line."""
    return block.kind == "paragraph" and len(block.text.split()) >= 12
