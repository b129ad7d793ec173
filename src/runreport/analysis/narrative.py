"""The report's generated prose, as escaped HTML.

Takes a :class:`~runreport.analysis.study.Study` and gives :class:`markupsafe.Markup`
paragraphs for the report notebook: the title and summary with the key
numbers, the text around each table and figure, methods, downloads and how to
reproduce. Every string that comes from the article or a curated file is
escaped (``Markup.format`` escapes its arguments), so article text is shown,
never interpreted. Every number comes from the article or a source.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup, escape

from runreport.analysis.findings import (
    SEASON_WEEKS,
    coverage_gaps,
    describe_risk_model,
    figure_site,
    short_citation,
)
from runreport.analysis.subject import people_percentages, reader_name, within
from runreport.provenance import package_versions


def _isolated(text: str) -> Markup:
    """*text* from the article or its annotations, escaped, in ``<bdi>``.

    A direction control in it (a right-to-left override, U+202E, say) turns only its own
    characters, never runreport's words around it.
    """
    return Markup("<bdi>{}</bdi>").format(text)


def _join(items: list[str]) -> Markup:
    items = [escape(i) for i in items]
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def title_block(study) -> Markup:
    """``<h1>`` with the article's title and the one-paragraph summary."""
    fact = study.fact_check
    statuses = fact["status"].value_counts().to_dict()
    contradicted = fact.loc[fact["contradicts"] != "", "label"].tolist()
    n_causes, n_tips = len(study.tables["causes"]), len(study.tables["tips"])
    gives = [_n(n, word) for n, word in ((n_causes, "reason"), (n_tips, "tip")) if n]
    title, claims = _isolated(study.article.title), _n(len(fact), "numeric claim")
    parts = [
        Markup("The article <q>{}</q> gives {}, and asserts {}.").format(
            title, _join(gives), claims
        )
        if gives
        else Markup(
            "The article <q>{}</q> lists no causes or tips; it asserts {} in its prose."
        ).format(title, claims)
    ]
    if gives and (not n_causes or not n_tips):
        parts.append(
            Markup(" It names no causes, only tips.")
            if not n_causes
            else Markup(" It gives no tips of its own, only causes.")
        )
    # The opening sentence already says when no causes or tips were found.
    for warning in (w for w in study.article.warnings if w.kind != "structure"):
        parts.append(Markup(" {}.").format(warning.message[:1].upper() + warning.message[1:]))
    automatic = int((fact["review"] != "reviewed").sum())
    parts.append(
        Markup(
            " Checked against the evidence library: {} verified, {} with the right number but the "
            "wrong attribution, {} out of range, {} unsourced{}."
        ).format(
            statuses.get("verified", 0),
            statuses.get("misattributed", 0),
            statuses.get("out of range", 0),
            statuses.get("unsourced", 0),
            _own_data(statuses),
        )
    )
    if automatic:
        parts.append(
            Markup(
                " {} computed without a reviewed annotation (“automatic” or “pending review”)."
            ).format(
                _n(automatic, "verdict was") if automatic == 1 else f"{automatic} verdicts were"
            )
        )
    if contradicted:
        parts.append(Markup(" The article contradicts itself: {}.").format(_join(contradicted)))
    if not study.incidence.empty:
        rates = [
            Markup("{} (95% CI {}–{}) for {}").format(
                f"{r.value:g}", f"{r.ci_low:g}", f"{r.ci_high:g}", r.group.lower()
            )
            for r in study.incidence.itertuples()
        ]
        parts.append(
            Markup(
                " The meta-analysis behind its injury rates reports {} running-related injuries "
                "per 1000 hours of running, of any kind{}."
            ).format(_join(rates), _not_alone(study.subject))
        )
    words = study.anatomy
    commerce = int(words["products"].sum() + words["related"].sum() + words["quoted"].sum())
    if commerce:
        parts.append(
            Markup(" Along the way it mentions products or links to other articles {}.").format(
                "once" if commerce == 1 else f"{commerce} times"
            )
        )
    else:
        parts.append(Markup(" It mentions no products and links to no other articles."))
    return Markup('<h1 class="rr-title">Fact-check: {}</h1>\n{}\n<p class="rr-lede">{}</p>').format(
        _isolated(study.article.title), rating_line(study), Markup("").join(parts)
    )


_RATING_WORDS = (
    ("misattributed", "misattributed"),
    ("out of range", "out of range"),
    ("unsourced", "without a source"),
    ("own data", "the article's own data"),
)


def rating_line(study) -> Markup:
    """The article's rating in one line, what a reader comes for first: "2 of 5 statements
    check out; 1 misattributed; 2 without a source"."""
    fact = study.fact_check
    if not len(fact):
        return Markup(
            '<p class="rr-rating"><strong>The article states no number to check.</strong></p>'
        )
    counts = fact["status"].value_counts()
    checks = "statement checks" if len(fact) == 1 else "statements check"
    parts = [f"{int(counts.get('verified', 0))} of {len(fact)} {checks} out"]
    parts += [f"{int(counts[s])} {words}" for s, words in _RATING_WORDS if counts.get(s, 0)]
    return Markup('<p class="rr-rating"><strong>{}</strong></p>').format("; ".join(parts))


def description(study) -> str:
    """The verdict summary in one plain-text sentence or two, for ``<meta name="description">``.

    The same counts as :func:`title_block`'s summary, without markup (search engines and link
    previews show it as text; the template escapes it).
    """
    fact = study.fact_check
    statuses = fact["status"].value_counts().to_dict()
    text = f"Fact-check of the article “{study.article.title}”: {_n(len(fact), 'numeric claim')}"
    if study.annotated:
        text += (
            f" checked against the primary literature: {statuses.get('verified', 0)} verified, "
            f"{statuses.get('misattributed', 0)} misattributed (right number, wrong group), "
            f"{statuses.get('unsourced', 0)} unsourced{_own_data(statuses)}."
        )
    else:
        text += " listed but not checked against sources (the article has no annotations)."
    contradicted = int((fact["contradicts"] != "").sum())
    if contradicted:
        text += f" The article contradicts itself on {_n(contradicted, 'claim')}."
    return " ".join(text.split())


def _not_alone(site: str | None) -> str:
    """ ", not knee injuries alone" for an article about the knee; "" when it names no site."""
    return f", not {reader_name(site)} injuries alone" if site else ""


def glance_intro(table_ref: Markup, figure_ref: Markup) -> Markup:
    """What the article-at-a-glance section shows (*table_ref*, *figure_ref* link them)."""
    return Markup(
        "<p>The parser splits the article into its parts; {} lists them and {} shows how much of "
        "the text is advice and how much links to products and other articles.</p>"
    ).format(table_ref, figure_ref)


def glance(study) -> Markup:
    """The article at a glance: its parts and how long each is."""
    sections = study.tables["sections"]
    words = int(sections["words"].sum())
    biggest = study.anatomy.sort_values("words", ascending=False).iloc[0]
    faqs = len(study.tables["faqs"])
    parts = ["an introduction"] + [
        _n(n, word)
        for n, word in (
            (len(study.tables["causes"]), "numbered reason"),
            (len(study.tables["tips"]), "numbered tip"),
        )
        if n
    ]
    return Markup(
        "<p>The article runs to {} words in {}: {}{}{}. "
        "The largest part is the {} section ({}% of the words).</p>"
    ).format(
        f"{words:,}",
        _n(len(sections), "section"),
        ", ".join(parts),
        ", a conclusion" if "conclusion" in set(sections["section"]) else "",
        f" and {_n(faqs, 'FAQ question')}" if faqs else "",
        biggest["section"],
        round(100 * float(biggest["share"])),
    )


def fact_check_intro(study) -> Markup:
    """What the fact-check table shows and how statuses are decided."""
    text = Markup(
        "<p>Each row quotes the claim as the article words it, with its line in the raw text. The "
        "verdicts are computed: each claim is compared with the figures of the evidence library in "
        "the same unit whose population, body site and kind of measure (incidence, prevalence, "
        "share of injuries, rate) overlap the claim's. The article's number <em>agrees</em> with a "
        "figure when it is the same number at the article's precision (18 for 17.8), lies inside "
        "the figure's 95% confidence interval or range, or satisfies its qualifier (“more than”, "
        "“up to”). <em>Verified</em>: a figure for the same population, measure and body site "
        "agrees. <em>Number right but misattributed</em>: the number is a figure's (the same "
        "number, or inside its 95% CI), but that figure is about a different population, measure "
        "or body site than the article says. <em>Out of range</em>: a figure for the same "
        "population, measure and body site does not agree. <em>Unsourced</em>: none of these. "
        "<em>Contradicted by the article</em>: another claim about the same group and the same "
        "measure gives a number that does not agree. An editor's annotation may judge that two "
        "populations or measures are the same or different and may set a status; a status its "
        "numbers contradict is refused. Verdicts no editor has reviewed are marked "
        "<em>automatic</em> (or <em>pending review</em> in a drafted file).</p>"
    )
    notes = study.fact_check[study.fact_check["note"] != ""]
    if len(notes):
        items = Markup("").join(
            Markup("<li>Line {}: {}</li>").format(r.line, _isolated(r.note))
            for r in notes.itertuples()
        )
        text += Markup("<p>Notes from the fact-check:</p><ul>{}</ul>").format(items)
    statements = study.statements
    if len(statements):
        names = study.sources.sources.set_index("source")
        items = Markup("").join(
            Markup("<li>Line {}: “{}” — {} ({}).</li>").format(
                r.line,
                _isolated(r.text),
                r.status,
                short_citation(names.loc[r.source]) if r.source else "no source",
            )
            for r in statements.itertuples()
        )
        text += Markup(
            "<p>Statements without a number, checked against the sentence the library quotes from "
            "their named source (verified when that sentence says it):</p><ul>{}</ul>"
        ).format(items)
    return text


def causes_text(study, table_ref: Markup, figure_refs: list[Markup]) -> Markup:
    """What the causes section shows: *table_ref* links the table, *figure_refs* the charts of
    the symptoms and treatments the causes name (none when they name none)."""
    named = [kind for kind in ("symptoms", "treatments") if (study.causes[kind] != "—").any()]
    lists = Markup("{} lists the article's reasons with their category{}{}.").format(
        table_ref,
        Markup(" and the {} their text names").format(" and ".join(named)) if named else "",
        Markup("; {} {} those mentions").format(
            _join(figure_refs), "counts" if len(figure_refs) == 1 else "count"
        )
        if figure_refs
        else "",
    )
    how = Markup(
        " Categories are automatic, suggested by the lexicon, until an editor reviews them."
        if study.annotations is None
        else " Categories are an editor's."
    )
    if not named:
        return Markup("<p>{}{}</p>").format(lists, how)
    treated = study.mentions("treatment").sum(axis=0)
    top = treated[treated > 0].sort_values(ascending=False, kind="stable").index[:3].tolist()
    most = (
        Markup(" Across the causes, the treatments mentioned most often are {}.").format(_join(top))
        if top
        else ""
    )
    return Markup(
        "<p>{}{} Symptoms and treatments are whole-word matches of a small lexicon (with "
        "synonyms) against each cause's text.{}</p>"
    ).format(lists, how, most)


def tips_intro(study, table_ref: Markup, figure_ref: Markup) -> Markup:
    """What the tips section shows (*table_ref*, *figure_ref* link the table and the chart)."""
    return Markup("<p>{} lists the tips with their category{}; {} groups them.</p>").format(
        table_ref,
        " and the causes each one addresses" if study.coverage is not None else "",
        figure_ref,
    )


def tips_text(study, coverage_ref: Markup | None = None) -> Markup:
    """Which causes have no tip and which tips address none (*coverage_ref* links the chart)."""
    if study.coverage is None:
        return Markup("")  # no tips or no causes: the report says so once, in its summary
    gaps = coverage_gaps(study.coverage)
    causes = gaps["causes_without_tip"]
    tips = gaps["tips_without_cause"]
    quoted = lambda labels: _join([Markup("“{}”").format(_isolated(label)) for label in labels])  # noqa: E731
    how = (
        "is curated by hand"
        if study.annotations is not None
        else "is automatic until an editor reviews it: a tip given under a cause addresses it, "
        "and so does a tip that shares its treatment words"
    )
    if study.annotations is None:  # automatic links say what they found, not what the tips do
        no_tip = Markup("The automatic links find no tip for cause {}.")
        no_cause = Markup("They tie tip {} to none of the causes.")
    else:
        no_tip = Markup("No tip addresses cause {}.")
        no_cause = Markup("Tip {} {} none of the causes.")
    return Markup("<p>Which causes each tip addresses {}{}. {} {}</p>").format(
        how,
        Markup("; {} maps them").format(coverage_ref) if coverage_ref else "",
        no_tip.format(quoted(causes)) if causes else "Every cause has at least one tip.",
        no_cause.format(quoted(tips), "addresses" if len(tips) == 1 else "address")
        if tips
        else "Every tip addresses a cause.",
    )


def risk_text(study, ref: Markup) -> Markup:
    """The risk model stated in words, with one worked example (*ref* links the chart).

    The report calls it only when :attr:`Study.risk` has rows (its section is earned).
    """
    example = study.risk[study.risk["weekly_hours"] == 3.0]
    lines = Markup("").join(
        Markup(
            "<li>{}: {} expected injuries (95% CI {}–{}); probability of at least one: {}%.</li>"
        ).format(
            r.group,
            f"{r.expected:.2f}",
            f"{r.expected_low:.2f}",
            f"{r.expected_high:.2f}",
            round(100 * r.p_any),
        )
        for r in example.itertuples()
    )
    return Markup(
        "<p>{} shows it. {}</p><p>For example, running 3 hours a week for {} weeks ({} hours):</p>"
        "<ul>{}</ul>"
    ).format(
        ref, describe_risk_model(site=study.subject), SEASON_WEEKS, int(3 * SEASON_WEEKS), lines
    )


def incidence_text(study, ref: Markup) -> Markup:
    """Introduce the incidence chart (the report calls it only when there are incidence rows)."""
    sources = sorted(set(study.incidence["source"]))
    return Markup(
        "<p>The rates the article quotes rest on {}; {} shows them by group of runners with their "
        "95% confidence intervals, beside the article’s own figures.</p>"
    ).format(_join(sources), ref)


def prevalence_text(study, ref: Markup) -> Markup:
    """Introduce the prevalence chart (the report calls it only when there are prevalence rows).

    It names the body sites of the article's percentages, and says when the literature reports
    parts of a site the article names as a whole (the low and the upper back, for "back pain").
    """
    article_sites = sorted(set(people_percentages(study.tables["claims"])["site"]))
    shown = set(study.prevalence.loc[study.prevalence["kind"] == "literature", "label"])
    figures = study.sources.figures
    literature = {figure_site(f) for f in figures.itertuples() if f.label in shown}
    text = Markup(
        "<p>{} puts the article’s percentages about the {} beside the ranges the literature "
        "reports for it."
    ).format(ref, _join([reader_name(s) for s in article_sites]))
    for site in article_sites:
        parts = sorted(p for p in literature if p != site and within(p, site))
        if parts:
            text += Markup(
                " The literature reports the {} separately; the article’s figures about the {} "
                "do not say which they mean."
            ).format(_join([reader_name(p) for p in parts]), reader_name(site))
    return text + Markup("</p>")


def methods(study) -> Markup:
    """How the report was made."""
    return Markup(
        "<p>The article's raw text is parsed by <code>runreport.ingest.parse</code> into sections, "
        "numbered causes and tips, FAQs, numeric claims (with their line and sentence) and "
        "references to other articles; the tables are validated against declared schemas. Each "
        "claim's verdict is computed by <code>runreport.factcheck.verdicts</code> from the "
        "evidence library (<code>data/evidence.yaml</code>: figures read in their sources' "
        "abstracts, each with the sentence it was read in). Curated knowledge — categories, tip ↔ "
        "cause links, products and the editor's judgement on claims — lives in human-edited YAML "
        "files that are checked against the parsed article and the numbers. The report quotes what "
        "the article says and states what the primary source says; it never computes a new health "
        "figure{}.{}</p>"
    ).format(
        " except the risk model above, whose assumptions are stated" if len(study.risk) else "",
        " Sources:" if len(study.references) else " No primary source is linked to this article.",
    )


def downloads() -> Markup:
    """Where readers get the data and figures."""
    return Markup(
        '<p>Every table of this report is published as CSV in <a href="data/">data/</a>, described '
        'by <a href="data/datapackage.json">datapackage.json</a> (a Frictionless Data Package). '
        "Each figure has its PNG, SVG and the CSV of exactly the data it plots beside it. The <a "
        'href="index.html">download '
        "page</a> lists every file with its size and SHA-256.</p>"
    )


def versions() -> list[dict[str, str]]:
    """Python and key package versions, for the reproduce table.

    The same list keys the build cache.
    """
    return [{"package": name, "version": version} for name, version in package_versions().items()]


def reproduce(study, article_sha256: str) -> Markup:
    """The input's hash and the command that rebuilds the report."""
    return Markup(
        "<p>Input: <code>{}</code> (SHA-256 <code>{}</code>). Rebuild everything with <code>make "
        "report</code>, or for another article <code>runreport build --article PATH</code>; "
        "<code>runreport build --check</code> verifies that published exports are current.</p>"
    ).format(Path(study.article.path).name, article_sha256)


def _own_data(statuses: dict) -> str:
    """ ", 2 from the article's own data" when the article reports data of its own, else ""."""
    own = statuses.get("own data", 0)
    return f", {own} from the article's own data" if own else ""
