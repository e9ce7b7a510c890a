"""botocore's documentation (HTML) as the one line of text an IDE shows beside a parameter."""

from __future__ import annotations

import html
import re

# A doc line is what fits in a completion pop-up: the first sentence, cut at a word past this.
MAX_CHARS = 200

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# `<code>True</code>.` leaves a space before the stop once the tags are gone.
_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[.,;:)])")
# A sentence ends at ". " before a capital letter, a digit or a quote; abbreviations do not end one.
_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)\.\s+(?=[A-Z0-9\"'(])"
    # Paragraphs run together in the model's text: `endpoint.The name must...`.
    r"|(?<=[a-z])\.(?=[A-Z][a-z])"
)


def plain(doc: str | None) -> str:
    """HTML stripped, entities decoded, whitespace collapsed."""
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", doc or ""))).strip()
    return _BEFORE_PUNCTUATION.sub("", text)


def doc_line(doc: str | None) -> str:
    """The first sentence of `doc`, at most about MAX_CHARS characters (cut at a word, with "...")."""
    text = plain(doc)
    end = _END.search(text)
    if end is not None:
        text = text[: end.start() + 1]
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "..."
    # Backslashes and triple quotes would end or bend the docstrings the line is written into.
    return text.replace("\\", "/").replace('"""', "'''")
