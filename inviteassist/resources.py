"""Finds the files that ship beside the code: templates, configs, demo mailbox.

In a checkout (or an editable install) they sit next to the package; a
regular install puts copies under `<prefix>/share/inviteassist/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from inviteassist.errors import OperationalError

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent
_INSTALLED_ROOT = Path(sys.prefix) / "share" / "inviteassist"


def shipped_path(relative: str) -> Path:
    """Return the shipped file or folder `relative` (e.g. 'templates')."""
    for root in (_CHECKOUT_ROOT, _INSTALLED_ROOT):
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise OperationalError(
        f"cannot find the bundled '{relative}' beside {_CHECKOUT_ROOT} or under "
        f"{_INSTALLED_ROOT}; reinstall inviteassist"
    )
