"""The email parser's work grows linearly with the input (counted, not timed).

A message parsed alone and the same message repeated 4 times: the searches the
parser runs (calls and the length of text each search is given) and the text it
copies by slicing must grow about 4 times, not 16. This is what catches a search
that restarts from the same place for every candidate, or a slice of "the rest of
the message" taken at every sign-off (which made a 5 MB email take 27 s).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import cxcoach.parse.boilerplate as boilerplate_module
import cxcoach.parse.email as email_module
import cxcoach.parse.greeting as greeting_module
import cxcoach.parse.history as history_module
from cxcoach.lazyre import LazyRegex
from cxcoach.parse import parse_document
from cxcoach.parse.text import Mask


@dataclass
class Work:
    calls: int = 0  # regex search/match/finditer calls
    scanned: int = 0  # characters handed to search/finditer (endpos - pos)
    sliced: int = 0  # characters copied by slicing the source or the masked text


class CountingStr(str):
    """A str that counts the characters its slices copy."""

    work = Work()

    def __getitem__(self, key: Any) -> str:
        result = str.__getitem__(self, key)
        if isinstance(key, slice):
            CountingStr.work.sliced += len(result)
        return result

    def __contains__(self, key: object) -> bool:
        CountingStr.work.scanned += len(self)
        return str.__contains__(self, key)  # type: ignore[operator]


class CountingRegex:
    def __init__(self, inner: LazyRegex) -> None:
        self.inner = inner

    @property
    def compiled(self) -> Any:
        return self.inner.compiled

    def _count(self, string: str, pos: int, endpos: int) -> None:
        CountingStr.work.calls += 1
        CountingStr.work.scanned += max(0, min(endpos, len(string)) - pos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._count(string, pos, endpos)
        return self.inner.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Any]:
        self._count(string, pos, endpos)
        return self.inner.finditer(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        CountingStr.work.calls += 1  # anchored: its cost is what it matches
        return self.inner.match(string, pos, endpos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


# the email parser and the modules it reads a message with
MODULES = [email_module, greeting_module, history_module, boilerplate_module]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in MODULES:
        for name, value in list(vars(module).items()):
            if isinstance(value, LazyRegex):
                monkeypatch.setattr(module, name, CountingRegex(value))
    apply = Mask.apply
    monkeypatch.setattr(Mask, "apply", lambda self, source: CountingStr(apply(self, source)))


PARAGRAPH = (
    "Thanks for sending the Q3 report on Friday. I went through the numbers with\n"
    "Mr. Kaminski this morning, and the reconciliation for the 47 accounts still\n"
    "takes about 5 days. Could you confirm the renewal covers the U.S. entities?\n"
)
SIGNATURE = (
    "Best regards,\nDana\nDana Lee | Account Executive | Ledgerly\n+1 (555) 010-2000\n"
    "https://ledgerly.example\n\n"
    "This email and any attachments are confidential and intended solely for the\n"
    "addressee. If you are not the intended recipient, please delete it.\n"
)
UNIT = (
    "Hi Sam,\n\n"
    + PARAGRAPH
    + "\nThanks,\n\n"  # a sign-off in the middle of the message
    + PARAGRAPH * 3
    + "\n"
    + SIGNATURE
    + "\nOn Mon, Mar 2, 2026 at 9:14 AM Sam Ortiz <sam@x.com> wrote:\n"
    + "".join("> " + line + "\n" for line in (PARAGRAPH * 2 + "\nThanks,\nSam").split("\n"))
    + "\n-----Original Message-----\nFrom: Sally Beck\nSent: Monday, March 2, 2026 9:00 AM\n"
    + "To: Dana Lee\nSubject: RE: report\n\n"
    + PARAGRAPH
    + "\nRegards,\nSally\n\n"
    + "John Arnold@ECT\n12/04/2000 10:15 AM\nTo: Sally Beck/HOU/ECT@ECT\n"
    + "cc: Vince Kaminski/HOU/ECT@ECT\nSubject: Re: storage report\n\n"
    + PARAGRAPH * 2
    + "\nCheers,\nJohn\nSent from my iPhone\n\n"
)


def measure(text: str) -> Work:
    CountingStr.work = Work()
    doc = parse_document(CountingStr(text), rep_names=("Dana Lee",))
    assert doc.kind in ("email", "thread")
    return CountingStr.work


CASES = [
    ("", UNIT, ""),  # a thread: messages under every kind of quote header
    ("Hi Sam,\n\n", PARAGRAPH + "\nThanks,\n\n", SIGNATURE),  # one long message
]


@pytest.mark.usefixtures("counted")
@pytest.mark.parametrize(("head", "unit", "tail"), CASES, ids=["thread", "one-message"])
@pytest.mark.parametrize("base", [1, 5])
def test_email_parsing_work_is_linear(head: str, unit: str, tail: str, base: int) -> None:
    one = measure(head + unit * base + tail)
    four = measure(head + unit * base * 4 + tail)
    assert one.calls > 0 and one.scanned > 0 and one.sliced > 0
    assert four.calls <= 4 * one.calls + 20, (one, four)
    assert four.scanned <= 4 * one.scanned + 2_000, (one, four)
    assert four.sliced <= 4 * one.sliced + 2_000, (one, four)


@pytest.mark.usefixtures("counted")
@pytest.mark.parametrize(("head", "unit", "tail"), CASES, ids=["thread", "one-message"])
def test_email_parsing_stays_linear_at_scale(head: str, unit: str, tail: str) -> None:
    one = measure(head + unit * 10 + tail)
    eight = measure(head + unit * 80 + tail)
    assert eight.calls <= 8.5 * one.calls, (one, eight)
    assert eight.scanned <= 8.5 * one.scanned and eight.sliced <= 8.5 * one.sliced, (one, eight)


@pytest.mark.parametrize("kind", ["email", "transcript"])
def test_turns_and_sentences_share_the_document_text(kind: str) -> None:
    """Memory: a turn or sentence holds a reference to the document's text and its
    offsets, not a copy of its words (copies made a 5 MB call's parse peak 8.1x its
    size); ``text`` is still the words, sliced when asked for."""
    if kind == "email":
        source = "Hi Sam,\n\nThe pilot starts Monday. Does 10am work?\n\nBest,\nDana\n"
        said = "Does 10am work?"
    else:
        source = "[00:00:01] Dana: Hi Sam. How is the pilot going?\n[00:00:09] Sam: Fine.\n"
        said = "How is the pilot going?"
    doc = parse_document(source, rep_names=("Dana",))
    sentences = [s for t in doc.turns for s in t.sentences]
    assert doc.turns and sentences
    for turn in doc.turns:
        assert turn.base is doc.text
        assert turn.text == doc.text[turn.start : turn.end]
    for sentence in sentences:
        assert sentence.base is doc.text
        assert sentence.text == doc.text[sentence.start : sentence.end]
    assert said in [s.text for s in sentences]


@pytest.mark.parametrize("word", ["Supercalifragilistic", "e.g", "U.S", "ok"])
def test_sentence_splitting_copies_a_bounded_window_per_dot(word: str) -> None:
    """The word before each dot is read from a window of a few characters: a dot with
    no space in that window once sliced everything before it (quadratic)."""
    from cxcoach.parse.sentences import split_sentences

    def sliced(repeats: int) -> int:
        text = CountingStr(f"{word}. " * repeats)
        CountingStr.work = Work()
        split_sentences(text, 0, len(text))
        return CountingStr.work.sliced

    small, large = sliced(500), sliced(2000)
    assert large <= 4.5 * max(small, 1)
