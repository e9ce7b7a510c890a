"""The log tail is a courtesy: it never fails a wait, says once when it cannot read, and reads each event
once however often it looks."""

from __future__ import annotations

from botocore.exceptions import ClientError
from pulumi_sagemaker.lifecycle import LogTail


def refusing(code: str):
    calls = []

    def call(operation, service=None, **params):
        calls.append(operation)
        raise ClientError({"Error": {"Code": code, "Message": "no"}}, operation)

    return call, calls


def test_a_missing_permission_is_said_once_and_the_wait_goes_on():
    call, calls = refusing("AccessDeniedException")
    said: list[str] = []
    tail = LogTail(call, "/aws/sagemaker/TrainingJobs", "job", said.append, interval=0.01)
    tail.start()
    tail.finish()
    tail.finish()
    assert said == ["no logs shown (AccessDeniedException: no); the wait goes on"]
    assert calls == ["DescribeLogStreams"], "it stops asking once refused"


def test_no_log_group_yet_is_no_news():
    call, _ = refusing("ResourceNotFoundException")
    said: list[str] = []
    tail = LogTail(call, "/aws/sagemaker/TrainingJobs", "job", said.append, interval=0.01)
    tail.start()
    tail.finish()
    assert said == []


def test_each_event_is_printed_once_with_its_stream():
    events = {"job/algo-1-1": ["a", "b"], "job/algo-2-1": ["c"]}

    def call(operation, service=None, **params):
        if operation == "DescribeLogStreams":
            return {"logStreams": [{"logStreamName": name} for name in events]}
        stream, token = params["logStreamName"], params.get("nextToken")
        if token == f"{stream}/end":
            return {"events": [], "nextForwardToken": token}
        return {"events": [{"message": m} for m in events[stream]], "nextForwardToken": f"{stream}/end"}

    said: list[str] = []
    tail = LogTail(call, "/aws/sagemaker/TrainingJobs", "job", said.append, interval=0.01)
    tail.start()
    tail.finish()
    assert said == ["[algo-1-1] a", "[algo-1-1] b", "[algo-2-1] c"]
    assert list(tail.last_lines) == said
