"""Call transcripts: speaker lines, markdown, timestamped lines, WebVTT and SRT.

Supported here:
- ``Name: text`` lines, ``REP:``/``PROSPECT:``/``Customer:``/``Agent:`` labels,
  ``**Name:** text`` markdown; wrapped continuation lines join the turn above;
- ``[00:01:23] Name: text``, ``[01:23] Name: text`` and ``00:01:23 Name: text``;
- WebVTT (``<v Name>`` voice tags with or without ``</v>``, Zoom's ``Name: text``
  inside cues, cue ids such as Teams GUIDs, cue settings) and SRT.

Consecutive cues of the same speaker merge into one turn. Everything that is not
somebody's words (labels, timestamps, cue ids and timings, markup, and stage
directions such as "[inaudible]" or "(laughs)": :mod:`cxcoach.parse.cues`) is
masked to spaces in ``Document.text`` so offsets still match the original file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Role, Turn
from cxcoach.parse.cues import cue_spans
from cxcoach.parse.sentences import make_sentences
from cxcoach.parse.text import Mask, blank, fold, skip_space, trim, trim_end

_NAME = (
    r"[A-Z][\w.'’&-]*"
    r"(?:[ \t]+(?:[A-Z][\w.'’&-]*|\d{1,3}|de|van|von|da|del|la|le|of|\([^)\n]{1,40}\))){0,4}"
)
_SPEAKER_LINE = LazyRegex(
    r"^(?P<lead>[ \t]*(?:\[(?P<bt>\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?)\][ \t]*"
    r"|(?P<pt>\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?)[ \t]+(?:-[ \t]+)?)?"
    r"(?:\*\*|__)?(?P<name>" + _NAME + r")(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*)"
    r"(?P<text>\S[^\n]*)?$",
    re.MULTILINE,
)
_TIMING = LazyRegex(
    r"^[ \t]*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})[ \t]+-->[ \t]+"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})[^\n]*$",
    re.MULTILINE,
)
_VOICE = LazyRegex(r"<v(?:\.[\w.-]+)?[ \t]+(?P<name>[^>]+)>")
_TAG = LazyRegex(r"</?[a-z][^>]*>|<\d[^>]*>")
_METADATA = frozenset(
    {
        "date",
        "time",
        "duration",
        "participants",
        "participant",
        "attendees",
        "call id",
        "call type",
        "outcome",
        "subject",
        "title",
        "agenda",
        "location",
        "notes",
        "note",
        "summary",
        "from",
        "to",
        "cc",
        "sent",
        "meeting",
        "company",
        "recording",
        "transcript",
        "language",
        "source",
        "id",
        "next steps",
        "action items",
        "tags",
        "status",
    }
)
_NOT_SPEAKERS = frozenset({"system", "note", "notes", "summary", "narrator", "transcript"})
_REP_LABELS = frozenset(
    {
        "rep",
        "agent",
        "sales",
        "seller",
        "salesperson",
        "ae",
        "sdr",
        "bdr",
        "sales rep",
        "sales agent",
        "account executive",
        "sales representative",
    }
)
_PROSPECT_LABELS = frozenset(
    {"prospect", "customer", "client", "caller", "buyer", "lead", "cust", "user"}
)
_SELLER_TITLES = LazyRegex(
    r"\b(account executive|sales (?:rep|representative|engineer|agent|consultant)"
    r"|solutions? (?:engineer|consultant)|sdr|bdr|ae|(?:sales|business) development rep\w*)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)  # one per speaker line: a long call has tens of thousands
class _Cue:
    speaker: str
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None


def seconds(stamp: str | None) -> float | None:
    if not stamp:
        return None
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def looks_like_speaker_lines(text: str) -> bool:
    """At least two distinct speakers, and timestamps, a role label (REP:, Customer:)
    or a speaker who comes back: "Pricing: $10 / Timeline: two weeks" in an email is a
    list of labels, not a conversation."""
    names: dict[str, int] = {}
    lines = stamped = 0
    labelled = repeated = False
    for match in _SPEAKER_LINE.finditer(text[:200_000]):
        name = _clean(match.group("name"))
        if _is_metadata(name) or match.group("text") is None:
            continue
        low = name.lower()
        names[low] = names.get(low, 0) + 1
        lines += 1
        stamped += bool(match.group("bt") or match.group("pt"))
        labelled = labelled or low in _REP_LABELS or low in _PROSPECT_LABELS
        repeated = repeated or names[low] >= 2
        # timestamps or role labels: a transcript, however short; else a speaker who
        # comes back. Every count only grows, so the first lines that say so decide.
        if len(names) >= 2 and (stamped >= 2 or labelled or (repeated and lines >= 3)):
            return True
    return False


@lru_cache(maxsize=1024)  # the same few speaker labels, on every line of a call
def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip(" *_")


def _is_metadata(name: str) -> bool:
    return name.lower() in _METADATA or len(name) > 50


def parse_speaker_lines(source: str, *, fmt: str = "speaker-lines") -> tuple[str, list[_Cue]]:
    masker = Mask()
    masker.comments(source)
    cues: list[_Cue] = []
    current: _Cue | None = None
    in_header = _has_front_matter(source)
    for match in _SPEAKER_LINE.finditer(source):
        name = _clean(match.group("name"))
        if _is_metadata(name):
            continue
        if in_header and match.start() < in_header:
            continue
        if current is not None:
            current.end = _trim_end(source, match.start())
        masker.add(match.start("lead"), match.end("lead"))
        stamp = match.group("bt") or match.group("pt")
        text_start = match.start("text") if match.group("text") is not None else match.end()
        current = _Cue(name, text_start, match.end(), seconds(stamp))
        cues.append(current)
    if current is not None:
        current.end = _trim_end(source, len(source))
    # mask what is not a cue: the header, and anything before the first speaker
    if cues:
        masker.add(0, cues[0].start)
    for cue in cues:
        _mask_stage_directions(source, masker, cue)
    return masker.apply(source), cues


def _has_front_matter(source: str) -> int:
    """End of a markdown metadata header ending in a '---' line, else 0."""
    match = re.search(r"^---+[ \t]*\r?$", source[:5000], re.MULTILINE)
    return match.end() if match else 0


def _trim_end(source: str, end: int) -> int:
    """A cue runs up to the next speaker line, less trailing blank space."""
    return trim_end(source, end)


# '^' in MULTILINE mode also matches at ``pos`` when that is a line start
_MARKDOWN_RULE = LazyRegex(r"^(?:---+|#{1,6}[^\n]*)[ \t]*\r?$", re.MULTILINE)


def _mask_stage_directions(source: str, masker: Mask, cue: _Cue) -> None:
    """Mask markdown separators and headings inside a cue ('---', '## ...')."""
    end = max(cue.start, cue.end)
    if source.find("#", cue.start, end) == -1 and source.find("---", cue.start, end) == -1:
        return  # most cues hold neither: two finds instead of a regex tried at each line
    for match in _MARKDOWN_RULE.finditer(source, cue.start, end):
        masker.add(match.start(), match.end())


def parse_subtitles(source: str) -> tuple[str, list[_Cue]]:
    """WebVTT or SRT: timing lines, then cue text (voice tags or 'Name: ' prefixes)."""
    masker = Mask()
    cues: list[_Cue] = []
    timings = list(_TIMING.finditer(source))
    first = timings[0].start() if timings else len(source)
    masker.add(0, first)
    for i, timing in enumerate(timings):
        next_start = timings[i + 1].start() if i + 1 < len(timings) else len(source)
        # (looked for up to the next timing only: a file without blank lines stays linear)
        block_end = source.find("\n\n", timing.end(), next_start)
        block_end = next_start if block_end == -1 else block_end
        masker.add(timing.start(), timing.end())
        # mask the cue id line(s) between this block and the next timing
        if block_end < next_start:
            masker.add(block_end, next_start)
        body_start = timing.end()
        speaker = None
        inside = Mask()  # what is masked inside this cue's words
        voice = _VOICE.search(source, body_start, block_end)
        if voice:
            speaker = _clean(voice.group("name"))
        else:
            label = _SPEAKER_LINE.match(source, _skip_ws(source, body_start), block_end)
            if label and not _is_metadata(_clean(label.group("name"))):
                speaker = _clean(label.group("name"))
                inside.add(label.start("lead"), label.end("lead"))
        for tag in _TAG.finditer(source, body_start, block_end):
            inside.add(tag.start(), tag.end())
        spans = inside.spans()
        for a, b in spans:
            masker.add(a, b)
        start, end = _words_in(source, body_start, block_end, spans)
        if end <= start:
            continue
        cues.append(
            _Cue(
                speaker or "Unknown",
                start,
                end,
                seconds(timing.group("start")),
                seconds(timing.group("end")),
            )
        )
    return masker.apply(source), cues


def _words_in(source: str, start: int, end: int, masked: list[tuple[int, int]]) -> tuple[int, int]:
    """``[start, end)`` less the blank space and ``masked`` spans at either end."""
    for a, b in masked:  # sorted and merged
        start = skip_space(source, start, end)
        if a <= start < b:
            start = b
    start = skip_space(source, start, end)
    for a, b in reversed(masked):
        end = trim_end(source, end, start)
        if a < end <= b:
            end = max(a, start)
    return start, trim_end(source, end, start)


def _skip_ws(text: str, pos: int) -> int:
    return skip_space(text, pos, len(text))


def build_document(
    source: str, text: str, cues: list[_Cue], fmt: str, rep_names: tuple[str, ...]
) -> Document:
    """Merge consecutive cues of one speaker into turns and assign roles.

    ``cues`` is consumed: a long call has tens of thousands of them, and each is
    dropped as soon as its turn is built, so they never sit beside all the turns.
    """
    merged: list[_Cue] = []  # the first cue of each run, extended
    for cue in cues:
        if cue.speaker.lower() in _NOT_SPEAKERS:
            continue
        if merged and merged[-1].speaker.lower() == cue.speaker.lower():
            merged[-1].end = cue.end
            merged[-1].time_end = cue.time_end
        else:
            merged.append(cue)
    # a turn ends when the next one starts (timestamps)
    for a, b in pairwise(merged):
        if a.time_end is None and b.time_start is not None:
            a.time_end = b.time_start
    roles, notice = assign_roles([c.speaker for c in merged], rep_names, source)
    cues.clear()
    words = _without_stage_directions(text, merged)
    merged.reverse()
    turns = []
    while merged:
        cue = merged.pop()
        start, end = trim(words, cue.start, cue.end)
        if end <= start:  # only "[Screen sharing]": a turn, but not a verbal one
            start, end = trim(text, cue.start, cue.end)
            if end <= start:
                continue
        turns.append(
            Turn(
                speaker=cue.speaker,
                role=roles[cue.speaker.lower()],
                start=start,
                end=end,
                base=words,
                sentences=make_sentences(words, start, end, unpunctuated_questions=True),
                time_start=cue.time_start,
                time_end=cue.time_end,
            )
        )
    return Document(
        source=source,
        text=words,
        kind="transcript",
        format=fmt,
        turns=tuple(turns),
        notices=(notice,) if notice else (),
        first_touch=False,
    )


def _without_stage_directions(text: str, cues: list[_Cue]) -> str:
    """``text`` with the stage directions and non-verbal cues inside the cues blanked
    ("[Screen sharing]", "(laughs)", "*typing*"; see :mod:`cxcoach.parse.cues`)."""
    masker = Mask()
    for cue in cues:
        for start, end in cue_spans(text, cue.start, cue.end):
            masker.add(start, end)
    return masker.apply(text)


def assign_roles(
    speakers: list[str], rep_names: tuple[str, ...], source: str
) -> tuple[dict[str, Role], str | None]:
    """Role per speaker (lowercased): --rep/config names, then labels, then a header.

    Never guesses from who spoke first: with no evidence every speaker is
    ``unknown`` and a notice says so.
    """
    unique = list(dict.fromkeys(s.lower() for s in speakers))
    roles: dict[str, Role] = dict.fromkeys(unique, "unknown")
    wanted = [n.strip().lower() for n in rep_names if n.strip()]
    if wanted:
        for speaker in unique:
            first = speaker.split()[0] if speaker.split() else speaker
            if any(speaker == w or first == w or speaker == w.split()[0] for w in wanted):
                roles[speaker] = "rep"
        if any(r == "rep" for r in roles.values()):
            return {s: (r if r == "rep" else "prospect") for s, r in roles.items()}, None
    labelled = False
    for speaker in unique:
        if speaker in _REP_LABELS:
            roles[speaker] = "rep"
            labelled = True
        elif speaker in _PROSPECT_LABELS:
            roles[speaker] = "prospect"
            labelled = True
    if labelled:
        return roles, None
    header = _header_roles(source, unique)
    if header:
        return header, None
    names = ", ".join(speakers[:1] + [s for s in dict.fromkeys(speakers)][1:4])
    return roles, (
        f"could not tell who the rep is among {names}; pass --rep NAME "
        "(rules that depend on who is speaking were skipped)"
    )


def _header_roles(source: str, speakers: list[str]) -> dict[str, Role] | None:
    """Participants listed with titles in a header: '- Marcus (TribeAI Account Executive)'."""
    head = fold(source[:3000])
    found: dict[str, Role] = {}
    for match in re.finditer(
        r"^[ \t]*[-*•][ \t]+(?P<name>[^(\n]+?)[ \t]*\((?P<title>[^)\n]+)\)", head, re.M
    ):
        full = match.group("name").strip().lower()
        for speaker in speakers:
            if speaker == full or speaker == full.split()[0]:
                found[speaker] = (
                    "rep" if _SELLER_TITLES.search(match.group("title")) else "prospect"
                )
    if not any(r == "rep" for r in found.values()):
        return None
    return {s: found.get(s, "unknown") for s in speakers}


def parse_transcript(source: str, fmt: str, rep_names: tuple[str, ...] = ()) -> Document | str:
    """A transcript Document, or a notice (str) when the text has no turns in ``fmt``.

    Labels, cues and words are read from the folded text (see ``text.fold``); the
    Document keeps the original as its ``source``.
    """
    if fmt == "gong":  # JSON: folded quotes inside its strings would break it
        text, cues, notice = parse_gong(source)
        if notice:
            return notice
        if not rep_names:
            rep_names = gong_internal_speakers(source)
    elif fmt in ("vtt", "srt"):
        text, cues = parse_subtitles(fold(source))
    elif fmt in HEADERS:
        text, cues = parse_headed(fold(source), fmt)
    else:
        text, cues = parse_speaker_lines(fold(source), fmt=fmt)
    if not cues:
        return f"no {fmt} turns found; read as a plain draft"
    return build_document(source, text, cues, fmt, rep_names)


# --------------------------------------------------------------------------- headed formats
# A header line names the speaker and a time; the words follow on the next lines
# (or after a colon on the same line).

_STAMP = r"(?P<time>\d{1,2}(?::\d{2}){1,2})"
HEADERS = {
    # Otter: "Dana Lee  0:03"
    "otter": LazyRegex(
        r"^(?P<lead>[ \t]*(?P<name>" + _NAME + r")[ \t]{1,4}" + _STAMP + r"[ \t]*)\r?$",
        re.MULTILINE,
    ),
    # Fireflies: "Dana Lee (00:00:15)" or "Dana Lee (00:15): text"
    "fireflies": LazyRegex(
        r"^(?P<lead>[ \t]*(?P<name>" + _NAME + r")[ \t]*\(" + _STAMP + r"\)[ \t]*:?[ \t]*)"
        r"(?P<text>\S[^\n]*)?$",
        re.MULTILINE,
    ),
    # Fathom: "0:42 - Dana Lee (Acme)" or "0:42 - Dana Lee: text"
    "fathom": LazyRegex(
        r"^(?P<lead>[ \t]*"
        + _STAMP
        + r"[ \t]+-[ \t]+(?P<name>[A-Z][\w.'’&-]*(?:[ \t]+[A-Z][\w.'’&-]*){0,4})"
        r"(?:[ \t]*\((?P<org>[^)\n]{1,60})\))?[ \t]*:?[ \t]*)(?P<text>\S[^\n]*)?$",
        re.MULTILINE,
    ),
}


# What every header line of a format holds, found with a literal first character (the
# regex engine skips to it): most texts that carry a clock are of none of these formats.
_HEADER_HINTS = {
    "otter": LazyRegex(r":\d\d[ \t]*\r?$", re.MULTILINE),  # the time ends the line
    "fireflies": LazyRegex(r"\(\d{1,2}:\d\d"),  # "(00:15"
    "fathom": LazyRegex(r":\d\d[ \t]+-[ \t]"),  # "0:42 - "
}


def count_headers(fmt: str, text: str) -> int:
    head = text[:100_000]
    if not _HEADER_HINTS[fmt].search(head):
        return 0
    return sum(1 for _ in HEADERS[fmt].finditer(head))


def parse_headed(source: str, fmt: str) -> tuple[str, list[_Cue]]:
    masker = Mask()
    cues: list[_Cue] = []
    matches = list(HEADERS[fmt].finditer(source))
    if matches:
        masker.add(0, matches[0].start())
    for i, match in enumerate(matches):
        masker.add(match.start("lead"), match.end("lead"))
        start = match.end("lead")
        end = _trim_end(source, matches[i + 1].start() if i + 1 < len(matches) else len(source))
        if end <= start:
            continue
        cues.append(_Cue(_clean(match.group("name")), start, end, seconds(match.group("time"))))
    return masker.apply(source), cues


# --------------------------------------------------------------------------- Gong JSON

_JSON_TEXT = LazyRegex(r'"text"\s*:\s*"((?:[^"\\\n]|\\.)*)"')


def looks_like_gong(text: str) -> bool:
    head = text.lstrip()[:4000]
    return head.startswith("{") and '"callTranscripts"' in text[:200_000]


def parse_gong(source: str) -> tuple[str, list[_Cue], str | None]:
    """Gong ``callTranscripts[].transcript[]`` with ``speakerId`` and ``sentences``.

    Sentence texts are located in the original JSON (their string literals), so
    findings point at the right line; the decoded text is written over the literal
    (escapes only shorten it) and the rest of the JSON is masked. Speaker names and
    Internal/External affiliation come from a ``parties`` list when present.
    Returns (masked text, cues, notice).
    """
    import json

    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        return source, [], f"not valid JSON ({exc.msg} at line {exc.lineno}); read as a plain draft"
    if not isinstance(data, dict) or not isinstance(data.get("callTranscripts"), list):
        return source, [], "JSON without 'callTranscripts'; read as a plain draft"
    names: dict[str, str] = {}
    for party in data.get("parties") or []:
        if isinstance(party, dict) and party.get("speakerId") is not None:
            label = party.get("name") or f"Speaker {party['speakerId']}"
            if party.get("affiliation") == "Internal":
                label = f"{label}"
            names[str(party["speakerId"])] = str(label)
    sentences: list[tuple[str, float | None, float | None]] = []
    for call in data["callTranscripts"]:
        for block in (call or {}).get("transcript") or []:
            if not isinstance(block, dict):
                continue
            speaker = str(block.get("speakerId", "unknown"))
            for sentence in block.get("sentences") or []:
                if isinstance(sentence, dict) and isinstance(sentence.get("text"), str):
                    sentences.append(
                        (speaker, _ms(sentence.get("start")), _ms(sentence.get("end")))
                    )
    literals = list(_JSON_TEXT.finditer(source))
    if len(literals) != len(sentences):
        return source, [], "Gong JSON whose sentences could not be located; read as a plain draft"
    pieces: list[str] = []  # the JSON blanked, each decoded sentence written over its literal
    pos = 0
    cues: list[_Cue] = []
    for (speaker, start, end), literal in zip(sentences, literals, strict=True):
        decoded = fold(json.loads('"' + literal.group(1) + '"').replace("\n", " "))
        at = literal.start(1)
        pieces += [blank(source, pos, at), decoded]
        pos = at + len(decoded)
        cues.append(
            _Cue(names.get(speaker, f"Speaker {speaker}"), at, at + len(decoded), start, end)
        )
    pieces.append(blank(source, pos, len(source)))
    return "".join(pieces), cues, None


def gong_internal_speakers(source: str) -> tuple[str, ...]:
    """Names of ``Internal`` parties (the seller's side) in a Gong export."""
    import json

    try:
        data = json.loads(source)
    except ValueError:
        return ()
    out = []
    for party in (data.get("parties") or []) if isinstance(data, dict) else []:
        if isinstance(party, dict) and party.get("affiliation") == "Internal":
            out.append(str(party.get("name") or f"Speaker {party.get('speakerId')}"))
    return tuple(out)


def _ms(value: object) -> float | None:
    return float(value) / 1000 if isinstance(value, int | float) else None
