"""The rep's sign-off block: what follows the last sentence of substance of their message.

Job titles there say who writes (a customer-facing role: external mail), and the
words there are the seller's own names (not the prospect's).
"""

from __future__ import annotations

from cxcoach.model import Document

SIGNATURE_CHARS = 600


def rep_signature(doc: Document) -> str:
    rep = [t for t in doc.turns if t.role == "rep"]
    if not rep:
        return ""
    last = rep[-1]
    start = last.sentences[-1].end if last.sentences else last.start
    stop = next((t.start for t in doc.turns if t.start > last.start), len(doc.text))
    return doc.text[start : min(stop, start + SIGNATURE_CHARS)]
