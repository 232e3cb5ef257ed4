"""JSON Lines: one finding object a line, the same fields as the json format; for streaming tools."""

from __future__ import annotations

import json
from typing import TextIO

from ..findings import Report
from . import ReportOptions
from .json import finding_dict


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    for f in report.findings:
        out.write(json.dumps(finding_dict(f, report.root), ensure_ascii=False) + "\n")
