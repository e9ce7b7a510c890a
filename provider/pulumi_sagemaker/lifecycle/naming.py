"""Generated names: the resource name plus a short suffix that fits SageMaker's limits.

The suffix is a digest of the stack, the resource and the spec rather than random: a `pulumi up` that
died after SageMaker accepted the create finds the same name on the next run and adopts the job
instead of starting a second one. `attempt` moves past a name whose job ended Failed or Stopped
(SageMaker never reuses a name), so re-running `up` after a failure runs the job again.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

SUFFIX_LENGTH = 8


def auto_name(seed: str, spec: Mapping[str, Any], attempt: int, limit: int, fallback: str = "job") -> str:
    """`<resource name>-<digest>`; `fallback` (what the resource is: "endpoint", "training-job") stands
    in for a resource name with nothing SageMaker's names can hold."""
    base = readable(seed.rsplit("/", 1)[-1]) or readable(fallback) or "job"
    base = base[: limit - SUFFIX_LENGTH - 1].rstrip("-")
    payload = json.dumps([seed, spec, attempt], sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.sha256(payload.encode()).hexdigest()[:SUFFIX_LENGTH]
    return f"{base}-{digest}"


def readable(text: str) -> str:
    """What of `text` a SageMaker name can hold: letters and digits, accents dropped ('modèle' gives
    'modele'), every other run of characters one hyphen. Scripts without a Latin spelling (Chinese,
    Japanese, Cyrillic...) give nothing: a transliteration would need a per-language table, and a
    wrong one reads worse than the resource's kind."""
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-zA-Z0-9]+", "-", decomposed).strip("-")
