"""Values that are not known while manifests are checked: outputs of other resources (a role's ARN given
in `values`), and placeholders a conversion keeps as they are written. Checking sees each as an Unknown
(the shapes layer judges no Unknown, as in a preview); what is built afterwards gets the value back."""

from __future__ import annotations

from typing import Any

from pulumi.output import Output, Unknown


class Verbatim:
    """Text kept as written (a placeholder no value fills, in a conversion): not judged, written back."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Verbatim({self.text!r})"


class StandIn(Unknown):
    """An Unknown with a stable text (digests of a spec that holds one stay the same run to run)."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def __str__(self) -> str:
        return self.label

    __repr__ = __str__


class StandIns:
    def __init__(self) -> None:
        # By label, not identity: the layers a spec goes through may copy what they hold.
        self._held: dict[str, Any] = {}
        self._numbers: dict[int, str] = {}

    def hide(self, value: Any) -> Any:
        """`value` with every output and verbatim text replaced by an Unknown of its own."""
        if isinstance(value, Output | Verbatim):
            if isinstance(value, Verbatim):
                label = value.text
            else:  # numbered in the order met: names that digest a spec stay the same run to run
                label = self._numbers.setdefault(id(value), f"<output {len(self._numbers) + 1}>")
            unknown = StandIn(label)
            self._held[label] = value
            return unknown
        if isinstance(value, dict):
            return {k: self.hide(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.hide(v) for v in value]
        return value

    def restore(self, value: Any) -> Any:
        """`value` with the Unknowns of `hide` back as what they stood for (verbatim text as text)."""
        if isinstance(value, Verbatim):
            return value.text
        if isinstance(value, StandIn) and value.label in self._held:
            original = self._held[value.label]
            return original.text if isinstance(original, Verbatim) else original
        if isinstance(value, dict):
            return {k: self.restore(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.restore(v) for v in value]
        return value


def holds_unknown(value: Any) -> bool:
    if isinstance(value, Output | Verbatim | Unknown):
        return True
    if isinstance(value, dict):
        return any(holds_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_unknown(v) for v in value)
    return False
