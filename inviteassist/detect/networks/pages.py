"""How networks are named to people, and the page where the owner answers
their invitations (for drafts that must be pasted into the network's own
message box because no address of the requester is known). Pure data."""

from __future__ import annotations

NETWORK_NAMES = {"linkedin": "LinkedIn", "xing": "XING", "facebook": "Facebook"}
INVITATION_PAGES = {
    "linkedin": "https://www.linkedin.com/mynetwork/invitation-manager/",
    "xing": "https://www.xing.com/network/requests/incoming",
    "facebook": "https://www.facebook.com/friends/requests",
}


def network_name(network: str) -> str:
    """How a network is named to people; a custom network by its capitalised key."""
    return NETWORK_NAMES.get(network, network.capitalize())
