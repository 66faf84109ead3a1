"""One recogniser for dates, times and deadlines, in words and in digits.

Used wherever a rule asks "is there a when?": a promise with a date is not vague
(vague-commitment), a next step with a date is concrete (no-next-step, strengths),
and a "when / how long" question is answered by a time (unanswered-question).

It finds a *point or deadline* ("in the next hour", "first thing Monday", "by end
of week", "early next week", "by the 15th", "within 48 hours", "3/14", "14.03.2026",
"2026-03-14", "at 3pm", "tomorrow morning") and, separately, a *duration* ("two
weeks", "about a month", "48 hours"), which answers "how long" but does not make a
promise concrete. Vague words ("soon", "shortly", "at some point", "later") are
neither. The text is expected folded (straight quotes, ASCII dashes).
"""

from __future__ import annotations

from cxcoach.matcher import Pattern, TextView, compile_pattern, layout_proof

_NUM = (
    r"(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty-?five|sixty|ninety|a few|a couple(?: of)?|several)"
)
_UNIT = r"(?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)"
)
_WEEKDAY_FULL = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_CLOCK = (
    r"\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.?|p\.m\.?)|\d{1,2}:\d{2}(?:\s?(?:am|pm))?|noon|midnight"
)
_PART = r"(?:morning|afternoon|evening|night|eod|cob|lunch(?:time)?)"

# A point in time or a deadline: what makes a promise or a next step concrete.
_POINT_FORMS = (
    r"today|tonight|tomorrow|tmrw|eod|eow|cob|asap",
    r"(?:this|next|coming|early|late|mid|end of(?: the)?|by(?: the)? end of(?: the)?)[\s-]+"
    rf"(?:week|month|quarter|year|{_WEEKDAY_FULL}|{_PART}|q[1-4])",
    rf"(?:this|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+{_PART}",
    r"end of (?:the )?(?:day|week|month|quarter|year)",
    rf"first thing(?: (?:tomorrow|in the morning|on {_WEEKDAY}|{_WEEKDAY}))?",
    r"later (?:today|this (?:week|morning|afternoon|evening))",
    r"by (?:noon|midnight|close of business)",
    r"right (?:now|away|after (?:this|the|our) (?:call|meeting))|immediately",
    r"(?:after|before) (?:this|the|our) (?:call|meeting)|before we hang up",
    rf"(?:on |by |this |next |until |before |after )?{_WEEKDAY}\b\.?",
    rf"(?:in|within) (?:the )?(?:next )?{_NUM} {_UNIT}",
    r"(?:in|within) (?:the )?next (?:hour|minute|day|week|month|few (?:minutes|hours|days))",
    r"(?:in|within) an? (?:hour|minute|day|week|month)",
    r"(?:in|within|by) the (?:hour|day|end of the day|morning|afternoon)",
    rf"(?:by|on|before|until|from|after) (?:the )?{_ORDINAL}(?: of {_MONTH})?",
    rf"{_MONTH}\.? {_ORDINAL}|{_MONTH}\.? \d{{1,2}}\b(?:,? \d{{4}})?",
    rf"\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}\b",
    r"q[1-4](?: \d{4})?|h[12] \d{4}",
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4}",
    rf"(?:at |by |around |before |after )(?:{_CLOCK})|{_CLOCK}",
)
# A length of time: answers "how long" but is not a deadline.
_DURATION_FORMS = (
    r"\b(?:(?:about|around|roughly|under|less than|more than|up to|only|just)\s)?"
    + _NUM
    + r"(?:\s(?:to|-|or)\s"
    + _NUM
    + r")?[\s-]"
    + _UNIT
    + r"\b|\b(?:same|next)[\s-](?:day|week)\b|\b(?:overnight|instantly|real[\s-]time)\b"
)
_COMPILED: dict[str, Pattern] = {}


def _pattern(name: str) -> Pattern:
    """The point or duration pattern, built on first use. Both run on RE2: Python's
    engine takes ~10 ms to compile an alternation this size, a cost every hook run
    would pay."""
    found = _COMPILED.get(name)
    if found is None:
        forms = r"\b(?:" + "|".join(_POINT_FORMS) + ")" if name == "point" else _DURATION_FORMS
        regex = layout_proof(forms)
        found = compile_pattern(regex, layout=False, multiline=False, derived=(regex, "re2"))
        _COMPILED[name] = found
    return found


def find_points(text: str) -> list[tuple[int, int]]:
    """Spans of dates, times and deadlines in ``text``."""
    point = _pattern("point")
    if not text.isascii():  # RE2 works on UTF-8 bytes: keep offsets in characters
        return [(s, e) for s, e in point.spans(TextView(text)) if not _false_word(text[s:e])]
    return [m.span() for m in point.compiled.finditer(text) if not _false_word(m.group())]


def has_point(text: str) -> bool:
    point = _pattern("point")
    if not point.search(text):  # most sentences: one call to RE2, no match objects
        return False
    return any(not _false_word(m.group()) for m in point.compiled.finditer(text))


def has_duration(text: str) -> bool:
    return _pattern("duration").search(text)


def has_time(text: str) -> bool:
    """A point in time or a duration (what a "when / how long" question asks for)."""
    return has_point(text) or has_duration(text)


def _false_word(found: str) -> bool:
    """Words that look like dates but are not: "may" the verb, "sun", "wed", "sat",
    "mar" inside prose."""
    word = found.lower().strip(" .")
    if word in ("may", "sun", "sat", "wed", "mar", "jan", "thu", "tue", "mon", "fri", "sep"):
        return True  # the bare short forms are far more often other words
    return word in ("on sat", "on sun") or word.endswith(" may")
