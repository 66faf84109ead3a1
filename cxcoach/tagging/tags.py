"""Sentence tags: who a sentence is about and what it does.

Rules that judge the shape of a conversation (the opening, pitching before
discovery, the me/you balance, whether a question was answered) read these tags
instead of matching whole phrases. The tagger works from grammar and word classes:

- **Who it is about** comes from the sentence's *subject*: the first pronoun, name
  or noun phrase of the main clause after discourse words ("So,", "Honestly") and
  a leading time or place phrase ("Last quarter", "Founded in 2009,"). "We",
  "I", "our platform", the seller's company name and seller placeholders
  (``{{sender_company}}``) make it about the **seller**; "you", "your team" and
  prospect placeholders (``{{company}}``) about the **prospect**. Two frames turn a
  first-person subject toward the prospect: noticing ("I saw your ...",
  "Noticed ...", "Congrats on ...") and reaching out because of them ("I'm
  reaching out because your team ..."). A third-party subject ("Northwind cut
  churn 30% with our platform") is about whoever the rest of the sentence names.
- **What it does** comes from the verb and its complement: a claim about the
  offering or its results (``pitch``: "we help", "our tool automates", "we booked
  23 meetings for ...", "we're a leading AI platform", a demo or price offered), a
  claim of news (``claim``: "we just released our report"), an introduction
  (``intro``: "I'm the co-founder of", "we are a payroll company", "founded in"), a
  question (``question`` plus ``open``/``closed``; ``discovery`` when it asks about
  the prospect), a request for a next step (``request``), a courtesy
  (``pleasantry``, ``identity``), a time (``time``), and, for replies, ``yes``,
  ``no``, ``refusal``, ``action``, ``deferral``, ``pivot`` and ``filler``.

The word classes come from the packs (:mod:`cxcoach.tagging.lexicon`), so a team
extends the tagger by adding words, not code. ``cxcoach check --tags`` prints the
tags of every sentence.
"""

from __future__ import annotations

import copy
import re
from typing import NamedTuple

from cxcoach.lazyre import LazyRegex
from cxcoach.matcher import layout_proof
from cxcoach.parse.text import fold
from cxcoach.tagging import times
from cxcoach.tagging.lexicon import Lexicon, Token, iter_words, raw_words, tokenize

SELLER, PROSPECT, NEITHER = "seller", "prospect", "neither"

_LIST_CHARS = 200_000  # count_refs: longer texts are read word by word, not as one list
_PLACEHOLDER_START = ("{", "[", "<", "*|")
_SUBJECT_PRONOUNS_OTHER = frozenset(
    ["it", "it's", "this", "that", "there", "there's", "they", "they're", "he", "she", "these"]
)
_AUX = frozenset(
    "am is are was were be been being have has had do does did will would shall should can "
    "could may might must 'm 're 's 've 'll 'd ain't isn't aren't wasn't weren't haven't "
    "hasn't hadn't don't doesn't didn't won't wouldn't can't couldn't shouldn't".split()
)
_COPULA = frozenset("am is are was were 'm 're 's been be being".split())
_ADVERBS = frozenset(
    "just also really recently actually already currently still truly now only even proudly "
    "specifically primarily mainly basically simply quickly finally officially totally "
    "always often usually never not quietly generally typically".split()
)
_OBJECT_FORMS = frozenset("me us myself ourselves mine ours yours yourself yourselves".split())
_CONTRACTED_COPULA = frozenset(["i'm", "we're", "you're", "it's", "they're", "that's", "there's"])
_DETERMINERS = frozenset("a an the one of some any this that our my your their its".split())
_WH = frozenset("what how why when where who whom whose which".split())
_LIKE_TO = frozenset("love like want wanted hope hoping happy glad keen excited eager".split())
_LEARN = frozenset("learn hear understand know explore discuss".split())
_RHETORICAL = LazyRegex(
    layout_proof(
        r"(?:[,;-]\s*(?:right|correct|no|yes|yeah|true|agreed|isn't it|aren't they|don't you|"
        r"wouldn't you(?: agree)?|doesn't it|won't it|huh|eh)\s*\?+\s*$)"
        r"|^\W*(?:sound|sounds|ring|rings|look|looks) (?:familiar|a bell)\W*$"
    ),
    re.IGNORECASE,
)
_COMMITMENT = LazyRegex(
    layout_proof(
        r"\W*(?:(?:sure|yes|yep|absolutely|of course|definitely|no problem|happy to)\W+)?"
        r"(?:i'll|i will|we'll|we will|i'm going to|we're going to|i can|we can|i shall)\s+\w"
    ),
    re.IGNORECASE,
)
_PEOPLE = frozenset(
    "team teams staff people engineers engineer colleague colleagues folks experts consultant "
    "consultants founders founder ceo manager managers boss director partner partners analysts "
    "designers developers specialists advisors crew reps".split()
)
# things the seller and the prospect share, which "our ..." can name without pitching
_SHARED = frozenset(
    "chat email emails note notes conversation conversations discussion agreement contract "
    "proposal quote invoice deal relationship partnership plan plans conversation thread "
    "previous last recent original first second".split()
)
_SUBORDINATORS = frozenset(
    "if when whenever while although though once unless whether because since as after "
    "before until whereas given".split()
)
_LOGISTICS = LazyRegex(
    r"^\W*(?:and |so )?(?:what(?:'s| is)|can i (?:get|have)|could i (?:get|have)|do you have)"
    r" (?:the |your |a )?(?:best |right |correct |direct )?(?:email|e-mail|address|number|phone"
    r"|phone number|mobile|contact|extension|spelling|po number|account number)\b",
    re.IGNORECASE,
)
_FITS = frozenset("work works suit suits fit fits free available good better okay ok open".split())
_WEAK_SELLER = frozenset(["me", "myself", "mine", "i"])  # "Most CFOs tell me ..." is not about us
_DEMO_VERBS = frozenset("show give send share walk run do schedule book set offer".split())
_DEMO_NOUNS = frozenset(
    "demo demos tour walkthrough walk-through deck one-pager trial sandbox overview "
    "presentation case".split()
)
_PRICE = LazyRegex(
    layout_proof(
        r"(?:\b(?:pricing|prices?|plans?|tiers?|packages?|licen[cs]es?|seats?|editions?)\b"
        r"[^.?!]{0,30}\b(?:start|starts|starting|begin|begins|range|ranges|from|at|is|are|costs?"
        r"|runs?)\b[^.?!]{0,20}(?:[$€£¥]\s?\d|\d+\s?(?:dollars|euros|usd|eur|gbp)))"
        r"|(?:[$€£¥]\s?\d[\d,.]*[kK]?|\d[\d,.]*\s?(?:dollars|euros|usd))\s?(?:/|per|a|an)\s?"
        r"(?:seat|user|month|mo|year|yr|agent|license|head)\b"
    ),
    re.IGNORECASE,
)
# a second main clause after a dash, semicolon or colon: "I run Acme -- we help ..."
_DOERS = frozenset(
    ("i've", "we've", "i", "we", "just", "and", "been", "has", "have", "it's", "is", "are", "was")
)
_ECHO_SUBJECTS = frozenset(("we", "it", "they", "i", "there", "that", "you", "she", "he"))
_AUX_YES = frozenset(
    "do does did is are was were am can could will would have has had should".split()
)
_AUX_NO = frozenset(
    "don't doesn't didn't isn't aren't wasn't weren't can't cannot couldn't won't wouldn't "
    "haven't hasn't hadn't shouldn't".split()
)
_CLAUSE_BREAK = LazyRegex(r"\s-{1,2}\s|;\s|:\s")
_CLAIMS = frozenset(("pitch", "claim", "result"))
_CLAUSE_LEAD = LazyRegex(
    layout_proof(
        r"\b(?:because|since|as|after|about|regarding|given|re|to see if|to ask|to learn"
        r"|to find out|with a|with an|with one)\b"
    ),
    re.IGNORECASE,
)


class Tags(NamedTuple):
    """The tags of one sentence. ``cue`` is the (start, end) of the words that made it
    about the seller or a pitch, relative to the sentence start."""

    about: str
    acts: frozenset[str]
    cue: tuple[int, int] | None = None

    def has(self, *acts: str) -> bool:
        return any(a in self.acts for a in acts)


def _is_placeholder(token: Token) -> bool:
    return token.text.startswith(_PLACEHOLDER_START) and len(token.text) > 2


class Tagger:
    """Tags sentences with one lexicon and the run's company names."""

    def __init__(self, lexicon: Lexicon, company: tuple[str, ...] = ()) -> None:
        self.lex = lexicon
        self.company = tuple(c.strip() for c in company if c.strip())
        self._company_re = (
            re.compile(
                r"(?<![\w])(?:" + "|".join(re.escape(c) for c in self.company) + r")(?![\w])",
                re.IGNORECASE,
            )
            if self.company
            else None
        )
        w = lexicon.words
        self.seller = w("seller-words")
        self.prospect = w("prospect-words")
        self.discourse = w("discourse-openers")
        self.adverbial = w("adverbial-openers")
        self.elided = w("elided-seller")
        self.claim_verbs = w("claim-verbs")
        self.result_verbs = w("result-verbs")
        self.news_verbs = w("news-verbs")
        self.identity_verbs = w("identity-verbs")
        self.offering = w("offering-nouns")
        self.company_nouns = w("company-nouns")
        self.customers = w("customer-nouns")
        self.praise = w("praise-words")
        self.meeting = w("meeting-nouns")
        self.action_verbs = w("action-verbs")
        self.fillers = w("fillers")
        self._placeholders: dict[str, str] = {}
        self._last: tuple[str, list[Token]] | None = None
        # words that may come before a yes or a no ("Oh, yes", "Honestly, not yet")
        self._lead = self.discourse | self.fillers
        self.names: frozenset[str] = frozenset()  # the prospect's names, per document

    # ------------------------------------------------------------------ helpers
    def _tokens(self, text: str) -> list[Token]:
        """``tokenize(text)``, remembered for the last sentence: tagging a reply reads
        it twice (its tags, then its reply acts)."""
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        tokens = tokenize(text)
        self._last = (text, tokens)
        return tokens

    def _only_fillers(self, tokens: list[Token]) -> bool:
        """No word at all, or only fillers ("um", "mm-hmm"): read up to the first word
        that is none (usually the first)."""
        fillers = self.fillers
        return all(t.low in fillers for t in tokens if t.low[0].isalnum() or _is_placeholder(t))

    def placeholder_side(self, token: str) -> str:
        found = self._placeholders.get(token)
        if found is None:
            inner = tokenize(re.sub(r"[^A-Za-z0-9]+", " ", token))
            found = SELLER if self.lex.find("seller-placeholders", inner) else PROSPECT
            self._placeholders[token] = found
        return found

    def _side(self, token: Token, *, names: bool = True) -> str | None:
        """Who a single token refers to, if anyone."""
        if token.low in self.seller:
            return SELLER
        if token.low in self.prospect:
            return PROSPECT
        if _is_placeholder(token):
            return self.placeholder_side(token.text)
        if names and self.names and token.text[:1].isupper():
            base = token.low[:-2] if token.low.endswith("'s") else token.low
            if base in self.names:
                return PROSPECT  # the prospect's name or company ("Veridian's expansion")
        return None

    def for_document(self, names: frozenset[str]) -> Tagger:
        """This tagger for one document whose prospect is called ``names``."""
        if not names:
            return self
        tagger = copy.copy(self)
        tagger.names = names
        return tagger

    def refs(
        self, tokens: list[Token], text: str, *, strong: bool = False, names: bool = True
    ) -> tuple[int, int]:
        """(seller references, prospect references) in a sentence. ``strong`` leaves
        out "me"/"I", which a third party's sentence uses without being about us."""
        seller = prospect = 0
        seller_words, prospect_words = self.seller, self.prospect
        by_name = names and self.names
        for token in tokens:
            low = token.low
            if low in seller_words:
                side: str | None = SELLER
            elif low in prospect_words:
                side = PROSPECT
            elif token.text.startswith(_PLACEHOLDER_START) or (
                by_name and token.text[:1].isupper()
            ):
                side = self._side(token, names=names)  # a placeholder or a name
            else:
                continue  # (most words: no call to _side)
            if side == SELLER:
                if strong and token.low in _WEAK_SELLER:
                    continue
                seller += 1
            elif side == PROSPECT:
                prospect += 1
        if self._company_re is not None:
            seller += len(self._company_re.findall(text))
        return seller, prospect

    def count_refs(self, text: str) -> tuple[int, int]:
        """(seller words, prospect words) in ``text``: the me/you balance (pronouns,
        placeholders and the seller's company names; not the prospect's names)."""
        seller_words, prospect_words = self.seller, self.prospect
        seller = prospect = 0
        # no Token objects: this reads every word of a text; a long text's words one
        # by one (a 5 MB call's word list was 35 MB held at once)
        words = raw_words(text) if len(text) < _LIST_CHARS else iter_words(text)
        for word in words:
            low = word.lower()
            if low in seller_words:
                seller += 1
            elif low in prospect_words:
                prospect += 1
            elif word.startswith(_PLACEHOLDER_START) and len(word) > 2:
                if self.placeholder_side(word) == SELLER:
                    seller += 1
                else:
                    prospect += 1
        if self._company_re is not None:
            seller += len(self._company_re.findall(text))
        return seller, prospect

    # ------------------------------------------------------------------ main
    def tag(self, text: str, question: str | None = None, *, call: bool = False) -> Tags:
        """Tags of one sentence (``question`` is the splitter's open/closed mark;
        ``call`` when the sentence is spoken, where a self-introduction is a courtesy)."""
        text = fold(text)  # the parser folds; texts from elsewhere may not be
        acts: set[str] = set()
        if question:
            acts.update(("question", question))
        if times.has_point(text):
            acts.add("time")
        stripped = text.strip()
        if self._courtesy(stripped):
            acts.add("pleasantry")
            return Tags(NEITHER, frozenset(acts))
        tokens = self._tokens(text)
        if self._only_fillers(tokens):
            acts.add("filler")
            return Tags(NEITHER, frozenset(acts))
        intro = self.lex.matches("self-introductions", stripped)
        if intro:
            acts.add("identity")
            if call:
                acts.add("pleasantry")
        about, cue = self._about(text, tokens, acts, question)
        if intro and not call:
            acts.add("intro")
            about = SELLER
        if self._is_request(text, tokens, acts, question):
            acts.add("request")
        if (
            question
            and ("," in text or "familiar" in text or "bell" in text)
            and _RHETORICAL.search(text)
        ):
            acts.add("rhetorical")  # "..., right?", "Sound familiar?": asks nothing
        if question and _LOGISTICS.search(text):
            acts.add("request")  # "What's the best address?": contact details, not discovery
        if question and not acts & {"request", "pleasantry", "rhetorical"} and about != SELLER:
            acts.add("discovery")
        if (
            not question
            and about == SELLER
            and not acts & _CLAIMS
            and (";" in text or ":" in text or "-" in text)
        ):
            found = _CLAUSE_BREAK.search(text)
            if found is not None and len(text) - found.end() > 12:
                # "I run Acme -- we help B2B teams fix outbound": each clause is read
                rest = self.tag(text[found.end() :], call=call)
                if rest.acts & _CLAIMS:
                    acts |= rest.acts & _CLAIMS
                    if rest.cue is not None:  # point at the claim ("we help"), not "I run"
                        cue = (rest.cue[0] + found.end(), rest.cue[1] + found.end())
                    if about == NEITHER:
                        about = rest.about
        return Tags(about, frozenset(acts), cue)

    def is_pleasantry(self, text: str, *, call: bool = False) -> bool:
        """Would :meth:`tag` tag ``text`` a pleasantry? Asked without the rest of its
        analysis: a courtesy or an identity check, or on a call a self-introduction
        that is more than fillers (tag() reads those in the same way)."""
        text = fold(text)
        stripped = text.strip()
        if self._courtesy(stripped):
            return True
        return (
            call
            and self.lex.matches("self-introductions", stripped)
            and not self._only_fillers(self._tokens(text))
        )

    def _courtesy(self, stripped: str) -> bool:
        """A pleasantry or an identity check ("Hope you're well", "Is this Sam?")."""
        lex = self.lex
        return lex.matches("pleasantries", stripped) or lex.matches("identity-checks", stripped)

    def courtesy_acts(self, text: str, question: str | None, *, call: bool = False) -> set[str]:
        """The acts of :meth:`tag` that judging an answer reads (question, pleasantry),
        without the rest of the sentence's analysis: a reply's sentences are many."""
        acts: set[str] = set()
        if question:
            acts.update(("question", question))
        stripped = fold(text).strip()
        if self._courtesy(stripped) or (call and self.lex.matches("self-introductions", stripped)):
            acts.add("pleasantry")
        return acts

    def reply_acts(self, text: str) -> frozenset[str]:
        """Acts that matter when the sentence answers someone (computed only for
        replies to a question): yes, no, refusal, pivot, deferral, action, filler."""
        text = fold(text)
        acts: set[str] = set()
        tokens = self._tokens(text)
        if self._only_fillers(tokens):
            acts.add("filler")
        self._reply_acts(text, tokens, acts)
        return frozenset(acts)

    def _reply_acts(self, text: str, tokens: list[Token], acts: set[str]) -> None:
        lex = self.lex
        lead = self._lead
        bare = self._bare_yes_no(tokens)
        if bare:
            acts.add(bare)
        if lex.early("yes-words", tokens, lead=lead):
            acts.add("yes")
        if lex.early("no-words", tokens, lead=lead):
            acts.add("no")
        if lex.find("refusal-words", tokens):
            acts.add("refusal")
        if lex.early("pivots", tokens, limit=2):
            acts.add("pivot")
        if lex.find("deferrals", tokens):
            acts.add("deferral")
        elif _COMMITMENT.match(text):
            acts.add("commitment")  # "I'll send it over": a response, dated or not
        if self._action(tokens):
            acts.add("action")

    def _action(self, tokens: list[Token]) -> bool:
        """'I've reversed the charge', 'we went ahead and refunded it', 'Done.'"""
        lows = [t.low for t in tokens if t.low[0].isalnum()]
        for i, word in enumerate(lows[:12]):
            if word in self.action_verbs:
                before = lows[max(0, i - 4) : i]
                if any(b in _DOERS for b in before) or (i == 0):
                    return True  # "I've reversed it", "the refund is processed", "Attached."
        progressive = lows[:1] in (["i'm"], ["we're"]) and lows[1:2] and lows[1].endswith("ing")
        if progressive and ("now" in lows[:6] or "right" in lows[:6]):
            return True  # "I'm sending it now"
        if lows[:1] == ["here's"] or lows[:2] in (["here", "is"], ["here", "are"]):
            return True  # "Here it is", "Here's the deck": handed over
        return bool(lows) and lows[0] in ("done", "sorted", "fixed") and len(lows) <= 6

    def _bare_yes_no(self, tokens: list[Token]) -> str | None:
        """ "We do.", "It is, on every plan.", "They can't.": a pronoun and an auxiliary
        that end the sentence or the clause answer a yes/no question by grammar."""
        words = [t.low for t in tokens if t.low[0].isalnum() or t.low == ","]
        if len(words) < 2 or words[0] not in _ECHO_SUBJECTS:
            return None
        if len(words) > 2 and words[2] != ",":
            return None
        if words[1] in _AUX_YES:
            return "yes"
        return "no" if words[1] in _AUX_NO else None

    def _about(
        self, text: str, tokens: list[Token], acts: set[str], question: str | None
    ) -> tuple[str, tuple[int, int] | None]:
        """Who the sentence is about, and the cue span when it is the seller."""
        lex = self.lex
        seller_refs, prospect_refs = self.refs(tokens, text, strong=True)
        found_talk = lex.find("company-talk", tokens)
        talk = (tokens[found_talk[0]].start, tokens[found_talk[1] - 1].end) if found_talk else None
        i = self._subject_index(tokens)
        if i is None:
            return self._by_refs(seller_refs, prospect_refs), None
        subject = tokens[i]
        # questions: the subject follows the wh-word and auxiliary ("Can I show you ...")
        if question and (subject.low in _WH or subject.low in _AUX):
            j = i
            while j < len(tokens) and (tokens[j].low in _WH or tokens[j].low in _AUX):
                j += 1
            if j < len(tokens):
                i, subject = j, tokens[j]
        # a noticing frame at the start: "Saw your post", "Congrats on ..."
        if lex.phrase_at("observe-verbs", tokens, i):
            return PROSPECT, None
        side = self._side(subject)
        if subject.low == "let" and i + 1 < len(tokens) and tokens[i + 1].low in ("me", "us"):
            side = SELLER  # "Let me show you ...": the seller, in the imperative
            implied = True
            i += 1
            subject = tokens[i]
        else:
            implied = False
        named = False
        if side is None and self._company_re is not None:
            name = self._company_re.match(text, subject.start)
            if name is not None:  # "Acme has been ...": the seller's company as subject
                side, named = SELLER, True
                while i + 1 < len(tokens) and tokens[i + 1].start < name.end():
                    i += 1
        possessive = subject.low in ("our", "my", "ours")
        if side is None and subject.low in self.elided:
            side, implied = SELLER, True
        if side == SELLER:
            if question:  # a question by the seller claims nothing; it may offer a demo
                if any(t.low in _DEMO_NOUNS for t in tokens) and any(
                    t.low in _DEMO_VERBS for t in tokens
                ):
                    acts.update(("pitch", "request"))
                    return SELLER, (subject.start, subject.end)
                return (PROSPECT if prospect_refs else SELLER), None
            return self._seller_clause(
                text, tokens, i, acts, possessive, implied or named, talk, prospect_refs, named
            )
        if side == PROSPECT:
            if talk:
                acts.add("intro")
            return PROSPECT, None
        # a third-party subject: about whoever the sentence names
        verb = _next_word(tokens, i + 1)
        if (
            subject.text[:1].isupper()
            and not question
            and not prospect_refs
            and self._describes_offering(tokens, i)
        ):
            acts.update(("pitch", "claim"))  # "Paycove is an all-in-one payroll platform"
            return SELLER, (subject.start, tokens[min(len(tokens), i + 6) - 1].end)
        if (
            verb is not None
            and verb.low in self.claim_verbs
            and subject.text[:1].isupper()
            and not question
            and (seller_refs or prospect_refs)
            and not self._side(subject)
        ):
            # "Clausewise reads each contract against your own playbook": a product at work
            acts.update(("pitch", "claim"))
            return SELLER, (subject.start, verb.end)
        if seller_refs and not prospect_refs:
            if verb is not None and (verb.low in self.result_verbs or verb.low in self.claim_verbs):
                acts.update(("pitch", "claim", "result"))
                return SELLER, (subject.start, verb.end)
            if talk:
                acts.add("intro")
                return SELLER, talk
            return SELLER, None
        if talk and not prospect_refs:
            acts.add("intro")
            return SELLER, talk
        about = self._by_refs(seller_refs, prospect_refs)
        if about != PROSPECT and not question and _priced(text):
            acts.update(("pitch", "price"))  # "The 1 gig plan is $349 a month."
        return about, None

    def _seller_clause(
        self,
        text: str,
        tokens: list[Token],
        i: int,
        acts: set[str],
        possessive: bool,
        implied: bool,
        talk: tuple[int, int] | None,
        prospect_refs: int,
        named: bool = False,
    ) -> tuple[str, tuple[int, int] | None]:
        """Classify a sentence whose subject is the seller."""
        lex = self.lex
        subject = tokens[i]
        start = subject.start
        j = i + 1
        noun = None
        if possessive:  # "our platform", "our rate-parity monitor, the engine ..., flags"
            noun, j = self._possessive_phrase(tokens, j)
        copula = subject.low in _CONTRACTED_COPULA
        verb = None
        while j < len(tokens):
            low = tokens[j].low
            if low in _ADVERBS or low == "'s":
                j += 1
                continue
            if low in _AUX:
                copula = copula or low in _COPULA
                j += 1
                continue
            verb = tokens[j]
            break
        # outreach frame: "I'm reaching out because your team ..."
        frame = lex.find("outreach-verbs", tokens, i + 1, i + 5)
        if frame is not None:
            frame_end = tokens[frame[1] - 1].end
            lead = _CLAUSE_LEAD.search(text, frame_end)
            if lead is not None:
                inner = self.tag(text[lead.end() :])
                acts.update(inner.acts & {"pitch", "claim", "result", "intro"})
                if inner.about == SELLER and inner.cue:
                    return SELLER, (lead.end() + inner.cue[0], lead.end() + inner.cue[1])
                return inner.about, None
            if any(t.low in self.prospect for t in tokens[frame[1] :]) and not talk:
                return PROSPECT, None
        if verb is None:
            return SELLER, None
        low = verb.low
        cue = (start, verb.end)
        # noticing: "I saw your team is hiring", "I loved your post"
        if not possessive and lex.phrase_at("observe-verbs", tokens, j):
            return PROSPECT, None
        if talk:
            acts.add("intro")
        if named:  # the company's name as subject: "Acme has been the payroll choice ..."
            acts.add("claim")
            if low in self.claim_verbs or low in self.result_verbs:
                acts.update(("pitch", "result"))  # "Northwind has helped 300 retailers"
            return SELLER, cue
        if copula and not implied:
            complement = [t.low for t in tokens[j : j + 8]]
            span = (start, tokens[min(len(tokens), j + 8) - 1].end)
            if lex.find("role-nouns", tokens, j, j + 6):
                acts.add("intro")
                return SELLER, span
            if any(w in self.offering for w in complement[:7]):
                acts.update(("pitch", "claim"))
                return SELLER, span
            if any(w in self.company_nouns for w in complement[:7]):
                acts.add("intro")
                return SELLER, span
            if any(w in self.praise for w in complement[:4]):
                acts.add("claim")
                return SELLER, span
            if complement and complement[0] in ("with", "from", "at") and verb.text[:1].isupper():
                acts.add("identity")
                return SELLER, span
            if low in self.result_verbs or low in self.claim_verbs:  # passive: "we're trusted by"
                acts.update(("claim",))
                return SELLER, cue
            return (PROSPECT if prospect_refs and low in _LEARN else SELLER), None
        if possessive and noun is not None:
            if noun == "offering":
                acts.update(("pitch", "claim"))
                return SELLER, cue
            if noun == "customers":
                acts.update(("pitch", "claim", "result"))
                return SELLER, cue
            if noun == "company":
                acts.add("intro")
                return SELLER, cue
            if noun == "people" and (low in self.claim_verbs or low in self.result_verbs):
                acts.update(("pitch", "claim"))  # "Our team helps ...", "My team built ..."
                return SELLER, cue
            return SELLER, (cue if talk else None)
        wish = False
        if low in _LIKE_TO or (implied and low in ("would", "to")):
            # "I'd love to show you a demo", "Happy to help", "Would love to learn ..."
            wish = True
            k = j + 1
            while k < len(tokens) and tokens[k].low in ("to", "love", "like", "be", "able", "you"):
                k += 1
            if k < len(tokens):
                verb, low = tokens[k], tokens[k].low
                cue = (start, verb.end)
        if low in _DEMO_VERBS and any(t.low in _DEMO_NOUNS for t in tokens):
            acts.update(("pitch", "request"))
            return SELLER, cue
        if low in _LEARN and prospect_refs:
            return PROSPECT, None
        if wish:  # "I want to make sure I understand", "I'd love to help": a wish, not a claim
            return SELLER, None
        if low in self.claim_verbs:
            acts.update(("pitch", "claim"))
            return SELLER, cue
        if low in self.result_verbs:
            acts.update(("pitch", "claim", "result"))
            return SELLER, cue
        if low in self.news_verbs:
            acts.add("claim")
            if any(t.low in ("for", "with") for t in tokens[j + 1 : j + 6]):
                acts.update(("pitch", "result"))  # "We have shipped portals for a valve maker"
            return SELLER, cue
        if low in self.identity_verbs:
            acts.add("intro")
            if self._relative_claim(tokens, j):
                acts.add("pitch")  # "I run an agency that builds ordering portals"
            return SELLER, cue
        if _priced(text):
            acts.update(("pitch", "price"))
            return SELLER, cue
        later = self._later_claim(tokens, j)
        if later is not None:
            acts.update(("pitch", "claim"))
            return SELLER, later
        return SELLER, (cue if talk else None)

    def _describes_offering(self, tokens: list[Token], i: int) -> bool:
        """'<Name> is a/an/the ... <offering noun>': a product introducing itself."""
        k = i + 1
        while k < len(tokens) and k < i + 4 and tokens[k].text[:1].isupper():
            k += 1  # a multi-word name: "Acme Cloud"
        if k >= len(tokens) or tokens[k].low not in ("is", "'s"):
            return False
        rest = [t.low for t in tokens[k + 1 : k + 10]]
        return (
            bool(rest) and rest[0] in ("a", "an", "the") and any(w in self.offering for w in rest)
        )

    def _relative_claim(self, tokens: list[Token], j: int) -> bool:
        """A relative clause that claims: "... an agency that builds portals"."""
        for k in range(j + 1, len(tokens) - 1):
            if tokens[k].low in ("that", "which", "who"):
                verb = _next_word(tokens, k + 1)
                return verb is not None and (
                    verb.low in self.claim_verbs or (verb.low.endswith("s") and len(verb.low) > 3)
                )
        return False

    def _later_claim(self, tokens: list[Token], start: int) -> tuple[int, int] | None:
        """A coordinated clause that pitches: "..., and we provide the whole build"."""
        for k in range(start, len(tokens) - 1):
            if (
                tokens[k].low in ("we", "i")
                and k > 0
                and tokens[k - 1].low in ("and", ",", "so", "but")
            ):
                verb = _next_word(tokens, k + 1)
                if verb is not None and verb.low in self.claim_verbs:
                    return tokens[k].start, verb.end
        return None

    def _possessive_phrase(self, tokens: list[Token], j: int) -> tuple[str | None, int]:
        """What "our ..." names, and where its verb starts: ("offering", index of "flags")
        for "our rate-parity monitor, the engine behind the report, flags ...".

        The noun phrase runs to the first verb: a known verb of claiming, a result
        or news verb, an auxiliary, or a word ending in -s right after a noun. Its
        head decides what it is: a person ("team", "engineers"), the company, the
        customers, something shared with the prospect ("call", "proposal") or, for
        anything else, the offering itself."""
        n = len(tokens)
        k = j
        head: list[str] = []
        while k < n and k < j + 9:
            token = tokens[k]
            low = token.low
            if low == ",":  # an appositive: skip to its closing comma
                close = next((m for m in range(k + 1, min(n, k + 9)) if tokens[m].low == ","), None)
                if close is None:
                    break
                k = close + 1
                continue
            if not low[0].isalnum():
                break
            if head and (
                low in _AUX
                or low in _ADVERBS
                or low in self.claim_verbs
                or low in self.result_verbs
                or low in self.news_verbs
                or (
                    low.endswith("s")
                    and len(low) > 3
                    and low not in self.customers
                    and not low.endswith("ss")
                    and head[-1] not in _DETERMINERS
                )
            ):
                break
            head.append(low)
            k += 1
        if not head:
            return None, j
        words = set(head)
        if words & _PEOPLE:
            return "people", k
        if words & self.customers:
            return "customers", k
        if words & self.company_nouns:
            return "company", k
        if words & self.meeting or words & _SHARED:
            return None, k
        return "offering", k

    def _subject_index(self, tokens: list[Token]) -> int | None:
        """Index of the subject token of the main clause (see module doc)."""
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            if tok.low in self.discourse or not (tok.low[0].isalnum() or _is_placeholder(tok)):
                i += 1
                continue
            # a vocative at the start: "Dana, ...", "Hi Dana, ..."
            if (
                i + 1 < n
                and tokens[i + 1].low == ","
                and tok.text[:1].isupper()
                and i <= 1
                and tok.low not in self.seller
                and tok.low not in self.prospect
            ):
                i += 2
                continue
            break
        if i >= n:
            return None
        if tokens[i].low in _SUBORDINATORS:
            # "If it helps, our tool ...": the main clause starts after the comma
            for j in range(i + 1, min(n, i + 16)):
                if tokens[j].low == ",":
                    return j + 1 if j + 1 < n else None
        if tokens[i].low in self.adverbial or tokens[i].low[0].isdigit():
            for j in range(i, min(n, i + 9)):
                low = tokens[j].low
                if low == ",":
                    return j + 1 if j + 1 < n else None
                if (
                    ((low in self.seller or low in self.prospect) and low not in _OBJECT_FORMS)
                    or low in _SUBJECT_PRONOUNS_OTHER
                    or _is_placeholder(tokens[j])
                ):
                    return j
        return i

    @staticmethod
    def _by_refs(seller: int, prospect: int) -> str:
        if prospect > seller:
            return PROSPECT
        if seller > prospect:
            return SELLER
        return NEITHER

    def _is_request(
        self, text: str, tokens: list[Token], acts: set[str], question: str | None
    ) -> bool:
        """A request for a next step: a meeting, a time, or a reply."""
        lex = self.lex
        if "pleasantry" in acts:
            return False
        if lex.find("request-phrases", tokens):
            return True
        cue = lex.find("request-cues", tokens)
        if question and cue:
            return True  # "Would you be open to a call?" (not "What made you book the demo?")
        if question and "time" in acts and any(t.low in _FITS for t in tokens):
            return True  # "Does Tuesday at 10 work?", "Are you free Thursday?"
        if not cue:
            return False
        return "time" in acts or any(t.low in self.meeting for t in tokens)  # a meeting named


def _priced(text: str) -> bool:
    """A price quoted in the sentence (a currency amount per unit, or a plan's price)."""
    if not any(c in text for c in "$€£¥") and not any(
        w in text.lower() for w in ("dollar", "euro", "usd", "eur", "gbp")
    ):
        return False
    return _PRICE.search(text) is not None


def _next_word(tokens: list[Token], start: int) -> Token | None:
    for token in tokens[start:]:
        if token.low in _ADVERBS or token.low in _AUX:
            continue
        if token.low[0].isalnum():
            return token
    return None
