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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, cast

from cxcoach.lazyre import LazyRegex

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
    "deal-signals": (
        "phrases",
        "words of deals that internal mail uses too (each counts half a sales signal)",
    ),
    "service-signals": ("phrases", "words that mark a conversation as customer service"),
    "support-words": (
        "phrases",
        "words of service that sales mail uses too (each counts half a service signal)",
    ),
    "internal-signals": ("phrases", "words that mark an email as internal or logistics mail"),
    "inbound-greetings": (
        "phrases",
        "how an agent answers a call or chat the customer started ('Thanks for calling')",
    ),
    "service-speakers": (
        "phrases",
        "speaker labels of a service conversation ('AGENT:', 'CUSTOMER:', 'CALLER:')",
    ),
    "group-greetings": ("phrases", "greetings to a group of colleagues ('Hi all,', 'Team,')"),
    "seller-titles": ("phrases", "job titles of people who sell (in a signature: external mail)"),
    "service-titles": ("phrases", "job titles of people who serve customers (a signature)"),
}


class Token(NamedTuple):
    """A word (or placeholder, number, clause mark) of a sentence, with its offsets."""

    start: int
    end: int
    text: str  # as written
    low: str  # lowercased


_TOKEN = LazyRegex(
    r"\{\{[^{}\n]{0,80}\}\}"  # {{placeholder}}
    r"|\{[A-Za-z_][\w ]{0,40}\}"  # {placeholder}
    r"|\[[A-Za-z][^\[\]\n]{0,40}\]"  # [Placeholder]
    r"|<[A-Z][A-Z0-9_ ]{0,40}>"  # <NAME>
    r"|\*\|[A-Z0-9_]+\|\*"  # *|FNAME|*
    r"|[$€£¥]\s?\d[\d,.]*[kKmM]?\b|\d[\d,.]*(?:%|[kKmMxX]\b)?"  # money, numbers, percents
    r"|#\d+"
    r"|[A-Za-z][\w'&]*(?:-[\w']+)*"  # words: we're, co-founder, AT&T
    r"|[,;:!?()]"  # clause punctuation
)


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``: whitespace and line breaks never matter."""
    new = tuple.__new__  # a named tuple's own __new__ is a Python call: 3x slower here
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        out.append(new(Token, (m.start(), m.end(), word, word.lower())))
    return out


def raw_words(text: str) -> list[str]:
    """The tokens of ``text`` as written, without offsets."""
    return _TOKEN.findall(text)


def iter_words(text: str) -> Iterator[str]:
    """:func:`raw_words` one at a time, for texts too long to hold their words in a list."""
    return (m.group() for m in _TOKEN.finditer(text))


def words_of(text: str) -> list[str]:
    """The lowercased tokens of ``text`` without offsets: the cheap form for counting
    phrases over a whole document (:meth:`Lexicon.distinct`)."""
    return _TOKEN.findall(text.lower())  # (placeholders' case does not matter here)


ONE_BY_ONE_CALLS = 64  # per class: see Lexicon.matches


def _spelled(options: list[tuple[str, ...]], tokens: Sequence[Token], i: int) -> int:
    """The end (token index) of the first of ``options`` (phrases that start with the
    word of ``tokens[i]``, the longest first) that the tokens from ``i`` spell; 0
    when none does."""
    for words in options:
        size = len(words)
        if size == 1:
            return i + 1  # (the last option: a one-word phrase needs nothing more)
        end = i + size
        if (
            end <= len(tokens)
            and tokens[i + 1].low == words[1]  # (where most candidates part)
            and all(tokens[i + k].low == words[k] for k in range(2, size))
        ):
            return end
    return 0


class Lexicon:
    """The merged word classes of a run, compiled for lookup.

    Phrases are matched on tokens (a dictionary from a phrase's first word to the
    phrases that start with it), so they ignore layout and cost no regex
    compilation at start-up.
    """

    def __init__(
        self,
        classes: Mapping[str, Iterable[str]] | None = None,
        derived: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.raw: dict[str, tuple[str, ...]] = {
            name: tuple(dict.fromkeys(values)) for name, values in (classes or {}).items()
        }
        # pattern -> (layout-proof regex, engine), as the pack cache computed it
        self.derived: dict[str, tuple[str, str]] = {
            k: (str(v[0]), str(v[1])) for k, v in (derived or {}).items()
        }
        # pattern -> the literal words it cannot match without (every clause needs one)
        self.literals: dict[str, tuple[tuple[str, ...], ...]] = {
            k: tuple(tuple(clause) for clause in v[2])
            for k, v in (derived or {}).items()
            if len(v) > 2 and isinstance(v[2], list | tuple)
        }
        self._singles: dict[str, list[tuple[tuple[tuple[str, ...], ...] | None, Any]]] = {}
        self._calls: dict[str, int] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._phrases: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        self._patterns: dict[str, list[Any]] = {}
        self._merged: dict[
            tuple[str, ...],
            tuple[dict[str, tuple[list[int], frozenset[str]]], dict[tuple[str, ...], list[str]]],
        ] = {}

    def __getstate__(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[Any, ...]]]:
        derived = {k: (*v, self.literals.get(k)) for k, v in self.derived.items()}
        return self.raw, derived

    def __setstate__(self, state: tuple[dict[str, tuple[str, ...]], dict[str, Any]]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def words(self, name: str) -> frozenset[str]:
        found = self._words.get(name)
        if found is None:
            found = frozenset(w.lower().replace("’", "'") for w in self.raw.get(name, ()))
            self._words[name] = found
        return found

    def _index(self, name: str) -> dict[str, list[tuple[str, ...]]]:
        index = self._phrases.get(name)
        if index is None:
            index = {}
            for phrase in self.raw.get(name, ()):
                words = tuple(t.low for t in tokenize(phrase.replace("’", "'")))
                if words:
                    index.setdefault(words[0], []).append(words)
            for options in index.values():
                options.sort(key=len, reverse=True)  # the longest phrase first
            self._phrases[name] = index
        return index

    def phrase_at(self, name: str, tokens: Sequence[Token], i: int) -> int:
        """The end (token index) of the longest phrase of ``name`` starting at token
        ``i``; 0 when none starts there."""
        if i >= len(tokens):
            return 0
        options = self._index(name).get(tokens[i].low)
        return _spelled(options, tokens, i) if options else 0

    def find(
        self, name: str, tokens: Sequence[Token], start: int = 0, stop: int | None = None
    ) -> tuple[int, int] | None:
        """Token span of the first phrase of ``name`` in ``tokens[start:stop]``."""
        index = self._index(name)
        if not index:
            return None
        stop = len(tokens) if stop is None else min(stop, len(tokens))
        for i in range(start, stop):
            options = index.get(tokens[i].low)
            if options:
                end = _spelled(options, tokens, i)
                if end:
                    return i, end
        return None

    def early(
        self, name: str, tokens: Sequence[Token], limit: int = 3, lead: frozenset[str] = frozenset()
    ) -> bool:
        """A phrase of ``name`` starting at one of the first ``limit`` words ("Yep",
        "Oh, yes", "Honestly, not yet"). With ``lead``, only those words may come
        before it: "Our customers usually see results" holds no "usually" answer."""
        seen = 0
        for i, token in enumerate(tokens):
            if not token.low[0].isalnum():
                continue
            if self.phrase_at(name, tokens, i):
                return True
            if lead and token.low not in lead:
                return False
            seen += 1
            if seen >= limit:
                return False
        return False

    def distinct(self, name: str, tokens: Sequence[Token] | Sequence[str]) -> int:
        """How many different phrases of ``name`` occur in ``tokens`` (tokens, or the
        lowercased words of :func:`words_of`)."""
        index = self._index(name)
        if not index or not tokens:
            return 0
        if isinstance(tokens[0], str):
            lows = cast(Sequence[str], tokens)
        else:
            lows = [t.low for t in cast(Sequence[Token], tokens)]
        size = len(lows)
        found: set[tuple[str, ...]] = set()
        # (a phrase starts at few of the words: find those first, in one comprehension)
        for i in [i for i, low in enumerate(lows) if low in index]:
            for words in index[lows[i]]:  # the longest first
                end = i + len(words)
                if end <= size and all(lows[i + k] == words[k] for k in range(1, len(words))):
                    found.add(words)
                    break
        return len(found)

    def distinct_many(self, names: Sequence[str], lows: Sequence[str]) -> dict[str, int]:
        """:meth:`distinct` for several classes in one pass over the words: at each
        word, the longest phrase of each class that starts there counts."""
        key = tuple(names)
        merged = self._merged.get(key)
        if merged is None:
            lengths: dict[str, set[int]] = {}
            seconds: dict[str, set[str]] = {}
            owners: dict[tuple[str, ...], list[str]] = {}
            for name in names:
                for first, phrases in self._index(name).items():
                    for words in phrases:
                        lengths.setdefault(first, set()).add(len(words))
                        seconds.setdefault(first, set()).update(words[1:2])
                        owners.setdefault(words, []).append(name)
            # first word -> (the phrases' lengths, the longest first; their second words)
            firsts = {
                first: (sorted(found, reverse=True), frozenset(seconds[first]))
                for first, found in lengths.items()
            }
            merged = (firsts, owners)
            self._merged[key] = merged
        firsts, owners = merged
        found: dict[str, set[tuple[str, ...]]] = {name: set() for name in names}
        size = len(lows)
        # (a phrase starts at few of the words: find those first, in one comprehension)
        for i in [i for i, low in enumerate(lows) if low in firsts]:
            sizes, second = firsts[lows[i]]
            if i + 1 < size and lows[i + 1] in second:
                candidates: Sequence[int] = sizes
            elif sizes[-1] == 1:
                candidates = (1,)  # the next word starts none of the longer phrases
            else:
                continue
            done: set[str] = set()
            for length in candidates:  # the longest first
                if i + length > size:
                    continue
                words = tuple(lows[i : i + length])
                for name in owners.get(words, ()):
                    if name not in done:
                        found[name].add(words)
                        done.add(name)
        return {name: len(phrases) for name, phrases in found.items()}

    def _sources(self, name: str) -> list[tuple[str, str, str]]:
        """(source, layout-proof regex, engine) of each pattern of a class, from the
        pack cache (derived here for classes built without it)."""
        from cxcoach.matcher import layout_proof

        out = []
        for source in self.raw.get(name, ()):
            proofed, engine = self.derived.get(source) or (layout_proof(source), "re2")
            out.append((source, proofed, engine))
        return out

    def patterns(self, name: str) -> list[Any]:
        """The class's patterns as one alternation (one RE2 compile, one search): each
        keeps its own anchors, since a group bounds '^', '$' and inline flags."""
        found = self._patterns.get(name)
        if found is None:
            from cxcoach.matcher import compile_pattern

            parts = self._sources(name)
            found = []
            combined = [p for _, p, engine in parts if engine == "re2"]
            if combined:
                regex = "|".join(f"(?:{p})" for p in combined)
                # whole-sentence patterns: '$' is the end of the sentence, not of a line
                found.append(compile_pattern(regex, multiline=False, derived=(regex, "re2")))
            found.extend(
                compile_pattern(source, multiline=False, derived=(p, engine))
                for source, p, engine in parts
                if engine != "re2"
            )
            self._patterns[name] = found
        return found

    def matches(self, name: str, text: str) -> bool:
        """Does one of the class's patterns match ``text`` (a sentence)?

        The first :data:`ONE_BY_ONE_CALLS` calls for a class try its patterns one
        by one, each compiled only once a text holds its literal words: a hook
        checking one email tags a dozen sentences, and compiling a whole class as
        one alternation (RE2 expands every bounded repeat) would cost more than
        the rest of the tagging. After that, one alternation, one search."""
        calls = self._calls.get(name, 0)
        if calls < ONE_BY_ONE_CALLS:
            self._calls[name] = calls + 1
            return self._matches_one_by_one(name, text)
        return any(p.search(text) for p in self.patterns(name))

    def _matches_one_by_one(self, name: str, text: str) -> bool:
        from cxcoach.matcher import compile_pattern, has_literals

        singles = self._singles.get(name)
        if singles is None:
            singles = [
                (
                    self.literals.get(source),
                    compile_pattern(source, multiline=False, derived=(proofed, engine)),
                )
                for source, proofed, engine in self._sources(name)
            ]
            self._singles[name] = singles
        lowered = text.lower()
        for literals, pattern in singles:
            if literals is not None and not has_literals(literals, lowered):
                continue
            if pattern.search(text):
                return True
        return False


EMPTY = Lexicon()
