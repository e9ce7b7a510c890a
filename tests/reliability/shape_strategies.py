"""Hypothesis strategies generated from botocore's service models: inputs of every kind as users write
them, valid, and broken once at a known property path (the fuzz suite, test_fuzz.py).

Valid inputs follow the create call's input shape: every required member, optional members now and
then (less often deeper down, none below a depth), enums, numeric bounds, list and string lengths, and
patterns (hypothesis' `from_regex`, on the shapes layer's translation of botocore's Java patterns). What
the model cannot say and a kind's rules or SageMaker refuse (a training instance count of at least 1,
an S3 URI naming a real bucket, no spot training without a wait time...) is said in a `Profile`, by
member, with the reason; nothing else is typed by hand. Inputs are rendered in the spellings users
write: snake_case mostly, the operators' lowerCamelCase sometimes (or ACK's), maps as dicts or as
`{name, value}` lists, tags as dicts or `{key, value}` lists.

Each rendered input records its `Site`s: every place a value sits, with the property path the
provider must name when that value is wrong. A broken input is a valid one with a single mutation at
one site (a value of the wrong type, a number out of range, an enum value that is not one, a string
too long or too short or off its pattern, a required member left out, a non-JSON value, an unknown
field...), and carries that site's path.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botocore import xform_name
from hypothesis import strategies as st
from pulumi_sagemaker.kinds import (
    ENDPOINT,
    ENDPOINT_CONFIG,
    MODEL,
    PROCESSING_JOB,
    TRAINING_JOB,
    TRANSFORM_JOB,
    TUNING_JOB,
    Kind,
)
from pulumi_sagemaker.manifests.ack_schema import ack_name
from pulumi_sagemaker.shapes.keys import CAMEL, render
from pulumi_sagemaker.shapes.model import service_model
from pulumi_sagemaker.shapes.patterns import compile_pattern
from pulumi_sagemaker.shapes.rules import S3_PATTERN_PREFIXES

SNAKE, OPERATOR, ACK = "snake", "operator", "ack"
# The type ranges of the API's wire types (the model gives no max for most integers); a long only as far
# as the engine carries integers exactly (it sends every number as a 64-bit float).
TYPE_MAX = {"integer": 2**31 - 1, "long": 2**53}
SAFE = string.ascii_letters + string.digits + "-_."
# Characters a pattern's `.` or negated class may produce: any but surrogates and unassigned ones (the
# engine's wire is UTF-8 JSON) and the C0 controls YAML would not carry as they are.
TEXT = st.characters(exclude_categories=("Cs", "Cn", "Co", "Cc"))
LONGEST = 12  # characters beyond a string's minimum: sizes stay small

Owner = tuple[str, str]  # (structure shape name, member name)


# -- values the model cannot say ---------------------------------------------------------------------

ACCOUNT = st.from_regex(r"[0-9]{12}", fullmatch=True)
ROLE_ARNS = st.builds(
    lambda account, name: f"arn:aws:iam::{account}:role/{name}",
    ACCOUNT,
    st.from_regex(r"[A-Za-z0-9+=,.@_-]{1,20}(/[A-Za-z0-9+=,.@_-]{1,10})?", fullmatch=True),
)
BUCKETS = st.from_regex(r"[a-z0-9][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True)
S3_URIS = st.builds(
    lambda bucket, key: f"s3://{bucket}/{key}",
    BUCKETS,
    st.from_regex(r"([A-Za-z0-9_-]{1,8}/){0,2}[A-Za-z0-9_.-]{0,8}", fullmatch=True),
)
IMAGES = st.builds(
    lambda account, repo, tag: f"{account}.dkr.ecr.us-east-1.amazonaws.com/{repo}:{tag}",
    ACCOUNT,
    st.sampled_from(["xgboost", "sagemaker-xgboost", "pytorch-training", "prep"]),
    st.from_regex(r"[a-z0-9.]{1,6}", fullmatch=True),
)
# A tag key no one may set (AWS's prefix, or the provider's owner tag) is a rule, not a pattern.
TAG_KEYS = st.from_regex(r"[A-Za-z0-9_.:/=+@-]{1,16}", fullmatch=True).filter(
    lambda k: not k.lower().startswith("aws:") and not k.startswith("pulumi-sagemaker:")
)


@dataclass(frozen=True)
class Profile:
    """How a kind's valid inputs are drawn where the model alone would draw what SageMaker refuses.

    `values`: API values by (structure shape, member) or by shape name; `always`: optional members
    given every time (what a real spec has); `never`: members left out (each with its reason where
    the profile is written); `chance`: percent of optional members given at the top, halved at each
    level below; `depth`: no optional member below it.
    """

    operation: str
    service: str = "sagemaker"
    values: Mapping[Owner | str, st.SearchStrategy[Any]] = field(default_factory=dict)
    always: frozenset[Owner] = frozenset()
    never: frozenset[Owner] = frozenset()
    chance: int = 25
    depth: int = 4
    # List sizes (least, most) where the model's allow what the kind refuses (a model with no container).
    sizes: Mapping[Owner, tuple[int, int]] = field(default_factory=dict)
    # What the model cannot draw at one place: the whole value made coherent (unique names across lists).
    finish: Callable[[dict[str, Any]], dict[str, Any]] = lambda value: value

    def value_for(self, shape: Any, owner: Owner | None) -> st.SearchStrategy[Any] | None:
        if owner is not None and owner in self.values:
            return self.values[owner]
        return self.values.get(shape.name)


# -- API values from the model ------------------------------------------------------------------------


_STRATEGIES: dict[tuple[int, str, Owner | None, int], st.SearchStrategy[Any]] = {}


def api_value(shape: Any, profile: Profile, depth: int = 0, owner: Owner | None = None) -> st.SearchStrategy:
    """A value of `shape` as botocore takes it (PascalCase members, tag lists as [{Key, Value}]).
    Built once per place (hypothesis strategies are costly to build, cheap to draw from)."""
    key = (id(profile), shape.name, owner, min(depth, profile.depth + 1))
    found = _STRATEGIES.get(key)
    if found is None:
        found = _STRATEGIES[key] = _api_value(shape, profile, depth, owner)
    return found


def _api_value(shape: Any, profile: Profile, depth: int, owner: Owner | None) -> st.SearchStrategy:
    chosen = profile.value_for(shape, owner)
    if chosen is not None:
        return chosen
    kind = shape.type_name
    if kind == "structure":
        return _structure(shape, profile, depth)
    if kind == "list":
        return _list(shape, profile, depth, owner)
    if kind == "map":
        return _map(shape, profile, depth)
    if kind == "string":
        return string_value(shape, owner)
    if kind in TYPE_MAX:
        return integer_value(shape)
    if kind in ("float", "double"):
        return float_value(shape)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.just("2030-01-01T00:00:00Z")
    if kind == "blob":
        return st.binary(min_size=1, max_size=8)
    raise AssertionError(f"no strategy for {shape.name} ({kind})")


@st.composite
def _structure(draw: Any, shape: Any, profile: Profile, depth: int) -> dict[str, Any]:
    members = shape.members
    allowed = [m for m in members if (shape.name, m) not in profile.never]
    if shape.metadata.get("union"):
        chosen = {draw(st.sampled_from(allowed))}
    else:
        required = set(shape.required_members)
        chosen = {m for m in allowed if m in required or (shape.name, m) in profile.always}
        optional = [m for m in allowed if m not in chosen]
        chance = profile.chance >> depth if depth < profile.depth else 0
        # At most twice the expected number of optional members (one draw each, not one per member), and
        # one at least where any may be given: a small structure deep down still gets its optional ones.
        most = min(len(optional), max(1, round(len(optional) * chance / 50))) if chance else 0
        if most:
            chosen |= set(draw(st.lists(st.sampled_from(optional), unique=True, max_size=most)))
    return {
        m: draw(api_value(members[m], profile, depth + 1, (shape.name, m))) for m in members if m in chosen
    }


def _sizes(shape: Any, item_is_structure: bool) -> tuple[int, int]:
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", 100))
    return low, min(high, low + (1 if item_is_structure else 2))


def _list(shape: Any, profile: Profile, depth: int, owner: Owner | None) -> st.SearchStrategy:
    item = shape.member
    low, high = _sizes(shape, item.type_name == "structure")
    if owner in profile.sizes:
        low, high = profile.sizes[owner]
    if is_tag_list(shape):
        return st.dictionaries(
            TAG_KEYS, string_value(item.members["Value"], None), min_size=low, max_size=high
        ).map(lambda tags: [{"Key": k, "Value": v} for k, v in tags.items()])
    return st.lists(
        api_value(item, profile, depth), min_size=low, max_size=max(high, low), unique_by=_identity
    )


def _identity(value: Any) -> str:
    return repr(value)


def _map(shape: Any, profile: Profile, depth: int) -> st.SearchStrategy:
    low, high = _sizes(shape, False)
    return st.dictionaries(
        string_value(shape.key, None), api_value(shape.value, profile, depth), min_size=low, max_size=high
    )


_STRINGS: dict[tuple[str, Owner | None], st.SearchStrategy[str]] = {}


def string_value(shape: Any, owner: Owner | None) -> st.SearchStrategy[str]:
    key = (shape.name, owner)
    found = _STRINGS.get(key)
    if found is None:
        found = _STRINGS[key] = _string(shape, owner)
    return found


def _string(shape: Any, owner: Owner | None) -> st.SearchStrategy[str]:
    if shape.enum:
        return st.sampled_from(shape.enum)
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", 1024))
    member = owner[1] if owner else ""
    pattern = shape.metadata.get("pattern")
    if member.endswith("RoleArn"):
        chosen: st.SearchStrategy[str] = ROLE_ARNS
    elif pattern and pattern.startswith(S3_PATTERN_PREFIXES):
        chosen = S3_URIS
    elif shape.name == "TagKey":
        chosen = TAG_KEYS
    elif pattern and (regex := compile_pattern(pattern)) is not None:
        if regex.fullmatch("aZ09-_.") and regex.fullmatch("a"):
            # Letters and digits will do: keep them readable (and YAML-plain).
            chosen = st.text(SAFE, min_size=max(low, 1), max_size=min(high, low + LONGEST)).filter(
                regex.fullmatch
            )
        else:
            chosen = st.from_regex(regex, fullmatch=True, alphabet=TEXT)
    else:
        chosen = st.text(SAFE, min_size=low, max_size=min(high, low + LONGEST))
    return chosen.filter(lambda s: low <= len(s) <= high)


def integer_value(shape: Any) -> st.SearchStrategy[int]:
    low = int(shape.metadata.get("min", 0))
    high = int(shape.metadata.get("max", TYPE_MAX[shape.type_name]))
    return st.one_of(st.integers(low, min(high, low + 64)), st.sampled_from(sorted({low, high})))


def float_value(shape: Any) -> st.SearchStrategy[float]:
    low = float(shape.metadata.get("min", 0.0))
    high = float(shape.metadata.get("max", 1e6))
    return st.one_of(
        st.floats(low, high, allow_nan=False, allow_infinity=False), st.sampled_from(sorted({low, high}))
    )


# -- rendering as users write it ----------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A place in a rendered input: `where` (keys and indices from the top), the property path the
    provider names it by, and what the model says of the value there (`shape`, a botocore Shape)."""

    where: tuple[Any, ...]
    path: str
    shape: Any
    required: bool = False  # a member its structure cannot do without: leaving it out is an error


@dataclass
class Rendered:
    value: Any
    sites: list[Site] = field(default_factory=list)


def join(path: str, key: Any) -> str:
    return f"{path}.{key}" if path else str(key)


def entry_path(path: str, key: Any) -> str:
    """A map entry given as a dict, named as the shapes layer names it (`environment.A`, `env['a.b']`)."""
    plain = (
        isinstance(key, str) and key and all(c in string.ascii_letters + string.digits + "_-" for c in key)
    )
    return join(path, key) if plain else f"{path}[{key!r}]"


def spell(member: str, style: str) -> str:
    if style == SNAKE:
        return xform_name(member)
    if style == ACK:
        return ack_name(member)
    return render(member, CAMEL)


@st.composite
def rendered(
    draw: Any, shape: Any, value: Any, style: str, supplied: frozenset[str] = frozenset()
) -> Rendered:
    """`value` (an API value of the input shape `shape`) spelled in `style`, with its sites; the members
    in `supplied` (a generated name) the provider does without."""
    sites: list[Site] = []
    out = _render(draw, shape, value, style, (), "", sites)
    names = {spell(m, style) for m in supplied}
    sites = [
        Site(s.where, s.path, s.shape) if s.where[0] in names and len(s.where) == 1 else s for s in sites
    ]
    return Rendered(out, sites)


def _render(
    draw: Any, shape: Any, value: Any, style: str, where: tuple[Any, ...], path: str, sites: list[Site]
) -> Any:
    kind = shape.type_name
    if kind == "structure":
        out: dict[str, Any] = {}
        union = bool(shape.metadata.get("union"))
        for name, item in value.items():
            key = spell(name, style)
            here, at = join(path, key), (*where, key)
            member = shape.members[name]
            required = name in shape.required_members and not union
            sites.append(Site(at, here, member, required))
            out[key] = _render(draw, member, item, style, at, here, sites)
        return out
    if kind == "list" and is_tag_list(shape):
        pairs = [(t["Key"], t["Value"]) for t in value]
        value_shape = shape.member.members["Value"]
        return _entries(draw, pairs, value_shape, style, where, path, sites, ("key", "value"))
    if kind == "list":
        out_list = []
        for i, item in enumerate(value):
            here, at = f"{path}[{i}]", (*where, i)
            sites.append(Site(at, here, shape.member))
            out_list.append(_render(draw, shape.member, item, style, at, here, sites))
        return out_list
    if kind == "map":
        return _entries(draw, list(value.items()), shape.value, style, where, path, sites, ("name", "value"))
    return value


def _entries(
    draw: Any,
    pairs: list[tuple[Any, Any]],
    value_shape: Any,
    style: str,
    where: tuple[Any, ...],
    path: str,
    sites: list[Site],
    fields: tuple[str, str],
) -> Any:
    """A map (or tag list) as a dict, or as the operators' list of {name, value} ({key, value} for tags):
    ACK writes maps as dicts and tags as lists; a Python program either."""
    tag_list = fields[0] == "key"
    if style == ACK:
        as_list = tag_list
    elif style == OPERATOR:
        as_list = True
    else:
        as_list = draw(st.booleans())
    if not as_list:
        out: dict[Any, Any] = {}
        for key, item in pairs:
            here, at = entry_path(path, key), (*where, key)
            sites.append(Site(at, here, value_shape))
            out[key] = _render(draw, value_shape, item, style, at, here, sites)
        return out
    entries = []
    for i, (key, item) in enumerate(pairs):
        here, at = f"{path}[{i}].{fields[1]}", (*where, i, fields[1])
        sites.append(Site(at, here, value_shape))
        entries.append({fields[0]: key, fields[1]: _render(draw, value_shape, item, style, at, here, sites)})
    return entries


# -- mutations -------------------------------------------------------------------------------------------

DELETE = object()  # a mutation that leaves the member out


class Opaque:
    """An object of no JSON type at all (what a program might pass by mistake)."""

    def __repr__(self) -> str:
        return "Opaque()"


# Values JSON (the engine's wire, and the API's) cannot carry. YAML can write all but the last.
NON_JSON: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("a set", lambda: {"x"}),
    ("bytes", lambda: b"x"),
    ("NaN", lambda: math.nan),
    ("infinity", lambda: math.inf),
    ("an opaque object", Opaque),
)
_OFF_PATTERN = ("", " ", "a b", "!", "\t", "-", "é", "a" * 3000)


@dataclass(frozen=True)
class Mutation:
    what: str
    make: Callable[[Any], Any]  # the value there now -> the broken value (or DELETE)
    yaml: bool = True  # can a manifest write it


def mutations(site: Site) -> list[Mutation]:
    """Every mutation that makes the value at `site` wrong, whatever else the input holds."""
    found = [
        Mutation(what, lambda _v, make=make: make(), what != "an opaque object") for what, make in NON_JSON
    ]
    if site.required:
        found.append(Mutation("left out (required)", lambda _v: DELETE))
    shape = site.shape
    kind = shape.type_name
    meta = shape.metadata
    if kind == "string":
        found += _const("an object where a string is expected", {"a": "b"})
        found += _const("a list where a string is expected", ["x"])
        if shape.enum:
            found += _const("a value not in the enum", "NotAnAllowedValue")
        else:
            if "max" in meta and meta["max"] < 5000:
                found += _const("too long", "a" * (int(meta["max"]) + 1))
            if meta.get("min", 0) >= 1:
                found += _const("empty", "")
            regex = compile_pattern(meta["pattern"]) if meta.get("pattern") else None
            if regex is not None:
                off = next((s for s in _OFF_PATTERN if not regex.fullmatch(s)), None)
                if off is not None:
                    found += _const("off the pattern", off)
    elif kind in TYPE_MAX:
        found += _const("text where an integer is expected", "many")
        found += _const("a fraction where an integer is expected", 1.5)
        found += _const("a boolean where an integer is expected", True)
        found += _const("an object where an integer is expected", {"a": 1})
        found += _const("a list where an integer is expected", [1])
        high = int(meta.get("max", TYPE_MAX[kind]))
        # Past 2**53 the next integer is one the engine's floats cannot tell from the maximum.
        found += _const("above the maximum", high + 1 if high < 2**53 else 2 * high)
        if "min" in meta:
            found += _const("below the minimum", int(meta["min"]) - 1)
    elif kind in ("float", "double"):
        found += _const("text where a number is expected", "many")
        found += _const("a boolean where a number is expected", True)
        found += _const("an object where a number is expected", {"a": 1.0})
        found += _const("a list where a number is expected", [1.0])
        if "max" in meta:
            found += _const("above the maximum", float(meta["max"]) * 2 + 1)
        if "min" in meta:
            found += _const("below the minimum", float(meta["min"]) - 1)
    elif kind == "boolean":
        found += _const("text where a boolean is expected", "maybe")
        found += _const("a number where a boolean is expected", 2)
        found += _const("an object where a boolean is expected", {"a": True})
    elif kind == "structure":
        found += _const("text where an object is expected", "text")
        found += _const("a list where an object is expected", [{"a": 1}])
        found += _const("a number where an object is expected", 5)
        found.append(Mutation("an unknown field", lambda v: _with(v, "zzNotAField", 1)))
        found.append(Mutation("a field name that is no string", lambda v: _with(v, 7, "x")))
    elif kind == "list" and not is_tag_list(shape):
        found += _const("text where a list is expected", "text")
        found += _const("an object where a list is expected", {"a": 1})
        found += _const("a number where a list is expected", 5)
        if meta.get("min", 0) >= 1:
            found += _const("an empty list", [])
        if "max" in meta and meta["max"] <= 50:
            found.append(Mutation("too many items", lambda v, n=int(meta["max"]) + 1: _more(v, n)))
    elif kind in ("map", "list"):  # a map, or tags
        found += _const("text where a map is expected", "text")
        found += _const("a number where a map is expected", 5)
        found += _const("a list of text where a map is expected", ["a", "b"])
    return found


def is_tag_list(shape: Any) -> bool:
    """A list of {Key, Value} (Tags), which users write as a dict (as the shapes layer reads it)."""
    if isinstance(shape, Pseudo) or shape.type_name != "list":
        return False
    item = shape.member
    return item.type_name == "structure" and set(item.members) == {"Key", "Value"}


def _const(what: str, value: Any) -> list[Mutation]:
    return [Mutation(what, lambda _v, value=value: value)]


def _with(value: Any, key: Any, item: Any) -> Any:
    return {**value, key: item} if isinstance(value, dict) else {key: item}


def _more(value: Any, count: int) -> Any:
    items = value if isinstance(value, list) and value else [value]
    return [items[i % len(items)] for i in range(count)]


def set_at(value: Any, where: tuple[Any, ...], new: Any) -> Any:
    """A copy of `value` with what is at `where` replaced by `new` (or removed, for DELETE)."""
    if not where:
        return new
    head, rest = where[0], where[1:]
    if isinstance(value, dict):
        out = dict(value)
        if not rest and new is DELETE:
            del out[head]
        else:
            out[head] = set_at(value[head], rest, new)
        return out
    out_list = list(value)
    out_list[head] = set_at(value[head], rest, new)
    return out_list


def get_at(value: Any, where: tuple[Any, ...]) -> Any:
    for step in where:
        value = value[step]
    return value


@dataclass(frozen=True)
class Broken:
    raw: Any
    path: str  # the property path the provider must name
    what: str  # the mutation, for a failing example's report
    valid: Any = None  # the input it was before (an update from it to `raw` is broken too)


@st.composite
def broken(draw: Any, valid: st.SearchStrategy[Rendered], yaml: bool = False) -> Broken:
    """`valid`'s input with one mutation at one of its sites (only what YAML can write, for `yaml`)."""
    return break_one(draw, draw(valid), yaml)


def break_one(draw: Any, sample: Rendered, yaml: bool = False) -> Broken:
    site = draw(st.sampled_from(sample.sites))
    choices = [m for m in mutations(site) if m.yaml or not yaml]
    mutation = draw(st.sampled_from(choices))
    new = mutation.make(get_at(sample.value, site.where))
    return Broken(
        set_at(sample.value, site.where, new), site.path, f"{site.path}: {mutation.what}", sample.value
    )


def names(path: str, broken_at: str) -> bool:
    """Does a failure at `path` name the broken place (it, or a place inside it)?"""
    return path == broken_at or path.startswith((f"{broken_at}.", f"{broken_at}["))


def operation_input(operation: str, service: str = "sagemaker") -> Any:
    return service_model(service).operation_model(operation).input_shape


# -- the kinds ------------------------------------------------------------------------------------------

# What a training job needs beyond the model's required members, as the kinds' rules and SageMaker say
# (kinds/training_rules.py; aws-behaviour.md): exactly one of an image or an algorithm (the image here),
# an instance count of at least 1 and a volume size with it (most instance types have no instance
# storage), a runtime within 28 days, no spot training (it needs a wait time >= the runtime: the rules'
# own tests cover it) and no heterogeneous instance groups (they exclude instance_type and count).
_DAY = 24 * 3600
TRAINING_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {
    ("AlgorithmSpecification", "TrainingImage"): IMAGES,
    ("HyperParameterAlgorithmSpecification", "TrainingImage"): IMAGES,
    ("ResourceConfig", "InstanceCount"): st.integers(1, 4),
    ("ResourceConfig", "VolumeSizeInGB"): st.integers(1, 100),
    ("StoppingCondition", "MaxRuntimeInSeconds"): st.integers(1, 28 * _DAY),
}
TRAINING_ALWAYS = frozenset(
    {
        ("AlgorithmSpecification", "TrainingImage"),
        ("HyperParameterAlgorithmSpecification", "TrainingImage"),
        ("ResourceConfig", "InstanceType"),
        ("ResourceConfig", "InstanceCount"),
        ("ResourceConfig", "VolumeSizeInGB"),
    }
)
TRAINING_NEVER = frozenset(
    {
        ("AlgorithmSpecification", "AlgorithmName"),
        ("HyperParameterAlgorithmSpecification", "AlgorithmName"),
        ("ResourceConfig", "InstanceGroups"),
        ("StoppingCondition", "MaxWaitTimeInSeconds"),
        ("CreateTrainingJobRequest", "EnableManagedSpotTraining"),
        ("HyperParameterTrainingJobDefinition", "EnableManagedSpotTraining"),
    }
)

# A tuning job's ranges: bounds are numbers written as strings, the minimum below the maximum, scaled
# linearly (Logarithmic needs a positive minimum, ReverseLogarithmic a range within [0, 1)); names differ
# across the range kinds (a hyperparameter is tuned once). Random search here: Hyperband takes its own
# strategy config, Grid no continuous ranges. The images are built-in algorithms (a custom image must
# define the objective's metric, kinds/tuning_rules.py: see `objective_defined`); the parallel jobs are at
# most the total.
_PARAMETER = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


def _numeric_range(prefix: str, integer: bool) -> st.SearchStrategy[dict[str, Any]]:
    bound = st.integers(0, 100) if integer else st.floats(0, 1, allow_nan=False).map(lambda f: round(f, 3))
    return st.builds(
        lambda name, a, b, scaling: {
            "Name": prefix + name,
            "MinValue": str(min(a, b)),
            "MaxValue": str(max(a, b)),
            **({"ScalingType": scaling} if scaling else {}),
        },
        _PARAMETER,
        bound,
        bound,
        st.sampled_from([None, "Auto", "Linear"]),
    )


TUNING_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {
    **TRAINING_VALUES,
    ("HyperParameterAlgorithmSpecification", "TrainingImage"): st.builds(
        lambda account, repo: f"{account}.dkr.ecr.us-east-1.amazonaws.com/{repo}:1",
        ACCOUNT,
        st.sampled_from(["xgboost", "sagemaker-xgboost", "kmeans", "linear-learner"]),
    ),
    ("HyperParameterTuningJobConfig", "Strategy"): st.sampled_from(["Bayesian", "Random"]),
    "ResourceLimits": st.builds(
        lambda total, parallel: {
            "MaxNumberOfTrainingJobs": total,
            "MaxParallelTrainingJobs": min(parallel, total),
        },
        st.integers(1, 20),
        st.integers(1, 10),
    ),
    ("ParameterRanges", "IntegerParameterRanges"): st.lists(
        _numeric_range("int_", True), max_size=2, unique_by=lambda r: r["Name"]
    ),
    ("ParameterRanges", "ContinuousParameterRanges"): st.lists(
        _numeric_range("float_", False), max_size=2, unique_by=lambda r: r["Name"]
    ),
    ("CategoricalParameterRange", "Name"): _PARAMETER.map(lambda name: "cat_" + name),
}
TUNING_NEVER = TRAINING_NEVER | {
    ("HyperParameterTuningJobConfig", "StrategyConfig"),
    ("HyperParameterTrainingJobDefinition", "HyperParameterRanges"),
    ("HyperParameterTrainingJobDefinition", "TuningObjective"),
    ("HyperParameterTrainingJobDefinition", "HyperParameterTuningResourceConfig"),
    ("ParameterRanges", "AutoParameters"),
    # One definition, not a list of them (exactly one of the two).
    ("CreateHyperParameterTuningJobRequest", "TrainingJobDefinitions"),
}


def objective_defined(request: dict[str, Any]) -> dict[str, Any]:
    """A tuning job's objective is one of the metrics its definition's algorithm defines, when it defines
    any (SageMaker reads it from the logs by that definition's regex)."""
    definition = request.get("TrainingJobDefinition") or {}
    defined = (definition.get("AlgorithmSpecification") or {}).get("MetricDefinitions")
    config = request["HyperParameterTuningJobConfig"]
    if not defined or "HyperParameterTuningJobObjective" not in config:
        return request
    objective = {**config["HyperParameterTuningJobObjective"], "MetricName": defined[0]["Name"]}
    return {
        **request,
        "HyperParameterTuningJobConfig": {**config, "HyperParameterTuningJobObjective": objective},
    }


# A transform job: its instances are at least one.
TRANSFORM_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {
    ("TransformResources", "InstanceCount"): st.integers(1, 4),
}
# A processing job: at least one instance.
PROCESSING_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {
    ("ProcessingClusterConfig", "InstanceCount"): st.integers(1, 4),
    ("AppSpecification", "ImageUri"): IMAGES,
}

# A model: one container or a pipeline of them, an image each.
MODEL_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {("ContainerDefinition", "Image"): IMAGES}

# A production variant serves from instances: a type and a count of at least 1, or a heterogeneous fleet
# (instance pools, and a count), or serverless capacity (and no count; kinds/variants.py), drawn by
# `with_capacity`; managed instance scaling is for inference components (which variants here do not
# serve).
VARIANT_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {
    ("ProductionVariant", "InitialInstanceCount"): st.integers(1, 4),
    ("ProductionVariant", "InitialVariantWeight"): st.floats(0.1, 10, allow_nan=False).map(
        lambda w: round(w, 2)
    ),
}
VARIANT_ALWAYS = frozenset(
    {
        ("ProductionVariant", "InstanceType"),
        ("ProductionVariant", "InitialInstanceCount"),
        ("ProductionVariant", "ModelName"),
    }
)
VARIANT_NEVER = frozenset(
    {
        ("ProductionVariant", "ServerlessConfig"),
        ("ProductionVariant", "InstancePools"),
        ("ProductionVariant", "ManagedInstanceScaling"),
    }
)


_MODEL_NAME = service_model().shape_for("ModelName")
# Serverless memory comes in steps of 1 GB; what is provisioned is at most the concurrency.
SERVERLESS = st.builds(
    lambda memory, most, provisioned: {
        "MemorySizeInMB": memory,
        "MaxConcurrency": most,
        **({"ProvisionedConcurrency": min(provisioned, most)} if provisioned else {}),
    },
    st.sampled_from(range(1024, 6145, 1024)),
    st.integers(1, 200),
    st.none() | st.integers(1, 200),
)


def _pools(names: st.SearchStrategy[str] | None) -> st.SearchStrategy[list[dict[str, Any]]]:
    pool = service_model().shape_for("ProductionVariant").members["InstancePools"].member
    entry = st.fixed_dictionaries(
        {"InstanceType": st.sampled_from(pool.members["InstanceType"].enum), "Priority": st.integers(1, 5)},
        optional={"ModelNameOverride": names} if names is not None else {},
    )
    return st.lists(entry, min_size=1, max_size=3, unique_by=lambda p: p["InstanceType"])


@st.composite
def with_capacity(
    draw: Any, variant: dict[str, Any], models: st.SearchStrategy[str] | None = None
) -> dict[str, Any]:
    """`variant` (drawn with an instance type and count) with its capacity one of the three ways SageMaker
    takes it; a pool's model override is one of `models` (none: any model name)."""
    mode = draw(st.sampled_from(("instances", "instances", "pools", "serverless")))
    if mode == "pools":
        names = models if models is not None else string_value(_MODEL_NAME, None)
        return {
            **{k: v for k, v in variant.items() if k != "InstanceType"},
            "InstancePools": draw(_pools(names)),
        }
    if mode == "serverless":
        rest = {k: v for k, v in variant.items() if k not in ("InstanceType", "InitialInstanceCount")}
        return {**rest, "ServerlessConfig": draw(SERVERLESS)}
    return variant


def one_container_form(request: dict[str, Any]) -> dict[str, Any]:
    """A pipeline (two containers) keeps Containers; one container is given as the PrimaryContainer."""
    pipeline = len(request.get("Containers") or []) > 1
    drop = "PrimaryContainer" if pipeline else "Containers"
    return {k: v for k, v in request.items() if k != drop}


def unique_variant_names(request: dict[str, Any]) -> dict[str, Any]:
    """Variant names are unique across an endpoint config's production and shadow variants."""
    seen: set[str] = set()
    out = dict(request)
    for key in ("ProductionVariants", "ShadowProductionVariants"):
        variants = []
        for variant in request.get(key) or ():
            name = variant["VariantName"]
            while name in seen:
                name = f"{name[:60]}-{len(seen)}"
            seen.add(name)
            variants.append({**variant, "VariantName": name})
        if key in request:
            out[key] = variants
    return out


_VARIANT = Profile(ENDPOINT_CONFIG.create, values=VARIANT_VALUES, always=VARIANT_ALWAYS, never=VARIANT_NEVER)
_CAPACITY = api_value(service_model().shape_for("ProductionVariant"), _VARIANT, 1).flatmap(with_capacity)

KINDS: dict[str, Kind] = {
    k.type_name: k
    for k in (TRAINING_JOB, TUNING_JOB, TRANSFORM_JOB, PROCESSING_JOB, MODEL, ENDPOINT_CONFIG, ENDPOINT)
}

PROFILES: dict[str, Profile] = {
    "TrainingJob": Profile(
        TRAINING_JOB.create,
        values=TRAINING_VALUES,
        always=TRAINING_ALWAYS
        | {
            ("CreateTrainingJobRequest", m)
            for m in ("AlgorithmSpecification", "ResourceConfig", "StoppingCondition", "InputDataConfig")
        },
        never=TRAINING_NEVER,
    ),
    "HyperparameterTuningJob": Profile(
        TUNING_JOB.create,
        values=TUNING_VALUES,
        always=TRAINING_ALWAYS
        | {
            ("CreateHyperParameterTuningJobRequest", "TrainingJobDefinition"),
            ("HyperParameterTuningJobConfig", "HyperParameterTuningJobObjective"),
            ("HyperParameterTuningJobConfig", "ParameterRanges"),
            ("HyperParameterTrainingJobDefinition", "ResourceConfig"),
        },
        never=TUNING_NEVER,
        finish=objective_defined,
    ),
    "BatchTransformJob": Profile(TRANSFORM_JOB.create, values=TRANSFORM_VALUES),
    # One container form (kinds/models.py; botocore would draw neither or both, which SageMaker
    # refuses): both are drawn and `one_container_form` keeps one, so cases have each. Single models (a
    # MultiModel container needs an S3 prefix of models).
    "Model": Profile(
        MODEL.create,
        values={**MODEL_VALUES, ("ContainerDefinition", "Mode"): st.just("SingleModel")},
        always=frozenset({("CreateModelInput", "PrimaryContainer"), ("CreateModelInput", "Containers")}),
        sizes={("CreateModelInput", "Containers"): (1, 2)},
        finish=one_container_form,
    ),
    "EndpointConfig": Profile(
        ENDPOINT_CONFIG.create,
        values={
            **VARIANT_VALUES,
            ("CreateEndpointConfigInput", "ProductionVariants"): st.lists(_CAPACITY, min_size=1, max_size=2),
            ("CreateEndpointConfigInput", "ShadowProductionVariants"): st.lists(
                _CAPACITY, min_size=1, max_size=1
            ),
        },
        always=VARIANT_ALWAYS,
        never=VARIANT_NEVER,
        finish=unique_variant_names,
    ),
    "ProcessingJob": Profile(
        PROCESSING_JOB.create,
        values=PROCESSING_VALUES,
        always=frozenset(
            {("ProcessingClusterConfig", "InstanceType"), ("ProcessingClusterConfig", "InstanceCount")}
        ),
    ),
}


# -- what the provider adds to the API: HostingDeployment, Endpoint, autoscaling ------------------------


@dataclass(frozen=True)
class Pseudo:
    """A place the provider defines rather than a model (an autoscaling block, its list of policies): a
    shape of that type with no constraints, for the mutations that only depend on the type."""

    name: str
    type_name: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    enum: tuple[str, ...] = ()
    required_members: tuple[str, ...] = ()


AUTOSCALING = "application-autoscaling"
BLOCK, POLICIES, POLICY = (
    Pseudo("Autoscaling", "structure"),
    Pseudo("Policies", "list"),
    Pseudo("Policy", "structure"),
)
VARIANTS_BY_NAME = Pseudo("AutoscalingByVariant", "map")


def _aas(shape: str, member: str) -> Any:
    return service_model(AUTOSCALING).shape_for(shape).members[member]


def _aas_input(operation: str, member: str) -> Any:
    return operation_input(operation, AUTOSCALING).members[member]


def _sagemaker_metric_types() -> list[str]:
    metric = _aas("PredefinedMetricSpecification", "PredefinedMetricType")
    return [m for m in metric.enum if m.startswith("SageMakerVariant")]


_DIMENSION_NAMES = st.sampled_from(["EndpointName", "VariantName", "Host"])
_CUSTOM_METRIC = st.fixed_dictionaries(
    {
        "MetricName": st.sampled_from(["CPUUtilization", "MemoryUtilization", "GPUUtilization"]),
        "Namespace": st.sampled_from(["/aws/sagemaker/Endpoints", "AWS/SageMaker"]),
        "Statistic": st.sampled_from(_aas("CustomizedMetricSpecification", "Statistic").enum),
    },
    optional={
        "Dimensions": st.dictionaries(
            _DIMENSION_NAMES, st.from_regex(r"[A-Za-z0-9-]{1,12}", fullmatch=True), max_size=2
        ),
        "Unit": st.sampled_from(["Percent", "Count"]),
    },
)
# A policy as the block writes it: flat (the metric beside the target), dimensions a dict.
_POLICY = st.fixed_dictionaries(
    {"TargetValue": st.floats(0.5, 1000, allow_nan=False).map(lambda v: round(v, 2))},
    optional={
        "PolicyName": st.from_regex(r"[A-Za-z0-9 _.-]{1,20}", fullmatch=True),
        "ScaleInCooldown": st.integers(0, 3600),
        "ScaleOutCooldown": st.integers(0, 3600),
        "DisableScaleIn": st.booleans(),
        "Metric": st.one_of(
            st.sampled_from(_sagemaker_metric_types()).map(lambda m: {"PredefinedMetricType": m}),
            _CUSTOM_METRIC.map(lambda m: {"CustomizedMetricSpecification": m}),
        ),
    },
).map(lambda p: {**{k: v for k, v in p.items() if k != "Metric"}, **p.get("Metric", {})})
_POLICY_SHAPES = {
    "PolicyName": lambda: _aas_input("PutScalingPolicy", "PolicyName"),
    "PredefinedMetricType": lambda: _aas("PredefinedMetricSpecification", "PredefinedMetricType"),
    "CustomizedMetricSpecification": lambda: _aas(
        "TargetTrackingScalingPolicyConfiguration", "CustomizedMetricSpecification"
    ),
    **{
        m: (lambda m=m: _aas("TargetTrackingScalingPolicyConfiguration", m))
        for m in ("TargetValue", "ScaleInCooldown", "ScaleOutCooldown", "DisableScaleIn")
    },
}


_TARGET = Profile("RegisterScalableTarget", AUTOSCALING)


@st.composite
def autoscaling_blocks(draw: Any) -> dict[str, Any]:
    """A variant's autoscaling block (hosting/scaling.py), in API member names."""
    low = draw(st.integers(1, 3))
    block: dict[str, Any] = {"MinCapacity": low, "MaxCapacity": draw(st.integers(low, 6))}
    policies = draw(st.lists(_POLICY, max_size=2, unique_by=lambda p: p.get("PolicyName", object())))
    if policies or draw(st.booleans()):
        block["Policies"] = policies
    if draw(st.integers(0, 9)) == 0:
        block["SuspendedState"] = draw(
            api_value(_aas_input("RegisterScalableTarget", "SuspendedState"), _TARGET)
        )
    return block


def render_block(
    draw: Any, block: Mapping[str, Any], style: str, where: tuple[Any, ...], path: str, sites: list[Site]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in block.items():
        key = spell(name, style)
        here, at = join(path, key), (*where, key)
        if name == "Policies":
            sites.append(Site(at, here, POLICIES))
            out[key] = [
                _render_policy(draw, p, style, (*at, i), f"{here}[{i}]", sites) for i, p in enumerate(value)
            ]
            continue
        shape = _aas_input("RegisterScalableTarget", name)
        sites.append(Site(at, here, shape, required=name in ("MinCapacity", "MaxCapacity")))
        out[key] = _render(draw, shape, value, style, at, here, sites)
    return out


def _render_policy(
    draw: Any, policy: Mapping[str, Any], style: str, where: tuple[Any, ...], path: str, sites: list[Site]
) -> dict[str, Any]:
    sites.append(Site(where, path, POLICY))
    out: dict[str, Any] = {}
    for name, value in policy.items():
        key = spell(name, style)
        here, at = join(path, key), (*where, key)
        shape = _POLICY_SHAPES[name]()
        sites.append(Site(at, here, shape, required=name == "TargetValue"))
        if name == "CustomizedMetricSpecification":
            out[key] = _render_metric(draw, value, style, at, here, sites)
        else:
            out[key] = value
    return out


def _render_metric(
    draw: Any, metric: Mapping[str, Any], style: str, where: tuple[Any, ...], path: str, sites: list[Site]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in metric.items():
        key = spell(name, style)
        here, at = join(path, key), (*where, key)
        shape = _aas("CustomizedMetricSpecification", name)
        if name != "Dimensions":
            sites.append(Site(at, here, shape, required=name in ("MetricName", "Namespace", "Statistic")))
            out[key] = value
            continue
        # A dict of names to values, or the API's list of {name, value}.
        sites.append(Site(at, here, Pseudo("Dimensions", "map")))
        item = _aas("MetricDimension", "Value")
        if draw(st.booleans()):
            out[key] = dict(value)
            sites += [Site((*at, k), entry_path(here, k), item) for k in value]
        else:
            name_key, value_key = spell("Name", style), spell("Value", style)
            out[key] = [{name_key: k, value_key: v} for k, v in value.items()]
            name = _aas("MetricDimension", "Name")
            for i in range(len(value)):
                sites.append(Site((*at, i, name_key), f"{here}[{i}].{name_key}", name, required=True))
                sites.append(Site((*at, i, value_key), f"{here}[{i}].{value_key}", item, required=True))
    return out


# -- HostingDeployment ----------------------------------------------------------------------------------

HOSTING_VALUES: dict[Owner | str, st.SearchStrategy[Any]] = {
    **MODEL_VALUES,
    **VARIANT_VALUES,
    # A MultiModel container serves every model under an S3 prefix (hosting/rules.py): single models here.
    ("ContainerDefinition", "Mode"): st.just("SingleModel"),
}
_MODEL_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
_HOSTING = Profile(
    "CreateEndpointConfig",
    values=HOSTING_VALUES,
    always=VARIANT_ALWAYS | {("CreateModelInput", "Containers"), ("CreateModelInput", "ExecutionRoleArn")},
    # A model's name is the user's `name`; its tags are the deployment's; one container or a pipeline.
    never=VARIANT_NEVER
    | {
        ("CreateModelInput", "ModelName"),
        ("CreateModelInput", "Tags"),
        ("CreateModelInput", "PrimaryContainer"),
    },
    sizes={("CreateModelInput", "Containers"): (1, 2)},
)


def _input_member(operation: str, member: str) -> Any:
    return operation_input(operation).members[member]


@st.composite
def hosting_values(draw: Any, autoscaling: bool = True) -> dict[str, Any]:
    """A HostingDeployment's inputs in API member names: `Models` ([{Name, <CreateModel members>}]),
    `ProductionVariants` (each with its `Autoscaling`), and the config's, endpoint's and update's own."""
    names = draw(st.lists(_MODEL_NAMES, min_size=1, max_size=2, unique=True))
    model_shape = operation_input("CreateModel")
    models = [{"Name": n, **draw(api_value(model_shape, _HOSTING))} for n in names]
    variant_shape = service_model().shape_for("ProductionVariant")
    count = draw(st.integers(len(names), len(names) + 1))
    variants = []
    for i in range(count):
        variant = draw(with_capacity(draw(api_value(variant_shape, _HOSTING)), st.sampled_from(names)))
        # Every model is served (an unused one is most likely a typo of a variant's model_name).
        variant["ModelName"] = names[i % len(names)]
        # Autoscaling is for instances (a serverless variant scales by itself).
        if autoscaling and "ServerlessConfig" not in variant and draw(st.integers(0, 2)) == 0:
            variant["Autoscaling"] = draw(autoscaling_blocks())
        variants.append(variant)
    value: dict[str, Any] = {"Models": models, **unique_variant_names({"ProductionVariants": variants})}
    optional = {
        "EndpointName": ("CreateEndpoint", "EndpointName"),
        "KmsKeyId": ("CreateEndpointConfig", "KmsKeyId"),
        "DataCaptureConfig": ("CreateEndpointConfig", "DataCaptureConfig"),
        "AsyncInferenceConfig": ("CreateEndpointConfig", "AsyncInferenceConfig"),
        "Tags": ("CreateEndpointConfig", "Tags"),
        "DeploymentConfig": ("UpdateEndpoint", "DeploymentConfig"),
        "RetainAllVariantProperties": ("UpdateEndpoint", "RetainAllVariantProperties"),
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=3)):
        value[name] = draw(api_value(_input_member(*optional[name]), _HOSTING, 1, (optional[name][0], name)))
    if value.get("RetainAllVariantProperties") and draw(st.booleans()):
        member = _input_member("UpdateEndpoint", "ExcludeRetainedVariantProperties")
        value["ExcludeRetainedVariantProperties"] = draw(api_value(member, _HOSTING, 1))
    return value


HOSTING_MEMBERS = {
    "EndpointName": "CreateEndpoint",
    "KmsKeyId": "CreateEndpointConfig",
    "DataCaptureConfig": "CreateEndpointConfig",
    "AsyncInferenceConfig": "CreateEndpointConfig",
    "Tags": "CreateEndpointConfig",
    "DeploymentConfig": "UpdateEndpoint",
    "RetainAllVariantProperties": "UpdateEndpoint",
    "ExcludeRetainedVariantProperties": "UpdateEndpoint",
}


@st.composite
def render_hosting(draw: Any, value: Mapping[str, Any], style: str) -> Rendered:
    sites: list[Site] = []
    out: dict[str, Any] = {}
    models_key = spell("Models", style)
    sites.append(Site((models_key,), models_key, Pseudo("Models", "list"), required=True))
    models = []
    model_shape = operation_input("CreateModel")
    for i, model in enumerate(value["Models"]):
        here, at = f"{models_key}[{i}]", (models_key, i)
        sites.append(Site(at, here, Pseudo("Model", "structure")))
        name_key = spell("Name", style)
        sites.append(
            Site(
                (*at, name_key),
                join(here, name_key),
                _input_member("CreateModel", "ModelName"),
                required=True,
            )
        )
        rest = {k: v for k, v in model.items() if k != "Name"}
        models.append({name_key: model["Name"], **_render(draw, model_shape, rest, style, at, here, sites)})
    out[models_key] = models
    variants_key = spell("ProductionVariants", style)
    sites.append(
        Site(
            (variants_key,),
            variants_key,
            _input_member("CreateEndpointConfig", "ProductionVariants"),
            required=True,
        )
    )
    variant_shape = service_model().shape_for("ProductionVariant")
    variants = []
    for i, variant in enumerate(value["ProductionVariants"]):
        here, at = f"{variants_key}[{i}]", (variants_key, i)
        sites.append(Site(at, here, variant_shape))
        rest = {k: v for k, v in variant.items() if k != "Autoscaling"}
        out_variant = _render(draw, variant_shape, rest, style, at, here, sites)
        if "Autoscaling" in variant:
            key = spell("Autoscaling", style)
            sites.append(Site((*at, key), join(here, key), BLOCK))
            out_variant[key] = render_block(
                draw, variant["Autoscaling"], style, (*at, key), join(here, key), sites
            )
        variants.append(out_variant)
    out[variants_key] = variants
    for name, operation in HOSTING_MEMBERS.items():
        if name in value:
            shape = _input_member(operation, name)
            key = spell(name, style)
            sites.append(Site((key,), key, shape))
            out[key] = _render(draw, shape, value[name], style, (key,), key, sites)
    return Rendered(out, sites)


# -- Endpoint -------------------------------------------------------------------------------------------

_ENDPOINT = Profile(ENDPOINT.create)
_VARIANT_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True)


@st.composite
def endpoint_values(draw: Any, more: bool = True) -> dict[str, Any]:
    """An Endpoint's inputs in API member names: CreateEndpoint's and, with `more`, UpdateEndpoint's
    retained properties and `Autoscaling` by variant name."""
    value = dict(draw(api_value(operation_input(ENDPOINT.create), _ENDPOINT)))
    if not more:
        return value
    if draw(st.booleans()):
        value["RetainAllVariantProperties"] = draw(st.booleans())
        if value["RetainAllVariantProperties"] and draw(st.booleans()):
            member = _input_member("UpdateEndpoint", "ExcludeRetainedVariantProperties")
            value["ExcludeRetainedVariantProperties"] = draw(api_value(member, _ENDPOINT, 1))
    if draw(st.booleans()):
        value["Autoscaling"] = draw(
            st.dictionaries(_VARIANT_NAMES, autoscaling_blocks(), min_size=1, max_size=2)
        )
    return value


@st.composite
def render_endpoint(draw: Any, value: Mapping[str, Any], style: str) -> Rendered:
    sites: list[Site] = []
    create = {k: v for k, v in value.items() if k in operation_input("CreateEndpoint").members}
    out = _render(draw, operation_input("CreateEndpoint"), create, style, (), "", sites)
    name = spell(ENDPOINT.name_member, style)  # generated when left out
    sites = [Site(s.where, s.path, s.shape) if s.where == (name,) else s for s in sites]
    for name in ("RetainAllVariantProperties", "ExcludeRetainedVariantProperties"):
        if name in value:
            shape = _input_member("UpdateEndpoint", name)
            key = spell(name, style)
            sites.append(Site((key,), key, shape))
            out[key] = _render(draw, shape, value[name], style, (key,), key, sites)
    if "Autoscaling" in value:
        key = spell("Autoscaling", style)
        sites.append(Site((key,), key, VARIANTS_BY_NAME))
        blocks = {}
        for variant, block in value["Autoscaling"].items():
            here, at = join(key, variant), (key, variant)
            sites.append(Site(at, here, BLOCK))
            blocks[variant] = render_block(draw, block, style, at, here, sites)
        out[key] = blocks
    return Rendered(out, sites)


# -- options of ours -------------------------------------------------------------------------------------

_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2")
# The options and what a valid value of each is (as Pseudo shapes, for the mutations).
OPTIONS: dict[str, tuple[Pseudo, st.SearchStrategy[Any]]] = {
    "WaitFor": (
        Pseudo("WaitFor", "string", enum=("Completed", "InProgress")),
        st.sampled_from(["Completed", "InProgress"]),
    ),
    "WaitTimeoutSeconds": (
        Pseudo("WaitTimeoutSeconds", "double", metadata={"min": 1}),
        st.one_of(st.integers(1, 10**6), st.floats(1, 1e6, allow_nan=False)),
    ),
    "StreamLogs": (Pseudo("StreamLogs", "boolean"), st.booleans()),
    "AdoptExisting": (Pseudo("AdoptExisting", "boolean"), st.booleans()),
    # Any region SageMaker is offered in; a few of them here.
    "Region": (Pseudo("Region", "string", enum=_REGIONS), st.sampled_from(_REGIONS)),
    # The operator's own SageMaker API URL (a VPC endpoint's).
    "SageMakerEndpoint": (
        Pseudo("SageMakerEndpoint", "string", metadata={"pattern": r"https?://[^\s/]+.*"}),
        st.sampled_from(
            ["https://vpce-0a1b.api.sagemaker.us-east-1.vpce.amazonaws.com", "http://localhost:4566"]
        ),
    ),
}
# Which options each kind takes (a job's logs: training, processing and transform jobs have their own).
_JOB_OPTIONS = ("WaitFor", "WaitTimeoutSeconds", "AdoptExisting", "Region", "SageMakerEndpoint")
KIND_OPTIONS: dict[str, tuple[str, ...]] = {
    "TrainingJob": (*_JOB_OPTIONS, "StreamLogs"),
    "HyperparameterTuningJob": _JOB_OPTIONS,
    "BatchTransformJob": (*_JOB_OPTIONS, "StreamLogs"),
    "ProcessingJob": (*_JOB_OPTIONS, "StreamLogs"),
    "Model": ("AdoptExisting", "Region", "SageMakerEndpoint"),
    "EndpointConfig": ("AdoptExisting", "Region", "SageMakerEndpoint"),
    "Endpoint": ("WaitTimeoutSeconds", "AdoptExisting", "Region", "SageMakerEndpoint"),
    "HostingDeployment": ("WaitTimeoutSeconds", "AdoptExisting", "Region", "SageMakerEndpoint"),
}


@st.composite
def with_options(draw: Any, sample: Rendered, kind: str, style: str) -> Rendered:
    """`sample` with some of the kind's options of ours (wait_for, region...), as a user adds them."""
    chosen = draw(st.lists(st.sampled_from(KIND_OPTIONS[kind]), unique=True, max_size=2))
    value, sites = dict(sample.value), list(sample.sites)
    for name in chosen:
        shape, values = OPTIONS[name]
        key = spell(name, style)
        value[key] = draw(values)
        sites.append(Site((key,), key, shape))
    return Rendered(value, sites)


def valid(kind: str, style: str = SNAKE, manifest: bool = False) -> st.SearchStrategy[Rendered]:
    """Valid inputs of `kind` (a Pulumi type name) in `style` (SNAKE, OPERATOR or ACK). A `manifest`'s
    spec has no autoscaling (other documents attach it) and no UpdateEndpoint members (ACK's controller
    sets RetainAllVariantProperties itself)."""
    drawn: st.SearchStrategy[Rendered]
    if kind == "HostingDeployment":
        drawn = hosting_values(not manifest).flatmap(lambda value: render_hosting(value, style))
    elif kind == "Endpoint":
        drawn = endpoint_values(not manifest).flatmap(lambda value: render_endpoint(value, style))
    else:
        profile = PROFILES[kind]
        shape = operation_input(profile.operation, profile.service)
        supplied = frozenset({KINDS[kind].name_member})
        drawn = (
            api_value(shape, profile)
            .map(profile.finish)
            .flatmap(lambda value: rendered(shape, value, style, supplied))
        )
    # A manifest names its region its own way (spec.region, an ACK annotation).
    return drawn if manifest else drawn.flatmap(lambda sample: with_options(sample, kind, style))


# -- autoscaling documents (from_manifests) ---------------------------------------------------------------


def _nested(policy: Mapping[str, Any]) -> dict[str, Any]:
    """A flat policy (the block's) as PutScalingPolicy's TargetTrackingScalingPolicyConfiguration."""
    config = {k: v for k, v in policy.items() if k not in ("PolicyName", "PredefinedMetricType")}
    if "PredefinedMetricType" in policy:
        config["PredefinedMetricSpecification"] = {"PredefinedMetricType": policy["PredefinedMetricType"]}
    custom = config.get("CustomizedMetricSpecification")
    if custom is not None and "Dimensions" in custom:
        dims = [{"Name": k, "Value": v} for k, v in custom["Dimensions"].items()]
        config["CustomizedMetricSpecification"] = {**custom, "Dimensions": dims}
    return config


# The members the provider fills in for a SageMaker variant when a document leaves them out.
_CONSTANTS: dict[Owner | str, st.SearchStrategy[Any]] = {
    (request, member): st.just(value)
    for request in ("RegisterScalableTargetRequest", "PutScalingPolicyRequest")
    for member, value in (
        ("ServiceNamespace", "sagemaker"),
        ("ScalableDimension", "sagemaker:variant:DesiredInstanceCount"),
    )
}
TARGET_DOCUMENT = Profile(
    "RegisterScalableTarget",
    AUTOSCALING,
    values={
        **_CONSTANTS,
        # A variant keeps an instance; the maximum is at least the minimum (hosting/scaling.py).
        ("RegisterScalableTargetRequest", "MinCapacity"): st.integers(1, 3),
        ("RegisterScalableTargetRequest", "MaxCapacity"): st.integers(3, 6),
    },
    always=frozenset(
        {("RegisterScalableTargetRequest", "MinCapacity"), ("RegisterScalableTargetRequest", "MaxCapacity")}
    ),
    # Application Auto Scaling uses its service-linked role for SageMaker (manifests/autoscaling.py).
    never=frozenset(
        {("RegisterScalableTargetRequest", "RoleARN"), ("RegisterScalableTargetRequest", "Tags")}
    ),
)
POLICY_DOCUMENT = Profile(
    "PutScalingPolicy",
    AUTOSCALING,
    values={
        **_CONSTANTS,
        ("PutScalingPolicyRequest", "PolicyName"): st.from_regex(r"[A-Za-z0-9 _.-]{1,20}", fullmatch=True),
        ("PutScalingPolicyRequest", "PolicyType"): st.just("TargetTrackingScaling"),
        ("PutScalingPolicyRequest", "TargetTrackingScalingPolicyConfiguration"): _POLICY.map(_nested),
    },
    always=frozenset({("PutScalingPolicyRequest", "TargetTrackingScalingPolicyConfiguration")}),
    # Target tracking only (step scaling is refused with its own message; predictive is not SageMaker's).
    never=frozenset(
        {
            ("PutScalingPolicyRequest", "StepScalingPolicyConfiguration"),
            ("PutScalingPolicyRequest", "PredictiveScalingPolicyConfiguration"),
        }
    ),
)


def _required(sample: Rendered, required: set[Any], optional: set[Any]) -> Rendered:
    """`sample` with its top-level sites marked as the provider's rules have them, not the API's."""
    sites = []
    for site in sample.sites:
        top = len(site.where) == 1
        if top and site.where[0] in required | optional:
            site = Site(site.where, site.path, site.shape, required=site.where[0] in required)
        sites.append(site)
    return Rendered(sample.value, sites)


@st.composite
def autoscaling_document(draw: Any, document: str, resource_id: str, style: str) -> Rendered:
    """ACK's ScalableTarget or ScalingPolicy spec for a variant (`resource_id`: endpoint/<e>/variant/<v>)."""
    profile = TARGET_DOCUMENT if document == "ScalableTarget" else POLICY_DOCUMENT
    shape = operation_input(profile.operation, AUTOSCALING)
    value = {**draw(api_value(shape, profile)), "ResourceId": resource_id}
    sample = draw(rendered(shape, value, style))
    keys = {m: spell(m, style) for m in shape.members}
    required = {keys["ResourceId"]}
    if document == "ScalableTarget":
        required |= {keys["MinCapacity"], keys["MaxCapacity"]}
    else:
        required.add(keys["TargetTrackingScalingPolicyConfiguration"])
    optional = {keys[m] for m in ("ServiceNamespace", "ScalableDimension", "PolicyName") if m in keys}
    return _required(sample, required, optional)


HAP_RESOURCE_IDS = Pseudo("ResourceIds", "list")
HAP_RESOURCE = Pseudo("ResourceId", "structure")


@st.composite
def hap_document(draw: Any, endpoint: str, variants: list[str], region: str) -> Rendered:
    """The operator's HostingAutoscalingPolicy spec: bounds and one policy for some of `variants` of
    `endpoint` (its resourceId is a list of {endpointName, variantName})."""
    target_shape = operation_input("RegisterScalableTarget", AUTOSCALING)
    policy_shape = operation_input("PutScalingPolicy", AUTOSCALING)
    bounds = {k: v for k, v in draw(api_value(target_shape, TARGET_DOCUMENT)).items() if k != "ResourceId"}
    policy = {
        k: v
        for k, v in draw(api_value(policy_shape, POLICY_DOCUMENT)).items()
        if k not in ("ResourceId", "ServiceNamespace", "ScalableDimension")
    }
    if draw(st.integers(0, 3)) == 0:
        # Bounds only: no policy, so no name of one (a name alone would name nothing).
        policy = {
            k: v
            for k, v in policy.items()
            if k not in ("TargetTrackingScalingPolicyConfiguration", "PolicyName")
        }
    chosen = draw(st.lists(st.sampled_from(variants), min_size=1, max_size=len(variants), unique=True))
    sites: list[Site] = []
    out = _render(draw, target_shape, bounds, OPERATOR, (), "", sites)
    out.update(_render(draw, policy_shape, policy, OPERATOR, (), "", sites))
    out["resourceId"] = [{"endpointName": endpoint, "variantName": v} for v in chosen]
    out["region"] = region
    sites.append(Site(("resourceId",), "resourceId", HAP_RESOURCE_IDS, required=True))
    for i in range(len(chosen)):
        sites.append(Site(("resourceId", i), f"resourceId[{i}]", HAP_RESOURCE))
    # Its region must be the endpoint's (a mismatch is a problem at spec.region).
    sites.append(Site(("region",), "region", OPTIONS["Region"][0]))
    # Left out, the constants and the name are the provider's to fill in.
    required = {"minCapacity", "maxCapacity", "resourceId"}
    return _required(Rendered(out, sites), required, {"serviceNamespace", "scalableDimension", "policyName"})
