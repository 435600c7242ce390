"""One module per network a notification can come from (LinkedIn, XING,
Facebook, the owner's custom networks) and the data-driven spec they share.

Pure, like the rest of `detect`.
"""
