"""botocore shapes as Python types: one TypedDict per structure shape and one Literal per enum, shared by
every resource that reaches them.

Input types follow pulumi-aws: every value is a `pulumi.Input[...]` (so an Output of another resource fits
anywhere), lists are `Sequence`s and maps `Mapping`s (covariant, so a `list[Channel]` or a `dict[str, str]`
the user built fits). Keys are the canonical snake_case of the shapes layer (`botocore.xform_name`); maps
and tag lists are dicts of user data, as the shapes layer takes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from botocore import xform_name
from botocore.model import ServiceModel, Shape

from .doclines import doc_line

INTEGER_TYPES = ("integer", "long")
FLOAT_TYPES = ("float", "double")


def is_open_enum(name: str) -> bool:
    """Instance types are a catalogue AWS extends every few months (newer than the botocore these types
    were generated from), and stacks read them per environment from config: their Literal offers the
    values for completion but any string is accepted (the shapes layer checks it against the installed
    botocore at preview). Every other enum is closed: a value outside it is a type error."""
    return name.endswith("InstanceType")


@dataclass(frozen=True)
class Field:
    """A key of a TypedDict or a keyword parameter: its type is the inner one, without `pulumi.Input`."""

    name: str
    type: str
    required: bool
    doc: str


@dataclass(frozen=True)
class TypedDictDef:
    name: str
    doc: str
    fields: tuple[Field, ...]
    base: str | None = None  # a TypedDict this one extends


@dataclass(frozen=True)
class LiteralDef:
    name: str
    values: tuple[str, ...]
    open: bool


@dataclass
class TypeSet:
    """The TypedDicts and Literals the surfaces refer to, by name (a botocore shape's, or one of ours)."""

    model: ServiceModel  # where a structure's own documentation is (a member's is about the member)
    dicts: dict[str, TypedDictDef] = field(default_factory=dict)
    literals: dict[str, LiteralDef] = field(default_factory=dict)
    _walking: set[str] = field(default_factory=set)

    @property
    def names(self) -> set[str]:
        return set(self.dicts) | set(self.literals)

    # -- input side ----------------------------------------------------------------------------------

    def input_type(self, shape: Shape) -> str:
        """The type of a value of `shape` (inside its `pulumi.Input`)."""
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape)
        if is_tag_list(shape):
            return "Mapping[str, pulumi.Input[str]]"
        if kind == "list":
            return f"Sequence[pulumi.Input[{self.input_type(shape.member)}]]"  # type: ignore[attr-defined]
        if kind == "map":
            return f"Mapping[str, pulumi.Input[{self.input_type(shape.value)}]]"  # type: ignore[attr-defined]
        return self.scalar(shape)

    def scalar(self, shape: Shape) -> str:
        kind = shape.type_name
        if kind == "string" and shape.enum:  # type: ignore[attr-defined]
            return self.literal(shape.name, shape.enum)  # type: ignore[attr-defined]
        if kind in INTEGER_TYPES:
            return "int"
        if kind in FLOAT_TYPES:
            return "float"
        if kind == "boolean":
            return "bool"
        if kind in ("string", "timestamp"):
            return "str"
        if kind == "blob":
            return "bytes | str"
        raise ValueError(f"shape {shape.name} has a type botocore's model did not have before: {kind}")

    def literal(self, name: str, values: Iterable[str]) -> str:
        found = self.literals.setdefault(name, LiteralDef(name, tuple(values), is_open_enum(name)))
        if found.values != tuple(values):
            raise ValueError(f"two enums are named {name}")
        return f"{name} | str" if found.open else name

    def structure(
        self,
        shape: Shape,
        *,
        name: str | None = None,
        exclude: Iterable[str] = (),
        first: Iterable[Field] = (),
        doc: str | None = None,
    ) -> str:
        """The TypedDict of a structure shape (registered once), named after it unless `name` says;
        `exclude` leaves API members out, `first` adds keys of ours before them."""
        name = name or shape.name
        if name in self.dicts or name in self._walking:
            return name
        self._walking.add(name)  # recursive shapes refer to themselves by name
        skipped = set(exclude)
        required = set(shape.required_members)  # type: ignore[attr-defined]
        fields = list(first)
        for member, member_shape in shape.members.items():  # type: ignore[attr-defined]
            if member in skipped:
                continue
            fields.append(
                Field(
                    xform_name(member),
                    self.input_type(member_shape),
                    member in required,
                    member_doc(member_shape),
                )
            )
        if doc is None:
            doc = doc_line(self.model.shape_for(shape.name).documentation)
        self.add(TypedDictDef(name, doc, tuple(fields)))
        self._walking.discard(name)
        return name

    def add(self, typed_dict: TypedDictDef) -> str:
        if typed_dict.name in self.literals or self.dicts.get(typed_dict.name, typed_dict) != typed_dict:
            raise ValueError(f"two types are named {typed_dict.name}")
        self.dicts[typed_dict.name] = typed_dict
        return typed_dict.name


def is_tag_list(shape: Shape) -> bool:
    """A list of {Key, Value} structures; the shapes layer (and so the typed surface) takes one as a dict."""
    if shape.type_name != "list":
        return False
    member: Shape = shape.member  # type: ignore[attr-defined]
    return member.type_name == "structure" and set(member.members) == {"Key", "Value"}  # type: ignore[attr-defined]


def member_doc(shape: Shape) -> str:
    """A member's doc line; for a tag list, what it takes here (the model says "an array of pairs")."""
    if is_tag_list(shape):
        return "Tags, as a dict of key to value."
    return doc_line(shape.documentation)


def output_type(shape: Shape, types: TypeSet) -> str:
    """The type an input member has when read back as an output (its canonical form, resolved): scalars
    and enums as such, maps and tag lists as dicts, structures as plain dicts."""
    kind = shape.type_name
    if kind == "structure":
        return "dict[str, Any]"
    if is_tag_list(shape):
        return "dict[str, str]"
    if kind == "list":
        return f"list[{output_type(shape.member, types)}]"  # type: ignore[attr-defined]
    if kind == "map":
        return f"dict[str, {output_type(shape.value, types)}]"  # type: ignore[attr-defined]
    return types.scalar(shape)
