"""Pseudonymous child_ids: a keyed hash of the partner's case code, made at intake.

A partner's own case code (``LADA-0042``) can identify a child to anyone holding the
partner's files, so it never leaves intake. The store keeps instead

    <partner>-<first 10 hex digits of HMAC-SHA256(key, "<partner>\\x1f<case code>")>

e.g. ``CCC-3f9a1c2b7d``. The same case code of the same partner always gives the same
pseudonym under the same key, so a child's services link to the child, and a later
submission replaces an earlier one; without the key nobody can go back to the case code.
Case codes are compared trimmed, upper case, with runs of spaces as one.

The key comes from, in this order:

1. the environment variable ``EXCEED_PSEUDONYM_KEY``;
2. the file ``.exceed-pseudonym.key`` at the project root (git-ignored), its text trimmed;
3. only when ``EXCEED_MODE`` is not ``production``: the fixed, public :data:`TEST_KEY`, with a
   warning. Pseudonyms made with it are not secret: use it for synthetic data and tests only.

With ``EXCEED_MODE=production`` and neither 1 nor 2, intake stops with
:class:`PseudonymKeyError`, which names both ways to set the key.

>>> key = Key(TEST_KEY, "test")
>>> pseudonymise("CCC", "CCC-0001", key) == pseudonymise("CCC", " ccc-0001 ", key)
True
>>> pseudonymise("CCC", "CCC-0001", key)[:4]
'CCC-'
>>> len(pseudonymise("CCC", "CCC-0001", key))
14
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from pathlib import Path

from exceed_analysis.errors import ExceedError

__all__ = [
    "KEY_ENV",
    "KEY_FILE",
    "MODE_ENV",
    "TEST_KEY",
    "Key",
    "PseudonymKeyError",
    "load_key",
    "fallback_warning",
    "pseudonymise",
    "normalise_case_code",
    "DIGITS",
]

KEY_ENV = "EXCEED_PSEUDONYM_KEY"
KEY_FILE = ".exceed-pseudonym.key"
MODE_ENV = "EXCEED_MODE"
TEST_KEY = b"exceed-analysis TEST pseudonym key - public, not secret"
"""The fixed key used outside production when no key is set. It is published here, so its
pseudonyms protect nothing: synthetic data and tests only."""
DIGITS = 10
"""Hex digits kept from the HMAC (40 bits: a clash inside one partner is checked for)."""


class PseudonymKeyError(ExceedError):
    """Production intake without a pseudonymisation key."""

    def __init__(self) -> None:
        super().__init__(
            f"{MODE_ENV}=production but no pseudonymisation key is set / kunci pseudonim belum "
            f"diatur: set the environment variable {KEY_ENV}, or write the key to the file "
            f"{KEY_FILE} at the project root (git-ignored)"
        )


@dataclass(frozen=True)
class Key:
    """A pseudonymisation key and where it came from (``env``, ``file`` or ``test``)."""

    secret: bytes
    source: str

    def __repr__(self) -> str:  # never print the secret
        return f"Key(source={self.source!r})"

    @property
    def is_test(self) -> bool:
        return self.source == "test"


def load_key(root: Path) -> Key:
    """The key for a project rooted at ``root`` (see the module docstring for the order)."""
    env = os.environ.get(KEY_ENV, "").strip()
    if env:
        return Key(env.encode("utf-8"), "env")
    file = root / KEY_FILE
    if file.is_file():
        text = file.read_text(encoding="utf-8").strip()
        if text:
            return Key(text.encode("utf-8"), "file")
    if os.environ.get(MODE_ENV, "").strip().lower() == "production":
        raise PseudonymKeyError()
    return Key(TEST_KEY, "test")


def fallback_warning() -> str:
    """The warning intake prints when it falls back to :data:`TEST_KEY`."""
    return (
        f"WARNING / PERINGATAN: no pseudonymisation key ({KEY_ENV} or {KEY_FILE}): child_ids "
        f"are pseudonymised with the fixed public TEST key, because {MODE_ENV} is not "
        f"'production'. Use it for synthetic data only; set a key for real registers."
    )


_SPACES = re.compile(r"\s+")


def normalise_case_code(code: str) -> str:
    """A case code as compared: trimmed, upper case, runs of spaces as one.

    >>> normalise_case_code("  lada - 0042 ")
    'LADA - 0042'
    """
    return _SPACES.sub(" ", str(code).strip()).upper()


def pseudonymise(partner: str, case_code: str, key: Key) -> str:
    """The stored child_id of ``case_code`` at ``partner``."""
    msg = f"{partner}\x1f{normalise_case_code(case_code)}".encode()
    return f"{partner}-{hmac.new(key.secret, msg, hashlib.sha256).hexdigest()[:DIGITS]}"
