"""Everything known about one article, loaded once: the notebooks' entry point.

Takes the paths of an article and (optionally) its annotations and gives a
:class:`Study`: the parsed article, its validated tables, the curated sources
and lexicon, the annotations (or None), and every analysis table, computed on
first use. Relative paths are resolved against the project root, so notebooks
work from any working directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from runreport import config
from runreport.analysis import findings, subject
from runreport.analysis.tables import build_tables, write_csv
from runreport.factcheck import verdicts
from runreport.factcheck.annotations import Annotations, load_annotations, load_lexicon
from runreport.factcheck.evidence import Evidence, load_evidence
from runreport.ingest.article import Article
from runreport.ingest.parse import parse_article


def resolve(path: str | Path | None) -> Path | None:
    """*path* as given when it exists (or is absolute), else relative to the project root.

    Notebooks run in ``notebooks/`` and receive project-relative paths; the
    command line passes paths relative to where the user stands.
    """
    if path is None:
        return None
    path = Path(path)
    if path.is_absolute() or path.exists():
        return path
    return config.PROJ_ROOT / path


@dataclass
class Study:
    """An article with its tables, curated knowledge and analyses."""

    article: Article
    tables: dict[str, pd.DataFrame]
    sources: Evidence
    lexicon: pd.DataFrame
    annotations: Annotations | None

    @property
    def annotated(self) -> bool:
        """Whether the article has an annotations file."""
        return self.annotations is not None

    @cached_property
    def fact_check(self) -> pd.DataFrame:
        """Every claim against its primary source (:func:`findings.fact_check`)."""
        return findings.fact_check(self.tables["claims"], self.sources, self.annotations)

    @cached_property
    def contradictions(self) -> pd.DataFrame:
        """Claims that contradict each other (:func:`findings.find_contradictions`)."""
        return findings.find_contradictions(self.tables["claims"])

    @cached_property
    def causes(self) -> pd.DataFrame:
        """The causes table for readers (:func:`findings.causes_overview`)."""
        return findings.causes_overview(self.tables["causes"], self.lexicon, self.annotations)

    @cached_property
    def tips(self) -> pd.DataFrame:
        """The tips table for readers (:func:`findings.tips_overview`)."""
        return findings.tips_overview(
            self.tables["tips"], self.annotations, self.lexicon, self.tables["causes"]
        )

    def mentions(self, kind: str) -> pd.DataFrame:
        """Cause × symptom or cause × treatment counts."""
        return findings.mention_matrix(self.tables["causes"], self.lexicon, kind)

    @cached_property
    def coverage(self) -> pd.DataFrame | None:
        """Tips × causes (:func:`findings.tip_coverage`): the editor's links, else the automatic
        ones (:func:`findings.automatic_links`); None without tips or without causes."""
        tips, causes = self.tables["tips"], self.tables["causes"]
        if not len(tips) or not len(causes):
            return None  # nothing to map
        if self.annotations is None:
            links = findings.automatic_links(tips, causes, self.lexicon)
        else:
            links = self.annotations.links
        return findings.tip_coverage(tips, causes, links)

    @cached_property
    def anatomy(self) -> pd.DataFrame:
        """Words, claims and links per section (:func:`findings.article_anatomy`)."""
        products = self.annotations.products if self.annotations is not None else None
        return findings.article_anatomy(self.tables, products)

    @cached_property
    def incidence(self) -> pd.DataFrame:
        """Verified incidence behind the rate claims (:func:`findings.incidence_table`)."""
        return findings.incidence_table(self.fact_check, self.sources, self.annotations)

    @cached_property
    def risk(self) -> pd.DataFrame:
        """Season risk per group and weekly load (:func:`findings.season_risk`)."""
        return findings.season_risk(self.incidence)

    @cached_property
    def prevalence(self) -> pd.DataFrame:
        """Literature prevalence beside the article's figures.

        See :func:`findings.prevalence_context`.
        """
        return findings.prevalence_context(
            self.fact_check, self.sources, self.annotations, self.tables["claims"], self.subject
        )

    @cached_property
    def subject(self) -> str | None:
        """The body site the article is about (:func:`subject.subject_site`), or None."""
        title = self.article.title if self.article is not None else ""
        return subject.subject_site(title, self.tables["claims"])

    @cached_property
    def statements(self) -> pd.DataFrame:
        """Statements without a number, checked against their source.

        See :func:`verdicts.statement_table`.
        """
        if self.annotations is None:
            return pd.DataFrame(columns=["line", "text", "status", "source", "review", "note"])
        return verdicts.statement_table(
            self.annotations.statements, self.sources, self.annotations.path
        )

    @cached_property
    def used_sources(self) -> set[str]:
        """Ids of the sources this article's analysis rests on or shows."""
        fact = self.fact_check
        used = set(fact.loc[fact["source"] != "", "source_id"])
        if self.annotations is not None:
            claims = self.annotations.claims
            used |= set(claims["source"].dropna()) | set(claims["nearest_source"].dropna())
        used |= set(self.statements["source"].dropna())
        if not self.prevalence.empty:
            shown = set(self.prevalence.loc[self.prevalence["kind"] == "literature", "label"])
            used |= set(
                self.sources.figures.loc[self.sources.figures["label"].isin(shown), "source"]
            )
        return used

    @cached_property
    def references(self) -> pd.DataFrame:
        """Full references of the sources used (:func:`findings.references_table`)."""
        return findings.references_table(self.sources, self.used_sources)

    def data_tables(self) -> dict[str, pd.DataFrame]:
        """Every table published in ``exports/data/``, by file stem."""
        out = dict(self.tables)
        out.update(
            {
                "fact_check": self.fact_check,
                "causes_overview": self.causes,
                "tips_overview": self.tips,
                "cause_symptoms": self.mentions("symptom").reset_index(),
                "cause_treatments": self.mentions("treatment").reset_index(),
                "anatomy": self.anatomy,
                "sources": self.sources.sources,
                "source_figures": self.sources.figures,
            }
        )
        if self.coverage is not None:
            out["tip_coverage"] = self.coverage.reset_index()
        if not self.risk.empty:
            out["season_risk"] = self.risk
        return dict(sorted(out.items()))

    def write_data(self, directory: Path) -> list[Path]:
        """Write :meth:`data_tables` as CSV into *directory*."""
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, frame in self.data_tables().items():
            path = directory / f"{name}.csv"
            write_csv(frame, path)
            paths.append(path)
        return paths


def load_study(article: str | Path, annotations: str | Path | None = None) -> Study:
    """Load an article and its curated knowledge.

    Args:
        article: The article text file (absolute, or relative to the project).
        annotations: Its annotations YAML, or None when it has none.

    Raises:
        InputError: for any problem in the article or the curated files.
    """
    article_path = resolve(article)
    parsed = parse_article(article_path)
    tables = build_tables(parsed)
    sources = load_evidence(config.EVIDENCE_FILE)
    lexicon = load_lexicon(config.LEXICON_FILE)
    ann = None
    if annotations is not None:
        ann = load_annotations(resolve(annotations), tables, sources, article_path)
    study = Study(parsed, tables, sources, lexicon, ann)
    if ann is not None:
        # A status its numbers contradict is bad input: found now, at its YAML line, not in a
        # notebook's output.
        _ = study.fact_check, study.statements
    return study
