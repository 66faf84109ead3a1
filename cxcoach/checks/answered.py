"""``kind: answered`` — a prospect's question the rep's next turns leave unanswered.

Each question the prospect asks is split into its parts ("how long does setup
take, and is there a minimum term?" is two) and typed (price, time, number,
yes/no, which, who, where, open: :mod:`cxcoach.tagging.questions`). The rep's
following turns are read while the topic holds:

- a turn that answers the part (what its type asks for: a figure, a time, a
  number, a yes/no — "yep", "exactly right", "not yet" —, a refusal with its
  reason, an action taken, or a statement on the question's words) ends the
  search: answered;
- a turn that only defers — a clarifying question ("Do you mean the 30-day
  pilot?"), "let me check", a request for the account email — or that is empty or
  non-verbal ("[inaudible]", "Mm-hmm") does not answer and does not skip: the next
  rep turn may still answer;
- a turn that says something else (a pivot: "Great question! Let me show you the
  dashboard") moves the topic: unanswered.

Courtesy questions ("How are you?", "Can you hear me?", "Does that make
sense?") and questions of under three words are not judged, nor is a question
nobody had the chance to answer (the conversation ends with it). The finding
points at the prospect's question and names the rep turn that moved on.
"""

from __future__ import annotations

from collections.abc import Iterator

from cxcoach.checks.base import Context, Hit, Scopes
from cxcoach.model import Document, Rule, Sentence, Turn
from cxcoach.tagging import DocTags
from cxcoach.tagging.questions import Question, answers, split_questions

OPTIONS: dict[str, object] = {}
LOOKAHEAD = 4  # rep turns read after a question while they only defer


def _describe(doc: Document, turn: Turn) -> str:
    """ "Sarah's reply at 02:15" / "the reply on line 12": the turn that moved on."""
    who = f"{turn.speaker}'s reply" if turn.speaker else "the reply"
    if turn.time_start is not None:
        minutes, secs = divmod(int(turn.time_start), 60)
        hours, minutes = divmod(minutes, 60)
        clock = f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
        return f"{who} at {clock}"
    return f"{who} on line {doc.source.count(chr(10), 0, turn.start) + 1}"


class _LazyReply:
    """A reply sentence whose acts are computed when first read."""

    __slots__ = ("_acts", "_sentence", "_tags")

    def __init__(self, sentence: Sentence, tags: DocTags) -> None:
        self._sentence, self._tags = sentence, tags
        self._acts: frozenset[str] | None = None

    @property
    def text(self) -> str:
        return self._sentence.text

    @property
    def acts(self) -> frozenset[str]:
        if self._acts is None:
            self._acts = self._tags.reply(self._sentence)
        return self._acts


def _replies(turn: Turn, tags: DocTags) -> list[_LazyReply]:
    return [_LazyReply(s, tags) for s in turn.sentences]


def _defers(replies: list[_LazyReply]) -> bool:
    """The turn holds no statement of substance, or ends by asking something back."""
    if not replies:
        return True
    if "question" in replies[-1].acts:
        return True
    waiting = {"question", "filler", "pleasantry", "deferral", "pivot"}
    return all(r.acts & waiting for r in replies) or any("deferral" in r.acts for r in replies)


def _judged(question: Question) -> bool:
    return len(question.text.split()) >= 3


def unanswered(doc: Document, tags: DocTags, index: int, question: Question) -> Turn | None:
    """The rep turn that moved on from ``question`` (asked in turn ``index``), or None
    when it was answered or never had a reply."""
    seen = 0
    last: Turn | None = None
    for turn in doc.turns[index + 1 :]:
        if turn.role != "rep":
            continue
        replies = _replies(turn, tags)
        if answers(question, replies):
            return None
        seen += 1
        last = turn
        if not _defers(replies) or seen >= LOOKAHEAD:
            return turn
    return last


class CompiledAnswered:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules

    def run(self, doc: Document, scopes: Scopes) -> Iterator[Hit]:
        if not any(t.role == "rep" for t in doc.turns):
            return
        tags = scopes.tags
        for rule in self.rules:
            if not scopes.applies(rule.situations):
                continue
            for i, turn in enumerate(doc.turns):
                if turn.role != "prospect":
                    continue
                for sentence in turn.sentences:
                    if not sentence.question or tags.pleasantry(turn, sentence):
                        continue
                    for question in split_questions(sentence.text, sentence.start):
                        if not _judged(question):
                            continue
                        moved_on = unanswered(doc, tags, i, question)
                        if moved_on is None:
                            continue
                        message = rule.message.replace("{turn}", _describe(doc, moved_on))
                        yield Hit(rule, question.start, question.end, turn, message=message)


def compile(rules: list[Rule], context: Context) -> CompiledAnswered:
    return CompiledAnswered(rules)
