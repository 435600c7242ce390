"""`python -m inviteassist` runs the command line."""

from inviteassist.cli.main import main

raise SystemExit(main())
