"""runreport: turn a running-health listicle into tables, an analysis and a report.

The flow, one module per stage:

- :mod:`runreport.ingest.parse` — article text → :class:`~runreport.ingest.parse.Article`
- :mod:`runreport.analysis.tables` — Article → validated pandas DataFrames and CSV
- :mod:`runreport.factcheck.annotations` — curated YAML → validated DataFrames
- :mod:`runreport.analysis.findings` — DataFrames → fact-check, matrices, risk
- :mod:`runreport.charts` — DataFrames → matplotlib figures
- :mod:`runreport.publish` — nbconvert exporters (HTML, PDF)
- :mod:`runreport.build.run` — notebooks → ``exports/``
- :mod:`runreport.cli` — the ``runreport`` command
"""

__version__ = "0.1.0"
