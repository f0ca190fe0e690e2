"""What the admin API's OpenAPI document says in words but JSON Schema cannot: schemathesis hooks of
scripts/api-conformance, applied to the requests it generates as valid (positive) ones only.

Each rule below is written in the document's descriptions, and the server refuses a body that breaks
it (422, or 409 for a taken name); a generator that knows only the schemas cannot follow them, so
they are followed here, and only here, before the request is sent. Requests generated as invalid
(negative) are sent as generated.

- References name live rows (a system, an event, an action): they are pointed at rows of
  Tests/api-conformance/eventhos.yaml that fit (a hybrid system, its event and its action).
- The identifier in the body of a PUT is the path's, if given at all.
- An amqpUser names one system: each generated one is made unique.
- A circuit breaker's maxOpenFor is at least its openFor (30s when not given).
- A retry delay is at most 49d17h2m47s295ms (RabbitMQ's longest message TTL).
- A status is named in one list of a responses policy only.
- A cursor is one the API gave: the generated text is made into one as the API makes them.

One failure is not kept (filter_failure below): the use_after_free check's reading of
`DELETE /contracts/{id}/dead-letters`. That route purges a contract's dead queue, as the document
says ("how many were deleted"): the queue stays, empty, and listing it afterwards answers 200 with
no items. The check takes a DELETE on a path with a parameter to remove what the path names; here
it empties a collection that lives as long as its contract. Only that pair is let through: the
list of a contract's dead letters read after that contract's purge.
"""

import base64
import itertools
import json
import re

import schemathesis
from schemathesis import GenerationMode

SYSTEM = "hub"  # hybrid: it may produce events and subscribe actions
EVENT = "hub-changed"  # produced by the hub
ACTION = "hub-notify"  # subscribed by the hub

_UNIT = {"d": 86_400_000, "h": 3_600_000, "m": 60_000, "s": 1_000, "ms": 1}
_unique = itertools.count(1)


def _milliseconds(text):
    return sum(int(count) * _UNIT[unit] for count, unit in re.findall(r"([0-9]+)(ms|d|h|m|s)", text))


def _replace_references(body, kind):
    if kind == "events" and isinstance(body.get("producer"), str):
        body["producer"] = SYSTEM
    if kind == "actions":
        if isinstance(body.get("subscriber"), str):
            body["subscriber"] = SYSTEM
        if isinstance(body.get("replyTo"), str):
            body["replyTo"] = EVENT
    if kind == "contracts":
        if isinstance(body.get("event"), str):
            body["event"] = EVENT
        if isinstance(body.get("action"), str):
            body["action"] = ACTION


def _one_list_per_status(policy):
    if not isinstance(policy, dict):
        return
    seen = set()
    for name in ("success", "retry", "dead"):
        statuses = policy.get(name)
        if isinstance(statuses, list) and all(isinstance(status, str) for status in statuses):
            # The first list naming a status keeps it, so the policy still names at least one.
            policy[name] = [status for status in statuses if status not in seen]
            seen.update(statuses)


def _circuit_breaker(breaker):
    if not isinstance(breaker, dict) or not isinstance(breaker.get("maxOpenFor"), str):
        return
    open_for = breaker.get("openFor", "30s")
    if isinstance(open_for, str) and _milliseconds(breaker["maxOpenFor"]) < _milliseconds(open_for):
        breaker["maxOpenFor"] = open_for


_LONGEST_RETRY_DELAY = "49d17h2m47s295ms"


def _retry_delays(retry):
    if not isinstance(retry, dict) or not isinstance(retry.get("backoff"), list):
        return
    retry["backoff"] = [
        _LONGEST_RETRY_DELAY if isinstance(delay, str) and _milliseconds(delay) > _milliseconds(_LONGEST_RETRY_DELAY) else delay
        for delay in retry["backoff"]
    ]


def _cursor(text):
    """A cursor naming the sort key [text], as the API writes one: base64url of its JSON, unpadded."""
    return base64.urlsafe_b64encode(json.dumps([text]).encode()).decode().rstrip("=")


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return
    if isinstance(case.query, dict) and isinstance(case.query.get("cursor"), str):
        case.query["cursor"] = _cursor(case.query["cursor"])
    if not isinstance(case.body, dict):
        return
    parts = case.operation.path.strip("/").split("/")
    kind = parts[0]
    body = case.body
    if len(parts) == 2 and parts[1] == "{id}" and case.method.upper() == "PUT" and "identifier" in body:
        body["identifier"] = case.path_parameters["id"]
    if len(parts) <= 2 and kind in ("systems", "events", "actions", "contracts") and case.method.upper() in ("POST", "PUT"):
        _replace_references(body, kind)
        if isinstance(body.get("amqpUser"), str):
            body["amqpUser"] = f"{body['amqpUser']}-{next(_unique)}"
        _one_list_per_status(body.get("responses"))
        _circuit_breaker(body.get("circuitBreaker"))
        _retry_delays(body.get("retry"))


@schemathesis.hook
def filter_failure(context, failure, case, response):
    purge_then_list = (
        failure.code == "ST301"
        and case.method.upper() == "GET"
        and case.operation.path == "/contracts/{id}/dead-letters"
        and getattr(failure, "usage", "").startswith("GET /")
        and getattr(failure, "free", None) == "DELETE " + failure.usage[len("GET ") :]
        and response.status_code == 200
    )
    return not purge_then_list
