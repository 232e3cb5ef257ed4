"""Checkstyle XML: the format many CI plugins and reviewdog (-f=checkstyle) read."""

from __future__ import annotations

import collections
from typing import TextIO
from xml.etree import ElementTree as ET

from ..findings import Report, Severity
from . import ReportOptions, display_path
from .junit import _clean

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "info"}


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    root = ET.Element("checkstyle", version="4.3")
    files: dict[str, ET.Element] = collections.OrderedDict()
    for result in report.results:
        path = _clean(display_path(result.path, report.root))
        node = files.get(path)
        if node is None:
            node = files[path] = ET.SubElement(root, "file", name=path)
        if result.error:
            ET.SubElement(node, "error", line="1", severity="error", message=_clean(result.error), source="copylint")
        for f in result.findings:
            message = f.message
            if f.suggestions:
                message += " (suggestion: " + ", ".join(f.suggestions) + ")"
            ET.SubElement(node, "error", line=str(f.start.line), column=str(f.start.column),
                          severity=LEVEL[f.severity], message=_clean(message), source=_clean(f"copylint.{f.rule}"))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
