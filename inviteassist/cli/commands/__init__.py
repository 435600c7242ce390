"""The command implementations, one module per group; `cli.main` imports the
one a command needs when it runs (COMMAND_MODULES there)."""
