"""Writing messages: the reply, nudge and confirmation drafts, their headers,
and the Jinja2 environment of owner-editable templates.

Pure given a Jinja environment (templates are read through it). May import
`schedule`, `detect`, `text`, `config`, the leaves.
"""
