"""What a conversation is: outreach, a sales conversation, service, or other mail.

Decided once per document, so that each rule runs only where it makes sense (a
rule's ``situations:``): the outreach rules (few questions, no next step, length,
me/you balance, readability) on outreach and sales conversations; the service
rules (policy, unanswered questions, vague promises) on service and sales
conversations; and on other mail (internal notes, logistics) only the rules that
hold everywhere (thank-you-for-your-business, pressure, unfilled placeholders).

- **outreach**: an email that opens a conversation (no quoted history) and sells;
- **sales**: a reply in a sales thread, or a sales call;
- **service**: a support call, chat or email (an account, an order, a refund, an
  outage), when its service signals outweigh its sales signals;
- **other**: an email with no sign of selling or serving.

The evidence is the sentence tags (a pitch, an introduction, a template
placeholder, a request for a meeting) and the signal words of the lexicon
(``sales-signals``, ``service-signals``, ``internal-signals``). A call is a sales
call unless its service signals win. An email with no evidence either way is
"other": cxcoach coaches selling and serving, not every email. A team can force
the situation with ``kind:`` in its config or ``--kind``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cxcoach.lazyre import LazyRegex
from cxcoach.tagging.lexicon import words_of
from cxcoach.tagging.signature import rep_signature

if TYPE_CHECKING:
    from cxcoach.model import Document
    from cxcoach.tagging import DocTags

SITUATIONS = ("outreach", "sales", "service", "other")
EVIDENCE_CHARS = 50_000  # what a conversation is shows in its first pages
EVIDENCE_SENTENCES = 40  # the rep's first sentences are tagged for it, not all
GREETING_CHARS = 2_000  # "Hi all," opens a message
_PLACEHOLDER = LazyRegex(
    r"\{\{[^{}\n]{1,60}\}\}|\{[A-Za-z_][A-Za-z0-9_ ]{0,40}\}|\*\|[A-Z0-9_]+\|\*"
    r"|\[(?:first|last|full|company|prospect|contact|recipient)[ _]?\w*\]",
    re.IGNORECASE,
)


_WORD_CLASSES = (
    "sales-signals",
    "deal-signals",
    "service-signals",
    "support-words",
    "internal-signals",
)
_TITLE_CLASSES = ("seller-titles", "service-titles")
_TAG_COUNTS = [(p, i, n) for p in (0, 1, 2) for i in (0, 1, 2) for n in (0, 1)]


def _first_turns(doc: Document, chars: int) -> Iterator[str]:
    """The texts of the first turns, until they hold ``chars`` characters (joining a
    5 MB call's turns to keep the first 50,000 characters held a second 5 MB copy)."""
    held = 0
    for turn in doc.turns:
        if held > chars:
            return
        yield doc.text[turn.start : turn.end]
        held += turn.end - turn.start + 1


def evidence(doc_tags: DocTags, *, tagged: bool = True, greetings: bool = True) -> dict[str, int]:
    """The weighed signals behind :func:`classify` (shown by ``--tags``).

    The words are counted first; the rep's sentences are tagged (pitches,
    introductions) only with ``tagged``, since most documents are decided by
    their words whatever the tags would say (see :func:`classify`). Without
    ``greetings`` the group greetings are not looked for ("group" is 0): the
    situation of a call does not read them (see :func:`decide`).
    """
    doc = doc_tags.doc
    lex = doc_tags.tagger.lex
    text = "\n".join(_first_turns(doc, EVIDENCE_CHARS))[:EVIDENCE_CHARS]
    counts = lex.distinct_many(_WORD_CLASSES, words_of(text))
    strong = counts["sales-signals"]
    titles = lex.distinct_many(_TITLE_CLASSES, words_of(rep_signature(doc)))
    seller_title, service_title = titles["seller-titles"], titles["service-titles"]
    inbound = _inbound(doc_tags)
    placeholders = any(c in doc.text for c in "{[<*") and _PLACEHOLDER.search(doc.text) is not None
    found = {
        "sales": strong + counts["deal-signals"] // 2 + 2 * min(seller_title, 1) + 2 * placeholders,
        "service": counts["service-signals"]
        + counts["support-words"] // 2
        + 2 * min(service_title, 1)
        + 4 * inbound
        + 2 * _customer_first(doc)
        + 2 * _service_speakers(doc_tags),
        "internal": counts["internal-signals"],
        "colleagues": int(doc.kind != "transcript" and _one_company(doc.source)),
        "external": bool(seller_title or service_title) + 2 * _external_domains(doc.source),
        "strong": strong + 2 * placeholders + min(seller_title, 1),
        "group": (
            lex.distinct("group-greetings", words_of(doc.text[:GREETING_CHARS])) if greetings else 0
        ),
        "inbound": inbound,
        "pitches": 0,
        "intros": 0,
        "introductions": 0,
    }
    if tagged:
        pitches = intros = introductions = 0
        for seen, (_turn, _sentence, tags) in enumerate(doc_tags.iter_rep_sentences()):
            if seen >= EVIDENCE_SENTENCES or (pitches >= 2 and intros >= 2 and introductions):
                break  # enough to decide: the counts are capped
            if tags.has("pitch", "result"):
                pitches += 1
            elif tags.has("intro", "claim"):
                intros += 1
            if tags.has("intro", "identity"):
                introductions += 1
        found = _with_tags(found, pitches, intros, introductions)
    return found


def _with_tags(
    found: dict[str, int], pitches: int, intros: int, introductions: int
) -> dict[str, int]:
    """``found`` (words only) plus what the rep's sentence tags add."""
    out = dict(found)
    out["pitches"], out["intros"], out["introductions"] = pitches, intros, introductions
    out["sales"] += 2 * min(pitches, 2) + min(intros, 2)
    out["strong"] += 2 * min(pitches, 1) + min(introductions, 1)
    return out


def _service_speakers(doc_tags: DocTags) -> int:
    """How many of the speaker labels are a service conversation's roles (AGENT,
    CUSTOMER, CALLER, GUEST...): 0, 1 or 2 (both sides named so)."""
    doc = doc_tags.doc
    if doc.kind != "transcript":
        return 0
    lex = doc_tags.tagger.lex
    labels = {t.speaker.lower().strip() for t in doc.turns[:40] if t.speaker}
    found = sum(1 for label in labels if lex.distinct("service-speakers", words_of(label)))
    return min(found, 2)


def _customer_first(doc: Document) -> int:
    """1 when the other party speaks first in a call or chat: they called in or
    opened the chat (a rep making a call speaks first)."""
    if doc.kind != "transcript":
        return 0
    first = next((t for t in doc.turns if t.text.strip()), None)
    return int(first is not None and first.role == "prospect")


def _inbound(doc_tags: DocTags) -> int:
    """1 when the rep's first words answer a call or chat the customer started
    ("Thanks for calling Acme support, how can I help?"): the customer came to be
    served. A call's first rep turn only; an email starts no call."""
    doc = doc_tags.doc
    if doc.kind != "transcript":
        return 0
    first = next((t for t in doc.turns if t.role == "rep"), None)
    if first is None:
        return 0
    words = words_of(doc.text[first.start : min(first.end, first.start + 400)])
    return min(doc_tags.tagger.lex.distinct("inbound-greetings", words), 1)


def classify(doc_tags: DocTags) -> str:
    """The situation of the document. Its words are weighed first; when every
    possible count of pitches and introductions (they are capped at 2, 2 and 1)
    gives the same answer, no sentence needs tagging for it."""
    doc = doc_tags.doc
    if not any(t.role == "rep" for t in doc.turns):
        return "other" if doc.kind != "transcript" else "sales"
    greetings = doc.kind != "transcript"  # (a call's situation reads no group greeting)
    words = evidence(doc_tags, tagged=False, greetings=greetings)
    answers = {decide(doc, _with_tags(words, *counts)) for counts in _TAG_COUNTS}
    if len(answers) == 1:
        return answers.pop()
    return decide(doc, evidence(doc_tags, greetings=greetings))


def decide(doc: Document, found: dict[str, int]) -> str:
    """The situation that the weighed evidence ``found`` says."""
    sales, service, internal = found["sales"], found["service"], found["internal"]
    if found["colleagues"]:
        return "other"  # From, To and Cc all at one company: mail between colleagues
    if (
        found["group"]
        and doc.kind != "transcript"
        and (found["strong"] < 4 or found["internal"] > found["group"])
    ):
        return "other"  # "Hi all," / "Team,": mail to colleagues, whatever it announces
    # service needs a clear margin: sales conversations mention accounts and credits too
    serving = service >= 2 and service >= sales + 2
    if doc.kind == "transcript":
        return "service" if serving else "sales"
    if sales >= 2 and sales > internal and found["strong"]:
        return "outreach" if doc.first_touch else "sales"
    if serving:
        return "service"
    # external: another company's domain, or a customer-facing title with selling words
    # (as many words of selling as of internal mail: a customer-facing sign decides)
    if (
        (found["external"] >= 2 or found["strong"])
        and sales >= 1
        and (sales > internal or (sales == internal and found["external"]))
    ):
        return "outreach" if doc.first_touch else "sales"
    if service >= 2 and internal == 0:
        return "service"
    if found["strong"] and internal == 0:
        return "outreach" if doc.first_touch else "sales"
    if found["external"] and internal == 0:
        # mail with a customer (their domain differs, or a customer-facing title signs
        # it) but few words of either kind: service when it says so, else sales
        if service > sales:
            return "service"
        return "outreach" if doc.first_touch else "sales"
    return "other"


_ADDRESS = LazyRegex(r"(?<=[\w.+-])@((?:[\w-]+\.)+[A-Za-z]{2,})")  # from each "@"
_PUBLIC = frozenset(
    "gmail.com googlemail.com yahoo.com outlook.com hotmail.com live.com icloud.com me.com "
    "aol.com proton.me protonmail.com gmx.com gmx.de web.de mail.com example.com".split()
)


_HEADER_ADDRESSES = LazyRegex(r"^(From|To|Cc):[^\n]*", re.IGNORECASE | re.MULTILINE)


def _one_company(source: str) -> bool:
    """The message's own From, To and Cc headers all name one company domain:
    mail between colleagues (a public mail domain says nothing)."""
    head = source[:3000]
    if "@" not in head:
        return False
    fields: dict[str, set[str]] = {}
    for line in _HEADER_ADDRESSES.finditer(head):
        name = line.group(1).lower()
        if name in fields:
            break  # the next message's headers (quoted history): stop
        fields[name] = {m.group(1).lower() for m in _ADDRESS.finditer(line.group())}
    if not fields.get("from") or not fields.get("to"):
        return False
    domains = set().union(*fields.values())
    return len(domains) == 1 and not domains & _PUBLIC


def _external_domains(source: str) -> bool:
    """Two company domains among the addresses: a conversation across companies."""
    domains = set()
    if "@" not in source[:EVIDENCE_CHARS]:
        return False
    for match in _ADDRESS.finditer(source, 0, EVIDENCE_CHARS):
        domain = match.group(1).lower()
        parts = domain.split(".")
        base = (
            ".".join(parts[-3:]) if len(parts[-1]) == 2 and len(parts) > 2 else ".".join(parts[-2:])
        )
        if base not in _PUBLIC:
            domains.add(base)
    return len(domains) >= 2
