"""Invented LinkedIn invitations in bulk, for tests that need many of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

FIRST = ("Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan",
         "Kendall", "Logan", "Morgan", "Parker", "Quinn", "Reese", "Rowan", "Sawyer")
LAST = ("Abbott", "Baxter", "Chandler", "Dalton", "Ellison", "Fletcher", "Garrison",
        "Holloway", "Irving", "Jennings", "Keller", "Lambert", "Mercer", "Norris")


def requester_name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}"


def linkedin_invitation(n: int, owner: str = "Alex Morgan <alex@morgan.example>",
                        email: str | None = None) -> bytes:
    """Invitation number `n`: its own person, invitation id and Message-ID; with
    `email`, the personal note gives that address and the message is verified."""
    name = requester_name(n)
    invitation_id = f"{7300000000000000000 + n * 7919}"
    vanity = name.lower().replace(" ", "-")
    message = EmailMessage()
    if email:  # an address in the note counts only on a verified message (issue 16)
        message["Authentication-Results"] = ("mx.morgan.example; dkim=pass "
                                             "header.d=linkedin.com")
    message["From"] = f"{name} via LinkedIn <invitations@linkedin.com>"
    message["To"] = owner
    message["Subject"] = f"{name} wants to connect"
    message["Message-ID"] = f"<gen.{n}.{invitation_id}@ltx1-app.prod.linkedin.com>"
    message["Date"] = format_datetime(datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=n))
    message.set_content(
        "Hi Alex,\n\n"
        + (f"Great meeting you at the conference. Reach me at {email} any time.\n\n"
           if email else "I'd like to join your LinkedIn network.\n\n")
        + f"{name}\n"
        f"Engineer at Example {n}\n\n"
        "Accept: https://www.linkedin.com/comm/mynetwork/invite-accept/invitationId/"
        f"{invitation_id}/sharedKey/kT3xQ9aB/?trk=eml-email_m2m_invite_single_01\n\n"
        f"View profile: https://www.linkedin.com/comm/in/{vanity}/"
        f"?trk=eml-email_m2m_invite_single_01-hero-2-prof\n\n"
        f"You are receiving Invitation emails.\n\n"
        f"This email was intended for Alex Morgan (Engineer).\n")
    return message.as_bytes()
