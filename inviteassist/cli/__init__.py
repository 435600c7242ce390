"""The command line: argument parsing, one module per command group, and the
only place that maps errors to exit codes.

May import everything.
"""
