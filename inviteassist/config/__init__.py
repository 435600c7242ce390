"""The configuration: TOML in, a frozen `Settings` out, driven by one schema.

Reads the config file and nothing else. May import `text` and the leaves.
"""
