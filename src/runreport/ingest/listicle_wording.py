"""The wording of running-health listicles: which headings, markers and labels mean what.

Takes strings (a heading, a line, a bold lead-in, a title) and says what they
are: a section heading and the count it announces, a numbered item marker, a
question, an answer marker, a fix label, a "Related Article" line, a quoted
article title. :mod:`runreport.ingest.parse` uses these to turn blocks into an article;
a new way of wording a heading is a new pattern here.
"""

from __future__ import annotations

import re
import unicodedata

from runreport.ingest.sentences import split_sentences

#: A heading is a short line; longer lines are paragraphs.
HEADING_MAX = 120

# "7 Simple", "5 of Our Favourite": the words between a count and what it counts
_FEW_WORDS = r"(?:of\s+(?:our|my|the|your)\s+)?(?:[A-Za-z'’-]+\s+){0,2}?"
# A heading's count, in digits or words ("7 Reasons …", "Two hamstring problems runners get").
_HEAD_COUNT = r"(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# What an injury listicle counts: "7 Running Injuries", "5 Conditions", "4 Common Culprits".
_INJURIES = r"(?:Injuries|Conditions|Culprits|Problems)"
_N_REASONS = re.compile(
    r"^(?:The\s+)?(?:Top\s+)?"
    + _HEAD_COUNT
    + r"\s+"
    + _FEW_WORDS
    + r"(?:Reasons?|Causes?|Mistakes|Risk\s+Factors|Triggers)\b",
    re.IGNORECASE,
)
# What a counted list of advice is called: "9 Tips", "5 Ways", "6 Fixes", "4 Simple Remedies".
_ADVICE = (
    r"(?:Tips?|Ways?|Fix(?:es)?|Remed(?:y|ies)|Strateg(?:y|ies)|Stretch(?:es)?|Exercises?|Steps?)"
)
_N_TIPS = re.compile(
    r"^(?:The\s+)?(?:Top\s+)?" + _HEAD_COUNT + r"\s+" + _FEW_WORDS + _ADVICE + r"\b", re.IGNORECASE
)
_CAUSES = re.compile(
    r"^(?:The\s+)?(?:(?:Most|More|Other|Main|Top|Possible|Potential|Likely|Usual|Biggest|Key)\s+)?(?:Common\s+)?"
    r"(?:Causes|Reasons)\s+(?:of|for|behind|why)\b"
    r"|^What(?:\s+Is|['’]s)?\s+Causing\b|^What\s+(?:(?:Actually|Really|Usually)\s+)?(?:Causes"
    r"|Drives|Triggers|Leads\s+To|Brings\s+On|Sets\s+Off)\b"
    # "What puts runners at risk?", "What raises your risk?"
    r"|^What\s+(?:puts|raises|increases|ups)\s+(?:\w+\s+){0,2}(?:at\s+)?risk\b"
    # A label on its own: "Common Causes", "Causes:", "Main Triggers".
    r"|^(?:The\s+)?(?:(?:Most\s+)?(?:Common|Main|Usual|Possible|Typical|Key)\s+)?"
    r"(?:Causes|Culprits|Triggers|Mistakes|Risk\s+Factors)\s*:?$"
    r"|^What\s+(?:Was|Is)\s+Going\s+On\b"
    # "How weak hips lead to running injuries", "The injuries most linked to weak hips"
    r"|^How\s+[\w\s'’-]{3,40}?\s+(?:Leads?|Contributes?)\s+To\b"
    r"|^(?:The\s+)?Injuries\s+(?:Most\s+)?(?:Linked|Associated|Connected)\s+(?:To|With)\b"
    # "Why does it happen?", "Why do runners get it?", "Why does it flare up?"
    r"|^Why\s+(?:Does|Do|Did)\s+(?:It|They|This|Runners?|People|You|We)\s+(?:Happen|Get|Develop"
    r"|Occur|Flare|Keep|Come\s+Back)\b"
    # "Why Runners Strain Their Hamstrings", "Why You Get Shin Splints"
    r"|^Why\s+(?:Runners?|People|You|We|Athletes)\s+(?:Get|Gets|Strain|Develop|Suffer|Injure|Pull"
    r"|Tear|Hurt|Have|Experience|End\s+Up\s+With|Keep\s+Getting)\b"
    # "Risk Factors For Hip Pain In Runners", "Who Is Most At Risk?"
    r"|^(?:(?:Common|Main|Key)\s+)?Risk\s+Factors\s+(?:for|of|include)\b"
    r"|^Who\s+(?:Is|Gets|Are)\s+(?:Most\s+)?(?:at\s+Risk|Likely)\b"
    # "Why they happen:", "What went wrong:", "What caused it".
    r"|^(?:Why\s+(?:It|They|This|These)\s+Happens?|What\s+Went\s+Wrong|What\s+Caused\s+"
    r"(?:It|Them|This|My))\b"
    r"|^Why\s+(?:Does|Do|Is|Are|Would|Might|Can)\s+(?:My|Your|the|a)\b[^.!]*?\b"
    r"(?:Hurts?|Aches?|Sore|Pain|Painful|Burns?|Swell|Swollen|Tight)\b"
    # "Why runners' hips get sore", "Why your shins hurt"
    r"|^Why\s+(?:Runners['’]|Your|My|Our)\s+[\w\s-]{2,30}?\s+(?:Get\s+Sore|Hurts?|Aches?"
    r"|Get\s+(?:Hurt|Injured|Painful|Tight)|Flares?\s+Up)\b",
    re.IGNORECASE,
)
_TIPS = re.compile(
    r"^How\s+(?:to|Can\s+(?:I|You))\s+(?:Prevent|Fix|Treat|Avoid|Stop|Relieve|Ease|Manage|Heal|Cure|Reduce|"
    r"Get\s+Rid\s+of|Deal\s+With|Keep|Look\s+After|Care\s+for|Protect)\b"
    r"|^(?:Prevention|Treatment|Treatments|Treating|Preventing|Tips|Remedies|Home\s+Remedies)\b"
    # "What Helps", "Things That Help:", "What can I do about it?", "Fixes:", "Self-Care".
    r"|^(?:\d{1,3}\s+)?(?:What(?:\s+Else)?|Things\s+That)\s+(?:(?:Actually|Really|Can|May|Might)\s+)?"
    r"(?:Helps?|Works?)\b"
    r"|^What\s+(?:Can|Should)\s+(?:I|You|We)\s+Do\b|^What\s+(?:I|You|We)\s+Can\s+Do\b"
    r"|^What\s+I\s+(?:Did|Do|Changed|Tried)\b|^What\s+to\s+(?:Try|Do)\b"
    # "What do our physios recommend?", "What does the research suggest?"
    r"|^What\s+(?:do|does|would|should)\s+(?:(?:our|the|my|your)\s+)?(?:physios?|physiotherapists?"
    r"|doctors?|coaches|experts?|podiatrists?|we|I)\s+(?:recommend|suggest|advise|prescribe)\b"
    # "What fixed it (eventually)", "What finally sorted it"
    r"|^What\s+(?:Finally\s+|Eventually\s+|Actually\s+|Really\s+)?(?:Fixed|Cured|Sorted|Solved"
    r"|Helped)\b"
    r"|^(?:Other|More|Extra|Further)\s+(?:Ways|Tips|Things\s+That\s+Help)\b"
    r"|^How\s+(?:Do|Can|Should)\s+(?:I|We|You)\s+(?:Get\s+Back|Return|Recover|Stop|Prevent|Avoid"
    r"|Treat|Fix|Ease|Heal|Strengthen|Rehab|Manage|Settle|Protect)\b"
    r"|^(?:Fixes|Solutions|Self-Care|Rehab|Rehabilitation)\b"
    # "If you suspect one", "If it happens to you"
    r"|^If\s+(?:you\s+(?:suspect|think\s+you\s+have)|it\s+happens)\b"
    # "Stopping it coming back", "Keeping it from returning"
    r"|^(?:Stop(?:ping)?|Keep(?:ing)?)\s+(?:it|them)\s+(?:from\s+)?(?:coming\s+back|returning"
    r"|recurring)\b"
    # "Running While You Rehab", "Staying fit while it heals"
    r"|^[^?]{0,40}\bWhile\s+(?:You|It)\s+(?:Rehab|Recover|Heal|Settle)s?\b"
    # "Recovering from it", "Recovery plan", "Getting back to running", "Return to running"
    r"|^Recovering\s+from\b|^Recovery\s*(?:Plan|Tips|Routine|Steps)?\s*:?$"
    r"|^(?:Getting|Coming)\s+Back\s+to\s+(?:Running|Training)\b|^Return(?:ing)?\s+to\s+Run"
    # "Knee-Friendly Habits for Every Runner", "Prevention Tips for Trail Runners".
    r"|^[^?]{0,60}\b(?:Habits|Tips)\s+(?:for|to)\b",
    re.IGNORECASE,
)
# "Conclusion", "Conclusion: Stay Safe", "Final Thoughts On Neck Pain".
_CONCLUSION = re.compile(
    r"^(?:Conclusion|In Conclusion|Final Thoughts|Final Words|Wrapping Up|Wrap-Up"
    r"|The Bottom Line|Bottom Line|Summary|Takeaway|Key Takeaways)"
    r"\b(?:\s*[:\-–—]\s*|\s+)?(?:[^.!?]*)$",
    re.IGNORECASE,
)
_FAQ = re.compile(
    r"^(?:Frequently Asked Questions|FAQs?|Common Questions|Questions and Answers|Q\s*&\s*A|"
    r"People Also Ask|Questions\s+(?:(?:We|I)\s+(?:Are\s+|Am\s+)?(?:Often\s+)?(?:Get|Hear"
    r"|Are\s+Asked|Am\s+Asked|Asked|Answer))"
    r"|(?:Common\s+)?Questions\s+(?:Runners|Patients|People|Readers)\s+Ask|Your\s+Questions"
    r"|Questions\s*$)\b"
    # "Hamstring FAQs", "Shin Splint Frequently Asked Questions"
    r"|^(?:[\w'’-]+\s+){1,3}(?:FAQs?|Frequently\s+Asked\s+Questions)\s*[:?]?$",
    re.IGNORECASE,
)
# "Common Running Injuries", "The 5 Most Common Conditions", "5 Injuries to Know".
_N_INJURIES = re.compile(
    r"^(?:The\s+)?(?:Top\s+)?" + _HEAD_COUNT + r"\s+" + _FEW_WORDS + _INJURIES + r"\b",
    re.IGNORECASE,
)
_INJURIES_LABEL = re.compile(
    r"^(?:The\s+)?(?:Most\s+)?(?:Common|Typical|Main|Usual)\s+(?:Running\s+|Overuse\s+)?"
    r"(?:Injuries|Conditions|(?:\w+\s+)?Problems\s+(?:after|from|in|with|when)\b)\b"
    # "The injuries beginners get most", "Injuries runners see most often"
    r"|^(?:The\s+)?(?:Injuries|Conditions|Problems|Diagnoses)\s+(?:[\w'’-]+\s+){0,3}(?:get|see|suffer"
    r"|face|treat)\s+(?:most|often)\b"
    # "Conditions That Cause Foot Pain in Runners", "Injuries behind heel pain"
    r"|^(?:The\s+)?(?:Injuries|Conditions|Diagnoses)\s+(?:That|Which)\s+(?:Can\s+|Commonly\s+|Often\s+)?"
    r"(?:Cause|Lead\s+to|Bring\s+On|Produce)s?\b|^(?:The\s+)?(?:Injuries|Conditions)\s+Behind\b"
    # "Conditions to know about:", "Injuries worth knowing", "Problems to watch for"
    r"|^(?:The\s+)?(?:Injuries|Conditions|Diagnoses)\s+(?:(?:you\s+)?(?:need|should)\s+)?(?:to\s+)?"
    r"(?:know|knowing|watch|be\s+aware|look\s+out)\b",
    re.IGNORECASE,
)
_SECTIONS = (
    ("reasons", _N_REASONS),
    ("reasons", _N_INJURIES),
    ("reasons", _INJURIES_LABEL),
    ("reasons", _CAUSES),
    ("tips", _N_TIPS),
    ("tips", _TIPS),
    ("conclusion", _CONCLUSION),
    ("faq", _FAQ),
)
# "1. Title", "1) Title", "#1: Title", "#1 Title", "Reason #1: Title", "Tip 3 – Title".
_ITEM = re.compile(
    r"^(?:(?:Reason|Cause|Tip|Step|Way|Mistake|Error|Number|No\.?|Injury|Condition|Problem)\s*)?"
    r"(?:#\s*(\d{1,3})\s*[.):\-–—]?|(\d{1,3})\s*[.):\-–—])\s+(\S.*)$",
    re.IGNORECASE,
)
# Emoji, arrows and task boxes before a heading's or an item's words: "⚠️ Why it happens",
# "[ ] Bird dogs".
_TASK_BOX = re.compile(r"^\[[ xX]\]\s*")
_ARROWS = frozenset("→➜➤►▶•·✓✔✗✘")
_WORDLIKE = re.compile(r"[^\W\d_]{2,}")
_ITEM_LINE = re.compile(r"^\d{1,3}[.)]\s+\S")
_QUESTION = re.compile(r"^(?:Q\s*\d{0,3}|Question\s*\d{0,3})\s*[.:)\-–—]\s*(\S.*)$", re.IGNORECASE)
# "A:", "A1.", "Answer:", "Answer one (Hannah Okoro, physiotherapist):" (a panel's answers)
_ANSWER = re.compile(
    r"^(?:A\d{0,3}\s*:|A\d{1,3}\s*[.)]|Answer(?:\s*\d{1,3}|\s+(?:one|two|three|four|five))?"
    r"(?:\s*\([^()]{2,80}\))?\s*:)\s*",
    re.IGNORECASE,
)
_FIX_WORDS = (
    r"(?:What to do|What you can do|What can I do|What can you do|Fix it|The fix|How to fix it"
    r"|How to fix this|How to fix"
    r"|Instead|Try this|Do this instead|Remediations?|The remedy|The solution|What to do instead"
    # "Recovery tip:", "Quick fix:" inside a cause
    r"|Fix|(?:Recovery|Prevention|Treatment|Rehab)\s+tip|Quick\s+fix)"
)
_HELPS_LABEL = re.compile(
    r"^(?:What\s+(?:helps|can\s+help|will\s+help|to\s+change|to\s+try)|The\s+change)\s*:?$",
    re.IGNORECASE,
)


def is_helps_label(label: str) -> bool:
    """Whether a lead-in is "What helps:" or "What to change:", a fix when text follows it
    inside a cause."""
    return bool(_HELPS_LABEL.match(label))


_FIX_LABEL = re.compile(rf"^{_FIX_WORDS}\s*[:.?]?$", re.IGNORECASE)
# The labelled parts of an injury that give its advice ("Prevention:", "Treatment:").
_PART_WORDS = (
    r"(?:Prevention|Prevention\s+(?:tips|protocol|plan|routine|strateg(?:y|ies))|Preventing\s+it"
    r"|How\s+to\s+(?:prevent|avoid|treat)\s+it"
    r"|Treatment|Treatment\s+options|Treating\s+it|Self[- ]care|What\s+helps|Management|Rehab"
    r"|Recovery|Fixes|Prevention\s+and\s+treatment|Treatment\s+and\s+prevention"
    r"|(?:How\s+to\s+|To\s+)?(?:Avoid|Prevent|Treat|Fix)\s+it(?:\s+by)?|Prevent\s+it"
    r"|If\s+you(?:['’]ve|\s+have)?\s+(?:already\s+)?got\s+it|If\s+it\s+happens"
    r"|How\s+(?:we|I|our\s+physios?)\s+(?:can\s+)?(?:help|treat\s+it))"
)
_PART_LABEL = re.compile(rf"^{_PART_WORDS}\s*[:.]?$", re.IGNORECASE)
_SYMPTOMS = re.compile(
    r"^(?:(?:Typical|Common|Key|Main|Usual|Warning)\s+)?(?:Symptoms|Signs)\b"
    r"|^(?:Signs\s+and\s+symptoms|What\s+(?:it|does\s+it)\s+feels?\s+like|Feels\s+like)\b"
    # "Pain felt in:", "Where it hurts:", "Pain location:"
    r"|^(?:Pain\s+(?:is\s+)?(?:felt|location)|Where\s+(?:it|you)\s+(?:hurts?|feel\s+it))\b"
    # "You may notice:", "You might feel:", "Symptoms include:"
    r"|^You\s+(?:may|might|will|can|could)\s+(?:also\s+)?(?:notice|feel|experience|have)\b",
    re.I,
)
# Words that name a condition: an item titled with one is an injury, not a cause.
_CONDITION = re.compile(
    r"\b(?:syndrome|itbs|tendin(?:itis|opathy|osis)|tendon(?:itis|osis)|fasci(?:itis|opathy)"
    r"|bursitis|fractures?|sprains?|strains?|splints|runner['’]s\s+knee|jumper['’]s\s+knee"
    r"|menisc\w*|tears?|sciatica|metatarsalgia|neuroma|arthritis|chondromalacia|impingement"
    r"|cysts?|plica|sesamoiditis|turf\s+toe|blisters?|black\s+toenails?|stress\s+reaction"
    r"|bone\s+stress|bone\s+bruise|contusion|heel\s+spurs?|chafing|pubalgia|osteitis"
    r"|stress\s+injur(?:y|ies)|pulled\s+(?:muscle|hamstring|calf|groin)|thrombosis|DVT"
    r"|spondyl\w+|(?:joint|SI|tendon)\s+dysfunction|(?:disc|disk)\s+(?:bulge|herniation|prolapse)"
    r"|herniated\s+(?:disc|disk)|slipped\s+(?:disc|disk)|hernias?"
    r"|nerve\s+entrapment|neuritis|neuropathy|fat\s+pad|capsulitis|synovitis|haglund['’]?s"
    r"|osgood|sever['’]s\s+disease)\b",
    re.IGNORECASE,
)
# Bold lead-ins that label a remark, not an item of the list.
_NOTES = re.compile(
    r"^(?:Note|Notes|Please note|Pro tip|Important|Update|Updated|Disclaimer|Editor['’]?s note"
    r"|Sources?|Read more|Related|Bottom line|Summary|Warning|Caution|Key takeaways?"
    r"|Symptoms|Signs|Signs and symptoms|Risk factors"
    r"|Why it happens|Who is at risk|Example|Fun fact|In short|TL;?DR|Also|Plus"
    # Boxes that restate the items around them, not items of their own.
    r"|Quick tip|Top tip|Did you know|Remember"
    # a shop's pick among the items: "🛒 Our pick:", "Editor's pick:", "Sponsored:"
    r"|Our pick|Our top pick|Editor['’]?s pick|Top pick|Sponsored|Advertisement|Ad"
    # what a phase or an exercise is for, not advice: "Goal: …", "Why it works: …"
    r"|Goals?|Aim|Targets?|Why it works|Sets|Reps)\b",
    re.IGNORECASE,
)
RELATED = re.compile(
    r"^(?:Related(?:\s+(?:Articles?|Posts?|Reads?|Reading|Content|Guides?|Injuries|Conditions"
    r"|Topics|Stories|Links))?|Also\s+Read|Read\s+Also|See\s+Also|You\s+Might\s+Also\s+Like|"
    r"Read\s+(?:More|Next)|Recommended(?:\s+Reading)?|You\s+May\s+Also\s+Like|Keep\s+Reading"
    # "More from Health & Injuries:", "Popular posts:" over the links a page lists
    r"|More\s+(?:from|on|in)\s+[^:]{2,40}|(?:Recent|Popular|Latest)\s+(?:Posts|Articles|Stories)"
    r"|Further\s+Reading)\s*:\s*(.*)$",
    re.IGNORECASE,
)
# A title's count, in digits or words ("7 Reasons", "The Five Training Errors …").
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve").split()
_COUNT = r"\b(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+"
_COUNT_REASONS = re.compile(
    _COUNT + _FEW_WORDS + r"(?:Reasons?|Causes?|Mistakes?|Errors?)\b", re.IGNORECASE
)
_COUNT_TIPS = re.compile(_COUNT + _FEW_WORDS + _ADVICE + r"\b", re.IGNORECASE)
_COUNT_INJURIES = re.compile(_COUNT + _FEW_WORDS + _INJURIES + r"\b", re.IGNORECASE)
_QUOTES = "\"'“”‘’„«»"
# A title quoted in running text: an opening quote, 3+ words, a closing quote.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{8,200}?)[”“\"]")
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "but",
    "by",
    "for",
    "from",
    "in",
    "into",
    "of",
    "on",
    "or",
    "the",
    "to",
    "vs",
    "with",
    "your",
    "is",
    "it",
    "its",
}


def is_title_like(text: str) -> bool:
    """A short line that does not end like a sentence part: it may be a heading."""
    return 0 < len(text) <= HEADING_MAX and not text.endswith((".", ",", ";"))


def section_heading(text: str, weak: bool) -> tuple[str | None, int | None]:
    """``(section key, announced count)`` when *text* heads a section, else ``(None, None)``.

    Args:
        text: The heading's text.
        weak: Whether nothing but its shortness marks it as a heading (a line of
            plain text, a bold line): then it must start with a capital, and a
            counted heading must capitalise its noun ("7 Reasons …", not the
            sentence "7 reasons I love running").
    """
    text = strip_marks(text)
    sentence = text.endswith(".") and not text.endswith("..")
    if not weak and sentence:
        text = text[:-1]  # a real heading written as a sentence: "## What went wrong."
    if len(text) > HEADING_MAX or text.endswith((".", ",", ";")) or _FIX_LABEL.match(text):
        return None, None
    if weak and not (text[:1].isupper() or text[:1].isdigit()):
        return None, None
    for key, pattern in _SECTIONS:
        match = pattern.match(text)
        if not match:
            continue
        counted = pattern in (_N_REASONS, _N_TIPS, _N_INJURIES)
        if counted and weak and not match.group(0).split()[-1][0].isupper():
            continue
        if counted and not match.group(1).isdigit() and ("," in text or sentence):
            continue  # "Four mistakes, five habits, and one very patient physio." is a subtitle
        return key, count_of(match.group(1)) if counted else None
    return None, None


def names_injuries(text: str) -> bool:
    """Whether a heading heads a list of injuries ("Two hamstring problems runners get")."""
    text = strip_marks(text)
    return bool(_N_INJURIES.match(text) or _INJURIES_LABEL.match(text))


def count_of(word: str) -> int:
    """A count in digits or words: "7" → 7, "Two" → 2."""
    return int(word) if word.isdigit() else _NUMBER_WORDS.index(word.lower()) + 1


def strip_marks(text: str) -> str:
    """*text* without the emoji, arrows or task box before its words."""
    if not text or text[0].isalnum():
        return text
    text = _TASK_BOX.sub("", text)
    start = 0
    while start < len(text) and (
        text[start] in _ARROWS or unicodedata.category(text[start]) in ("So", "Mn", "Cf", "Zs")
    ):
        start += 1
    return text[start:]


def numbered(text: str) -> tuple[int | None, str]:
    """``(number, title)`` of an item marker; ``(None, text)`` for other text.

    "#3: Weak Glutes" → ``(3, "Weak Glutes")``.
    """
    match = _ITEM.match(text)
    if not match or len(text) > HEADING_MAX:
        return None, text
    return int(match.group(1) or match.group(2)), match.group(3).strip().rstrip(":").strip()


def item_marker(text: str) -> bool:
    """Whether *text* is a numbered line like the items of the seed ("1. Title")."""
    return bool(_ITEM_LINE.match(text)) and len(text) <= HEADING_MAX


def list_item_parts(lead: str | None, after_lead: str, text: str) -> tuple[str, str, bool]:
    """Title, body and whether a list item is complete in itself.

    "**Weak glutes.** Your glutes …" gives the lead-in as title and the rest as
    body; a short item without final punctuation is a title whose body follows
    the list; a sentence or more is its own body, titled by its first sentence.

    Returns:
        ``(title, body, self_contained)``.
    """
    lead, text = strip_marks(lead) if lead else lead, strip_marks(text)
    if lead:
        return numbered(lead)[1], after_lead, bool(after_lead)
    if is_title_like(text) and not text.endswith(("!", "?")):
        return numbered(text)[1], "", False
    first = split_sentences(text)[0][2].rstrip(" .!?,;")
    if len(first) > HEADING_MAX:
        first = first[: HEADING_MAX - 1].rsplit(" ", 1)[0] + "…"
    return first, text, True


def question(text: str, heading: bool) -> str | None:
    """The question *text* asks, or None.

    Args:
        text: A heading, line or lead-in.
        heading: Whether a bare question ("Can I run?") counts, as it does for
            headings and short lines; otherwise only marked ones ("Q: …", "Q1. …").
    """
    match = _QUESTION.match(text)
    if match:
        return match.group(1).strip()
    if heading and text.endswith("?") and len(text) <= HEADING_MAX:
        return numbered(text)[1]
    return None


def is_answer(text: str) -> bool:
    """Whether *text* opens with an answer marker ("A: …", "A1.")."""
    return bool(_ANSWER.match(text))


def strip_answer(text: str) -> str:
    """An answer without its "A:" marker."""
    return _ANSWER.sub("", text, count=1)


# Inside one cause, "How to treat it" is that cause's fix ("How to prevent them" heads the tips).
_ITS_FIX = re.compile(
    r"^How\s+to\s+(?:treat|prevent|avoid|ease|manage|fix|stop)\s+(?:it|this)(?:\s+one)?\s*[:.]?$",
    re.IGNORECASE,
)


def fix_label(label: str, in_cause: bool = False) -> str | None:
    """ "" when *label* (a lead-in or heading) introduces a fix ("What to do:"; inside a
    cause also "How to treat it"), else None."""
    label = label.strip()
    return "" if _FIX_LABEL.match(label) or (in_cause and _ITS_FIX.match(label)) else None


def part_label(label: str) -> str | None:
    """ "" when *label* names an injury's advice part ("Prevention:", "Treatment"), else None."""
    return "" if _PART_LABEL.match(label.strip()) else None


# The part of a condition that says what brings it on: "Causes:", "What causes it", "Risk factors".
_CAUSES_PART = re.compile(
    r"^(?:(?:Common|Main|Possible|Real|Root|Usual)\s+)?(?:Causes?|Risk\s+factors|Causes\s+and\s+risk\s+factors"
    r"|What\s+causes\s+it|Why\s+it\s+happens|Triggers)(?:\s+include)?\s*[:.]?$",
    re.IGNORECASE,
)


def is_causes_part(label: str) -> bool:
    """Whether a label inside a condition opens its causes ("Causes:", "Risk factors")."""
    return bool(_CAUSES_PART.match(label.strip()))


# "Can I keep running?" under a condition: a part of it, whose answer is its text.
_RUN_ON = re.compile(r"^Can\s+(?:I|you)\s+(?:keep|still|carry\s+on)\s+(?:running|run)\b", re.I)


def is_item_part(label: str) -> bool:
    """Whether a heading labels a part of a condition (symptoms, causes, "Can I keep running?")."""
    return is_symptoms(label) or is_causes_part(label) or bool(_RUN_ON.match(label.strip()))


def is_symptoms(label: str) -> bool:
    """Whether a label opens the symptoms of a condition ("Symptoms:", "Signs")."""
    return bool(_SYMPTOMS.match(label.strip()))


# Verbs that open a piece of advice: where "…, and keep hill work gradual" starts a new one.
_ADVICE_VERBS = (
    r"(?:add|aim|alternate|avoid|build|change|check|choose|cross-train|cut|do|don['’]t|drink"
    r"|drop|ease|eat|fuel|get|give|ice|include|increase|introduce|keep|limit|listen|make|mix|never"
    r"|practi[sc]e|protect|put|reduce|replace|rest|retire|roll|rotate|run|see(?!\s+you\b)|shorten|sleep|space"
    r"|unload|elevate|come\s+back|ask|consider|skip|set\s+up|leave\s+out|rebuild|resume"
    r"|pull|loosen|breathe|cover|be\s+(?:flexible|patient|careful|kind|honest|consistent)"
    r"|start|stop|strengthen|stretch|swap|switch|take|talk|treat|trim|try|use|vary|walk|wear"
    r"|work|warm|stay\s+(?:off|away|on|with|below|under|within)|slow\s+down|stick\s+(?:to|with)|sit\s+(?:on|with|up|less|tall)"
    r"|push\s+(?:your|the)|press\s+(?:your|the|on|into)|leave\s+(?:at\s+least|yourself|a|an))"
)
# Commands that open an item's title, though "…, and let it settle" goes on with the same advice.
_TITLE_VERBS = (
    r"(?:break|release|tweak|modify|raise|loosen|massage|slow|stay|support|tape|focus|invest"
    r"|follow|book|schedule|plan|lace|lift|wait|return|reintroduce|progress|monitor|track"
    r"|hydrate|refuel|cool|lighten|land|relax|breathe|pay|allow|let|prioriti[sz]e|find|soften"
    r"|push|reach|press|bend|exhale|inhale|squeeze|hold|lie|sit|pinch|dab|cover|clean|trim|file"
    r"|leave|soak|apply|pop|drain|elevate|wrap|respect|honou?r)"
)
# What a runner telling their own story did: "I swapped back …, and I started using …".
_DID = (
    r"(?:I\s+(?:also\s+)?)(?:added|avoided|built|changed|cut|did|dropped|kept|made|replaced|rested|started"
    r"|stopped|swapped|switched|took|tried|used(?!\s+to\b)|went\s+back)"  # ("I used to …": a habit)
)
_ADVICE_SPLIT = re.compile(
    # ("… and see whether the ache settles" checks the advice before it: no advice of its own)
    # (nor "… and build up to resisted marching": the same exercise, progressed)
    r"(?:,?\s+and\s+|[;:]\s*(?:and\s+)?|,\s+then\s+)"
    r"(?!see\s+(?:whether|if|how)\b|(?:build|work)\s+up\s+to\b|progress\s+to\b)(?="
    + _ADVICE_VERBS
    + "|"
    + _DID
    + r"\b)",
    re.IGNORECASE,
)
# A condition with no command of its own: "When a niggle appears" before ", swap …".
# (also at the end of a part: "Use a pain scale: if it goes above 4, drop back" is one piece)
_CONDITION_ONLY = re.compile(
    r"(?:^\s*|[:;]\s+)(?:if|when|once|while|until|before|after|as\s+soon\s+as|for\s+the\s+first"
    r"|during\s+the|in\s+the\s+first|this|next"
    # "on runs longer than 90 minutes, take …", "To stop it coming back, warm up …"
    r"|on\s+(?:runs?|days?|long|hills?|any|race)|to\s+(?:stop|prevent|avoid|keep|help|ease|get)"
    r"|for\s+(?:runs?|any|long|the\s+first))\b[^,:;]*$",
    re.IGNORECASE,
)
_ADVICE_START = re.compile(
    r"(?:(?:Or|And|Also|Then|Alternatively),?\s+)?(?:(?:Every|Each)\s+\w+\s+)?"
    # a command after its condition: "If your back is sore, keep moving", or its place: "On the
    # trail itself, shorten your stride"
    # (or its purpose: "To stop it coming back, warm up with leg swings …")
    r"(?:(?:if|when|once|while|until|before|after|on|in|during|at|for|this|next|to)\b[^,.;:]{2,60}"
    r",\s+)?(?:" + _ADVICE_VERBS + "|" + _DID + r")\b",
    re.IGNORECASE,
)
_TITLE_COMMAND = re.compile(_TITLE_VERBS + r"\b", re.IGNORECASE)
# Labels inside a list of causes or tips that are not items: "When the Pain Won't Settle",
# "When to see a doctor", "Sources".
_ASIDE = re.compile(
    r"^(?:When\s+(?:to|the|Should|Pain|It|You)\b|Red\s+Flags\b|Warning\s+Signs\b|Related\b"
    r"|Recent\s+Posts\b|Popular\s+Posts\b|You\s+May\s+Also\s+Like\b|More\s+(?:from|on)\s"
    r"|Read\s+Next\b|You\s+Might\s+Also\b"
    # a call to action after the tips: "Take the Next Step", "Ready to run pain-free?"
    r"|(?:Take\s+the\s+|Your\s+)?Next\s+Steps?\b|Ready\s+to\b|Get\s+in\s+Touch\b"
    # a shop's section among the items: "Shop the post", "Best Compression Sleeves"
    r"|Shop\s+(?:the|this|our)\b|(?:Our\s+)?(?:Favou?rite|Recommended|Top)\s+(?:Picks?|Products?"
    r"|Gear|Kit)\b|Best\s+[\w\s-]{2,40}?(?:Sleeves|Shoes|Rollers|Braces|Insoles|Supports?|Tapes?"
    r"|Socks|Products|Gear)(?:\s+(?:for|to)\s+[^.!?]{2,40})?\s*$|(?:Products|Gear)\s+(?:We|I)\s+(?:Recommend|Love|Use)\b)"
    r"|\b(?:sources|references|further\s+reading)\b"
    # red flags: "See a doctor straight away if:", "Seek help urgently if:"
    r"|^(?:See|Call|Seek|Get)\s+(?:a\s+|your\s+)?(?:doctor|GP|physio\w*|medical\s+help|help|urgent"
    r"\s+care)\b[^.]{0,30}\bif\b"
    # what did not help is no advice: "Things that didn't:", "What didn't work"
    r"|^(?:(?:the\s+)?things|what|stuff)\s+(?:that\s+|I\s+tried\s+that\s+)?(?:didn['’]?t|did\s+not"
    r"|never)(?:\s+(?:help|work)\w*)?(?:\s+for\s+me)?\s*:?$",
    re.IGNORECASE,
)
_PROMOTION = re.compile(
    # ("runners who sign up for their first trail race" sign up for no offer)
    r"\b(?:click here|book (?:now|your|a|today|online)|subscribe|shop now|use (?:the )?code"
    r"|sign up(?!\s+for\s+(?:their|a|an|your|his|her|the)\s+(?:first\s+|next\s+)?(?:[\w-]+\s+)?"
    r"(?:race|marathon|half|trail|ultra|event|5k|10k|parkrun))"
    r"|(?:with|promo|discount) code|earn a commission|affiliate link"
    r"|[$£€]\s?\d+(?:\.\d\d)?\b"
    r"|\d+\s*% off|free (?:trial|assessment|consultation|shipping|gait\s+\w+)"
    # "Join our run club!", "Join 20,000 runners"
    r"|join (?:our|the|us|\d[\d,]*))\b",
    re.IGNORECASE,
)


# A comma between two commands: "Mix in grass, build your mileage slowly, and …".
_COMMA_COMMAND = re.compile(r",\s+(?=" + _ADVICE_VERBS + r"\s+(?:\w+\s+){1,}\w+)", re.IGNORECASE)


def advice_pieces(text: str) -> list[str]:
    """The separate pieces of advice in a paragraph: its sentences, and the parts of a
    sentence that each open with an advice verb ("Stretch daily and rotate your shoes";
    "Mix in grass, build slowly, and rest" once a command has opened the list)."""
    pieces = []
    for _, _, sentence in split_sentences(text):
        for clause in _ADVICE_SPLIT.split(sentence):
            # commas split commands only in a list of commands, never "When you run, keep …"
            parts = _COMMA_COMMAND.split(clause) if _ADVICE_START.match(clause) else [clause]
            if len(parts) > 1 and _CONDITION_ONLY.search(parts[0]):
                parts[:2] = [f"{parts[0]}, {parts[1]}"]  # the command its condition opens
            for piece in parts:
                piece = piece.strip(" .;,")
                if _WORDLIKE.search(piece):
                    pieces.append(piece[:1].upper() + piece[1:])
    return pieces


def advice_openers(text: str) -> list[str]:
    """The pieces of a paragraph of prose that open with an advice verb ("Swap one road run a
    week for grass"): each is a separate piece of advice."""
    return [piece for piece in advice_pieces(text) if _ADVICE_START.match(piece)]


# What the label of a piece of advice names: an exercise, a treatment, a way of training.
_ADVICE_NOUNS = re.compile(
    r"\b(?:stretch\w*|strength\w*|mobility|tap(?:e|ing)|management|exercises?|drills?|rest"
    r"|ice|icing|massage|foam\s+roll\w*|raises|squats|bridges|planks|step-downs|lunges"
    r"|clamshells?|walks|deadlifts?|hops|holds|curls|step-ups|bird\s+dogs|dead\s+bugs"
    r"|sessions|heat\s+pack|hot\s+water\s+bottle|ice\s+pack"
    r"|cross-training|rehab\w*|lifts?|insoles?|orthotics?|brace|compression)\b",
    re.IGNORECASE,
)


# A sentence whose subject is an exercise or treatment, saying what it does for the runner.
_ADVICE_DOES = re.compile(
    r"^(?!If\b|When\b)[^,.;]{0,60}?" + _ADVICE_NOUNS.pattern + r"[^,.;]{0,50}?\b(?:will|can|should)"
    r"\s+(?:help|strengthen|ease|reduce|build|protect|settle|calm|speed|do\s+(?:far\s+)?more)\b",
    re.IGNORECASE,
)


def looks_like_advice(title: str) -> bool:
    """Whether an item's title gives advice ("Step-downs", "Ankle mobility", "Rest more")."""
    return bool(
        _ADVICE_START.match(title) or _TITLE_COMMAND.match(title) or _ADVICE_NOUNS.search(title)
    )


def mostly_advice(titles: list[str]) -> bool:
    """Whether two in three of *titles* (or more) give advice."""
    return sum(looks_like_advice(t) for t in titles if t) * 3 >= len(titles) * 2


def is_title_command(text: str) -> bool:
    """Whether an item's title opens with a command ("Lift twice a week")."""
    return bool(_TITLE_COMMAND.match(text))


def starts_with_command(text: str) -> bool:
    """Whether *text* opens with a command ("Swap one run a week for …")."""
    return bool(_ADVICE_START.match(text))


_FIRST_PERSON = re.compile(r"\b(?:I|I['’]m|I['’]ve|my|me)\b")


def opens_with_advice(text: str) -> bool:
    """Whether a paragraph's first sentence is a command ("Get up and move every half hour")."""
    # (both patterns match at the start and stop within the first sentence)
    return bool(_ADVICE_START.match(text) or _ADVICE_DOES.match(text))


def is_story(text: str) -> bool:
    """Whether a paragraph tells the writer's story and gives no advice ("Six weeks later I ran
    12 km pain-free")."""
    return bool(_FIRST_PERSON.search(text)) and not advice_openers(text)


def advice_sentences(text: str) -> list[str]:
    """The pieces of a paragraph that advise: those that open with an advice verb or say what an
    exercise will do; the first piece when none does ("Shin splints are a loading problem, so
    … Build your volume slowly." gives the second)."""
    pieces = advice_pieces(text)
    return [p for p in pieces if _ADVICE_START.match(p) or _ADVICE_DOES.match(p)] or pieces[:1]


def advice_titles(text: str) -> list[str]:
    """The tips a fix gives: its first sentence, and each later clause that opens with an advice
    verb ("Stretch daily. Rotate your shoes.")."""
    pieces = advice_pieces(text)
    # the fix's first sentence advises by its place; after it, each clause that opens so, or
    # that says what an exercise will do ("Calf raises three times a week will strengthen …")
    return pieces[:1] + [p for p in pieces[1:] if _ADVICE_START.match(p) or _ADVICE_DOES.match(p)]


def is_aside(label: str) -> bool:
    """Whether a label among causes or tips heads an aside, not an item ("When to See a
    Doctor", "Sources")."""
    label = strip_marks(label)
    # a sentence that opens so ("When it comes to heel pain, prevention starts …") is no label
    sentence = len(label.split()) > 10 or ", " in label
    return bool(_ASIDE.search(label)) and len(label) <= HEADING_MAX and not sentence


_WIDGET = re.compile(
    r"^(?:Was|Is|Did)\s+(?:this|the)\s+(?:article|page|post|information)\s+(?:helpful|useful)",
    re.IGNORECASE,
)


def is_widget(question: str) -> bool:
    """Whether a question asks the reader about the page ("Was this article helpful?")."""
    return bool(_WIDGET.match(question))


def is_promotion(text: str) -> bool:
    """Whether a paragraph sells something ("Book your free assessment today")."""
    return bool(_PROMOTION.search(text))


_SUMMARY_BOX = re.compile(
    r"^(?:(?:The\s+)?(?:Key\s+takeaways?|Summary|TL;?DR|In\s+short|At\s+a\s+glance"
    r"|Short\s+Version|Quick\s+(?:Summary|Version|Answer)|Bottom\s+Line))\b",
    re.I,
)


def is_summary_box(text: str) -> bool:
    """Whether a heading labels a box that sums up the article ("Key takeaways", "TL;DR")."""
    return bool(_SUMMARY_BOX.match(text))


# A past injury is a cause of the next one: "Repeated sprains", "An old hamstring tear".
_HISTORY = re.compile(
    r"^(?:an?\s+|your\s+)?(?:repeated|previous|past|old|prior|recurrent|earlier|history\s+of)\b",
    re.IGNORECASE,
)


def is_condition(title: str) -> bool:
    """Whether an item's title names a condition (an injury) rather than a cause."""
    return bool(_CONDITION.search(title)) and not _HISTORY.match(title.strip())


# What a sentence that ends in ":" before a list says the list is.
_INTRO_CAUSES = re.compile(
    r"\b(?:caus(?:e|es|ed|ing)|reasons?|culprits?|triggers?|comes?\s+down\s+to|to\s+blame"
    r"|went\s+wrong|usually\s+one\s+of\s+these|more\s+likely|raises?\s+(?:the|your)\s+risk|we\s+(?:check|screen|look)\s+for|rule\s+out|(?:usual\s+)?suspects|offenders|risk\s+factors?"
    # "Why it happens", "Why it flares up when you run:", "Why your knee hurts"
    r"|why\s+(?:[\w'’]+\s+){1,3}?(?:happens?|flares?|hurts?|aches?|develops?|starts?|acts?\s+up"
    r"|comes?\s+(?:on|back)|gets?\s+worse|builds?\s+up|go(?:es)?|gives?\s+(?:way|out)|tears?"
    r"|fails?|breaks?\s+down)"
    r"|behind\s+it|traces?\s+back\s+to|boils?\s+down\s+to"
    # "… comes from something else. It helps to know the main possibilities:"
    r"|something\s+else|possibilit(?:y|ies)"
    # "Below are the six running injuries we hear about most …": the list names injuries
    r"|(?:running\s+)?injuries\s+(?:we|you|runners|people)\b)\b",
    re.IGNORECASE,
)
_INTRO_TIPS = re.compile(
    r"\b(?:tips?|advice|what\s+(?:we|you|to)\b.*\b(?:do|try)|helps?|helpful|prevent\w*|treat\w*"
    r"|what\s+I['’]?d\s+do|in\s+your\s+shoes|rules\s+(?:I|we|you)\b|habits\s+(?:I|we|you)\b"
    r"|what\s+(?:do|should|would)\s+(?:I|we|you)\s+(?:tell|suggest|recommend|advise)"
    r"|(?:you|we)\s+can\s+do\b|(?:lower|reduce|cut)\s+(?:your|the)\s+risk"
    r"|what\s+(?:can|should)\s+(?:you|I|we)\s+(?:\w+\s+)?do\b|what\s+(?:I|we)\s+tell\b"
    r"|fix\w*|ease|recover\w*|stop\s+(?:it|them|one)|coming\s+back|get\s+rid\s+of"
    r"|when\s+(?:a|one|it)\s+(?:\w+\s+)?(?:hits|strikes|happens))\b",
    re.IGNORECASE,
)


def list_intro(text: str) -> str | None:
    """``"reasons"`` or ``"tips"`` when the sentence before a list names causes or advice."""
    causes, tips = bool(_INTRO_CAUSES.search(text)), bool(_INTRO_TIPS.search(text))
    return "reasons" if causes and not tips else "tips" if tips and not causes else None


def is_note(lead: str) -> bool:
    """Whether a bold lead-in labels a remark ("Note:", "Symptoms:") rather than an item."""
    return bool(_NOTES.match(strip_marks(lead)))


def title_counts(title: str) -> dict[str, int]:
    """The counts a title announces.

    ``{"reasons": 7, "tips": 9}`` for "… (7 Reasons + 9 Tips …)".
    """
    counts = {}
    for key, pattern in (
        ("reasons", _COUNT_REASONS),
        ("tips", _COUNT_TIPS),
        ("reasons", _COUNT_INJURIES),
    ):
        match = pattern.search(title)
        if match and key not in counts:
            number = match.group(1).lower()
            counts[key] = count_of(number)
    return counts


def title_names_causes(title: str) -> bool:
    """Whether a title says the article gives causes, without counting them ("Knee Pain:
    Causes and Treatment")."""
    return bool(re.search(r"\b(?:causes|reasons)\b", title, re.IGNORECASE))


def singular(key: str) -> str:
    """How messages name one item of a section."""
    return {"reasons": "reason", "tips": "tip", "faq": "question"}.get(key, key)


def strip_quotes(text: str) -> str:
    """*text* without surrounding quotes and spaces."""
    return text.strip().strip(_QUOTES).strip()


def quoted_titles(text: str) -> list[str]:
    """Article titles quoted in *text* (Title Case, three words or more)."""
    out = []
    if (
        '"' not in text and "“" not in text
    ):  # what every match opens with (the regex would visit each character)
        return out
    for match in _QUOTED.finditer(text):
        candidate = match.group(1).strip().rstrip(".,;:!").strip()
        if _looks_like_title(candidate):
            out.append(candidate)
    return out


def _looks_like_title(text: str) -> bool:
    """Title Case with three or more words: how listicles quote other articles."""
    words = re.findall(r"[A-Za-z0-9][\w'’-]*", text)
    if len(words) < 3:
        return False
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capital = sum(1 for w in significant if w[0].isupper() or w[0].isdigit())
    return capital / len(significant) >= 0.75
