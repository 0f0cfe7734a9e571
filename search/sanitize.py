"""Make text from articles safe to show: it is data, never terminal instructions.

Escape sequences are removed whole (not just their ESC byte) so that no
half-sequence such as ``[31m`` is left behind in the body the reader shows.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC strings,
# and two-byte escapes (ESC followed by one byte in @-_ range).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# C0 controls except tab and newline, DEL, C1 controls, and the Unicode
# bidirectional overrides that can make text display in a misleading order.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# Lone surrogates come from JSON escapes ("\ud800") and from file names that are
# not UTF-8 (Python keeps their bytes as surrogates); they cannot be encoded,
# stored or shown, so each becomes U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


# Any character that one of the three above would change: text with none (nearly all of
# it) is returned after one scan instead of three substitutions (a corpus of 19,000
# articles is cleaned on every start).
_ANY_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(raw: str) -> str:
    """Return ``raw`` with newlines normalised and control sequences removed."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not _ANY_SPECIAL.search(text):
        return text
    text = _SURROGATE.sub("\ufffd", text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_field(raw: object) -> str | None:
    """Clean a one-line metadata value (title, source, url); empty becomes None."""
    if raw is None:
        return None
    value = " ".join(clean_text(str(raw)).split())
    return value or None


def safe_line(value: object) -> str:
    """Anything from outside (a file name, a path, a warning, a note) made safe to
    print on one line: escape and control sequences removed, undecodable
    characters replaced, line breaks folded to spaces."""
    return " ".join(clean_text(str(value)).split("\n")).strip()
