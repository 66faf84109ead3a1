"""The tagging step between parsing and the rules (see DESIGN.md).

``parse -> Document -> tagging (sentence tags, question types, the situation) ->
rules``. Everything here is computed once per document, on first use, from the
word classes of the loaded packs (:class:`~cxcoach.tagging.lexicon.Lexicon`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cxcoach.lazyre import LazyRegex
from cxcoach.model import Document, Sentence, Turn
from cxcoach.tagging.lexicon import Lexicon
from cxcoach.tagging.signature import rep_signature
from cxcoach.tagging.tags import NEITHER, PROSPECT, SELLER, Tagger, Tags

__all__ = ["NEITHER", "PROSPECT", "SELLER", "DocTags", "Lexicon", "Tagger", "Tags"]


_GREETING = LazyRegex(
    r"^[ \t]*(?:hi|hello|hey|dear|morning|good (?:morning|afternoon|evening))[ \t,]+"
    r"(?:(?:mr|mrs|ms|dr|prof)\.?[ \t]+)?([A-Z][\w'-]+)",
    re.IGNORECASE | re.MULTILINE,
)
_SUBJECT = LazyRegex(r"^Subject:[ \t]*(.*)$", re.IGNORECASE | re.MULTILINE)
_ADDRESS = LazyRegex(r"([\w.+-]+)@((?:[\w-]+\.)+[A-Za-z]{2,})")
_NOT_NAMES = frozenset(
    "re fw fwd your our my the a an and for of at in on to with from idea quick question "
    "intro introduction follow up following meeting call demo proposal update hi hello team "
    "all everyone there".split()
)


def prospect_names(doc: Document, tagger: Tagger) -> frozenset[str]:
    """Lowercase names that mean the prospect in this document: the greeted name, the
    prospect's speaker and sender names, their email domain, and the proper nouns
    of the subject line that the rep's own signature does not use ("Bergstrom's
    distributor portal")."""
    names: set[str] = set()
    head = doc.source[:20_000]
    # (each speaker once: a call names the same prospect on every one of their turns)
    for speaker in {t.speaker for t in doc.turns if t.role == "prospect" and t.speaker}:
        names.update(w.lower() for w in re.findall(r"[A-Za-z][\w'-]+", speaker))
    for turn in doc.turns:
        if turn.role == "rep":
            found = _GREETING.match(doc.text, turn.start, min(turn.end, turn.start + 80))
            if found:
                names.add(found.group(1).lower())
    rep_text = " ".join(doc.text[t.start : t.end] for t in doc.turns if t.role == "rep").lower()
    # (on ASCII text the case-insensitive "Subject:" needs "subject:" in the lowercased
    # text: a call's 20 KB are not scanned line by line for it)
    subject = _SUBJECT.search(head) if not head.isascii() or "subject:" in head.lower() else None
    if subject:
        words = re.findall(r"[A-Z][\w'-]+", subject.group(1))
        own = set(re.findall(r"[a-z][\w'-]+", rep_signature(doc).lower()))
        for word in words[1:] if subject.group(1)[:1].isupper() else words:
            low = word.lower().removesuffix("'s")
            if low not in _NOT_NAMES and low not in own and low not in tagger.seller:
                names.add(low)
    rep_words = rep_text.split("@")[0]
    for turn in doc.turns:
        if turn.role != "prospect":
            continue
        if doc.source.find("@", max(0, turn.start - 400), turn.start) == -1:
            continue  # (a call's turns: no sender address to read)
        before = doc.source[max(0, turn.start - 400) : turn.start]
        for _user, domain in _ADDRESS.findall(before):
            label = domain.lower().split(".")[0]
            for part in label.split("-"):
                if len(part) > 3 and part not in rep_words:
                    names.add(part)
    names -= {c.lower() for c in tagger.company}
    return frozenset(n for n in names if len(n) > 2 and n not in _NOT_NAMES)


class DocTags:
    """The tags of one document's sentences, each computed on first use."""

    def __init__(self, doc: Document, tagger: Tagger) -> None:
        self.doc = doc
        self.tagger = tagger.for_document(prospect_names(doc, tagger))
        self.call = doc.kind == "transcript"
        self._tags: dict[int, Tags] = {}
        self._replies: dict[int, frozenset[str]] = {}
        self._pleasantries: dict[int, bool] = {}
        self._situation: str | None = None

    def of(self, sentence: Sentence) -> Tags:
        found = self._tags.get(sentence.start)
        if found is None:
            found = self.tagger.tag(sentence.text, sentence.question, call=self.call)
            self._tags[sentence.start] = found
        return found

    def pleasantry(self, turn: Turn, sentence: Sentence) -> bool:
        """Is the sentence (of ``turn``) tagged a pleasantry? A rep's sentence is
        tagged in full, as before (whether it was tagged is what :meth:`reply` reads);
        anyone else's sentence not tagged yet is asked of the courtesy classes alone
        (:meth:`Tagger.is_pleasantry`): the prospect's questions are read for nothing
        else."""
        found = self._tags.get(sentence.start)
        if found is None and turn.role == "rep":
            found = self.of(sentence)
        if found is not None:
            return "pleasantry" in found.acts
        known = self._pleasantries.get(sentence.start)
        if known is None:
            known = self.tagger.is_pleasantry(sentence.text, call=self.call)
            self._pleasantries[sentence.start] = known
        return known

    def reply(self, sentence: Sentence) -> frozenset[str]:
        """The sentence's tags plus the acts of a reply (yes, no, refusal, action, ...)."""
        found = self._replies.get(sentence.start)
        if found is None:
            tagged = self._tags.get(sentence.start)
            if tagged is not None:
                found = tagged.acts | self.tagger.reply_acts(sentence.text)
            else:  # what an answer needs of the tags, not the whole analysis
                found = frozenset(
                    self.tagger.courtesy_acts(sentence.text, sentence.question, call=self.call)
                ) | self.tagger.reply_acts(sentence.text)
            self._replies[sentence.start] = found
        return found

    def rep_sentences(self) -> list[tuple[Turn, Sentence, Tags]]:
        return list(self.iter_rep_sentences())

    def iter_rep_sentences(self) -> Iterator[tuple[Turn, Sentence, Tags]]:
        """The rep's sentences in order, each tagged only when reached."""
        for turn in self.doc.turns:
            if turn.role == "rep":
                for sentence in turn.sentences:
                    yield turn, sentence, self.of(sentence)

    @property
    def situation(self) -> str:
        if self._situation is None:
            from cxcoach.tagging.situation import classify

            self._situation = classify(self)
        return self._situation

    def force(self, situation: str) -> None:
        self._situation = situation
