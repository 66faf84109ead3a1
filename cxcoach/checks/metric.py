"""``kind: metric`` — rules on numbers: talk ratio, monologues, questions, readability,
length, me/you focus and the closing next step. Thresholds are pack options, so a
team can tune them (``thresholds:`` in the config).

``metric:`` picks the measure; each reads only the options it documents:

- ``talk-ratio``: calls; the rep's share of words (of time when turns are timed)
  above ``max-share`` (0.65), judged from ``min-words`` (100) words.
- ``monologue``: a rep turn over ``max-words`` (375) words or ``max-seconds`` (150).
- ``few-questions``: calls: fewer rep questions than one per ``per-minutes`` (5)
  minutes, or per ``per-words`` (150) rep words when untimed, or no open question
  at all; emails: no question, or more than ``email-max`` (3).
- ``readability``: emails; Flesch-Kincaid grade above ``max-grade`` (8), from
  ``min-words`` (30) words.
- ``length``: first-touch emails over ``max-words`` (150) words.
- ``me-focus``: rep's we/our/us/I/my words over you/your above ``max-ratio``
  (1.5), from ``min-words`` (40) words.
- ``next-step``: the end of the conversation (the last ``window`` (3) sentences of
  the rep's last email, or the rep's last ``window-turns`` (6) turns of a call)
  holds no request for a next step (a meeting, a time, a reply: the ``request``
  tag), no dated step ("I'll call you Thursday at 2pm"), nothing matching
  ``patterns``, and no question of the rep (in a call, in its last
  ``question-turns`` (1) turn). Courtesies ("Is there anything else?") do not
  count.

Messages may use ``{value}`` and ``{threshold}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from cxcoach.checks.base import (
    BOOL,
    NUMBER,
    REGEX_LIST,
    STR,
    Context,
    Hit,
    Option,
    Scopes,
    rule_patterns,
)
from cxcoach.metrics import Metrics, compute, words
from cxcoach.model import Document, Rule, Sentence, Turn

METRICS = (
    "talk-ratio",
    "monologue",
    "few-questions",
    "readability",
    "length",
    "me-focus",
    "next-step",
)
DEFAULTS: dict[str, dict[str, Any]] = {
    "talk-ratio": {"max-share": 0.65, "min-words": 100},
    "monologue": {"max-words": 375, "max-seconds": 150},
    "few-questions": {"per-minutes": 5, "per-words": 150, "email-max": 3, "require-open": True},
    "readability": {"max-grade": 8, "min-words": 30},
    "length": {"max-words": 150},
    "me-focus": {"max-ratio": 1.5, "min-words": 40},
    "next-step": {"window": 3, "window-turns": 6, "question-turns": 1},
}
OPTIONS = {
    "metric": Option(STR, required=True, help=" | ".join(METRICS), choices=METRICS),
    "patterns": Option(REGEX_LIST, help="next-step: what a next step looks like"),
    "require-open": Option(BOOL),
    **{
        name: Option(NUMBER)
        for name in sorted({k for d in DEFAULTS.values() for k in d if k != "require-open"})
    },
}


def option(rule: Rule, name: str) -> Any:
    return rule.options.get(name, DEFAULTS[rule.options["metric"]].get(name))


# metric -> (the value reports show, the option holding its threshold)
AIMS = {"talk-ratio": ("talk_ratio", "max-share"), "readability": ("grade_level", "max-grade")}


def aims(rules: Iterable[Rule], situation: str | None = None) -> dict[str, float]:
    """The thresholds reports show beside the metrics (talk ratio, reading grade),
    read from the metric rules that run (in ``situation``, when given): a team that
    tunes them in its pack or config sees its own aims, and a disabled rule shows
    none. Reports never keep thresholds of their own."""
    out: dict[str, float] = {}
    for rule in rules:
        aim = AIMS.get(rule.options.get("metric", "")) if rule.kind == "metric" else None
        if aim is None or (situation and rule.situations and situation not in rule.situations):
            continue
        out[aim[0]] = float(option(rule, aim[1]))
    return out


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


class CompiledMetrics:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.needs_readability = any(r.options["metric"] == "readability" for r in rules)
        self.patterns = {r.id: rule_patterns(r, "patterns") for r in rules}

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        metrics = scopes.cache.get("metrics")
        if not isinstance(metrics, Metrics):
            metrics = compute(
                doc, readability=self.needs_readability, counter=scopes.tags.tagger.count_refs
            )
            scopes.cache["metrics"] = metrics
        for rule in self.rules:
            if not scopes.applies(rule.situations):
                continue
            yield from scopes.budgeted(
                rule,
                self.patterns[rule.id],
                partial(self._hits, rule, doc, metrics, scopes),
            )

    def _hits(self, rule: Rule, doc: Document, metrics: Metrics, scopes: Scopes) -> Iterator[Hit]:
        check = getattr(self, "_" + rule.options["metric"].replace("-", "_"))
        for turn, span, values in check(rule, doc, metrics, scopes):
            message = rule.message
            for key, value in values.items():
                message = message.replace("{" + key + "}", str(value))
            yield Hit(rule, span[0], span[1], turn, message=message)

    # each check yields (turn, (start, end), placeholder values)
    def _talk_ratio(self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes) -> Iterator[Any]:
        limit = float(option(rule, "max-share"))
        if doc.kind != "transcript" or m.rep_share is None:
            return
        too_short = m.rep_words + m.prospect_words < float(option(rule, "min-words"))
        if m.rep_share_basis == "words" and too_short:
            return
        if m.rep_share > limit:
            turn = _longest(doc)
            basis = "talk time" if m.rep_share_basis == "time" else "words"
            yield (
                turn,
                _first_sentence(turn),
                {
                    "value": _pct(m.rep_share),
                    "threshold": _pct(limit),
                    "basis": basis,
                },
            )

    def _monologue(self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes) -> Iterator[Any]:
        max_words = float(option(rule, "max-words"))
        max_seconds = float(option(rule, "max-seconds"))
        if doc.kind != "transcript":
            return
        for turn in doc.turns:
            if turn.role != "rep":
                continue
            count = words(turn.text)
            seconds = (
                turn.time_end - turn.time_start
                if turn.time_start is not None and turn.time_end is not None
                else None
            )
            if count > max_words:
                yield (
                    turn,
                    _first_sentence(turn),
                    {"value": f"{count} words", "threshold": f"{max_words:g} words"},
                )
            elif seconds is not None and seconds > max_seconds:
                yield (
                    turn,
                    _first_sentence(turn),
                    {"value": f"{seconds:.0f} s", "threshold": f"{max_seconds:g} s"},
                )

    def _few_questions(
        self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes
    ) -> Iterator[Any]:
        rep = [t for t in doc.turns if t.role == "rep"]
        if not rep:
            return
        if doc.kind == "transcript":
            if m.duration_seconds:
                needed = m.duration_seconds / 60 / float(option(rule, "per-minutes"))
                unit = f"one per {option(rule, 'per-minutes'):g} minutes"
            else:
                needed = m.rep_words / float(option(rule, "per-words"))
                unit = f"one per {option(rule, 'per-words'):g} words"
            needed_count = int(needed)
            if m.rep_questions < needed_count:
                yield (
                    rep[0],
                    _first_sentence(rep[0]),
                    {
                        "value": f"{m.rep_questions} questions",
                        "threshold": f"at least {needed_count} ({unit})",
                    },
                )
            elif option(rule, "require-open") and m.open_questions == 0 and m.rep_questions >= 0:
                yield (
                    rep[0],
                    _first_sentence(rep[0]),
                    {
                        "value": "no open questions",
                        "threshold": "at least one what/how/why question",
                    },
                )
            return
        last = rep[-1]
        questions = [s for s in last.sentences if s.question]
        if not questions and last.sentences and doc.first_touch:  # a reply may just confirm
            yield (
                last,
                _span(last.sentences[-1]),
                {"value": "no question", "threshold": "1-3 questions"},
            )
        elif len(questions) > int(option(rule, "email-max")):
            extra = questions[int(option(rule, "email-max"))]
            yield (
                last,
                _span(extra),
                {
                    "value": f"{len(questions)} questions",
                    "threshold": f"at most {option(rule, 'email-max'):g}",
                },
            )

    def _readability(self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes) -> Iterator[Any]:
        if m.grade_level is None or doc.kind == "transcript":
            return
        last = [t for t in doc.turns if t.role == "rep"][-1]
        if sum(words(s.text) for s in last.sentences) < float(option(rule, "min-words")):
            return
        limit = float(option(rule, "max-grade"))
        if m.grade_level > limit:
            longest = max(last.sentences, key=lambda s: words(s.text))
            yield last, _span(longest), {"value": f"{m.grade_level:.1f}", "threshold": f"{limit:g}"}

    def _length(self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes) -> Iterator[Any]:
        if doc.kind == "transcript" or not doc.first_touch:
            return
        rep = [t for t in doc.turns if t.role == "rep"]
        if not rep or not rep[-1].sentences:
            return
        count = sum(words(s.text) for s in rep[-1].sentences)
        limit = float(option(rule, "max-words"))
        if count > limit:
            yield (
                rep[-1],
                _span(rep[-1].sentences[0]),
                {"value": f"{count} words", "threshold": f"{limit:g} words"},
            )

    def _me_focus(self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes) -> Iterator[Any]:
        rep = [t for t in doc.turns if t.role == "rep"]
        if not rep or m.rep_words < float(option(rule, "min-words")):
            return
        limit = float(option(rule, "max-ratio"))
        ratio = m.me_words / max(m.you_words, 1)
        if m.me_words > limit * max(m.you_words, 1) and ratio > limit:
            yield (
                rep[0],
                _first_sentence(rep[0]),
                {
                    "value": f"{m.me_words} to {m.you_words}",
                    "threshold": f"{limit:g} to 1",
                },
            )

    def _next_step(self, rule: Rule, doc: Document, m: Metrics, scopes: Scopes) -> Iterator[Any]:
        rep = [t for t in doc.turns if t.role == "rep"]
        if not rep:
            return
        patterns = self.patterns[rule.id]
        if doc.kind == "transcript":
            window = [s for t in rep[-int(option(rule, "window-turns")) :] for s in t.sentences]
            # a question closes a call only near its very end; a discovery question
            # five turns before goodbye is not a next step
            asking = {
                s.start for t in rep[-int(option(rule, "question-turns")) :] for s in t.sentences
            }
        else:
            window = list(rep[-1].sentences[-int(option(rule, "window")) :])
            asking = {s.start for s in window}
        if not window:
            return
        tags = scopes.tags
        # any one sentence settles it, so read from the end, where the ask usually is
        for sentence in reversed(window):
            found = tags.of(sentence)
            if found.has("pleasantry"):
                continue
            if found.has("request") or any(p.search(sentence.text) for p in patterns):
                return
            if found.has("question") and sentence.start in asking and not found.has("rhetorical"):
                return
            if found.has("time") and found.about != "neither":
                return  # a dated step: "I'll call you Thursday at 2pm"
        last = window[-1]
        turn = next(t for t in reversed(rep) if t.start <= last.start < t.end)
        yield turn, _span(last), {}


def _longest(doc: Document) -> Turn:
    return max((t for t in doc.turns if t.role == "rep"), key=lambda t: words(t.text))


def _first_sentence(turn: Turn) -> tuple[int, int]:
    return (
        _span(turn.sentences[0]) if turn.sentences else (turn.start, min(turn.end, turn.start + 80))
    )


def _span(sentence: Sentence) -> tuple[int, int]:
    return sentence.start, sentence.end


def compile(rules: list[Rule], context: Context) -> CompiledMetrics:
    return CompiledMetrics(rules)
