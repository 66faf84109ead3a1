"""Stage directions and non-verbal cues inside call turns: "[Screen sharing]", "(laughs)".

Transcription tools write what happened, not what was said, into the words:
"[inaudible]", "[crosstalk]", "(laughs)", "[pause]", "[music]", "*typing*". Read as
words they become sentences (a rep turn "[Screen sharing]" is not an answer) and
look like unfilled template placeholders. :func:`cue_spans` finds them so the
parser can blank them (offsets stay valid); a turn left with nothing but blanks
or fillers is non-verbal (:attr:`cxcoach.model.Turn.verbal`).

Only a bracket whose content is a known cue word or reads like a stage direction
(at most four words, lowercase after the first: "[background noise]") is one.
"[First Name]", "[Company]" or "{{company}}" are placeholders a rule must still
find: they are never masked, and emails are never searched for cues at all.
"""

from __future__ import annotations

from cxcoach.lazyre import LazyRegex

MAX_WORDS = 4
_CANDIDATE = LazyRegex(r"\[([^\[\]\n]{1,60})\]|\(([^()\n]{1,40})\)|\*([^*\s][^*\n]{0,38})\*")
_STAMP = LazyRegex(r"[ \t]*\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?$")  # "[inaudible 00:01:23]"
_STAGE_WORD = LazyRegex(r"[a-z]+(?:-[a-z]+)*")
# what a transcriber writes for what happened (the first word, or any word of a short cue)
CUE_WORDS = frozenset(
    """
    inaudible unintelligible indistinct incomprehensible crosstalk cross-talk overlapping
    overtalk laugh laughs laughing laughter chuckle chuckles chuckling giggles giggling
    sigh sighs sighing cough coughs coughing sneeze sneezes clears throat pause pauses
    paused silence silent music applause clapping noise static typing types beep beeps
    ringing rings echo garbled muffled muted unmutes unmuted mute whispers whispering
    crying interruption interrupts background screen sharing shares share recording
    audio video connection foreign
    """.split()
)
# words that make a bracket a template placeholder, never a cue: "[First Name]"
PLACEHOLDER_WORDS = frozenset(
    """
    name first last full company business prospect contact recipient client customer
    title role industry city state country product link date day time website
    department team event insert your their his her sender rep account calendar
    """.split()
)


def cue_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``text[start:end]`` that are stage directions or non-verbal cues."""
    spans: list[tuple[int, int]] = []
    if all(text.find(c, start, end) == -1 for c in "[(*"):
        return spans
    for match in _CANDIDATE.finditer(text, start, end):
        square, round_, starred = match.groups()
        if is_cue(square or round_ or starred or "", square=square is not None):
            spans.append((match.start(), match.end()))
    return spans


def is_cue(content: str, *, square: bool) -> bool:
    """True when a bracket's ``content`` is a cue: a known cue word ("(laughs)",
    "*typing*", "[long pause]") or, in square brackets, a short lowercase stage
    direction ("[Screen sharing]", "[background noise]"); never a placeholder."""
    content = _STAMP.sub("", content.strip()).strip()
    words = content.split()
    if not 0 < len(words) <= MAX_WORDS:
        return False
    lowered = [w.lower().strip(".,:;!") for w in words]
    if any(w in PLACEHOLDER_WORDS for w in lowered):
        return False
    if any(w in CUE_WORDS for w in lowered):
        return True
    if not square or not all(_STAGE_WORD.compiled.fullmatch(w) for w in lowered):
        return False
    return all(w[:1].islower() for w in words[1:])  # "[Dana joins]", not "[Acme Corp]"
