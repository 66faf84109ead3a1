"""Email structure: greetings, sign-offs, signatures, disclaimers and quote headers.

Every case is also checked hard-wrapped at 72 and at 33 columns, the widths of
plain-text mail clients and of the narrowest phone-composed replies we have seen:
a wrapped line must never change what the rules read.
"""

from __future__ import annotations

import textwrap

import pytest

from cxcoach.model import Document
from cxcoach.parse import parse_document

WIDTHS = [None, 72, 33]


def wrap(text: str, width: int | None) -> str:
    """``text`` with each paragraph (a run of lines without blank lines) wrapped at
    ``width``; short lines such as a greeting, a sign-off or a signature stay as
    they are, as a mail client leaves them."""
    if width is None:
        return text
    out = []
    for line in text.split("\n"):
        out.append(textwrap.fill(line, width) if len(line) > width else line)
    return "\n".join(out)


def flat(text: str) -> str:
    return " ".join(text.split())


def sentences(doc: Document, turn: int = -1) -> list[str]:
    return [flat(s.text) for s in doc.turns[turn].sentences]


def parse(text: str) -> Document:
    doc = parse_document(text, input_format="email")
    assert len(doc.text) == len(doc.source)
    return doc


# ----------------------------------------------------------------------------- greetings

GREETING_WITH_CONTENT = (
    "Hi Dana, for 20 seats it's $2,400 a year and onboarding is included for every team.\n"
    "Can we start on Monday?\n\nBest,\nSam\n"
)


@pytest.mark.parametrize("width", WIDTHS)
def test_words_after_the_greeting_on_its_line_are_read(width: int | None) -> None:
    doc = parse(wrap(GREETING_WITH_CONTENT, width))
    assert sentences(doc) == [
        "for 20 seats it's $2,400 a year and onboarding is included for every team.",
        "Can we start on Monday?",
    ]


def test_greeting_wrapped_into_a_short_first_line_is_not_a_greeting() -> None:
    doc = parse("Hi Dana, for 20 seats\nit's $2,400 a year.\n\nCan we start Monday?\n")
    assert sentences(doc)[0] == "for 20 seats it's $2,400 a year."


@pytest.mark.parametrize(
    "greeting",
    [
        *("Hi Dana,", "Dear Ms. Lee,", "Good morning Dana and team,", "{{First_Name}},"),
        *("Jennifer,", "Hi Dana", "Hi Dana, great news!", "Hey there:", "To whom it may concern,"),
    ],
)
@pytest.mark.parametrize("blank", ["\n", ""])
def test_a_short_greeting_line_is_not_a_sentence(greeting: str, blank: str) -> None:
    doc = parse(f"{greeting}\n{blank}The pilot starts Monday. Does 10am work?\n")
    assert sentences(doc) == ["The pilot starts Monday.", "Does 10am work?"]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ("Hello, I'm Sam from Acme.", "I'm Sam from Acme."),
        ("Hi Dana, got a minute?", "got a minute?"),
        ("Hey I wanted to ask about the pilot, is it still on?", None),
    ],
)
def test_a_greeting_line_that_holds_a_sentence_keeps_it(first: str, expected: str | None) -> None:
    doc = parse(f"{first}\n\nThe pilot starts Monday.\n")
    assert sentences(doc)[0] == (expected or first)


def test_an_answer_word_on_the_first_line_is_not_a_greeting() -> None:
    doc = parse("Yes,\nwe can do Tuesday at 3pm.\n")
    assert sentences(doc) == ["Yes, we can do Tuesday at 3pm."]


# ----------------------------------------------------------------------------- the last line

WRAPPED_BODY = (
    "Hi Dana,\n\nThe pilot covers two teams and runs for six weeks. Next step is a kickoff "
    "with Mr. Kim and Ms. Brown.\n"
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("last", ["Ms. Brown.", "us on Friday."])
def test_a_wrapped_last_line_is_not_a_signature_name(width: int | None, last: str) -> None:
    doc = parse(wrap(WRAPPED_BODY.replace("Ms. Brown.", last), width))
    assert sentences(doc)[-1].endswith(last)


@pytest.mark.parametrize(("last", "line"), [("Ms. Brown.", "Brown."), ("us on Friday.", "Friday.")])
def test_the_33_column_wrap_really_ends_on_one_word(last: str, line: str) -> None:
    assert wrap(WRAPPED_BODY.replace("Ms. Brown.", last), 33).rstrip().endswith("\n" + line)


@pytest.mark.parametrize("before", ["See you Tuesday.\n\n", "See you Tuesday.\n"])
def test_a_name_after_a_blank_line_or_a_full_stop_signs_the_message(before: str) -> None:
    doc = parse(f"Hi Sam,\n\nThe pilot is booked. {before}Dana Lee\n")
    assert sentences(doc) == ["The pilot is booked.", "See you Tuesday."]


# ----------------------------------------------------------------------------- quote headers

DRAFT = "Hi Dana,\n\nThe SOW is attached and the pilot can start on Monday for both teams.\n"
ASKED = "Can you send the SOW? We need it before the board meets.\n"
HEADERS = {
    "lotus": (
        "John Smith/HOU/ECT on 12/04/2000 10:15 AM\n\n"
        "To: Jane Doe/HOU/ECT@ECT\ncc: Bob Lee/HOU/ECT@ECT\nSubject: Re: gas schedule\n",
        "John Smith",
    ),
    "lotus-address": (
        '"Dana Kim" <dana@x.com> on 12/04/2000 10:15:22 AM\n'
        "To: Sam Ortiz/HOU/ECT@ECT\ncc:\nSubject: Re: pilot\n",
        "Dana Kim",
    ),
    "lotus-two-lines": (
        "John Arnold@ECT\n12/04/2000 10:15 AM\nTo: Sally Beck/HOU/ECT@ECT\n"
        "cc: Vince Kaminski/HOU/ECT@ECT\nSubject: Re: storage report\n",
        "John Arnold",
    ),
    "lotus-plain-name": (
        "Sally Beck on 12/04/2000 10:15:21 AM\nTo: John Arnold/HOU/ECT@ECT\nSubject: Re: x\n",
        "Sally Beck",
    ),
    "outlook": (
        "From: Dana Kim <dana@x.com>\nSent: Tuesday, March 3, 2026 10:02 AM\n"
        "To: Sam Ortiz\nSubject: RE: pilot\n",
        "Dana Kim",
    ),
    "outlook-rule": (
        "________________________________\nFrom: Dana Kim <dana@x.com>\n"
        "Sent: Tuesday, March 3, 2026 10:02 AM\nTo: Sam Ortiz\nSubject: RE: pilot\n",
        "Dana Kim",
    ),
    "original-message": (
        "-----Original Message-----\nFrom: Dana Kim [mailto:dana@x.com]\n"
        "Sent: Tuesday, March 3, 2026 10:02 AM\nTo: Sam Ortiz\nSubject: RE: pilot\n",
        "Dana Kim",
    ),
    "on-wrote": ("On Tue, 3 Mar 2026 at 10:02, Dana Kim <dana@x.com> wrote:\n", "Dana Kim"),
    "on-wrote-two-lines": (
        "On Tue, 3 Mar 2026 at 10:02, Dana Kim <dana@x.com>\nwrote:\n",
        "Dana Kim",
    ),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("header", sorted(HEADERS))
def test_a_quote_header_starts_the_prospects_earlier_message(
    header: str, width: int | None
) -> None:
    block, author = HEADERS[header]
    text = wrap(DRAFT, width) + "\n" + block + "\n" + ASKED
    doc = parse(text)
    assert [(t.role, t.speaker) for t in doc.turns] == [("prospect", author), ("rep", None)]
    assert sentences(doc, 0) == ["Can you send the SOW?", "We need it before the board meets."]
    assert sentences(doc, 1) == [
        "The SOW is attached and the pilot can start on Monday for both teams."
    ]
    rep = doc.turns[1]
    assert flat(rep.text).endswith("both teams."), "the header is not the rep's"
    for word in ("From", "Subject", "wrote", "___", "---", "12/04/2000"):
        assert word not in rep.text


@pytest.mark.parametrize("header", sorted(HEADERS))
def test_quoted_history_under_a_header_is_not_coached(header: str) -> None:
    from cxcoach.engine import check_document, compile_rules
    from cxcoach.packs import load_packs

    rules = compile_rules([r for r in load_packs() if r.kind == "pattern"])
    text = "Great, the invite is out for Tuesday at 3pm.\n\n" + HEADERS[header][0]
    text += "\nAct now: this offer expires today, just checking in.\n"
    assert [f.rule for f in check_document(parse(text), rules)] == []


def test_lotus_forwarded_by_is_forwarded_history() -> None:
    text = (
        "Team, see the schedule question below; I will answer it today.\n\n"
        "---------------------- Forwarded by Vince J Kaminski/HOU/ECT on 12/04/2000 10:15 AM"
        " ---------------------------\n\n"
        "John Smith/HOU/ECT on 12/04/2000 09:02 AM\n\nTo: Vince J Kaminski/HOU/ECT@ECT\n"
        "Subject: gas schedule\n\nWhat is the schedule for December?\n"
    )
    doc = parse(text)
    assert [(t.role, t.speaker) for t in doc.turns] == [("unknown", "John Smith"), ("rep", None)]
    assert sentences(doc, 0) == ["What is the schedule for December?"]


def test_apple_mail_forward_header() -> None:
    text = (
        "Looping in our CFO.\n\nBegin forwarded message:\n\nFrom: Kim Park <k@x.com>\n"
        "Date: March 2, 2026\nTo: Dana Lee\nSubject: pricing\n\nWhat would 20 seats cost?\n"
    )
    doc = parse(text)
    assert [(t.role, t.speaker) for t in doc.turns] == [("unknown", "Kim Park"), ("rep", None)]


@pytest.mark.parametrize(
    "line",
    [
        "Kickoff on 12/04/2000 10:15 AM",  # a capitalised word, no To:/Subject: below
        "We met on 12/04/2000 10:15 AM to agree on the plan.",
        "See https://x.example/a/b on 12/04/2000 10:15 AM",
    ],
)
def test_a_dated_body_line_is_not_a_lotus_header(line: str) -> None:
    doc = parse(f"Hi Dana,\n\n{line}\n\nThe SOW follows on Monday.\n")
    assert [t.role for t in doc.turns] == ["rep"]
    assert sentences(doc)[-1] == "The SOW follows on Monday."


# ----------------------------------------------------------------------------- boilerplate

BODY = (
    "Hi Dana,\n\nYour plant in Osaka moved to shorter runs this year, and changeovers now eat "
    "into every shift. How many changeovers do your busiest lines do in a day?\n\n"
)
LAST = "How many changeovers do your busiest lines do in a day?"
SIGNATURE = (
    "Kenji Mori\nRegional Sales Manager, Japan\nSwiftChange Packaging Parts Co., Ltd.\n"
    "Tel: +81 6 5550 3312\nMobile: +81 90 5550 8876\nwww.swiftchange.example\n"
)
DISCLAIMER = (
    "This message and any attachments are confidential and intended only for the addressee. "
    "If you have received it in error, please notify the sender and delete it. SwiftChange "
    "accepts no liability for any damage caused by viruses transmitted by this email.\n"
)
NOTICE = (  # the cue words only on its second line once wrapped
    "IMPORTANT: The information contained in this electronic message, including any "
    "attachments, is confidential and may be legally privileged. It is intended solely for "
    "the use of the individual or entity to whom it is addressed.\n"
)
FOOTERS = {
    "signature": "Best regards,\n\n" + SIGNATURE,
    "signature+disclaimer": "Best regards,\n\n" + SIGNATURE + "\n" + DISCLAIMER,
    "signature+notice": "Thanks,\n" + SIGNATURE + "\n" + NOTICE,
    "disclaimer-after-body": DISCLAIMER,
    "notice-after-body": NOTICE,
    "signoff+disclaimer": "Regards,\n" + DISCLAIMER,
    "disclaimer-under-name": "Thanks again for your order,\nKenji Mori\n" + DISCLAIMER,
    "dash-dash": "Best,\nKenji\n-- \n" + SIGNATURE,
    "name-block": SIGNATURE,
    "device": "Kenji\nSent from my iPhone\n",
    "device-after-body": "Sent from my iPhone\n",
    "template": "Best,\n{{sender_name}}\n\nUnsubscribe | Manage preferences\n"
    "{{unsubscribe_link}}\n",
    "template-after-body": "You are receiving this email because you signed up at acme.example.\n"
    "Unsubscribe | Manage preferences\n",
    "environment": "Cheers,\nKenji\n\nPlease consider the environment before printing.\n",
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("footer", sorted(FOOTERS))
def test_boilerplate_is_not_the_end_of_the_message(footer: str, width: int | None) -> None:
    text = wrap(BODY + FOOTERS[footer], width)
    doc = parse(text)
    (turn,) = doc.turns
    assert sentences(doc)[-1] == LAST
    (span,) = doc.boilerplate
    assert turn.end <= span[0] and span[1] == len(text.rstrip())
    assert doc.text[span[0] : span[1]] == text[span[0] : span[1]], "boilerplate is not masked"
    assert "changeovers" not in text[span[0] : span[1]]
    assert not any(word in turn.text for word in ("Mori", "Tel", "confidential", "iPhone"))


def test_the_signoff_stays_in_the_turn_and_is_no_sentence() -> None:
    doc = parse(BODY + FOOTERS["signature+disclaimer"])
    assert doc.turns[0].text.endswith("Best regards,")
    assert "Best regards" not in " ".join(sentences(doc))


def test_a_body_paragraph_about_confidentiality_is_not_a_disclaimer() -> None:
    text = (
        "Hi Dana,\n\nThe pilot covers two teams.\n\n"
        "Everything you share with us stays confidential under the NDA we signed.\n"
    )
    doc = parse(text)
    assert sentences(doc)[-1].startswith("Everything you share")
    assert doc.boilerplate == ()


def test_a_question_after_the_signoff_is_not_a_signature() -> None:
    doc = parse("Thanks,\n\nI've attached the SOW. Can you sign it by Friday?\n\nBest,\nSam\n")
    assert sentences(doc)[-2:] == ["I've attached the SOW.", "Can you sign it by Friday?"]


def test_boilerplate_of_quoted_messages_is_listed_too() -> None:
    text = (
        "Sounds good, the SOW follows today.\n\nOn Tue, 3 Mar 2026 at 10:02, Dana Kim "
        "<dana@x.com> wrote:\n> Can you send the SOW?\n>\n> Thanks,\n> Dana Kim\n"
        "> VP Operations | Kestrel\n"
    )
    doc = parse(text)
    assert [t.role for t in doc.turns] == ["prospect", "rep"]
    assert sentences(doc, 0) == ["Can you send the SOW?"]
    assert [flat(doc.text[a:b]) for a, b in doc.boilerplate] == ["Dana Kim VP Operations | Kestrel"]


# ----------------------------------------------------------------------------- rules at the end


def findings(text: str) -> list[tuple[str, str]]:
    from cxcoach.engine import check_document, compile_rules
    from cxcoach.packs import load_packs

    rules = compile_rules(load_packs(), situation="outreach")
    doc = parse(text)
    return [(f.rule, doc.source[f.start : f.end]) for f in check_document(doc, rules)]


@pytest.mark.parametrize("footer", sorted(FOOTERS))
def test_rules_that_read_the_end_see_the_last_sentence(footer: str) -> None:
    fired = [rule for rule, _ in findings(BODY + FOOTERS[footer])]
    assert "no-next-step" not in fired
    closing = BODY.replace(
        LAST,
        "We cut changeover time in half at a plant near Kobe. Our kit fits most filling lines. "
        "Have a great weekend!",
    )
    assert "no-next-step" in [rule for rule, _ in findings(closing + FOOTERS[footer])]


def test_placeholders_are_still_searched_in_the_signature() -> None:
    fired = findings(BODY + "-- \n{{sender_name}}\nAct now: limited offer!\n")
    assert ("generic-outreach", "{{sender_name}}") in fired
    assert not [rule for rule, _ in fired if rule == "pushy-pressure"]


def test_a_quoted_prospects_signature_placeholder_is_not_the_reps() -> None:
    text = (
        "Thanks Dana, the SOW follows today.\n\nOn Tue, 3 Mar 2026 at 10:02, Dana Kim "
        "<dana@x.com> wrote:\n> Can you send the SOW?\n>\n> Best,\n> {{sender_name}}\n"
    )
    assert [f for f in findings(text) if f[1] == "{{sender_name}}"] == []
