"""Claims of one article that contradict each other.

"14% of runners have a bad back" and "19% of runners have back pain" give the
same subject and measure different values: each is ``contradicted by the
article``, whatever the library says.
"""

from __future__ import annotations

import pandas as pd

from runreport.factcheck.claim_features import claim_kind, claim_site, named_cause
from runreport.factcheck.evidence import frame_rows, unit_family
from runreport.factcheck.matching import decimals_of, is_range


def measure_key(claim) -> tuple[str, str, str, str]:
    """What a claim measures, for comparing claims.

    Returns:
        Unit family, kind, body site, and the words (when the kind is other, a relative risk
        or a count) with any cause the measure names.
    """
    kind = claim_kind(claim)
    words = (
        " ".join(claim.measure.lower().split())
        if kind in ("other", "relative risk", "count")
        else ""
    )
    return unit_family(claim.unit), kind, claim_site(claim), words + named_cause(claim.measure)


def find_contradictions(claims: pd.DataFrame) -> pd.DataFrame:
    """Pairs of claims about the same subject and measure whose values do not agree.

    "14% of runners have a bad back" and "19% of runners have back pain"
    contradict each other (runners; prevalence of back pain); "60% of runners
    are women" and "5% of runners get hurt" do not (different measures).
    Ranges that overlap agree; single values agree when equal at the coarser
    precision.

    Returns:
        Columns ``claim`` and ``other_claim`` (row positions in *claims*),
        ``line``, ``other_line``, ``unit``, ``subject``, ``value``,
        ``other_value``; one row per claim and per claim it contradicts.
    """
    rows = []
    # (one claim contradicts nothing: its measure is not worked out, nor its rows read)
    known = claims.reset_index(drop=True) if len(claims) > 1 else claims.iloc[:0]
    keyed = [
        (i, c, " ".join(str(c.subject).lower().split()), measure_key(c))
        for i, c in enumerate(frame_rows(known))
    ]
    for i, a, subject_a, key_a in keyed:
        for j, b, subject_b, key_b in keyed:
            if i == j or not subject_a or subject_a != subject_b or key_a != key_b:
                continue
            if not _values_agree(a, b):
                rows.append(
                    {
                        "claim": i,
                        "other_claim": j,
                        "line": a.line,
                        "other_line": b.line,
                        "unit": a.unit,
                        "subject": subject_a,
                        "value": a.value,
                        "other_value": b.value,
                    }
                )
    columns = [
        "claim",
        "other_claim",
        "line",
        "other_line",
        "unit",
        "subject",
        "value",
        "other_value",
    ]
    if not rows:  # most articles: no frame to build and sort
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(rows, columns=columns).sort_values(
        ["claim", "other_claim"], ignore_index=True
    )


def _values_agree(a, b) -> bool:
    a_low, a_high = (a.low, a.high) if is_range(a) else (a.value, a.value)
    b_low, b_high = (b.low, b.high) if is_range(b) else (b.value, b.value)
    decimals = min(decimals_of(a.text), decimals_of(b.text))
    return round(a_low, decimals) <= round(b_high, decimals) and round(b_low, decimals) <= round(
        a_high, decimals
    )
