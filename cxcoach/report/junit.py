"""``--format junit``: one testcase per file, one failure element per finding.

Text from the input is shown with visible escapes for control, bidi and invisible
characters (:func:`cxcoach.report.escape.visible`): CI pages show it to people,
and XML 1.0 cannot even hold most C0 controls, so raw they would make the report
unreadable by any parser."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO
from xml.etree import ElementTree as ET

from cxcoach.report import NO_OPTIONS, ReportOptions
from cxcoach.report.escape import visible
from cxcoach.results import DocumentResult


def to_xml(results: Sequence[DocumentResult]) -> ET.Element:
    suites = ET.Element("testsuites", name="cxcoach")
    suite = ET.SubElement(suites, "testsuite", name="cxcoach")
    failures = errors = 0
    for result in results:
        path = visible(result.path)
        case = ET.SubElement(suite, "testcase", classname="cxcoach", name=path)
        if result.error:
            errors += 1
            ET.SubElement(case, "error", message=visible(result.error), type="input-error")
            continue
        for f in result.findings:
            failures += 1
            message = visible(f.message)
            failure = ET.SubElement(
                case, "failure", message=f"{visible(f.rule)}: {message}", type=f.level
            )
            failure.text = (
                f"{path}:{f.line}:{f.column} {f.level} {visible(f.rule)}\n{message}\n"
                f"instead: {visible(' '.join(f.instead.split()))}"
            )
        if result.suppressed:
            ET.SubElement(
                case, "system-out"
            ).text = f"{len(result.suppressed)} finding(s) suppressed"
    for element in (suites, suite):
        element.set("tests", str(len(results)))
        element.set("failures", str(failures))
        element.set("errors", str(errors))
    return suites


def write(
    results: Sequence[DocumentResult], stream: TextIO, options: ReportOptions = NO_OPTIONS
) -> None:
    tree = to_xml(results)
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(tree, encoding="unicode"))
    stream.write("\n")
