"""`python -m pulumi_sagemaker.testing serve` (and `python -m pulumi_sagemaker_local`): starts, prints
its URL, answers, exits on SIGTERM."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError


def line_reader(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """Lines of the server's stdout, read by a thread so that waiting can time out."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


@pytest.mark.parametrize(
    ("command", "checks"),
    [(["pulumi_sagemaker.testing", "serve"], False), (["pulumi_sagemaker_local", "--check-existence"], True)],
)
def test_serve_prints_url_answers_and_stops_on_sigterm(command: list[str], checks: bool) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", *command, "--port", "0", "--region", "eu-west-1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = line_reader(process)
    try:
        first = lines.get(timeout=30)
        url = first.split()[-1]
        assert url.startswith("http://127.0.0.1:")
        second = lines.get(timeout=5)
        assert f"pulumi config set sagemaker:endpointUrl {url}" in second
        # pulumi-aws's roles and buckets must land in this server's IAM and S3 for its checks to see them.
        assert f"'aws:endpoints[0].iam' {url}" in second and f"'aws:endpoints[0].s3' {url}" in second
        client = boto3.client(
            "sagemaker",
            region_name="eu-west-1",
            endpoint_url=url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}),
        )
        assert client.list_training_jobs()["TrainingJobSummaries"] == []
        role = "arn:aws:iam::123456789012:role/nobody"
        try:
            client.create_model(ModelName="m", ExecutionRoleArn=role, PrimaryContainer={"Image": "img:1"})
            refused = None
        except ClientError as error:
            refused = error.response["Error"]["Message"]
        assert (refused is not None) == checks, "--check-existence looks the role up, no flag does not"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
