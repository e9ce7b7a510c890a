"""Key matching: one member name, many spellings (snake_case, lowerCamelCase, PascalCase, ACK's ARN/URI)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from botocore import xform_name

SNAKE, CAMEL, PASCAL = "snake", "camel", "pascal"

# Operator spellings that do not normalise to the API member they stand for, per structure shape.
# Keep this table tiny: an entry needs a source.
ALIASES: dict[str, dict[str, str]] = {
    # The original operator's Go type declares `HookParameters []*KeyValuePair json:"ruleParameters"`
    # (aws/amazon-sagemaker-operator-for-k8s, api/v1/common/sagemaker_api.go), so its manifests spell
    # DebugHookConfig.HookParameters as `ruleParameters`.
    "DebugHookConfig": {"ruleparameters": "HookParameters"},
}


@lru_cache(maxsize=8192)  # bounded: user-written keys pass through here too
def normalise(key: str) -> str:
    """The form both sides are compared in: lower case, without `_` and `-`."""
    return key.lower().replace("_", "").replace("-", "")


def key_style(key: str) -> str | None:
    """The casing style a key is written in, or None when one lower-case word cannot tell."""
    # An underscore at an end is no word break: ACK spells the member `Type` as `type_`.
    if "_" in key.strip("_"):
        return SNAKE
    if key[:1].isupper():
        return PASCAL
    if any(c.isupper() for c in key):
        return CAMEL
    return None


def detect_style(keys: Iterable[object], default: str) -> str:
    """The style most of `keys` are written in (used to spell member names back to the user)."""
    votes = Counter(s for k in keys if isinstance(k, str) and (s := key_style(k)))
    return votes.most_common(1)[0][0] if votes else default


_LEADING_CAPS = re.compile(r"^[A-Z0-9]+?(?=[A-Z][a-z]|$)|^[A-Z]")


@cache
def render(member: str, style: str) -> str:
    """An API member name spelled in `style`: `VolumeSizeInGB` -> `volume_size_in_gb` / `volumeSizeInGB`."""
    if style == SNAKE:
        return xform_name(member)
    if style == CAMEL:
        # Lower the leading run of capitals but keep the one that starts the next word:
        # VPCConfig -> vpcConfig, S3Uri -> s3Uri, KmsKeyId -> kmsKeyId.
        return _LEADING_CAPS.sub(lambda m: m.group(0).lower(), member, count=1)
    return member


def close_matches(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Candidates that look like `word`, compared in normalised form (so casing never hides a match).

    Only the best few: those within a hair of the closest one, so that `instance_cont` suggests
    `instance_count` and not also `instance_type`.
    """
    target = normalise(word)
    scored: dict[str, float] = {}
    matcher = difflib.SequenceMatcher(b=target)
    for c in candidates:
        norm = normalise(c)
        if len(target) >= _PREFIX_MIN and (norm.startswith(target) or target.startswith(norm)):
            # A truncated word ('Multi' for 'MultiModel') is a strong hint even when the ratio is low.
            scored[c] = max(_PREFIX_SCORE, _ratio(matcher, norm))
            continue
        matcher.set_seq1(norm)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            scored.setdefault(c, matcher.ratio())
    ranked = sorted((s, c) for c, s in scored.items() if s >= _CUTOFF)
    ranked.sort(key=lambda sc: -sc[0])
    if not ranked:
        return []
    best = ranked[0][0]
    return [c for s, c in ranked[:n] if s >= best - _BAND]


def _ratio(matcher: difflib.SequenceMatcher[str], norm: str) -> float:
    matcher.set_seq1(norm)
    return matcher.ratio()


_CUTOFF = 0.7  # below this a suggestion is more noise than help
_BAND = 0.02
_PREFIX_MIN = 4
_PREFIX_SCORE = 0.85
