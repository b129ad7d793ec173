"""Charts for the report, in one house style (matplotlib).

Takes the DataFrames from :mod:`runreport.analysis` and gives :class:`Chart`
objects: a matplotlib Figure plus everything a publication needs beside it
(key, title, caption, alt text, source line and the exact data it plots).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.figure
import pandas as pd


@dataclass
class Chart:
    """A figure with what a reader needs beside it.

    Attributes:
        key: Stable slug, used for file names and the HTML id (``fig-<key>``).
        figure: The matplotlib figure.
        title: Short title (also drawn in the figure).
        caption: One or two sentences saying what the chart shows.
        alt: Alt text written for the chart (what a screen-reader user needs).
        source: Source line ("Source: …").
        data: Exactly the data the chart plots (written as CSV beside it).
    """

    key: str
    figure: matplotlib.figure.Figure
    title: str
    caption: str
    alt: str
    source: str
    data: pd.DataFrame
