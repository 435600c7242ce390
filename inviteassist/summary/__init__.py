"""The follow-through summary: state -> a frozen model -> text and HTML, and
the owner's answers to it.

Pure. May import `funnel`, `compose`, `schedule`, `text`, `config`, the leaves.
"""
