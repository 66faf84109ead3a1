"""``kind: answered`` — a prospect's question the rep's next turn(s) leave unanswered.

For each question in a prospect turn, the reply is the rep's next turn; when
that turn only asks a clarifying question, the rep turn after the prospect's
answer counts too. A question is addressed when the reply gives the kind of
answer it asks for:

- a price question ("how much", "pricing", "cost", "investment") needs a number,
  a currency amount or a price word with a figure — "Great question! Before we
  get into numbers…" is the classic dodge and fires;
- "when / how long / what time" needs a time, a date or a number;
- "how many" needs a number;
- a yes/no question needs yes/no (or a clear equivalent) or shared content words;
- "who" needs a name or "this is / I'm …";
- any other question needs at least one shared content word, unless the reply
  opens with a deflection ("great question", "let me ask you", "before we …").

The finding points at the prospect's question and names the rep turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxcoach.checks.base import Context, Hit, Scopes
from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Rule, Turn

OPTIONS: dict[str, object] = {}

_PRICE = LazyRegex(
    r"\b(price|pricing|cost|costs|how much|investment|budget|fee|fees|quote)\b", re.I
)
# a price needs a figure: a currency amount or digits ("one place" is not a price)
_PRICE_ANSWER = LazyRegex(
    r"[$€£¥]\s?\d|\d[\d,.]*\s?(?:k\b|m\b|%|dollars|euros|pounds|usd|eur|gbp|per|a |/)"
    r"|\b\d{2,}|\bfree\b|\bno (?:cost|charge)\b|\b(?:included|includes) at no",
    re.I,
)
_WHEN = LazyRegex(r"\b(when|how long|how soon|what time|timeline|what date)\b", re.I)
_HOW_MANY = LazyRegex(r"\bhow many\b", re.I)
_WHO = LazyRegex(r"^\W*(?:\w+\W+){0,3}?who(?:'s| is| are)?\b", re.I)
_NUMBER = LazyRegex(
    r"[$€£¥]\s?\d|\d[\d,.]*\s?(?:k|m|%|dollars|euros|pounds|usd|eur|gbp)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|dozen|hundred|thousand)\b",
    re.I,
)
_TIME = LazyRegex(
    r"\b(today|tomorrow|tonight|week|weeks|month|months|day|days|hour|hours|minutes|morning|"
    r"afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday|immediately|"
    r"right now|now|soon|quarter|year|years|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|am|pm)\b|\d",
    re.I,
)
_YES_NO = LazyRegex(
    r"^\W*(?:\w+\W+){0,3}?(yes|yeah|yep|yup|no|nope|absolutely|sure|of course|correct|exactly|"
    r"definitely|certainly|not|that's right|right|indeed|totally|we do|we don't|it does|it doesn't|"
    r"it is|it isn't|you can|you can't|you will|you do|you don't)\b",
    re.I,
)
_AUX_START = LazyRegex(
    r"^\W*(?:\w+,\s*)?(?:do|does|did|is|are|was|were|can|could|will|would|should|have|has|"
    r"may|am|isn't|aren't|don't|doesn't)\b",
    re.I,
)
_NAME_ANSWER = LazyRegex(r"\b(this is|i'm|i am|my name|it's)\b", re.I)
_DEFLECT = LazyRegex(
    r"^\W*(?:(?:great|good|excellent|fair) question\W+)?"
    r"(?:before (?:we|i)|let me ask|let's come back|"
    r"we'll get to|i'll get back to you|let's not|first,? (?:tell|let)|can i ask)",
    re.I,
)
_STOP = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "could",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "from",
        "further",
        "have",
        "having",
        "here",
        "into",
        "more",
        "most",
        "much",
        "other",
        "over",
        "same",
        "should",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "under",
        "until",
        "very",
        "want",
        "what",
        "when",
        "where",
        "which",
        "while",
        "will",
        "with",
        "would",
        "your",
        "yours",
        "you're",
        "just",
        "like",
        "really",
        "think",
        "know",
        "okay",
        "well",
        "going",
        "make",
        "sure",
        "thing",
        "things",
        "there's",
        "what's",
        "how's",
        "they're",
        "we're",
        "it's",
        "i'm",
    ]
)


def _words(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[a-z][a-z'-]{3,}", text.lower().replace("’", "'")):
        if word in _STOP:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out


def addressed(question: str, reply: str) -> bool:
    """Does ``reply`` address ``question``? (See the module docstring.)"""
    reply_s = reply.strip()
    if not reply_s:
        return False
    shared = _words(question) & _words(reply_s)
    if _PRICE.search(question):
        return bool(_PRICE_ANSWER.search(reply_s))
    if _HOW_MANY.search(question):
        return bool(_NUMBER.search(reply_s))
    if _WHEN.search(question):
        return bool(_TIME.search(reply_s)) or len(shared) >= 2
    if _WHO.search(question):
        return bool(_NAME_ANSWER.search(reply_s)) or bool(shared)
    if _DEFLECT.search(reply_s):
        return False
    if _AUX_START.search(question):  # a yes/no question
        return bool(_YES_NO.search(reply_s) or shared or _NUMBER.search(reply_s))
    # an open question: only a reply with no statement at all (a question back) misses it
    return bool(shared) or any(
        not s.rstrip().endswith("?") for s in re.split(r"(?<=[.!?])\s+", reply_s) if s.strip()
    )


def _reply(doc: Document, index: int) -> tuple[str, Turn | None]:
    """The rep's reply to the prospect turn at ``index`` (with one clarifying round)."""
    turns = doc.turns
    parts: list[str] = []
    first: Turn | None = None
    j = index + 1
    while j < len(turns) and turns[j].role != "rep":
        j += 1
    if j >= len(turns):
        return "", None
    first = turns[j]
    parts.append(first.text)
    if first.sentences and first.sentences[-1].question and len(first.sentences) <= 2:
        k = j + 1
        while k < len(turns) and turns[k].role != "rep":
            k += 1
        if k < len(turns):
            parts.append(turns[k].text)
    return " ".join(parts), first


def _describe(doc: Document, turn: Turn) -> str:
    """ "Sarah's reply at 02:15" / "the reply on line 12": the turn that skipped it."""
    who = f"{turn.speaker}'s reply" if turn.speaker else "the reply"
    if turn.time_start is not None:
        minutes, secs = divmod(int(turn.time_start), 60)
        hours, minutes = divmod(minutes, 60)
        clock = f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
        return f"{who} at {clock}"
    return f"{who} on line {doc.source.count(chr(10), 0, turn.start) + 1}"


class CompiledAnswered:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        if not any(t.role == "rep" for t in doc.turns):
            return
        for rule in self.rules:
            for i, turn in enumerate(doc.turns):
                if turn.role != "prospect":
                    continue
                questions = [s for s in turn.sentences if s.question and len(s.text.split()) >= 3]
                if not questions:
                    continue
                reply, rep_turn = _reply(doc, i)
                if rep_turn is None:
                    continue
                for question in questions:
                    if not addressed(question.text, reply):
                        message = rule.message.replace("{turn}", _describe(doc, rep_turn))
                        yield Hit(rule, question.start, question.end, turn, message=message)


def compile(rules: list[Rule], context: Context) -> CompiledAnswered:
    return CompiledAnswered(rules)
