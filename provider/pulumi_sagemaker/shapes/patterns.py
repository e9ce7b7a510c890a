"""botocore's patterns are Java regular expressions: translate the few constructs Python's `re` lacks.

Translations only ever widen what a pattern accepts (a check may let through what the API would refuse,
never the reverse); a pattern that still cannot be compiled is skipped, never fatal.
"""

from __future__ import annotations

import re
from functools import cache

# Java Unicode categories Python's `re` has no syntax for, as character-class content.
# \w is every letter and number plus "_": a superset of \p{L} and of \p{N}.
_CATEGORIES = {
    "L": r"\w",
    "N": r"\w",
    "Nd": r"\d",
    # Java's POSIX classes are ASCII unless UNICODE_CHARACTER_CLASS is set, which the model never uses.
    "Alnum": "a-zA-Z0-9",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Print": "\\x20-\\x7e",
    # Z = Zs + Zl + Zp, spelled out (a short, stable list).
    "Z": " \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000",
}
_PROPERTY = re.compile(r"\\p\{(\w+)\}")
# Java writes a supplementary character as its UTF-16 surrogate pair: \uD800\uDC00 is U+10000.
_SURROGATE_PAIR = re.compile(r"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", re.IGNORECASE)
# A quantified end anchor ("...)${1,128}", seen in tag patterns) is legal in Java and means "$".
_QUANTIFIED_END = re.compile(r"\$\{\d*,?\d*\}")


class _Untranslatable(Exception):
    pass


def _property(match: re.Match[str]) -> str:
    try:
        return _CATEGORIES[match.group(1)]
    except KeyError:
        raise _Untranslatable(match.group(0)) from None


def _pair(match: re.Match[str]) -> str:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"


def translate(pattern: str) -> str | None:
    """The Python spelling of a botocore (Java) pattern, or None if it cannot be expressed."""
    try:
        # Inside a character class \p{..}'s content is spliced in; outside one it becomes a class.
        def one(match: re.Match[str]) -> str:
            content = _property(match)
            return content if _inside_class(pattern, match.start()) else f"[{content}]"

        translated = _PROPERTY.sub(one, pattern)
    except _Untranslatable:
        return None
    translated = _SURROGATE_PAIR.sub(_pair, translated)
    return _QUANTIFIED_END.sub("$", translated)


def _inside_class(pattern: str, index: int) -> bool:
    depth, escaped = 0, False
    for char in pattern[:index]:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
    return depth > 0


@cache
def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """Compiled form of a botocore pattern (to be used with `fullmatch`: botocore's are unanchored)."""
    try:
        return re.compile(pattern)
    except re.error:
        pass
    translated = translate(pattern)
    if translated is None:
        return None
    try:
        return re.compile(translated)
    except re.error:
        return None
