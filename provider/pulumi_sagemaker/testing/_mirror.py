"""What pulumi-aws would create in the AWS the stack points at: IAM roles, S3 buckets and objects.

The rig fakes pulumi-aws's resources, but a local SageMaker with existence checks on
(`LocalSageMaker(check_existence=True)`) looks execution roles and S3 data up in its IAM and S3. So
that a stack which creates its own role (bucket, uploaded object) passes and one that names a
missing role fails as it would on AWS, each `aws.iam.Role`, `aws.s3.Bucket` / `BucketV2` and
`aws.s3.BucketObject` / `BucketObjectv2` the program declares is created there too, through the
endpoints the stack's `aws:endpoints` config names (what pulumi-aws itself would call). Only endpoints
on this machine are used, and only while they answer: without one (no endpoint, AWS's own, or a local
stack's server that is not running) nothing is mirrored, as the rig's fakes never needed one; deletes
are not mirrored (what a stack created stays until the server is reset).
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

ROLE = "aws:iam/role:Role"
BUCKETS = frozenset({"aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"})
OBJECTS = frozenset({"aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2"})
MIRRORED = frozenset({ROLE, *BUCKETS, *OBJECTS})


def role_path(inputs: Mapping[str, Any]) -> str:
    path = str(inputs.get("path") or "/")
    return path if path.endswith("/") else f"{path}/"


def object_key(name: str, inputs: Mapping[str, Any]) -> str:
    """An object's key; pulumi-aws defaults it to the resource's name."""
    return str(inputs.get("key") or name)


def _body(inputs: Mapping[str, Any]) -> bytes:
    if isinstance(inputs.get("content"), str):
        return inputs["content"].encode()
    if isinstance(inputs.get("contentBase64"), str):
        return base64.b64decode(inputs["contentBase64"])
    source = inputs.get("source")
    if isinstance(source, pulumi.StringAsset):
        return str(source.text).encode()
    if isinstance(source, pulumi.FileAsset):
        return Path(str(source.path)).read_bytes()
    return b""  # a remote asset, or none: the object exists, which is what SageMaker looks for


def _local(url: str) -> bool:
    """An endpoint on this machine: the rig never makes anything in a real AWS account."""
    return urllib.parse.urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def _code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


class Mirror:
    """Creates what the program declares in the IAM and S3 of `config`'s `aws:endpoints`."""

    def __init__(self, config: Mapping[str, str]) -> None:
        self.region = config.get("aws:region", "us-east-1")
        try:
            listed = json.loads(config.get("aws:endpoints", "[]"))
        except ValueError:
            listed = []
        self.endpoints: dict[str, str] = {}
        for entry in listed if isinstance(listed, list) else []:
            if isinstance(entry, dict):
                self.endpoints.update({k: v for k, v in entry.items() if isinstance(v, str) and _local(v)})
        self.access_key = config.get("aws:accessKey", "testing")
        self.secret_key = config.get("aws:secretKey", "testing")
        self._clients: dict[str, Any] = {}

    def _client(self, service: str) -> Any | None:
        if service not in self.endpoints:
            return None
        if service not in self._clients:
            import boto3.session

            self._clients[service] = boto3.session.Session().client(
                service,
                region_name=self.region,
                endpoint_url=self.endpoints[service],
                config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 2}),
                aws_access_key_id=self.access_key,
                aws_secret_access_key=self.secret_key,
            )
        return self._clients[service]

    def apply(self, typ: str, name: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]) -> None:
        """Create (or update) the resource in the local AWS, as pulumi-aws would."""
        try:
            if typ == ROLE:
                self._role(outputs, inputs)
            elif typ in BUCKETS:
                self._bucket(outputs)
            elif typ in OBJECTS:
                self._object(name, inputs)
        except EndpointConnectionError:
            # A local stack's config with its server not running: nothing there to mirror into.
            self.endpoints.clear()

    def _role(self, outputs: Mapping[str, Any], inputs: Mapping[str, Any]) -> None:
        iam = self._client("iam")
        if iam is None:
            return
        policy = inputs.get("assumeRolePolicy") or ""
        policy = policy if isinstance(policy, str) else json.dumps(policy)
        name = str(outputs["name"])
        try:
            iam.create_role(RoleName=name, Path=role_path(inputs), AssumeRolePolicyDocument=policy)
        except ClientError as error:
            if _code(error) != "EntityAlreadyExists":
                raise
            iam.update_assume_role_policy(RoleName=name, PolicyDocument=policy)

    def _bucket(self, outputs: Mapping[str, Any]) -> None:
        s3 = self._client("s3")
        if s3 is None:
            return
        options: dict[str, Any] = {}
        if self.region != "us-east-1":
            options["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        try:
            s3.create_bucket(Bucket=str(outputs["bucket"]), **options)
        except ClientError as error:
            if _code(error) not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise

    def _object(self, name: str, inputs: Mapping[str, Any]) -> None:
        s3 = self._client("s3")
        if s3 is None:
            return
        bucket, key = str(inputs.get("bucket")), object_key(name, inputs)
        try:
            s3.put_object(Bucket=bucket, Key=key, Body=_body(inputs))
        except ClientError as error:
            if _code(error) == "NoSuchBucket":
                raise RuntimeError(
                    f"uploading s3://{bucket}/{key}: the bucket {bucket} does not exist. Declare it "
                    "(aws.s3.Bucket) and pass its `bucket` (or `id`), or name one that exists."
                ) from error
            raise
