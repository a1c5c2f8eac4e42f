"""--format junit: one test suite per folder, one test case per rule code checked."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import IO
from xml.etree import ElementTree as ET

from jdcheck.findings import BatchReport, Report, Severity


def suite(report: Report) -> ET.Element:
    by_code = defaultdict(list)
    for finding in report.findings:
        by_code[finding.code].append(finding)
    not_run = dict(report.not_run)  # codes whose optional extra is missing: skipped test cases
    codes = sorted(set(report.checked) | set(by_code) | set(not_run))
    # what fails the folder fails its test case: errors, and under --strict warnings too
    failing = {Severity.ERROR, Severity.WARNING} if report.strict else {Severity.ERROR}
    failures = sum(1 for c in codes if any(f.severity in failing for f in by_code[c]))
    element = ET.Element("testsuite", {
        "name": f"jdcheck {report.type or 'unknown'} {report.folder}",
        "tests": str(len(codes)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(len(not_run)),
    })
    for code in codes:
        case = ET.SubElement(element, "testcase", {"classname": f"jdcheck.{report.type or 'unknown'}", "name": code})
        if code in not_run:
            ET.SubElement(case, "skipped", {"message": not_run[code]})
            continue
        found = by_code[code]
        errors = [f for f in found if f.severity in failing]
        lines = "\n".join(_line(f) for f in found)
        if errors:
            failure = ET.SubElement(case, "failure", {"message": errors[0].message, "type": code})
            failure.text = lines
        elif found:
            ET.SubElement(case, "system-out").text = lines
    return element


def _line(finding) -> str:
    where = finding.file or "-"
    if finding.row is not None:
        where += f":{finding.row}"
    return f"{finding.severity.value} {finding.code} {where}: {finding.message}"


# Characters XML 1.0 cannot hold, even escaped: control characters in a file name (a tab or a
# newline are fine) would make the whole report unparseable for the CI dashboard.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(root: ET.Element) -> None:
    for element in root.iter():
        element.attrib = {key: _NOT_XML.sub("\ufffd", value) for key, value in element.attrib.items()}
        if element.text:
            element.text = _NOT_XML.sub("\ufffd", element.text)


def render(report: Report, stream: IO[str], lang: str = "zh") -> None:
    root = ET.Element("testsuites")
    root.append(suite(report))
    _xml_safe(root)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def render_batch(batch: BatchReport, stream: IO[str], lang: str = "zh") -> None:
    """One <testsuite> per checked folder; skipped folders are not test suites (nothing ran)."""
    suites = [suite(report) for report in batch.reports]
    root = ET.Element("testsuites", {
        "name": f"jdcheck batch {batch.root}",
        "tests": str(sum(int(s.get("tests")) for s in suites)),
        "failures": str(sum(int(s.get("failures")) for s in suites)),
        "errors": "0",
        "skipped": str(sum(int(s.get("skipped")) for s in suites)),
    })
    root.extend(suites)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
