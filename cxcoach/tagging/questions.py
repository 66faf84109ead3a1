"""Typed questions and the answers that count.

A prospect's sentence may ask several questions ("Two questions: how long does
setup take, and is there a minimum term?"). :func:`split_questions` cuts it into
its questions; :func:`question_type` types each:

- ``price``  — how much, pricing, cost, fee, budget, quote: a figure or currency
  answers it ("$149 a seat"), or "free", "included", "no extra charge";
- ``time``   — when, how long, how soon, what date, timeline: a time expression or a
  duration answers it ("first thing Monday", "about two weeks");
- ``number`` — how many, what percentage: a number answers it;
- ``yesno``  — an inversion ("Does it ...", "Is there ...") or a statement with a
  question mark: yes/no words and their variants ("yep", "exactly right", "we
  do", "not yet"), a refusal with its reason, an action taken ("I've reversed the
  charge"), or a statement on the question's content words;
- ``which`` / ``who`` / ``where`` — a statement on the question's content words
  (a name for who);
- ``open``   — how / why / tell me: a statement on its content words or an
  explanation ("because ...").

A pivot ("Great question! Let me show you ...", "Totally hear you", "Before we get
into that ...") is not an answer by itself. Price, time and number questions shaped
as yes/no ("Is that included in the price?") also take a yes/no answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple, Protocol

from cxcoach.lazyre import LazyRegex
from cxcoach.tagging import times

_WH = ("what", "how", "why", "when", "where", "who", "whom", "whose", "which")
_AUX = (
    "do does did is are was were can could will would should shall have has had may might "
    "am isn't aren't don't doesn't didn't won't wouldn't can't couldn't haven't hasn't"
).split()
_AUX_SET = frozenset(_AUX)
_SUBJECTS = frozenset(
    "i you we they it there he she this that your our my the a an any someone anyone".split()
)
# a new question starts after a comma/semicolon/dash or "and"/"or" when a wh-word or
# an inversion follows: "how long does it take, and is there a minimum term?"
_SPLIT = LazyRegex(
    r"(?:[,;:]|\s-\s|\?)\s*(?:(?:and|or|also|plus|but)\s+)?(?=(?:"
    + "|".join(_WH)
    + r"|"
    + "|".join(a.replace("'", "'") for a in _AUX)
    + r")\b)"
    r"|\s(?:and|or)\s+(?=(?:" + "|".join(_WH) + r")\b)",
    re.IGNORECASE,
)
_PRICE_Q = LazyRegex(
    r"\bhow much\b(?! (?:time|longer|longer|of|notice|data|storage|space))|\b(?:price|prices"
    r"|pricing|priced|cost|costs|costing|fee|fees|budget|quote|rate|rates|investment|expensive"
    r"|cheap|cheaper|discount|discounts)\b",
    re.IGNORECASE,
)
_REQUEST_Q = LazyRegex(
    r"^\W*(?:\w+,?\s+)?(?:can|could|would|will)\s+(?:you|u|we|someone|somebody)\b"
    r"|^\W*(?:\w+,?\s+)?(?:is|would)\s+it\s+be\s+possible\b|^\W*(?:please|kindly)\b",
    re.IGNORECASE,
)
_WHY_Q = LazyRegex(r"^\W*(?:\w+\W+){0,2}?why\b", re.IGNORECASE)
_TIME_Q = LazyRegex(
    r"\b(?:when|how long|how soon|how quickly|how fast|what time|what date|which day|timeline"
    r"|time ?frame|turnaround|eta|by when|until when|go live|lead time"
    # a yes/no question about how long: a duration or date answers it too
    r"|(?:a|too|very|that) long(?: time)?|take long|takes long|any time soon|soon|locked in"
    r"|lock-in|tied in|deadline)\b",
    re.IGNORECASE,
)
_NUMBER_Q = LazyRegex(r"\b(?:how many|what percent(?:age)?|what share|what number)\b", re.I)
_WHO_Q = LazyRegex(r"^\W*(?:\w+\W+){0,2}?who(?:'s| is| are| will| would| do| can)?\b", re.I)
_WHERE_Q = LazyRegex(r"^\W*(?:\w+\W+){0,2}?where\b", re.I)
_WHICH_Q = LazyRegex(r"^\W*(?:\w+\W+){0,2}?(?:which|what)\b", re.I)
_OPEN_Q = LazyRegex(
    r"^\W*(?:\w+\W+){0,2}?(?:how|why)\b|\b(?:tell me|walk me through|explain|describe)\b", re.I
)
_NUMBER_WORD = (
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|half|a quarter)"
)
_FIGURE = LazyRegex(
    _NUMBER_WORD
    + r"(?:[\s-]+"
    + _NUMBER_WORD
    + r")*[\s-]+(?:percent|per cent|dollars|euros|pounds|bucks|grand|k\b|thousand|hundred"
    r"|million|a (?:month|year|seat|user|head|license))"
    r"|[$€£¥]\s?\d|\d[\d,.]*\s?(?:k\b|m\b|%|dollars|euros|pounds|bucks|usd|eur|gbp|cents?"
    r"|per\b|a (?:month|year|seat|user)|/)|\b\d{2,}\b|\bfree\b|\bno (?:extra |additional )?"
    r"(?:cost|charge|fee)s?\b|\bincluded\b|\bat no (?:extra |additional )?cost\b|\bcomplimentary\b"
    r"|\b(?:same|standard|list) price\b|\bnothing extra\b|\bwaived?\b",
    re.IGNORECASE,
)
_NUMBER = LazyRegex(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|fifty|hundred|thousand|dozen|dozens|hundreds|thousands|a few|several|all|none"
    r"|every|unlimited|no limit|single|couple|both|half)\b",
    re.IGNORECASE,
)
_NAME = LazyRegex(
    r"\b(?:this is|i'm|i am|my name|it's|that's|that would be|that'd be)\b|[A-Z][a-z]+"
)
_PLACE = LazyRegex(
    r"\b(?:in|at|from|on|via|through|under|inside)\b\s+\w|\b(?:here|there|online|portal|page|tab"
    r"|menu|settings|site|app|office|link)\b",
    re.I,
)
_EXPLAIN = LazyRegex(
    r"\b(?:because|since|so that|so you|by (?:\w+ing)|which means|that means|means|the reason"
    r"|due to|it works|works by|we use|you can|you'd|you would|you'll|the way)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    """about above after again against also been before being below between both could does
    doing down during each from further have having here into more most much other over same
    should some such than that that's their them then there these they this those through under
    until very want what when where which while will with would your yours you're just like
    really think know okay well going make sure thing things there's what's how's they're we're
    it's i'm get got can could any anything something someone does did have has had are were
    was the and for you our can't don't isn't aren't how why who whom whose tell me please also
    still even actually maybe kind sort quick question questions two three one""".split()
)


class Question(NamedTuple):
    start: int  # offsets into the text the sentence came from
    end: int
    text: str
    kind: str  # price | time | number | yesno | which | who | where | open
    yesno_shaped: bool

    @property
    def request(self) -> bool:
        """A request ("Can you send me the deck?"): doing it, or promising to, answers."""
        return bool(_REQUEST_Q.search(self.text))


def split_questions(text: str, offset: int = 0) -> list[Question]:
    """The questions asked in one sentence, each typed."""
    cuts = [0]
    for m in _SPLIT.finditer(text):
        if " or " in f" {m.group().lower()} ":
            continue  # "Is it X, or is it Y?": one question with alternatives
        if m.end() > cuts[-1] + 3:
            cuts.append(m.end())
    cuts.append(len(text))
    out: list[Question] = []
    for a, b in pairwise(cuts):
        piece = text[a:b].strip(" \t\r\n,;:-")
        if not piece:
            continue
        if not _interrogative(piece) and not (b == len(text) and text.rstrip().endswith("?")):
            continue  # a lead-in such as "Two questions:" or a statement
        start = a + text[a:b].find(piece)
        kind, yesno = question_type(piece)
        out.append(Question(offset + start, offset + start + len(piece), piece, kind, yesno))
    if not out and text.rstrip().endswith("?"):
        kind, yesno = question_type(text)
        out.append(Question(offset, offset + len(text), text, kind, yesno))
    # a lead-in statement glued to the first question: keep the question only
    return out


def _interrogative(piece: str) -> bool:
    words = _words(piece)
    if not words:
        return False
    first = words[0]
    if first in _WH:
        return True
    if first in _AUX_SET and len(words) > 1 and words[1] in _SUBJECTS:
        return True
    return piece.rstrip().endswith("?") and len(words) >= 2


def _words(text: str) -> list[str]:
    """Lowercase words, with "what's"/"how's"/... read as their wh-word."""
    out = []
    for word in re.findall(r"[a-z']+", text.lower()):
        base = word[:-2] if word.endswith("'s") else word
        out.append(base if base in _WH else word)
    return out


def question_type(text: str) -> tuple[str, bool]:
    """(kind, shaped as yes/no) of one question."""
    text = " ".join(text.split())  # layout never matters
    words = _words(text)
    yesno = bool(words) and (
        (words[0] in _AUX_SET and len(words) > 1)
        or (words[0] not in _WH and not _OPEN_Q.search(text))
    )
    if _WHY_Q.search(text):
        return "open", False
    if _NUMBER_Q.search(text):
        return "number", yesno
    if _PRICE_Q.search(text):
        return "price", yesno
    if _TIME_Q.search(text):
        return "time", yesno
    if yesno:
        return "yesno", True
    if _WHO_Q.search(text):
        return "who", False
    if _WHERE_Q.search(text):
        return "where", False
    if _OPEN_Q.search(text):
        return "open", False
    if _WHICH_Q.search(text):
        return "which", False
    return "open", False


def content_words(text: str) -> set[str]:
    """Salient words, lightly stemmed, for "does the reply talk about it"."""
    out = set()
    for word in re.findall(r"[a-z][a-z'-]{2,}", text.lower()):
        if word in _STOP or (len(word) < 4 and word not in ("sso", "api", "crm", "erp", "fee")):
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out


class Replying(Protocol):
    """A sentence of the rep's reply: its text and acts (tags plus reply acts)."""

    @property
    def text(self) -> str: ...

    @property
    def acts(self) -> frozenset[str]: ...


class Reply(NamedTuple):
    """One sentence of the rep's reply: its text and acts (tags plus reply acts)."""

    text: str
    acts: frozenset[str]


def answers(question: Question, reply: Iterable[Replying]) -> bool:
    """Does the reply (the rep's sentences after the question) answer it?

    Any one statement that gives what the question asks for answers it, so the
    sentences are read (and their acts computed) only until one does."""
    wanted: set[str] | None = None
    echo: tuple[str, ...] = ()
    for s in reply:
        acts = s.acts
        if acts & {"question", "filler"} or ("pleasantry" in acts and not acts & {"yes", "no"}):
            continue
        if wanted is None:
            wanted, echo = content_words(question.text), _echo_subjects(question.text)
        if _gives(question, s, wanted, echo):
            return True
    return False


_PRONOUN_ANSWERS = {
    "you": ("we", "i", "we're", "i'm", "we've", "i've", "our", "my"),
    "it": ("it", "it's", "this", "that", "that's"),
    "this": ("it", "it's", "this", "that", "that's"),
    "that": ("it", "it's", "this", "that", "that's"),
    "they": ("they", "they're", "those", "these"),
    "there": ("there", "there's"),
}


def _echo_subjects(question: str) -> tuple[str, ...]:
    """The pronouns a direct answer starts with: "Does it ...?" -> "It does/It's ..."."""
    for word in re.findall(r"[a-z']+", question.lower())[:6]:
        if word in _PRONOUN_ANSWERS:
            return _PRONOUN_ANSWERS[word]
    return ()


def _gives(question: Question, s: Replying, wanted: set[str], echo: tuple[str, ...]) -> bool:
    """Does sentence ``s`` give what ``question`` asks for?"""
    text = " ".join(s.text.split())
    acts = s.acts
    shared = wanted & content_words(text)
    pivot = "pivot" in acts
    yes_no = bool(acts & {"yes", "no"}) and not pivot  # "Totally hear you" is not a yes
    kind = question.kind
    if question.yesno_shaped and (yes_no or "refusal" in acts):
        return True
    if question.request and acts & {"action", "commitment"}:
        return True  # "Can you take the fee off?" - "I've reversed it." / "I'll send it."
    if kind == "price":
        return bool(_FIGURE.search(text)) or (
            question.yesno_shaped and (yes_no or bool(acts & {"refusal"}))
        )
    if kind == "time":
        return (
            times.has_time(text)
            or (question.yesno_shaped and yes_no)
            or (bool(acts & {"refusal"}) and bool(shared))
        )
    if kind == "number":
        return bool(_NUMBER.search(text)) or (question.yesno_shaped and yes_no)
    if kind == "yesno":
        if yes_no or "refusal" in acts:
            return True
        first = re.match(r"\W*([a-z']+)", text.lower())
        if echo and first is not None and first.group(1) in echo and not pivot:
            return True  # "It drafted it." answers "It wrote the email?"
        return bool(shared) and not pivot
    if pivot:
        return False
    if kind == "who":
        return bool(shared) or bool(_NAME.search(text))
    if kind == "where":
        return bool(shared) or bool(_PLACE.search(text))
    # which / what / how / why: a statement of substance that is not a pivot
    return (
        bool(shared)
        or bool(_EXPLAIN.search(text))
        or bool(acts & {"refusal", "action"})
        or len(text.split()) >= 4
    )
