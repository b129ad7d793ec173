"""runreport: turn a running-health listicle into tables, an analysis and a report.

The flow, one module per stage:

- :mod:`runreport.parse` — article text → :class:`~runreport.parse.Article`
- :mod:`runreport.tables` — Article → validated pandas DataFrames and CSV
- :mod:`runreport.annotations` — curated YAML → validated DataFrames
- :mod:`runreport.analysis` — DataFrames → fact-check, matrices, risk
- :mod:`runreport.charts` — DataFrames → matplotlib figures
- :mod:`runreport.publish` — nbconvert exporters (HTML, PDF)
- :mod:`runreport.build` — notebooks → ``exports/``
- :mod:`runreport.cli` — the ``runreport`` command
"""

__version__ = "0.1.0"
