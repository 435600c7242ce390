"""inviteassist: answer connection requests with 'let's speak first' drafts."""

__version__ = "0.1.0"
