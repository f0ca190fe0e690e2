#!/usr/bin/env python3
"""Redrive rate of `eventhos dlq redrive`: fills one contract's dead queue with dead letters,
then times the command that sends them back to the contract's queue.

    python3 benchmarks/redrive-10k.py [--eventhos .build/release/eventhos] [--count 10000]

The queues are classic ones, like those of the tests that share the broker (`eventhos.audit`
exists once per broker, with one queue type).

Needs a broker (AMQP_URL, default amqp://guest:guest@127.0.0.1:5672/%2f) and `pip install pika`.
Nothing serves the contract during the run, so the redriven messages wait in its queue; the
script deletes both queues at the end.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pika


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eventhos", default=".build/release/eventhos")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--body-bytes", type=int, default=1024)
    args = parser.parse_args()
    url = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2f")
    tag = "r" + uuid.uuid4().hex[:8]
    contract = f"{tag}-to-billing"
    work = Path(tempfile.mkdtemp(prefix="eventhos-redrive-"))
    config = work / "eventhos.yaml"
    config.write_text(f"""
broker: {{ url: "{url}", queueType: classic }}
store: {{ path: "{work / 'eventhos.sqlite'}" }}
log: {{ level: warning }}
systems:
  - {{ identifier: {tag}-crm, name: CRM, type: SaaS, class: producer, keys: [ {{ name: default, key: "key-{tag}-0123456789" }} ] }}
  - {{ identifier: {tag}-billing, name: Billing, type: ERP, class: subscriber }}
events:
  - {{ identifier: {tag}-customer-created, name: Customer created, operation: new, producer: {tag}-crm }}
actions:
  - {{ identifier: {tag}-create-account, name: Create account, operation: new, subscriber: {tag}-billing,
      http: {{ method: POST, url: "http://127.0.0.1:9/accounts" }} }}
contracts:
  - {{ identifier: {contract}, name: CRM to billing, event: {tag}-customer-created, action: {tag}-create-account }}
""")
    run([args.eventhos, "apply", "--config", str(config)])
    dead, live = f"eventhos.contract.{contract}.dead", f"eventhos.contract.{contract}"
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    try:
        fill(channel, dead, tag, args.count, args.body_bytes)
        started = time.monotonic()
        output = run([args.eventhos, "dlq", "redrive", contract, "--config", str(config)])
        elapsed = time.monotonic() - started
        depths = (depth(channel, dead), depth(channel, live))
        print(output.strip())
        print(f"wall clock, process start included: {args.count} dead letters in {elapsed:.2f} s "
              f"= {args.count / elapsed:.0f} messages/s; dead queue {depths[0]}, contract queue {depths[1]}")
        return 0 if depths == (0, args.count) else 1
    finally:
        channel.queue_delete(dead)
        channel.queue_delete(live)
        connection.close()


def fill(channel, queue: str, tag: str, count: int, body_bytes: int) -> None:
    """Publishes `count` messages shaped as the contract worker dead-letters them, confirmed."""
    channel.confirm_delivery()
    body = json.dumps({"id": 1, "pad": "x" * max(0, body_bytes - 20)})
    now = int(time.time() * 1000)
    for _ in range(count):
        channel.basic_publish("", queue, body, pika.BasicProperties(
            delivery_mode=2, content_type="application/json", message_id=str(uuid.uuid4()),
            headers={"eventhos-source": "webhook", "eventhos-producer": f"{tag}-crm", "eventhos-received-at": now,
                     "eventhos-attempt": 6, "eventhos-attempts": 6, "eventhos-dead-reason": "attempts-exhausted",
                     "eventhos-last-status": 503, "eventhos-last-error": "HTTP 503",
                     "eventhos-first-try-at": now, "eventhos-last-try-at": now}), mandatory=True)


def depth(channel, queue: str) -> int:
    return channel.queue_declare(queue, passive=True).method.message_count


def run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result.stdout


if __name__ == "__main__":
    sys.exit(main())
