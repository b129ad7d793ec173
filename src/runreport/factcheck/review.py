"""Draft annotations for an article, and the pre-publish list of problems.

Takes a :class:`~runreport.analysis.study.Study` (article, tables, evidence library,
lexicon, annotations or none) and gives:

- :func:`draft_annotations`: the text of a draft annotations file — a
  category for each cause and tip (the lexicon's category whose words the item
  mentions most), tip → cause links (words the two share from the lexicon's
  treatments and categories, which catches the fixes a cause mentions), the
  products named, each claim's best figure and computed status, and the
  statements "according to" a source in the library. Every entry is
  ``review: pending`` with a comment saying why it was suggested.
- :func:`problems`: every problem an editor should look at before publishing,
  as :class:`Problem` (path, line, kind, message).

The command line (``runreport annotate`` / ``runreport check``) does the I/O.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from runreport.factcheck.reasons import claim_label
from runreport.factcheck.verdicts import statement_supported

#: The first line of every drafted file: ``runreport annotate
#: --force`` replaces only files that start with it.
DRAFT_MARKER = "# Draft annotations written by `runreport annotate`"
_PRODUCT = re.compile(r"(?:[A-Z][\w’'-]*|&)(?:\s+(?:[A-Z][\w’'-]*|&)){1,7}")
_ACCORDING = re.compile(r"\bAccording to ([^,]{2,60}), ([^.!?]{10,200})", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing an editor should look at: ``path:line: kind: message``."""

    path: str
    line: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.kind}: {self.message}"


def is_draft(text: str) -> bool:
    """Whether an annotations file is an unreviewed draft.

    Written by annotate, with nothing marked done.
    """
    return text.startswith(DRAFT_MARKER) and not re.search(
        r"^[^#\n]*\breview:\s*done", text, re.MULTILINE
    )


def _q(text: str) -> str:
    """A YAML scalar that is always read back as this exact text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(str(text).split())


_RUN = re.compile(r"[\w-]+")


@functools.lru_cache(maxsize=64)
def _runs(text: str) -> frozenset[str]:
    """The maximal runs of word characters and hyphens in *text*, lower-cased."""
    return frozenset(_RUN.findall(text.lower()))


def _phrase_hits(text: str, phrases: list[str]) -> list[str]:
    hits = []
    runs = _runs(text)
    for phrase in phrases:
        # A whole-word match needs every piece of the phrase as a run of the text: most phrases
        # are ruled out without a search (long articles have many phrases to try).
        if not all(piece in runs for piece in _RUN.findall(phrase.lower())):
            continue
        pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![\w-])"
        if re.search(pattern, text, re.IGNORECASE):
            hits.append(phrase)
    return hits


def suggest_category(
    title: str, body: str, lexicon: pd.DataFrame, kind: str
) -> tuple[str, list[str]]:
    """The lexicon category an item mentions most, and the words.

    *kind* is "cause category" or "tip category".

    Returns:
        ``(category, words)``; ``("other", [])`` when no category word occurs.
    """
    best, best_hits = "other", []
    for term, group in lexicon[lexicon["kind"] == kind].groupby("term", sort=False):
        hits = _phrase_hits(f"{title}\n{body}", list(group["phrase"]))
        if len(hits) > len(best_hits):
            best, best_hits = term, hits
    return best, best_hits


def suggest_links(
    tips: pd.DataFrame, causes: pd.DataFrame, lexicon: pd.DataFrame
) -> dict[int, dict[int, list[str]]]:
    """Tip → cause links.

    The treatment and category words a tip shares with a cause's text (its fixes).

    Returns:
        ``{tip number: {cause number: shared words}}``.
    """
    phrases = sorted(
        set(
            lexicon.loc[
                lexicon["kind"].isin(["treatment", "cause category", "tip category"]), "phrase"
            ]
        )
    )
    cause_words = {
        c.number: set(_phrase_hits(f"{c.title}\n{c.body}", phrases)) for c in causes.itertuples()
    }
    links: dict[int, dict[int, list[str]]] = {}
    for t in tips.itertuples():
        tip_words = set(_phrase_hits(f"{t.title}\n{t.body}", phrases))
        links[t.number] = {
            number: sorted(tip_words & words)
            for number, words in cause_words.items()
            if len(tip_words & words) >= 2
        }
    return links


def find_products(tables: dict[str, pd.DataFrame], lexicon: pd.DataFrame) -> list[dict]:
    """Product names in the causes and tips.

    Capitalised names after "like"/"such as", or with a word in capitals.

    Returns:
        ``{"name", "kind", "where", "number", "why"}`` per product, in article order.
    """
    treatments = sorted(
        set(lexicon.loc[lexicon["kind"] == "treatment", "phrase"]), key=len, reverse=True
    )
    found, seen = [], set()
    for where, frame in (("cause", tables["causes"]), ("tip", tables["tips"])):
        for item in frame.itertuples():
            for m in _PRODUCT.finditer(item.body):
                name = m.group(0).strip(" &")
                before = item.body[max(0, m.start() - 9) : m.start()].lower()
                after_like = before.endswith(("like ", "such as "))
                capitals = any(re.fullmatch(r"[A-Z]{3,}(?:-[A-Z]+)?", w) for w in name.split()[:1])
                if not (after_like or capitals) or len(name.split()) < 2 or name in seen:
                    continue
                seen.add(name)
                kind = next(
                    (
                        p
                        for p in treatments
                        if re.search(rf"\b{re.escape(p)}\b", name, re.IGNORECASE)
                    ),
                    name.split()[-1].lower(),
                )
                why = "named after “like”" if after_like else "a name in capitals"
                found.append(
                    {
                        "name": name,
                        "kind": kind,
                        "where": where,
                        "number": int(item.number),
                        "why": why,
                    }
                )
    return found


def find_statements(article, evidence) -> list[dict]:
    """Sentences "According to <source>, <statement>" whose source is in the library.

    No number is needed.
    """
    names = {}
    for s in evidence.sources.itertuples():
        for name in [*s.authors.split(", "), s.title]:
            if len(name) > 3:
                names[name.lower()] = s.source
    out = []
    for section in article.sections:
        for paragraph in section.texts():
            for m in _ACCORDING.finditer(paragraph.text):
                source = names.get(m.group(1).strip().lower())
                if source and not re.search(r"\d", m.group(2)):
                    out.append(
                        {
                            "line": paragraph.line,
                            "text": m.group(2).strip(),
                            "source": source,
                            "who": m.group(1).strip(),
                        }
                    )
    return out


def draft_annotations(study, article_path: str | Path) -> str:
    """The text of a draft annotations file for *study*'s article (see the module docstring).

    Every entry is ``review: pending``; comments say why each was suggested.
    """
    tables, lexicon = study.tables, study.lexicon
    out = [
        DRAFT_MARKER,
        "# Every entry is `review: pending`: check it, edit it, then change it to `review: done`.",
        f"article: {_q(Path(article_path).name)}",
        "",
    ]
    out += _draft_causes(tables["causes"], lexicon)
    out += _draft_tips(tables["tips"], tables["causes"], lexicon)
    out += _draft_products(find_products(tables, lexicon))
    out += _draft_claims(study.fact_check)
    out += _draft_statements(find_statements(study.article, study.sources), study.sources.sources)
    return "\n".join(out) + "\n"


def _draft_causes(causes: pd.DataFrame, lexicon: pd.DataFrame) -> list[str]:
    """The ``causes:`` lines: each cause's suggested category."""
    out = ["causes:"]
    for c in causes.itertuples():
        category, hits = suggest_category(c.title, c.body, lexicon, "cause category")
        why = f"mentions {', '.join(hits)}" if hits else "no category word found"
        out.append(
            f"  {c.number}: {{category: {_q(category)}, review: pending}}  # {_comment(why)}"
        )
    return out if len(causes) else ["causes: {}"]


def _draft_tips(tips: pd.DataFrame, causes: pd.DataFrame, lexicon: pd.DataFrame) -> list[str]:
    """The ``tips:`` lines: each tip's suggested category and the causes it addresses."""
    out = ["tips:"]
    links = suggest_links(tips, causes, lexicon)
    for t in tips.itertuples():
        category, hits = suggest_category(t.title, t.body, lexicon, "tip category")
        linked = links.get(t.number, {})
        why = (
            (f"mentions {', '.join(hits)}" if hits else "no category word found")
            + "; "
            + (
                "; ".join(
                    f"shares {', '.join(words)} with cause {n}" for n, words in linked.items()
                )
                or "no shared words"
            )
        )
        addresses = ", ".join(str(n) for n in linked)
        out.append(
            f"  {t.number}: {{category: {_q(category)}, addresses: [{addresses}], review: pending}}"
            f"  # {_comment(why)}"
        )
    return out if len(tips) else ["tips: {}"]


def _draft_products(products: list[dict]) -> list[str]:
    """The ``products:`` lines (see :func:`find_products`)."""
    out = ["products:" if products else "products: []"]
    for p in products:
        out.append(
            f"  - {{name: {_q(p['name'])}, kind: {_q(p['kind'])}, {p['where']}: {p['number']}, "
            f"review: pending}}  # {p['why']}"
        )
    return out


def _draft_claims(fact: pd.DataFrame) -> list[str]:
    """The ``claims:`` lines: each claim's computed status and the figure it rests on."""
    out = ["claims:" if len(fact) else "claims: []"]
    for row in fact.itertuples():
        out.append(f"  # {_comment(claim_label(_Claim(row)))}: {_comment(row.verdict)}")
        out.append(f"  - line: {row.line}")
        value = float(row.article_value)
        out.append(
            f"    value: {int(value) if value.is_integer() else repr(value)}"
        )  # 50000000, not 5e+07
        out.append(f"    status: {row.status}")
        if row.figure_id:
            key = "nearest" if row.status == "unsourced" else "source"
            out.append(f"    {key}: {{source: {row.source_id}, figure: {row.figure_id}}}")
        out.append("    review: pending")
    return out


def _draft_statements(statements: list[dict], sources: pd.DataFrame) -> list[str]:
    """The ``statements:`` lines: verified when the library's quote of the source says it."""
    out = ["statements:" if statements else "statements: []"]
    quotes = sources.set_index("source")["quote"]
    for s in statements:
        quote = quotes.get(s["source"])
        supported = isinstance(quote, str) and statement_supported(s["text"], quote)
        why = (
            "the library's quote of the source says it" if supported else "no quote on file says it"
        )
        out.append(f"  # “According to {_comment(s['who'])}”: {why}")
        out.append(
            f"  - {{line: {s['line']}, text: {_q(s['text'])}, status: "
            f"{'verified' if supported else 'unsourced'}, source: {{source: {s['source']}}}, "
            "review: pending}"
        )
    return out


class _Claim:
    """The fields :func:`claim_label` reads, from a verdict row."""

    def __init__(self, row) -> None:
        self.value, self.unit, self.line = row.article_value, row.unit, row.line
        self.low, self.high = row.low, row.high
        self.subject = (
            row.label.split(" of ", 1)[1].rsplit(" (line", 1)[0] if " of " in row.label else ""
        )


def problems(study, article_path: str | Path) -> list[Problem]:
    """Everything an editor should look at before publishing, in line order.

    The article's warnings (a title that promises more or fewer items than it
    lists, numbering that skips), the blocks it left out and the lists nothing labels,
    unsourced, out-of-range and misattributed
    claims and contradictions (at the article's line), and pending reviews (at
    the annotations file's line).
    """
    article = str(article_path)
    found = [
        Problem(
            warning.path,
            warning.line,
            "title-count" if "promises" in warning.message else "structure",
            warning.message,
        )
        for warning in study.article.warnings
    ]
    # What the parser left out or could not place: a promotion box, a list nothing labels.
    found += [Problem(w.path, w.line, w.kind, w.message) for w in study.article.unused]
    for row in study.fact_check.itertuples():
        if row.status != "verified":
            found.append(
                Problem(
                    article,
                    int(row.line),
                    row.status.replace(" ", "-"),
                    f"{row.label}: {row.verdict.split(' The article contradicts')[0]}",
                )
            )
        if row.contradicts:
            found.append(
                Problem(
                    article,
                    int(row.line),
                    "contradiction",
                    f"{row.label} disagrees with {row.contradicts}",
                )
            )
    ann = study.annotations
    if ann is not None:
        for frame, what in (
            (ann.claims, "claim on line {line}"),
            (ann.statements, "statement on line {line}"),
        ):
            for row in frame[frame["review"] == "pending"].itertuples():
                found.append(
                    Problem(
                        ann.path,
                        int(row.yaml_line),
                        "pending-review",
                        f"the {what.format(line=row.line)} is not reviewed yet",
                    )
                )
        for frame, what in ((ann.causes, "cause"), (ann.tips, "tip")):
            for row in frame[frame["review"] == "pending"].itertuples():
                found.append(
                    Problem(
                        ann.path,
                        int(row.yaml_line),
                        "pending-review",
                        f"the category of {what} {row.number} (“{row.category}”) "
                        "is not reviewed yet",
                    )
                )
    return sorted(found, key=lambda p: (p.path != article, p.path, p.line))
