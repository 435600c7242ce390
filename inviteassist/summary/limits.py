"""How many items each list of the summary shows: the builder's limit, also
named in `summary --help`, which should not have to load the builder."""

MAX_LISTED_ITEMS = 20  # per list; `summary --print --all` shows every one
