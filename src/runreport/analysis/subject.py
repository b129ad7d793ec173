"""What an article is about: the body sites its title and its claims name.

The report's generic paths speak of the article's own subject, never the seed's: the literature
section compares the article's percentages with the library's figures for the same body sites
(a knee article gets knee figures), and the risk model says which injuries its rate does not
single out ("of any kind, not knee injuries alone"). Sites are the ones
:func:`runreport.factcheck.claim_features.body_site` names, so the report and the verdicts agree.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from runreport.factcheck.claim_features import ancestors, body_site, claim_kind, claim_site

#: Shares of people (not of injuries, not rates): what a prevalence figure can be set beside.
PEOPLE_KINDS = frozenset({"prevalence", "occurrence", "incidence"})

#: Sites named for readers where the matcher's name is a term of art.
_READER_NAMES = {
    "patellofemoral": "knee",
    "medial tibial stress syndrome": "shin",
    "iliotibial band": "IT band",
    "foot-ankle": "foot and ankle",
    "lower extremity": "leg",
    "ankle sprain": "ankle",
    "bone stress": "bone stress",
}

#: Sites so broad that naming them says nothing about the article's subject.
_TOO_BROAD = frozenset({"any", "lower extremity"})


def reader_name(site: str) -> str:
    """*site* as a reader says it ("patellofemoral" → "knee")."""
    return _READER_NAMES.get(site, site)


def claim_sites(claims: pd.DataFrame) -> dict[tuple[int, float], str]:
    """(line, value) → the body site of each claim (:func:`claim_site`), "any" when none."""
    return {(int(c.line), float(c.value)): claim_site(c) for c in claims.itertuples()}


def people_percentages(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that give a share of people with a condition at a named body site ("19% of
    runners have back pain"), with its ``site``.

    Shares of injuries ("10% of running injuries") and rates are other measures, and a claim
    that names no site can be set beside no site's figures.
    """
    rows = [
        {"line": int(c.line), "value": float(c.value), "site": claim_site(c)}
        for c in claims.itertuples()
        if c.unit == "%" and claim_kind(c) in PEOPLE_KINDS
    ]
    frame = pd.DataFrame(rows, columns=["line", "value", "site"])
    return frame[frame["site"] != "any"].reset_index(drop=True)


def subject_site(title: str, claims: pd.DataFrame) -> str | None:
    """The body site the article is about: the one its title names, else the one its claims
    name most often; None when neither names one narrower than the legs."""
    site = body_site(title)
    if site not in _TOO_BROAD:
        return site
    named = Counter(s for s in claim_sites(claims).values() if s not in _TOO_BROAD)
    return named.most_common(1)[0][0] if named else None


def within(site: str, subject: str) -> bool:
    """Whether *site* is *subject* or a part of it ("low back" within "back"), in the matcher's
    own tree of sites."""
    return subject in ancestors(site)
