"""Reports for people reading after a session: charts, the evaluation report, the run-sheet.

An adapter around the core (it uses matplotlib and Jinja2); the core, the service and the
participant widgets never import it, so participant kernels stay light.
"""

from .charts import chart_data_uri, chart_png
from .report import build_report
from .runsheet import runsheet_html

__all__ = ["build_report", "chart_data_uri", "chart_png", "runsheet_html"]
