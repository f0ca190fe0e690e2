-- wrk script: POSTs a 1 KiB JSON event to /event/send and counts the answers by status.
-- The key comes from BENCH_KEY; only 202s count as ingested.
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["access-key"] = os.getenv("BENCH_KEY")
local head, tail = '{"id":42,"name":"Ada","pad":"', '"}'
wrk.body = head .. string.rep("x", 1024 - #head - #tail) .. tail

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    accepted, other = 0, 0
end

function response(status, headers, body)
    if status == 202 then accepted = accepted + 1 else other = other + 1 end
end

function done(summary, latency, requests)
    local a, o = 0, 0
    for _, thread in ipairs(threads) do
        a = a + thread:get("accepted")
        o = o + thread:get("other")
    end
    local seconds = summary.duration / 1e6
    io.write(string.format("accepted=%d other=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f\n",
        a, o, seconds, a / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
