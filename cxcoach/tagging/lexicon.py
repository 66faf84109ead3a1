"""Word classes the tagger reads, kept as data in the packs (``words:``).

A pack may declare ``words:`` with any of the classes below; packs loaded later
add to the classes of earlier ones (a team's pack can add its own product nouns,
verbs of claiming, or pleasantries without touching the code). The grammar that
uses the classes lives in :mod:`cxcoach.tagging.tags`; the words live here as data.

Three kinds of class: ``words`` (single words, matched on whole tokens,
case-insensitive), ``phrases`` (one or more words, matched on whole words with
any whitespace between them) and ``patterns`` (regexes, run like rule patterns:
layout-proof, on RE2 when possible).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# class name -> (kind, what it is for)
CLASSES: dict[str, tuple[str, str]] = {
    "seller-words": ("words", "first-person words: the sentence is about the seller"),
    "prospect-words": ("words", "second-person words: the sentence is about the prospect"),
    "seller-placeholders": (
        "phrases",
        "words inside a template placeholder that make it the sender's ({{sender_company}})",
    ),
    "discourse-openers": ("words", "words skipped at the start of a sentence before its subject"),
    "adverbial-openers": (
        "words",
        "words that open a leading time or place phrase ('last quarter we ...')",
    ),
    "observe-verbs": (
        "phrases",
        "noticing the prospect: 'I saw your ...', 'Noticed ...', 'Congrats on ...'",
    ),
    "outreach-verbs": (
        "phrases",
        "'I'm reaching out because ...': the sentence is about what follows 'because'",
    ),
    "elided-seller": (
        "words",
        "sentence openers with an unsaid 'I' ('Happy to ...', 'Would love to ...')",
    ),
    "claim-verbs": (
        "words",
        "verbs of what the seller's offering does ('we help', 'it automates')",
    ),
    "result-verbs": (
        "words",
        "verbs of results achieved ('we helped X cut', 'we booked 23 meetings')",
    ),
    "news-verbs": ("words", "verbs of seller news ('we just launched', 'we released')"),
    "identity-verbs": ("words", "verbs of who the seller is ('I run', 'I lead', 'I founded')"),
    "offering-nouns": ("words", "what a seller sells ('platform', 'tool', 'service')"),
    "company-nouns": ("words", "what a seller is ('company', 'agency', 'firm')"),
    "role-nouns": ("phrases", "job titles ('co-founder', 'head of partnerships', 'CEO')"),
    "customer-nouns": ("words", "the seller's customers ('customers', 'clients')"),
    "company-talk": (
        "phrases",
        "company history and credentials ('founded in', 'award-winning', 'our mission')",
    ),
    "praise-words": ("words", "self-description that makes 'we are a ...' a pitch ('leading')"),
    "meeting-nouns": ("words", "what a next step is made of ('call', 'demo', 'minutes')"),
    "request-phrases": (
        "phrases",
        "asking for a next step on their own ('reply with', 'book a time', 'find a time')",
    ),
    "request-cues": (
        "phrases",
        "a next step when a meeting or a time is named ('open to', 'let's', 'how about')",
    ),
    "pleasantries": ("patterns", "courtesy sentences that carry no content (whole sentence)"),
    "identity-checks": ("patterns", "'Is this Pat?', 'May I speak to ...' (whole sentence)"),
    "self-introductions": (
        "patterns",
        "'This is Dana from Acme', 'My name is ...' (whole sentence or its start)",
    ),
    "pivots": ("phrases", "replies that turn away from a question ('great question', 'before we')"),
    "yes-words": ("phrases", "ways to say yes ('yep', 'exactly right', 'we do')"),
    "no-words": ("phrases", "ways to say no ('nope', 'not yet', 'we don't')"),
    "refusal-words": ("phrases", "a refusal, which answers a request ('unfortunately', 'can't')"),
    "deferrals": (
        "phrases",
        "replies that defer an answer without skipping it ('let me check', 'one moment')",
    ),
    "action-verbs": (
        "words",
        "what an agent did, which answers a request ('I've reversed the charge')",
    ),
    "fillers": ("words", "non-verbal or empty words ('um', 'mm-hmm', 'inaudible')"),
    "sales-signals": ("phrases", "words that mark a conversation as selling"),
    "service-signals": ("phrases", "words that mark a conversation as customer service"),
    "internal-signals": ("phrases", "words that mark an email as internal or logistics mail"),
}


class Lexicon:
    """The merged word classes of a run, compiled for lookup."""

    def __init__(self, classes: Mapping[str, Iterable[str]] | None = None) -> None:
        self.raw: dict[str, tuple[str, ...]] = {
            name: tuple(dict.fromkeys(values)) for name, values in (classes or {}).items()
        }
        self._words: dict[str, frozenset[str]] = {}
        self._phrases: dict[str, re.Pattern[str] | None] = {}
        self._patterns: dict[str, list[Any]] = {}

    def __getstate__(self) -> dict[str, tuple[str, ...]]:
        return self.raw

    def __setstate__(self, state: dict[str, tuple[str, ...]]) -> None:
        self.__init__(state)  # type: ignore[misc]

    def merged(self, other: Mapping[str, Iterable[str]]) -> Lexicon:
        classes = {k: list(v) for k, v in self.raw.items()}
        for name, values in other.items():
            classes.setdefault(name, []).extend(values)
        return Lexicon(classes)

    def words(self, name: str) -> frozenset[str]:
        found = self._words.get(name)
        if found is None:
            found = frozenset(w.lower().replace("’", "'") for w in self.raw.get(name, ()))
            self._words[name] = found
        return found

    def phrase_regex(self, name: str) -> re.Pattern[str] | None:
        """One regex for a phrase class: whole words, any whitespace between them.
        Built from escaped literals only (an alternation of fixed strings cannot
        backtrack badly), so Python's engine is safe and fast here."""
        if name not in self._phrases:
            phrases = sorted(
                {" ".join(p.lower().replace("’", "'").split()) for p in self.raw.get(name, ())},
                key=len,
                reverse=True,
            )
            phrases = [p for p in phrases if p]
            if not phrases:
                self._phrases[name] = None
            else:
                body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
                self._phrases[name] = re.compile(r"(?<![\w'])(?:" + body + r")(?![\w'])", re.I)
        return self._phrases[name]

    def find(self, name: str, text: str) -> re.Match[str] | None:
        regex = self.phrase_regex(name)
        return regex.search(text) if regex is not None else None

    def starts(self, name: str, text: str) -> re.Match[str] | None:
        """A phrase of class ``name`` at the start of ``text`` (after punctuation)."""
        regex = self.phrase_regex(name)
        if regex is None:
            return None
        stripped = len(text) - len(text.lstrip(" \t\r\n\"'(*-.,"))
        found = regex.match(text, stripped)
        return found

    def patterns(self, name: str) -> list[Any]:
        found = self._patterns.get(name)
        if found is None:
            from cxcoach.matcher import compile_pattern

            # whole-sentence patterns: '$' is the end of the sentence, not of a line
            found = [compile_pattern(p, multiline=False) for p in self.raw.get(name, ())]
            self._patterns[name] = found
        return found

    def matches(self, name: str, text: str) -> bool:
        return any(p.search(text) for p in self.patterns(name))


EMPTY = Lexicon()
