"""Addresses a user opens: CloudWatch console pages of a job's logs, an endpoint's invocation URL.

Each AWS partition has its own hosts (China's are `amazonaws.com.cn` and `console.amazonaws.cn`); the
partition of a region comes from botocore's small partitions.json (not its 1.2 MB endpoint data).
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

# Console hosts are not in botocore's data; these are the partitions' published console domains.
CONSOLE_HOSTS = {
    "aws": "console.aws.amazon.com",
    "aws-cn": "console.amazonaws.cn",
    "aws-us-gov": "console.amazonaws-us-gov.com",
}


@cache
def _partitions() -> list[dict]:
    import botocore.loaders

    return botocore.loaders.create_loader().load_data("partitions")["partitions"]


@cache
def partition(region: str) -> dict:
    """botocore's partition record for `region` (its id and dnsSuffix), "aws" when none matches."""
    found = _partitions()
    for record in found:
        if region in record.get("regions", {}):
            return record
    for record in found:
        if re.match(record["regionRegex"], region):
            return record
    return next(r for r in found if r["id"] == "aws")


def console_url(region: str, fragment: str) -> str:
    host = CONSOLE_HOSTS.get(partition(region)["id"], CONSOLE_HOSTS["aws"])
    return f"https://{region}.{host}/cloudwatch/home?region={region}#{fragment}"


def log_streams_url(region: str, group: str, prefix: str) -> str:
    """The CloudWatch console page of the log streams in `group` whose names start with `prefix`."""
    return console_url(
        region, f"logStream:group={group};prefix={quote(prefix, safe='')};streamFilter=typeLogStreamPrefix"
    )


def runtime_url(region: str, endpoint: str) -> str:
    """The HTTPS address an endpoint is invoked at."""
    suffix = partition(region)["outputs"]["dnsSuffix"]
    return f"https://runtime.sagemaker.{region}.{suffix}/endpoints/{endpoint}/invocations"
