"""botocore's Java patterns: translated where simple, skipped where not, never fatal."""

from __future__ import annotations

from pulumi_sagemaker.shapes import canonicalize_input
from pulumi_sagemaker.shapes.model import info, service_model
from pulumi_sagemaker.shapes.patterns import compile_pattern, translate

TAG = r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)"


def test_unicode_categories_in_a_class_are_translated():
    regex = compile_pattern(TAG)
    assert regex is not None
    for ok in ("team", "Équipe 1", "a:b/c=d+e-f@g", "数据", "x\u00a0y"):
        assert regex.fullmatch(ok), ok
    for bad in ("a#b", "a!b", "a;b"):
        assert not regex.fullmatch(bad), bad


def test_posix_class_and_quantified_anchor():
    assert compile_pattern(r"arn:[\p{Alnum}\-]+:lambda:[\p{Alnum}\-]+:[0-9]{12}:function:.*").fullmatch(
        "arn:aws:lambda:us-east-1:123456789012:function:f"
    )
    regex = compile_pattern(r"([\p{L}\p{Z}\p{N}_.:\/=+\-@]*)${1,128}")
    assert regex is not None and regex.fullmatch("tag value")


def test_surrogate_pairs_become_supplementary_ranges():
    regex = compile_pattern(r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*")
    assert regex is not None
    assert regex.fullmatch("plain text \U0001f600 and a tab\t")
    assert not regex.fullmatch("bell\x07")


def test_untranslatable_patterns_are_skipped():
    assert translate(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+") is None
    assert compile_pattern(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+") is None


def test_a_category_outside_a_class_becomes_one():
    # Application Auto Scaling's PolicyName is `\p{Print}+`: Java's POSIX Print, printable ASCII.
    regex = compile_pattern(r"\p{Print}+")
    assert regex is not None and regex.fullmatch("cpu-70 %") and not regex.fullmatch("two\nlines")
    assert translate(r"\p{L}+") == r"[\w]+"


def test_every_pattern_in_the_model_compiles_or_is_skipped():
    skipped = set()
    for name in service_model().shape_names:
        shape = info(name)
        if shape.type == "string" and shape.pattern and shape.regex is None:
            skipped.add(shape.pattern)
    assert all(r"\p{M}" in p or r"\p{S}" in p or r"\p{P}" in p for p in skipped), skipped


def test_every_operation_input_can_be_walked():
    for operation in service_model().operation_names:
        canonical, failures = canonicalize_input(operation, {})
        assert canonical == {}
        assert all(f.reason == "is required" for f in failures), operation
