"""`python -m inviteassist` runs the command line."""

from inviteassist.cli import main

raise SystemExit(main())
