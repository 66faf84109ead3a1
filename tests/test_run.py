"""The application layer (cxcoach.run): results and exit status, with no terminal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES
from cxcoach.batch import DOC_COLUMNS, Row
from cxcoach.model import CxError
from cxcoach.run import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    BatchOutputs,
    Options,
    Plans,
    batch,
    check,
)

COLD = EXAMPLES / "cold-email.txt"
GOOD = EXAMPLES / "good-email.txt"


class Heard:
    """A listener that keeps what it is told, in order."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def note(self, message: str) -> None:
        self.said.append(("note", message))

    def error(self, message: str) -> None:
        self.said.append(("error", message))

    def patch(self, text: str) -> None:
        self.said.append(("patch", text))


def test_check_gives_results_and_the_exit_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heard = Heard()
    missing = str(tmp_path / "nope.txt")
    done = check([str(COLD), str(GOOD), missing], Options(no_config=True), heard)
    assert [r.path for r in done.results] == [str(COLD), str(GOOD), missing]
    assert done.results[0].score is not None and done.results[2].error
    assert done.exit_code == EXIT_INPUT  # an unreadable input wins over findings
    assert heard.said == [("error", f"{missing}: no such file")]
    assert {r.id for r in done.rules} >= {f.rule for f in done.results[0].findings}
    assert capsys.readouterr() == ("", "")  # the run prints nothing itself
    assert check([str(COLD)], Options(no_config=True), heard).exit_code == EXIT_FINDINGS
    never = Options(no_config=True, fail_on="never")
    assert check([str(COLD)], never, heard).exit_code == EXIT_OK


def test_each_input_gets_the_plan_of_its_own_folder(tmp_path: Path) -> None:
    strict = tmp_path / "strict"
    strict.mkdir()
    (strict / ".cxcoach.yaml").write_text("fail-on: suggestion\ndisable: [hedging]\n")
    shutil.copy(GOOD, strict / "a.txt")
    shutil.copy(GOOD, tmp_path / "b.txt")
    plans = Plans(Options())
    here, there = plans.for_input(str(strict / "a.txt")), plans.for_input(str(tmp_path / "b.txt"))
    assert here.fail_on == "suggestion" and "hedging" not in {r.id for r in here.rules}
    assert plans.for_input(str(strict / "a.txt")) is here  # compiled once per config
    assert there is not here and there.fail_on == "warning"
    assert Plans(Options(no_config=True)).for_input(str(strict / "a.txt")).fail_on == "warning"


def test_diff_hands_out_patches_and_no_report(tmp_path: Path) -> None:
    path = tmp_path / "cold.txt"
    shutil.copy(COLD, path)
    heard = Heard()
    done = check([str(path)], Options(no_config=True), heard, diff=True)
    assert not done.report and done.exit_code == EXIT_OK
    ((kind, patch),) = heard.said
    assert kind == "patch" and patch.startswith(f"--- a/{path}")
    assert path.read_bytes() == COLD.read_bytes()  # --diff writes nothing


def test_user_errors_are_one_line_errors() -> None:
    with pytest.raises(CxError, match="give one or more files"):
        check([], Options(), Heard())
    with pytest.raises(CxError, match="cannot be used with --staged"):
        check([], Options(), Heard(), staged=True, fix=True)
    with pytest.raises(CxError, match="--kind: invalid value 'cold'"):
        check([str(COLD)], Options(kind="cold"), Heard())


def test_batch_gives_the_summary_and_the_exit_status(tmp_path: Path) -> None:
    out = tmp_path / "docs.csv"
    done = batch(
        [str(EXAMPLES)], Options(no_config=True, fail_on="error"), BatchOutputs(csv=str(out))
    )
    assert done.summary.documents == 2 and not done.interrupted
    assert done.exit_code == EXIT_FINDINGS  # the cold email has errors
    assert out.read_text(encoding="utf-8").startswith("id,source,status")


def test_a_row_holds_every_document_column() -> None:
    assert list(Row("x", "x", "error", error="empty input").values()) == list(DOC_COLUMNS)
