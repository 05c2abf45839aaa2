"""Programme evaluation over a series of sessions, with pandas: the programme lead's side.

``load_series`` reads a series from the store into tidy DataFrames; ``summary`` turns it into
JSON-able figures by Kirkpatrick level, every one k-suppressed; ``series_report_html`` writes
the self-contained HTML report; ``tables`` and ``charts`` give the same figures to a notebook;
``example_series`` makes a generated series to try them on.

An adapter like ``huddle.reports``: nothing in the core, the service or the participant pages
imports it (a test checks), so participant kernels never load pandas or scipy.
"""

from .figures import Chart
from .example import example_series
from .load import Series, load_series
from .report import charts, series_report_html, tables
from .summary import Summary, summary

__all__ = ["Chart", "Series", "Summary", "charts", "example_series", "load_series", "series_report_html", "summary", "tables"]
