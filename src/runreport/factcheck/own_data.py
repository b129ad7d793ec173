"""Whether a claim reports the article's own data (a poll of its readers, its clinic's records,
its club, "the runners we saw"): the literature can neither verify nor misattribute it.

Part of reading a claim (:mod:`runreport.factcheck.claim_features`); used by
:mod:`runreport.factcheck.verdicts` before any figure is compared.
"""

from __future__ import annotations

import re

# The article's own data: a poll of its readers, its clinic's records, its club.
_OWN_DATA = re.compile(
    r"\b(?:our|my)\s+(?:own\s+)?(?:[\w-]+\s+){0,4}(?:survey|poll|club|readers|members|clinic"
    r"|clinics|patients|clients|coaching\s+group|group|community|followers|subscribers|records"
    r"|audit|data|athletes|runners|team|practice|caseload|family|friends|household"
    r"|questionnaires?|respondents|responses|shop|store|studio|gym|screenings?)\b"
    # "three out of the four of us who took up running": the writer's own circle
    r"|\bof\s+us\s+who\b"
    r"|\bwe\s+(?:surveyed|polled|asked|counted|looked\s+at|see|treat|treated|assess|assessed)\b"
    # ("Of the runners I polled, …")
    r"|\b(?:runners|patients|people|clients|customers|members|readers|marathoners|athletes"
    r"|graduates|finishers|participants|beginners)\b"
    r"[^.;]{0,30}?\b(?:we|I"
    r"|(?:our|my)\s+(?:physios?|physiotherapists?|podiatrists?|doctors?|coaches|therapists?"
    r"|clinicians?|staff|team))\s+"
    r"(?:see|saw|treat|treated|assess|assessed|coach|coached|fit|fitted|screen|screened|tested"
    r"|measured|polled|surveyed|asked|trained)\b"
    r"|\btold\s+(?:us|me)\b"  # "28% told us they got hurt": the writer's own respondents
    # "Of the marathon hopefuls our physios treated …"
    r"|\b(?:our|my)\s+(?:physios?|physiotherapists?|podiatrists?|doctors?|coaches|therapists?"
    r"|clinicians?)\s+(?:saw|see|treated|treat|assessed|coached|fitted)\b"
    # "an Instagram survey I ran", "a poll we ran of our readers", "when I asked my followers"
    r"|\b(?:survey|poll|questionnaire)\s+(?:I|we)\s+(?:ran|did|conducted|carried\s+out|sent|put\s+out)\b"
    r"|\b(?:I|we)\s+(?:ran|did|conducted|carried\s+out)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}(?:survey|poll)\b"
    r"|\bwhen\s+(?:I|we)\s+(?:asked|polled|surveyed)\b"
    # "in our experience about 80% settle": the clinic's own caseload
    r"|\bin\s+(?:our|my)\s+(?:own\s+)?(?:experience|practice)\b",
    re.IGNORECASE,
)


def is_own_data(claim) -> bool:
    """Whether the claim reports the article's own data ("in a survey of our club, 14% …"):
    the literature can neither verify nor misattribute it."""
    words = f"{getattr(claim, 'quote', '')} {getattr(claim, 'attribution', '')}"
    return bool(_OWN_DATA.search(words))
