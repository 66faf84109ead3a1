"""The tagging step between parsing and the rules (see DESIGN.md).

``parse -> Document -> tagging (sentence tags, question types, the situation) ->
rules``. Everything here is computed once per document, on first use, from the
word classes of the loaded packs (:class:`~cxcoach.tagging.lexicon.Lexicon`).
"""

from __future__ import annotations

from cxcoach.model import Document, Sentence, Turn
from cxcoach.tagging.lexicon import Lexicon
from cxcoach.tagging.tags import NEITHER, PROSPECT, SELLER, Tagger, Tags

__all__ = ["NEITHER", "PROSPECT", "SELLER", "DocTags", "Lexicon", "Tagger", "Tags"]


class DocTags:
    """The tags of one document's sentences, each computed on first use."""

    def __init__(self, doc: Document, tagger: Tagger) -> None:
        self.doc = doc
        self.tagger = tagger
        self.call = doc.kind == "transcript"
        self._tags: dict[int, Tags] = {}
        self._replies: dict[int, frozenset[str]] = {}
        self._situation: str | None = None

    def of(self, sentence: Sentence) -> Tags:
        found = self._tags.get(sentence.start)
        if found is None:
            found = self.tagger.tag(sentence.text, sentence.question, call=self.call)
            self._tags[sentence.start] = found
        return found

    def reply(self, sentence: Sentence) -> frozenset[str]:
        """The sentence's tags plus the acts of a reply (yes, no, refusal, action, ...)."""
        found = self._replies.get(sentence.start)
        if found is None:
            found = self.of(sentence).acts | self.tagger.reply_acts(sentence.text)
            self._replies[sentence.start] = found
        return found

    def rep_sentences(self) -> list[tuple[Turn, Sentence, Tags]]:
        return [
            (turn, sentence, self.of(sentence))
            for turn in self.doc.turns
            if turn.role == "rep"
            for sentence in turn.sentences
        ]

    @property
    def situation(self) -> str:
        if self._situation is None:
            from cxcoach.tagging.situation import classify

            self._situation = classify(self)
        return self._situation

    def force(self, situation: str) -> None:
        self._situation = situation
