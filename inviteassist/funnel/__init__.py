"""The funnel: what to do with a classified message, the rules that move a
request from state to state, and matching a reply to the offered options.

Pure: (events, a message or the clock) -> decisions. May import `text`,
`schedule`, `detect`, `config`, the leaves.
"""
