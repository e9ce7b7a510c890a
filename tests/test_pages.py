"""Listings page through the caller's own call path, on botocore's paginator data."""

from __future__ import annotations

from itertools import islice
from typing import Any

import pytest
from pulumi_sagemaker.aws import items, pages
from pulumi_sagemaker.aws.pages import pagination


class PagedCall:
    """A call that answers `operation` in pages of two, as SageMaker does past MaxResults."""

    def __init__(self, results: list[dict[str, Any]], key: str, token: str = "NextToken") -> None:
        self.results, self.key, self.token = results, key, token
        self.made: list[dict[str, Any]] = []

    def __call__(self, operation: str, **params: Any) -> dict[str, Any]:
        self.made.append({"operation": operation, **params})
        start = int(params.get(self.token, 0))
        answer: dict[str, Any] = {self.key: self.results[start : start + 2]}
        if start + 2 < len(self.results):
            answer[self.token] = str(start + 2)
        return answer


def test_every_page_is_read_and_the_token_is_sent_back():
    tags = [{"Key": f"k{i}", "Value": str(i)} for i in range(5)]
    call = PagedCall(tags, "Tags")
    assert list(items(call, "ListTags", ResourceArn="arn:x", MaxResults=2)) == tags
    assert [c.get("NextToken") for c in call.made] == [None, "2", "4"]
    assert all(c["ResourceArn"] == "arn:x" and c["operation"] == "ListTags" for c in call.made)


def test_a_page_is_asked_for_only_when_the_one_before_is_used():
    call = PagedCall([{"TrainingJobName": f"j{i}"} for i in range(6)], "TrainingJobSummaries")
    first = list(islice(pages(call, "ListTrainingJobs"), 1))
    assert len(first) == 1 and len(call.made) == 1


def test_the_members_come_from_botocores_paginators_of_each_service():
    policies = pagination("application-autoscaling", "DescribeScalingPolicies")
    assert (policies.input_token, policies.output_token, policies.result_key) == (
        "NextToken",
        "NextToken",
        "ScalingPolicies",
    )
    assert pagination("sagemaker", "ListEndpointConfigs").result_key == "EndpointConfigs"
    with pytest.raises(LookupError, match="DescribeModel does not page"):
        pagination("sagemaker", "DescribeModel")
