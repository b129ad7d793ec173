"""runreport: turn a running-health listicle into tables, a fact-check and an illustrated report.

The packages follow the flow, and each imports only from those above it:

- :mod:`runreport.ingest` — an article file (text, Markdown, HTML) → an Article with its
  sections, items and numeric claims;
- :mod:`runreport.factcheck` — claims × the evidence library → verdicts; the editors' annotations
  and review commands;
- :mod:`runreport.analysis` — validated tables, findings, the study the notebooks load, and the
  report's prose;
- :mod:`runreport.charts` — matplotlib figures in the house style, with captions and alt text;
- :mod:`runreport.publish` — nbconvert exporters to HTML and PDF, the download page;
- :mod:`runreport.build` — one article's notebooks → ``exports/``, with a cache and warm kernels;
- :mod:`runreport.site` — many articles → a fact-check site, on local workers or Dask.

Beside them, the ground every stage may use (:mod:`~runreport.config`,
:mod:`~runreport.errors`, :mod:`~runreport.provenance`, :mod:`~runreport.output_folders`) and the
front door, :mod:`runreport.cli`. docs/architecture.md says more.
"""

__version__ = "0.1.0"
