"""User patterns: layout-proof, linear in the input, and one scan per document.

Every regex a rule pack writes (``patterns:``, ``phrases:``, ``unless:``, ...) goes
through :func:`compile_pattern`:

- **Layout-proof.** A literal space in a pattern means "any run of whitespace",
  so a phrase still matches when plain-text mail wraps it at 72 columns or when a
  quoted reply puts ``>`` markers on the next line (the parser blanks those
  markers, so they are whitespace here). A space inside a character class means
  any whitespace character too (``[- ]`` matches "award-winning", "award
  winning" and "award\\nwinning"), except in a class that also names ``\\t``
  (``[ \\t]``: spaces and tabs on one line, as written).
- **Linear time.** A pattern runs on RE2 (google-re2) whenever RE2 can express it:
  its matching time is linear in the text whatever the pattern. A pattern that
  needs what RE2 lacks (lookaround, backreferences) runs on Python's ``re`` only
  after two static checks (no nested unbounded repetition; no unbounded repetition
  over an alternation or another repetition) and, in the main thread, under a
  time budget per document (:class:`Budget`): a runaway becomes a
  :class:`PatternTimeout`, which the engine reports as a one-line error for that
  rule and document.
- **One scan.** :class:`PatternSet` puts every RE2 pattern of a run into one
  RE2 ``Set``; one pass over a document says which patterns can match at all, and
  the exact pattern then runs only for those.

RE2 is imported on first use (it costs a few milliseconds), and RE2 sees the text
as UTF-8 bytes: :class:`TextView` encodes a document once and maps byte offsets
back to character offsets. On RE2, ``\\b``, ``\\w`` and ``\\d`` know ASCII letters
and digits only.
"""

from __future__ import annotations

import re
import signal
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

ENGINES = ("re2", "python")
DEFAULT_BUDGET = 1.0  # seconds per Python-engine pattern per document

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class PatternTimeout(Exception):
    """A Python-engine pattern ran out of its time budget on one document."""


# --------------------------------------------------------------------------- RE2


_RE2: Any = None
_UNANCHORED: Any = None


def _re2() -> Any:
    global _RE2, _UNANCHORED
    if _RE2 is None:
        import re2

        _RE2 = re2
        # google-re2's internals, for re2_found / re2_spans, looked for once; a
        # release without them gets the public API (the same answers, slower)
        module: Any = re2  # (untyped: with or without google-re2-stubs)
        try:
            module.compile("a")._regexp.Match  # noqa: B018
            _UNANCHORED = module._re2.RE2.Anchor.UNANCHORED
        except AttributeError:
            _UNANCHORED = None
    return _RE2


def re2_found(compiled: Any, text: str) -> bool:
    """``compiled.search(text) is not None`` for a compiled RE2 pattern, asked of RE2
    directly: the wrapper's ``search`` builds a match object and maps its offsets
    back to characters in Python, three times the cost of the match itself on a
    sentence (the tagger asks this of every sentence, several times)."""
    if _UNANCHORED is None:
        return compiled.search(text) is not None
    data = text.encode("utf-8")  # as the wrapper encodes
    spans: list[tuple[int, int]] = compiled._regexp.Match(_UNANCHORED, data, 0, len(data))
    return spans[0] != (-1, -1)


def re2_spans(compiled: Any, data: bytes, pos: int, endpos: int) -> list[tuple[int, int]]:
    """The byte spans of ``compiled.finditer(data, pos, endpos)`` for a compiled RE2
    pattern, asked of RE2 directly: the wrapper's finditer builds a match object
    per match in Python (the same loop, with the same rule for empty matches)."""
    size = len(data)
    pos, endpos = max(0, min(pos, size)), max(0, min(endpos, size))
    found: list[tuple[int, int]] = []
    if pos > endpos:
        return found
    if _UNANCHORED is None:
        return [m.span() for m in compiled.finditer(data, pos, endpos)]
    match = compiled._regexp.Match
    while True:
        span: tuple[int, int] = match(_UNANCHORED, data, pos, endpos)[0]
        if span == (-1, -1):
            break
        found.append(span)
        if pos == endpos:
            break
        pos = pos + 1 if pos == span[1] else span[1]  # an empty match: step on
    return found


_OPTIONS: dict[bool, Any] = {}


def _options(*, longest: bool = False) -> Any:
    options = _OPTIONS.get(longest)
    if options is None:
        options = _re2().Options()
        options.log_errors = False
        options.max_mem = 64 << 20
        options.longest_match = longest
        _OPTIONS[longest] = options
    return options


def re2_error(regex: str) -> str | None:
    """Why RE2 cannot run ``regex`` (None when it can)."""
    try:
        _re2().compile(regex, _options())
    except Exception as exc:  # re2.error
        message = str(exc)
        if message.startswith("b'") or message.startswith('b"'):
            message = message[2:-1]
        return message or "not supported by RE2"
    return None


# --------------------------------------------------------------------------- layout


def layout_proof(regex: str) -> str:
    """``regex`` with each literal space turned into "any whitespace" (see module doc).

    ``a b`` -> ``a\\s+b``; ``a ?b`` / ``a *b`` -> ``a\\s*b``; ``[- ]`` -> ``[-\\s]``.
    Verbose patterns (``(?x)``), where spaces mean nothing, are left alone.
    """
    if " " not in regex or regex.lstrip("(").startswith("?x") or "(?x" in regex:
        return regex
    out: list[str] = []
    i = 0
    n = len(regex)
    depth = 0
    behind: list[int] = []  # depths of the open lookbehind groups (fixed width: one \s)
    while i < n:
        ch = regex[i]
        if ch == "\\" and i + 1 < n:
            if regex[i + 1] == " ":
                i = _space(regex, i + 2, out, fixed=bool(behind))
                continue
            out.append(regex[i : i + 2])
            i += 2
            continue
        if ch == "(":
            depth += 1
            if regex.startswith(("(?<=", "(?<!"), i):
                behind.append(depth)
        elif ch == ")":
            if behind and behind[-1] == depth:
                behind.pop()
            depth -= 1
        if ch == "[":
            end = _class_end(regex, i)
            body = regex[i:end]
            if " " in body and "\\t" not in body:
                body = body.replace("\\ ", " ").replace(" ", "\\s")
            out.append(body)
            i = end
            continue
        if ch == " ":
            i = _space(regex, i + 1, out, fixed=bool(behind))
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _space(regex: str, i: int, out: list[str], *, fixed: bool = False) -> int:
    """Emit whitespace for a literal space whose next character is at ``i`` (one
    whitespace character in a lookbehind, which must keep a fixed width)."""
    if fixed:
        out.append(r"\s")
        return i
    while i < len(regex) and regex[i] == " ":
        i += 1  # several spaces: one run of whitespace
    quantifier = regex[i : i + 1]
    if quantifier in ("?", "*"):
        out.append(r"\s*")
        i += 1
    elif quantifier == "+":
        out.append(r"\s+")
        i += 1
    elif quantifier == "{":
        out.append(r"\s")
    else:
        out.append(r"\s+")
        return i
    if regex[i : i + 1] in ("?", "+"):  # lazy / possessive modifier: keep it
        out.append(regex[i])
        i += 1
    return i


def _class_end(regex: str, start: int) -> int:
    """Offset just past the character class opening at ``start``."""
    i = start + 1
    if regex[i : i + 1] == "^":
        i += 1
    if regex[i : i + 1] == "]":
        i += 1  # a leading ']' is a literal
    while i < len(regex):
        if regex[i] == "\\":
            i += 2
            continue
        if regex[i] == "[" and regex[i + 1 : i + 2] == ":":
            close = regex.find(":]", i + 2)
            if close != -1:
                i = close + 2
                continue
        if regex[i] == "]":
            return i + 1
        i += 1
    return len(regex)


# --------------------------------------------------------------------------- text


class TextView:
    """One document's text for matching: the str, its UTF-8 bytes, offset maps.

    For ASCII text (the usual case once quotes and dashes are folded) byte and
    character offsets are the same; otherwise the maps are built on first use.
    """

    __slots__ = (
        "_byte_ends",
        "_char_at",
        "_extra",
        "_lowered",
        "_squeezed",
        "ascii",
        "data",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self._char_at: list[int] = []
        self._byte_ends: list[int] = []
        self._extra: list[int] = [0]
        self._lowered: str | None = None
        self._squeezed: Squeezed | None = None
        if not self.ascii:
            extra = 0
            for match in _NON_ASCII.finditer(text):
                index = match.start()
                width = len(match.group().encode("utf-8", "surrogatepass"))
                self._char_at.append(index)
                extra += width - 1
                self._extra.append(extra)
                self._byte_ends.append(index + extra + 1)

    @property
    def lowered(self) -> str:
        """Lowercased text for literal prefilters (offsets may differ: never slice it)."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    @property
    def squeezed(self) -> Squeezed:
        """The text with every run of whitespace as one space (for Python-engine
        patterns, whose fixed-width lookbehinds cannot span a run of spaces)."""
        if self._squeezed is None:
            self._squeezed = Squeezed(self.text)
        return self._squeezed

    def to_byte(self, index: int) -> int:
        if self.ascii:
            return index
        return index + self._extra[bisect_left(self._char_at, index)]

    def to_char(self, offset: int) -> int:
        if self.ascii:
            return offset
        return offset - self._extra[bisect_right(self._byte_ends, offset)]


class Squeezed:
    """``text`` with each whitespace run replaced by one space, and the offset maps
    between the two (a breakpoint after each run)."""

    __slots__ = ("_new", "_old", "text")

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        self._old: list[int] = [0]  # original offset of each breakpoint
        self._new: list[int] = [0]  # squeezed offset of the same breakpoint
        pos = new = 0
        for match in _RUN.finditer(text):
            pieces.append(text[pos : match.start()])
            new += match.start() - pos + 1
            pieces.append(" ")
            pos = match.end()
            self._old.append(pos)
            self._new.append(new)
        pieces.append(text[pos:])
        self.text = "".join(pieces)

    def from_original(self, offset: int) -> int:
        """The squeezed offset of an original one (inside a run: the run's space)."""
        i = bisect_right(self._old, offset) - 1
        if i + 1 < len(self._old):
            run_start = self._new[i + 1] - 1  # where this segment's run begins (squeezed)
            return min(self._new[i] + (offset - self._old[i]), run_start)
        return self._new[i] + (offset - self._old[i])

    def to_original(self, offset: int) -> int:
        i = bisect_right(self._new, offset) - 1
        return self._old[i] + (offset - self._new[i])


_RUN = re.compile(r"\s{2,}|[\t\n\r\f\v]")


# --------------------------------------------------------------------------- budget


class Budget:
    """A wall-clock limit for Python-engine matching on one document.

    Enforced with ``SIGALRM`` in the main thread (the CLI and batch workers); in
    other threads (a Dask or notebook user's thread pool) signals cannot reach
    the work, so the static checks are the only guard there.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._previous: Any = None
        self._armed = False

    def __enter__(self) -> Budget:
        if (
            self.seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        ):
            self._previous = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self._armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self._armed = False


def _alarm(signum: int, frame: object) -> None:
    raise PatternTimeout()


# --------------------------------------------------------------------------- patterns


class Pattern:
    """One compiled user pattern. ``source`` is as written; ``regex`` what runs.

    ``derived`` is what :func:`derive` computed for the source (the layout-proof
    regex and the engine), cached with the pack, so the hook path neither rewrites
    nor trial-compiles a pattern: it compiles only the patterns a document needs.
    """

    __slots__ = (
        "_compiled",
        "engine",
        "ignore_case",
        "longest",
        "multiline",
        "regex",
        "source",
    )

    def __init__(
        self,
        source: str,
        *,
        ignore_case: bool = True,
        layout: bool = True,
        longest: bool = False,
        multiline: bool = True,
        derived: tuple[str, str] | None = None,
    ) -> None:
        self.source = source
        self.ignore_case = ignore_case
        self.longest = longest
        self.multiline = multiline
        self._compiled: Any = None
        if derived is not None:
            self.regex, self.engine = derived
        else:
            self.regex = layout_proof(source) if layout else source
            self.engine = "re2"
            try:  # the trial compile is kept: it is the one that runs
                self._compiled = _re2().compile(self.flagged, _options(longest=longest))
            except Exception:
                self.engine = "python"

    @property
    def inline_flags(self) -> str:
        """The pattern's flags written inline, as RE2 takes them (``(?i)(?m)``)."""
        return ("(?i)" if self.ignore_case else "") + ("(?m)" if self.multiline else "")

    @property
    def flagged(self) -> str:
        """The RE2 form: inline flags instead of compile flags."""
        return self.inline_flags + self.regex

    @property
    def why_python(self) -> str | None:
        """Why RE2 cannot run this pattern (None when it runs on RE2)."""
        return None if self.engine == "re2" else re2_error(self.flagged)

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            if self.engine == "re2":
                self._compiled = _re2().compile(self.flagged, _options(longest=self.longest))
            else:
                flags = (re.MULTILINE if self.multiline else 0) | (
                    re.IGNORECASE if self.ignore_case else 0
                )
                self._compiled = re.compile(self.regex, flags)
        return self._compiled

    def __getstate__(self) -> tuple[object, ...]:
        # compiled RE2 objects do not pickle: a worker process compiles its own
        return tuple(getattr(self, name) for name in _STATE)

    def __setstate__(self, state: tuple[object, ...]) -> None:
        for name, value in zip(_STATE, state, strict=True):
            setattr(self, name, value)
        self._compiled = None

    def spans(
        self, view: TextView, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int]]:
        """Character spans of the non-empty matches in ``view.text[start:end]``.

        Python-engine patterns must be run inside a :class:`Budget`.
        """
        stop = len(view.text) if end is None else end
        if self.engine == "python":
            squeezed = view.squeezed
            a, b = squeezed.from_original(start), squeezed.from_original(stop)
            return [
                (squeezed.to_original(m.start()), squeezed.to_original(m.end() - 1) + 1)
                for m in self.compiled.finditer(squeezed.text, a, b)
                if m.end() > m.start()
            ]
        found = re2_spans(self.compiled, view.data, view.to_byte(start), view.to_byte(stop))
        if view.ascii:
            return [span for span in found if span[1] > span[0]]
        return [(view.to_char(a), view.to_char(b)) for a, b in found if b > a]

    def search(self, text: str) -> bool:
        """Does the pattern match anywhere in a short ``text`` (a sentence, a turn)?"""
        compiled = self.compiled
        if self.engine == "re2":
            return re2_found(compiled, text)
        return compiled.search(text) is not None


_STATE = ("source", "ignore_case", "longest", "multiline", "regex", "engine")


def derive(source: str, *, ignore_case: bool = True, multiline: bool = True) -> tuple[str, str]:
    """(layout-proof regex, engine) of a pattern: what a pack caches for it."""
    pattern = Pattern(source, ignore_case=ignore_case, multiline=multiline)
    return pattern.regex, pattern.engine


def compile_pattern(
    source: str,
    *,
    ignore_case: bool = True,
    layout: bool = True,
    longest: bool = False,
    multiline: bool = True,
    derived: tuple[str, str] | None = None,
) -> Pattern:
    return Pattern(
        source,
        ignore_case=ignore_case,
        layout=layout,
        longest=longest,
        multiline=multiline,
        derived=derived,
    )


def has_literals(clauses: Sequence[Sequence[str]], lowered: str) -> bool:
    """A literal prefilter: does lowercased ``lowered`` hold one word of every clause
    (the words a pattern cannot match without, from ``required_literals``)?"""
    return all(any(word in lowered for word in clause) for clause in clauses)


def without_lookaround(regex: str) -> str:
    """``regex`` with its lookaround groups (``(?=``, ``(?!``, ``(?<=``, ``(?<!``)
    removed: it matches everywhere ``regex`` does, and maybe more (a lookaround
    only ever takes matches away)."""
    out: list[str] = []
    i, n = 0, len(regex)
    while i < n:
        ch = regex[i]
        if ch == "\\":
            out.append(regex[i : i + 2])
            i += 2
        elif ch == "[":
            end = _class_end(regex, i)
            out.append(regex[i:end])
            i = end
        elif regex.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(regex, i)
            while i < n and regex[i] in "?*+":  # a quantified lookaround: drop both
                i += 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _group_end(regex: str, start: int) -> int:
    """Offset just past the group opening at ``start`` (escapes and classes skipped)."""
    depth = 0
    i = start
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(regex, i)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(regex)


# Whitespace to Python's ``\s`` on ASCII text but not to RE2's: where they occur,
# an RE2 stand-in for a Python pattern is no longer sure to find all its matches.
_ODD_SPACE = re.compile(r"[\x0b\x1c-\x1f]")


def search_set(forms: Iterable[tuple[int, str]]) -> tuple[Any, list[int]] | None:
    """One RE2 ``Set`` of ``forms`` ((position, regex) pairs), and the position of
    each of its entries; a regex RE2 refuses is left out. None when nothing is left
    or the set does not compile (then the caller runs every regex itself)."""
    re2 = _re2()
    built = re2.Set.SearchSet(_options())
    index: list[int] = []
    for i, form in forms:
        try:
            built.Add(form)
        except re2.error:
            continue
        index.append(i)
    if not index:
        return None
    try:
        built.Compile()
    except re2.error:
        return None
    return built, index


class PatternSet:
    """All RE2 patterns of a run in one RE2 ``Set``: one pass says which can match.

    Patterns that need Python's engine get a second ``Set`` of stand-ins: the same
    regex without its lookarounds (:func:`without_lookaround`), which matches
    wherever the pattern does. It runs on the squeezed text the Python patterns
    run on, and only on ASCII text (where RE2's ``\\w``, ``\\b`` and case folding
    agree with Python's), so a Python pattern is skipped only when it cannot match.
    """

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = list(patterns)
        self._set: Any = None
        self._index: list[int] = []  # set entry -> position in self.patterns
        self._failed = False
        self._py_set: Any = None
        self._py_index: list[int] = []
        self._py_failed = False

    def __getstate__(self) -> list[Pattern]:
        return self.patterns

    def __setstate__(self, state: list[Pattern]) -> None:
        self.__init__(state)  # type: ignore[misc]

    def _build(self) -> None:
        wanted = [(i, p.flagged) for i, p in enumerate(self.patterns) if p.engine == "re2"]
        built = search_set(wanted)
        if built is None or len(built[1]) < len(wanted):  # (all or none: a pattern left
            self._failed = True  # out would read as "cannot match"); every pattern runs
            return
        self._set, self._index = built

    @property
    def built(self) -> bool:
        return self._set is not None or self._failed

    def candidates(self, view: TextView) -> set[int] | None:
        """Positions (in ``patterns``) of the RE2 patterns that match somewhere in
        ``view``; None when the set could not be built (then run them all)."""
        if self._set is None and not self._failed:
            self._build()
        if self._set is None:
            return None
        try:
            hits = self._set.Match(view.data)
        except Exception:  # the DFA ran out of memory on this text: run them all
            return None
        return {self._index[i] for i in hits or ()}

    def _build_python(self) -> None:
        stand_ins = (
            (i, pattern.inline_flags + without_lookaround(pattern.regex))
            for i, pattern in enumerate(self.patterns)
            if pattern.engine == "python"
        )
        # a stand-in still beyond RE2 (a backreference...): that pattern always runs
        built = search_set((i, s) for i, s in stand_ins if re2_error(s) is None)
        if built is None:
            self._py_failed = True
            return
        self._py_set, self._py_index = built

    def python_skips(self, view: TextView) -> set[int]:
        """Positions of the Python-engine patterns that cannot match in ``view``
        (their RE2 stand-in does not match its squeezed text); empty when unsure."""
        if self._py_set is None and not self._py_failed:
            self._build_python()
        if self._py_set is None or not view.ascii:
            return set()
        text = view.squeezed.text
        if _ODD_SPACE.search(text):
            return set()
        try:
            hits = set(self._py_set.Match(text.encode("ascii")) or ())
        except Exception:
            return set()
        return {p for i, p in enumerate(self._py_index) if i not in hits}


class _Regex(Protocol):
    """A Python regex as written: ``re.Pattern`` or a ``LazyRegex``."""

    @property
    def pattern(self) -> str: ...

    @property
    def flags(self) -> int: ...


# The flags whose meaning RE2 shares on ASCII text (inline, as RE2 takes them).
_SCREEN_FLAGS = {re.IGNORECASE: "(?i)", re.MULTILINE: "(?m)", re.DOTALL: "(?s)"}
_SCREEN_OTHER_FLAGS = re.UNICODE | re.ASCII


class Screen:
    """Which of a few built-in Python regexes match a text: one RE2 ``Set`` pass.

    For built-in regexes that scan long texts (all of a rep's words): Python's
    engine tries a case-insensitive alternation at every position, RE2 runs a DFA
    over the bytes. On ASCII text without the odd spaces (see :data:`_ODD_SPACE`)
    RE2 and Python agree on such a regex (the same reasoning that lets
    :meth:`PatternSet.python_skips` skip patterns), so RE2's answer is Python's.
    On other texts, and for a regex that RE2 would read otherwise (``$``, which
    Python also matches before a final line break; ``{,n}``; POSIX classes) or
    cannot run, the answer is None: ask Python.
    """

    def __init__(self, *regexes: _Regex) -> None:
        self.regexes = regexes
        self._set: Any = None
        self._screened: list[int] = []  # Set entry -> position in regexes
        self._unmatched: list[bool | None] = []  # the answers when the Set matches nothing
        self._failed = False

    def _build(self) -> None:
        forms = ((i, _re2_form(regex)) for i, regex in enumerate(self.regexes))
        # a regex RE2 reads otherwise or cannot run: Python answers for it
        built = search_set((i, form) for i, form in forms if form is not None)
        if built is None:
            self._failed = True
            return
        self._set, self._screened = built
        self._unmatched = [False if i in self._screened else None for i in range(len(self.regexes))]

    def found(self, text: str) -> list[bool | None]:
        """For each regex, in order: does it match somewhere in ``text``? (None: not
        known here, ask Python.)"""
        if not text.isascii() or _ODD_SPACE.search(text):
            return [None] * len(self.regexes)
        if self._set is None and not self._failed:
            self._build()
        if self._set is None:
            return [None] * len(self.regexes)
        try:
            hits = self._set.Match(text.encode("ascii"))
        except Exception:  # the DFA ran out of memory on this text: ask Python
            return [None] * len(self.regexes)
        answers = list(self._unmatched)
        for entry in hits or ():
            answers[self._screened[entry]] = True
        return answers


def _re2_form(regex: _Regex) -> str | None:
    """``regex`` as RE2 reads it the way Python does on ASCII text (inline flags),
    or None when unsure."""
    pattern, flags = regex.pattern, regex.flags
    inline = [text for flag, text in _SCREEN_FLAGS.items() if flags & flag]
    if flags & ~(sum(_SCREEN_FLAGS) | _SCREEN_OTHER_FLAGS):
        return None  # verbose, locale, debug: not RE2's
    if "$" in pattern or "{," in pattern or "[:" in pattern or "(?" in pattern.replace("(?:", ""):
        return None  # (inline flags and groups of their own: not worth telling apart)
    return "".join(inline) + pattern


# --------------------------------------------------------------------------- static checks


def sre_parser() -> tuple[Any, Any]:
    """Python's regex parser and constants (private modules, stable in 3.11+), loaded
    only when a pack is validated: never on the cached hook path."""
    import re._parser as sre_parse  # type: ignore[import-not-found]
    from re import _constants as constants  # type: ignore[attr-defined]

    return sre_parse, constants


def python_risk(regex: str) -> str | None:
    """Why a pattern that must run on Python's engine is refused (None: accepted).
    Both static checks; the time budget then guards what they cannot see."""
    return catastrophic(regex) or ambiguous_repeat(regex)


def catastrophic(regex: str) -> str | None:
    """Why ``regex`` risks catastrophic backtracking, or None when it looks safe.

    Rejects an unbounded repeat whose body can itself repeat without bound
    (``(a+)+``, ``(a*)*``, ``(\\w+\\s?)*``), the classic exponential shape.
    """
    _, c = sre_parser()

    def has_unbounded(items: Any) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                _lo, hi, sub = av
                if hi == c.MAXREPEAT or hi > 50 or has_unbounded(sub):
                    return True
            elif (op == c.SUBPATTERN and has_unbounded(av[-1])) or (
                op == c.BRANCH and any(has_unbounded(branch) for branch in av[1])
            ):
                return True
        return False

    if _unbounded_repeat_over(regex, has_unbounded):
        return "nested unbounded repetition (like '(a+)+') can backtrack for ever"
    return None


def ambiguous_repeat(regex: str) -> str | None:
    """For Python-engine patterns: an unbounded repeat over an alternation or over
    another repeat (``(a|aa)*``, ``(?:ab?)+``) can backtrack exponentially on a
    crafted line, so it is refused unless RE2 can run the pattern."""
    _, c = sre_parser()

    def risky(items: Any) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.BRANCH):
                return True
            if op == c.SUBPATTERN and risky(av[-1]):
                return True
        return False

    if _unbounded_repeat_over(regex, risky):
        return (
            "an unbounded repeat over an alternation or a repeat can backtrack "
            "for ever on Python's engine; write it without lookaround or "
            "backreferences so that RE2 can run it"
        )
    return None


def _unbounded_repeat_over(regex: str, body_is_risky: Callable[[Any], bool]) -> bool:
    """Does ``regex`` hold an unbounded repeat (``*``, ``+``, ``{n,}``) whose body
    ``body_is_risky`` refuses, anywhere: inside groups, alternatives and
    lookarounds? (False for a regex Python cannot parse: compiling reports it.)"""
    sre_parse, c = sre_parser()
    try:
        parsed = sre_parse.parse(regex)
    except re.error:
        return False

    def walk(items: Any) -> bool:
        for op, av in items:
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                _lo, hi, sub = av
                if (hi == c.MAXREPEAT and body_is_risky(sub)) or walk(sub):
                    return True
            elif op == c.SUBPATTERN:
                if walk(av[-1]):
                    return True
            elif op == c.BRANCH:
                if any(walk(branch) for branch in av[1]):
                    return True
            elif op in (c.ASSERT, c.ASSERT_NOT) and walk(av[1]):
                return True
        return False

    return walk(parsed)
