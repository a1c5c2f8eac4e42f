"""--format junit: one test suite per folder, one test case per rule code checked."""

from __future__ import annotations

from collections import defaultdict
from typing import IO
from xml.etree import ElementTree as ET

from jdcheck.findings import BatchReport, Report, Severity
from jdcheck.xmltext import xml_safe


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


def _xml_safe(root: ET.Element) -> None:
    """Control characters in a file name or a cell quoted in a message (a tab or a newline are
    fine) would make the whole report unparseable for the CI dashboard."""
    for element in root.iter():
        element.attrib = {key: xml_safe(value) for key, value in element.attrib.items()}
        if element.text:
            element.text = xml_safe(element.text)


def _write(root: ET.Element, stream: IO[str]) -> None:
    """Every document goes out through here: nothing from the folder can make it unparseable."""
    _xml_safe(root)
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def render(report: Report, stream: IO[str], lang: str = "zh") -> None:
    root = ET.Element("testsuites")
    root.append(suite(report))
    _write(root, stream)


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
    _write(root, stream)


def render_error(message: str, stream: IO[str], version: str) -> None:
    """Exit 2 under --format junit: still one JUnit document on stdout, one test case in error
    with the one-line message, so CI shows why instead of an empty results.xml (which most
    dashboards read as "no tests" or reject)."""
    attributes = {"tests": "1", "failures": "0", "errors": "1", "skipped": "0"}
    root = ET.Element("testsuites", {"name": "jdcheck", **attributes})
    suite_element = ET.SubElement(root, "testsuite", {"name": f"jdcheck {version}", **attributes})
    case = ET.SubElement(suite_element, "testcase", {"classname": "jdcheck", "name": "jdcheck"})
    ET.SubElement(case, "error", {"message": message, "type": "usage"}).text = message
    _write(root, stream)
