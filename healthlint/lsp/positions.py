"""Source offsets (code points) to LSP positions and back.

LSP lines are 0-based and split at ``\\r\\n``, ``\\r`` and ``\\n`` only (like
:class:`~healthlint.document.LineIndex`, unlike ``str.splitlines``); characters count code units
of the negotiated encoding, UTF-16 unless the client offered another. An emoji is two UTF-16
units but one code point, so columns must be converted, not copied.
"""

from __future__ import annotations

from healthlint.document import LineIndex


def code_units(text: str, encoding: str = "utf-16") -> int:
    """How many code units of ``encoding`` (``utf-8``, ``utf-16``, ``utf-32``) ``text`` takes."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class PositionMap:
    """Converts between offsets into one text and LSP ``(line, character)`` pairs."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.index = LineIndex(text)

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based line and character of a code-point offset."""
        line, column = self.index.position(offset)
        start = self.index.starts[line - 1]
        return line - 1, code_units(self.text[start : start + column - 1], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position (clamped to its line, as the spec says)."""
        starts = self.index.starts
        if line >= len(starts):
            return len(self.text)
        start = starts[max(line, 0)]
        end = starts[line + 1] if line + 1 < len(starts) else len(self.text)
        content = self.text[start:end].rstrip("\r\n")
        units = 0
        for i, ch in enumerate(content):
            if units >= character:
                return start + i
            units += code_units(ch, self.encoding)
        return start + len(content)
