"""Machine formats from the same results: SARIF (schema-validated), GitHub, JUnit, rdjson, CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

from conftest import EXAMPLES, FIXTURES, run_cli
from cxcoach.model import Finding
from cxcoach.report.github import lines as github_lines
from cxcoach.results import DocumentResult

COLD = EXAMPLES / "cold-email.txt"
# shipped with the tests (a copy of ../shared/schemas), so a fresh clone validates too
SCHEMA = FIXTURES / "schemas" / "sarif-schema-2.1.0.json"


def test_sarif_validates_against_the_2_1_0_schema(tmp_path: Path) -> None:
    import jsonschema

    suppressed = tmp_path / "s.txt"
    suppressed.write_text("Act now. <!-- cxcoach: disable-line=pushy-pressure -->\n")
    proc = run_cli("check", str(COLD), str(suppressed), "-f", "sarif")
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "thank-you-for-your-business" in rule_ids
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    levels = {r["level"] for r in run["results"]}
    assert levels <= {"note", "warning", "error"} and "note" in levels
    first = run["results"][0]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
    assert first["partialFingerprints"]
    assert rule_ids[first["ruleIndex"]] == first["ruleId"]
    assert any(r.get("suppressions") for r in run["results"])
    fingerprints = [next(iter(r["partialFingerprints"].values())) for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_github_escapes_percent_newline_and_comma() -> None:
    finding = Finding(
        "rule-x",
        "warning",
        "trust",
        0,
        3,
        2,
        5,
        2,
        8,
        "100% sure,\nreally\r",
        "abc",
        "do this",
    )
    (line,) = github_lines([DocumentResult("dir/a,b:c.txt", (finding,))])
    assert line == (
        "::warning file=dir/a%2Cb%3Ac.txt,line=2,col=5,endLine=2,endColumn=8,"
        "title=rule-x::100%25 sure,%0Areally%0D"
    )


def test_github_output_from_cli() -> None:
    proc = run_cli("check", str(COLD), "-f", "github")
    out = proc.stdout.strip().splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out)
    assert any("title=thank-you-for-your-business::" in line for line in out)


def test_junit_one_testcase_per_file_and_failures_per_finding(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text((EXAMPLES / "good-email.txt").read_text())
    proc = run_cli("check", str(COLD), str(clean), "-f", "junit")
    root = ET.fromstring(proc.stdout)
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == [str(COLD), str(clean)]
    findings = json.loads(run_cli("check", str(COLD), "-f", "json").stdout)["files"][0]["findings"]
    assert len(cases[0].findall("failure")) == len(findings)
    assert cases[1].findall("failure") == []
    assert root.get("failures") == str(len(findings))


def test_rdjson_and_csv() -> None:
    rd = json.loads(run_cli("check", str(COLD), "-f", "rdjson").stdout)
    assert rd["source"]["name"] == "cxcoach"
    diag = rd["diagnostics"][0]
    assert {"message", "location", "severity", "code"} <= set(diag)
    assert diag["location"]["range"]["start"]["line"] >= 1
    assert any("suggestions" in d for d in rd["diagnostics"])  # the thank-you fix
    rows = list(csv.DictReader(io.StringIO(run_cli("check", str(COLD), "-f", "csv").stdout)))
    findings = json.loads(run_cli("check", str(COLD), "-f", "json").stdout)["files"][0]["findings"]
    assert len(rows) == len(findings)
    assert rows[0]["path"] == str(COLD) and rows[0]["suppressed"] == "0"


def test_one_registry_lists_the_formats_and_writes_each_the_same_way() -> None:
    """--help lists what the registry holds, and every format is a Reporter:
    write(results, stream, options)."""
    from cxcoach.api import check_text
    from cxcoach.report import FORMATS, ReportOptions, reporter

    help_text = run_cli("check", "--help", env={"COLUMNS": "500"}).stdout  # no wrapping
    assert "Output format: " + " | ".join(FORMATS) + "." in help_text
    text = COLD.read_text(encoding="utf-8")
    results = check_text(text, name="cold.txt")
    options = ReportOptions({"cold.txt": text})
    for name in FORMATS:
        stream = io.StringIO()
        reporter(name)(results, stream, options)
        assert "cold.txt" in stream.getvalue(), name
    bad = run_cli("check", str(COLD), "--format", "yaml")
    assert bad.returncode == 2
    assert f"expected {' | '.join(FORMATS)}" in bad.stderr
