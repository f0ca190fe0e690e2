# Sourced by benchmarks/run: writes the eventhos configuration of a phase.

# write_config FILE HTTP_PORT SUBSCRIBER_URL OTHER_CONTRACTS [STORE [INSTANCE]]
# The broker is $amqp_url, with the TLS settings of $broker_tls (", tls: {...}") when set.
# STORE is the `store` section as a YAML flow mapping, by default a SQLite file of its own
# ({ path: ".../eventhos-HTTP_PORT.sqlite" }); INSTANCE, when given, is `instance.name`.
# One producer, one event `bench-event` with one contract posting to SUBSCRIBER_URL, and
# OTHER_CONTRACTS more contracts, each on an event of its own that the load never sends.
# With $filter_contracts set (`filter_contracts=yes write_config ...`, the filtered phase), two more
# events with a filtered contract each, both posting to SUBSCRIBER_URL and both testing the same
# member of the bench body ({"id":42,"name":"Ada","pad":"x..."}, wrk's and eventhos-bench's alike):
# `bench-match` on `bench-match-event`, filter `body.id: { $eq: 42 }`, which every event passes, and
# `bench-skip` on `bench-skip-event`, filter `body.id: { $ne: 42 }`, which leaves every event out.
# With $ordered_contracts set (`ordered_contracts=yes write_config ...`, the ordered phase), three
# more events with a contract each, all three posting to SUBSCRIBER_URL and alike but for `ordering`:
# `bench-unordered` on `bench-unordered-event`, without it; `bench-ordered16` on
# `bench-ordered16-event`, `ordering: { key: "${.body.customerId}", partitions: 16 }`; and
# `bench-ordered1` on `bench-ordered1-event`, the same with `partitions: 1`. The key is the member
# that lib/post-keyed-event.lua varies in the bench body.
write_config() {
    local file=$1 http_port=$2 subscriber=$3 others=$4
    local store=${5:-"{ path: \"$work/eventhos-$http_port.sqlite\" }"} instance=${6:-}
    {
        cat <<YAML
server: { host: 127.0.0.1, port: $http_port }
broker: { url: "$amqp_url", queueType: quorum, prefetch: ${BENCH_PREFETCH:-64}${broker_tls:-} }
store: $store
log: { level: info }
YAML
        [ -z "$instance" ] || echo "instance: { name: $instance }"
        cat <<YAML
systems:
  - { identifier: bench-producer, name: Bench producer, type: Benchmark, class: producer, keys: [ { name: bench, key: "$bench_key" } ] }
  - { identifier: bench-subscriber, name: Bench subscriber, type: Benchmark, class: subscriber }
events:
  - { identifier: bench-event, name: Bench event, operation: new, producer: bench-producer }
  - { identifier: bench-solo, name: Bench event without contracts, operation: new, producer: bench-producer }
YAML
        for ((i = 1; i <= others; i++)); do
            echo "  - { identifier: other-event-$i, name: Other event $i, operation: new, producer: bench-producer }"
        done
        [ -z "${filter_contracts:-}" ] || cat <<'YAML'
  - { identifier: bench-match-event, name: Bench event passed by its filter, operation: new, producer: bench-producer }
  - { identifier: bench-skip-event, name: Bench event left out by its filter, operation: new, producer: bench-producer }
YAML
        [ -z "${ordered_contracts:-}" ] || cat <<'YAML'
  - { identifier: bench-unordered-event, name: Bench event of an unordered contract, operation: new, producer: bench-producer }
  - { identifier: bench-ordered16-event, name: Bench event of a contract ordered over 16 partitions, operation: new, producer: bench-producer }
  - { identifier: bench-ordered1-event, name: Bench event of a contract ordered over 1 partition, operation: new, producer: bench-producer }
YAML
        cat <<YAML
actions:
  - { identifier: bench-deliver, name: Bench deliver, operation: new, subscriber: bench-subscriber, http: { method: POST, url: "$subscriber" } }
contracts:
  - { identifier: bench-contract, name: Bench contract, event: bench-event, action: bench-deliver }
YAML
        for ((i = 1; i <= others; i++)); do
            echo "  - { identifier: other-contract-$i, name: Other contract $i, event: other-event-$i, action: bench-deliver }"
        done
        [ -z "${filter_contracts:-}" ] || cat <<'YAML'
  - { identifier: bench-match, name: Bench contract whose filter passes every event, event: bench-match-event, action: bench-deliver, filter: { body.id: { $eq: 42 } } }
  - { identifier: bench-skip, name: Bench contract whose filter leaves every event out, event: bench-skip-event, action: bench-deliver, filter: { body.id: { $ne: 42 } } }
YAML
        [ -z "${ordered_contracts:-}" ] || cat <<'YAML'
  - { identifier: bench-unordered, name: Bench contract without ordering, event: bench-unordered-event, action: bench-deliver }
  - { identifier: bench-ordered16, name: Bench contract ordered over 16 partitions, event: bench-ordered16-event, action: bench-deliver, ordering: { key: "${.body.customerId}", partitions: 16 } }
  - { identifier: bench-ordered1, name: Bench contract ordered over 1 partition, event: bench-ordered1-event, action: bench-deliver, ordering: { key: "${.body.customerId}", partitions: 1 } }
YAML
    } > "$file"
}
