"""JUnit XML: one testcase a file, one failure a finding; CI test tabs read it."""

from __future__ import annotations

import re
from typing import TextIO
from xml.etree import ElementTree as ET

from ..findings import Report
from . import ReportOptions, display_path


_NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, lone surrogates (a file name that is not
    UTF-8) or U+FFFE/U+FFFF, even escaped: each becomes U+FFFD."""
    return _NOT_XML_RE.sub("\ufffd", text)


def render(report: Report, out: TextIO, options: ReportOptions) -> None:
    failures = sum(len(r.findings) for r in report.results)
    errors = sum(1 for r in report.results if r.error)
    suites = ET.Element("testsuites", name="copylint", tests=str(len(report.results)),
                        failures=str(failures), errors=str(errors))
    suite = ET.SubElement(suites, "testsuite", name="copylint", tests=str(len(report.results)),
                          failures=str(failures), errors=str(errors), skipped="0")
    for result in report.results:
        path = _clean(display_path(result.path, report.root))
        case = ET.SubElement(suite, "testcase", classname="copylint", name=path, file=path)
        if result.error:
            ET.SubElement(case, "error", message=_clean(result.error), type="error").text = _clean(result.error)
            continue
        for f in result.findings:
            body = f"{path}:{f.start.line}:{f.start.column}: {f.severity.label} {f.rule} {f.message}"
            if f.match:
                body += f"\n  {f.match}"
            if f.suggestions:
                body += "\n  suggestion: " + ", ".join(f.suggestions)
            failure = ET.SubElement(case, "failure", message=_clean(f"{f.rule}: {f.message}"), type=f.severity.label)
            failure.text = _clean(body)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
