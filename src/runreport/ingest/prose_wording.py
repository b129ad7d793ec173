"""How running articles argue in prose: a cause per paragraph ("The second reason is …",
"Fifth is racing too often"), a turn to advice ("So what should you do?") and advice that goes on
("Next, …"). Used by :mod:`runreport.ingest.item_groups` on sections without lists.
"""

from __future__ import annotations

import re

from runreport.ingest import listicle_wording as wording
from runreport.ingest.sentences import split_sentences

# Prose that argues its causes and advice in turn, a paragraph each.
_ORDINAL = r"(?:first|second|third|fourth|fifth|main|biggest|final|last|other)"
_PROSE_CAUSE = re.compile(
    rf"^(?:The|A|An)\s+{_ORDINAL}(?:\s+and\s+\w+)?\s+(?:(?:reason|cause|culprit|explanation|factor"
    r"|mistake|problem|issue|thing\s+I\s+got\s+wrong|thing(?!\s+to\b))"
    r"\b|is\b|was\b|one\b)|^Another\s+(?:common\s+)?(?:reason|cause|culprit|explanation|factor)\b"
    # "The most common way to get the sums wrong is …", "Third, and most underrated, is sleep.",
    # "Then there's fuel."
    r"|^The\s+(?:most\s+common|commonest|biggest)\s+(?:way|reason|cause|culprit|mistake|story"
    r"|trigger|driver|contributor|factor)\b"
    # "Under-fueling is the cause runners least like to hear about."
    r"|^[^,.;]{3,40}?\b(?:is|are)\s+the\s+(?:cause|culprit|trigger)\s+(?!of\b)"
    # "Weakness in the glutes is the second big contributor.", "Under-fuelling is the third"
    r"|^[^,.;]{3,60}?\b(?:is|are)\s+the\s+(?:second|third|fourth|fifth|other|final|last)\b"
    r"(?:\s+(?:big|biggest|main|major|common|key|usual))?"
    r"(?:\s+(?:contributor|cause|reason|culprit|factor|trigger|driver|one|suspect|problem|issue"
    r"|piece(?:\s+of\s+the\s+puzzle)?|part(?:\s+of\s+the\s+story)?))?(?:[,.;]|\s+and\b|$)"
    r"|^(?:Second|Third|Fourth|Fifth|Sixth|Seventh)(?:ly)?(?:,\s+(?:and\s+)?[^,]{3,40},)?\s+(?:is|comes)\b"
    # "Third, the muscles themselves are often weak."
    r"|^(?:Second|Third|Fourth|Fifth|Sixth|Seventh)(?:ly)?,\s+(?!and\b)\w"
    # "The last, and in some ways the most frustrating, is …"
    r"|^The\s+(?:last|final)(?:\s+one)?,\s+(?:and\s+)?[^,]{3,50},\s+is\b"
    # "The first, and by a distance the most common, is …", "Third on the list is footwear"
    rf"|^The\s+{_ORDINAL},\s+(?:and\s+)?[^,]{{3,60}},\s+is\b"
    r"|^(?:Second|Third|Fourth|Fifth|Next|Last)\s+on\s+the\s+list\s+is\b"
    r"|^Then\s+there(?:['’]s|\s+(?:is|are))\b"
    # "The first thing she looks at is how people land.", "Close behind that comes a weak core."
    r"|^The\s+first\s+thing\s+(?:\w+\s+){1,3}?(?:looks?\s+(?:at|for)|checks?|notices?|did\s+wrong"
    r"|got\s+wrong)\b"
    r"|^Close\s+behind\s+(?:that|it|this)\b"
    # "My physio also pointed the finger at my calves.", "The last piece of the puzzle was my job."
    r"|^[^.]{0,40}?\bpointed\s+the\s+finger\s+at\b|^The\s+(?:last|final|other)\s+piece\s+of\s+the\s+puzzle\b"
    # "And fourth, speed work on cold legs."
    r"|^And\s+(?:second|third|fourth|fifth|sixth|finally|lastly),\s+\w"
    # "Shoes are the next suspect", "The surface you run on plays a part too", "Finally, don't
    # overlook how you tie your shoes"
    r"|^[^,.;]{3,40}?\b(?:is|are)\s+the\s+next\s+(?:suspect|culprit|cause|reason|factor|problem"
    r"|thing\s+on\s+the\s+list)\b"
    r"|^(?:(?:Finally|Lastly|Also|And),\s+)?[^,.;]{3,50}?\bplays?\s+(?:a|its)\s+(?:part|role)\b"
    # "Trail running brings its own version of the problem"
    r"|^[^,.;]{3,50}?\bbrings?\s+its\s+own\s+(?:version|risks?|problems?)\b"
    r"|^(?:Finally|Lastly),?\s+(?:don['’]t\s+(?:overlook|forget|ignore)|there['’]s|there\s+(?:is|are))\b"
    # "Starting too fast is another classic", "Weak hips are a frequent contributor too",
    # "Overstriding makes everything worse", "What you drink matters as much as how much"
    r"|^(?:(?:Finally|Lastly|Also|And|Then),\s+)?[^,.;]{3,60}?\b(?:is|are)\s+(?:another|a\s+(?:frequent"
    r"|common|big|major|classic|usual))"
    r"\s+(?:\w+\s+)?(?:classic|culprit|cause|trigger|reason|factor|contributor|suspect|problem"
    r"|piece|part|one|offender)\b"
    r"|^[^,.;]{3,40}?\bmakes?\s+(?:everything|it|things|matters)\s+worse\b"
    r"|^[^,.;]{3,40}?\bmatters?,?\s+(?:too|as\s+well|as\s+much|just\s+as\s+much|more)\b"
    # "The leading explanation today points to the lining of the abdomen"
    r"|^The\s+(?:leading|main|best|favoured|favored|most\s+likely)\s+(?:explanation|theory)\b"
    # "Your shoes can also be part of the story"
    r"|^[^,.;]{3,40}?\b(?:can|may|could)\s+also\s+be\s+(?:a\s+)?part\s+of\s+the\s+"
    r"(?:story|problem|picture)\b",
    re.IGNORECASE,
)
_PROSE_ADVICE_TURN = re.compile(
    r"\b(?:what\s+(?:should|can|do)\s+(?:you|I|we)\s+do|what\s+(?:actually\s+|really\s+)?helps"
    r"|the\s+good\s+news|what\s+now"
    r"|what\s+works|most\s+useful\s+thing"
    # "most experts suggest the same three things", "Preventing them takes a little planning"
    r"|(?:experts?|doctors?|physios?|coaches)\s+(?:suggest|recommend|advise)|^preventing\s+(?:them|it)"
    r"|the\s+first\s+thing\s+to\s+do\s+is"
    r")\b",
    re.IGNORECASE,
)
_PROSE_ADVICE = re.compile(
    r"^(?:Next|Then|Finally|Lastly|Also|Secondly|Thirdly|The\s+first\s+step)\b"
    # "Balance work is the single best investment you can make"
    r"|\bis\s+the\s+(?:single\s+)?(?:best|most\s+useful|most\s+important)\s+(?:investment|thing"
    r"|exercise|fix|habit|change)\b"
    r"|\b(?:also\s+helps|also\s+makes\s+a\s+difference|comes\s+next|it\s+also\s+pays)\b"
    # "The thing that helped most was stretching …", "My physio had me do heel raises …"
    r"|^The\s+(?:one\s+)?(?:thing|exercise)\s+that\s+helped\b|\b(?:had|got)\s+me\s+(?:doing|do)\b"
    # "The last change is to your stride."
    r"|^The\s+(?:last|final|next|other)\s+(?:change|fix|step)\b",
    re.IGNORECASE,
)


# An expert's advice reported, not commanded: "Her second is to build the core", "she prescribes
# a half-kneeling stretch", "She'd also rather you break up your sitting".
_REPORTED_ADVICE = re.compile(
    r"\b(?:suggest(?:s|ion)?|recommend(?:s|ation)?|prescribes?|advises?)\b"
    r"|['’]d\s+(?:also\s+)?rather\s+you\b|\bwould\s+(?:also\s+)?rather\s+you\b"
    # "I ask people to cut their runs short …", "I also ask them to swap …"
    r"|\b(?:I|we)\s+(?:also\s+)?(?:ask|tell|get)\s+(?:people|them|you|runners|patients|clients)\s+to\b"
    r"|^(?:Her|His|Their|My)\s+(?:second|third|next|last|other)\s+(?:one\s+)?is\s+to\b",
    re.IGNORECASE,
)


def reported_advice(text: str) -> list[str]:
    """The sentences of a paragraph that report someone's advice, each a piece of it."""
    return [
        sentence.rstrip(".!")
        for _, _, sentence in split_sentences(text)
        if _REPORTED_ADVICE.search(sentence) and not sentence.rstrip().endswith("?")
    ]


def prose_role(text: str, advice: bool) -> str | None:
    """What a paragraph of list-less prose argues: ``"cause"`` ("The second reason is …"),
    ``"turn"`` (it turns to advice: "So what should you do?"), ``"tip"`` ("Next, …", once the
    article gives advice) or None.

    Args:
        text: The paragraph.
        advice: Whether the article has turned to advice already.
    """
    sentences = [sentence for _, _, sentence in split_sentences(text)[:2]]
    if len(text.split()) < 8:
        return None  # a title line ("The first one"), not a paragraph that argues
    if not advice and any(_PROSE_CAUSE.match(sentence) for sentence in sentences):
        return "cause"
    if not advice and _PROSE_ADVICE_TURN.search(text):
        return "turn"
    if advice and (
        _PROSE_ADVICE.search(sentences[0])
        or wording.starts_with_command(sentences[0])
        # "On the trail itself, shorten your stride …", "Gear matters too. Choose a …"
        or wording.advice_openers(text)
        or reported_advice(text)  # "For stiff hips, she prescribes a stretch …"
    ):
        return "tip"
    return None
