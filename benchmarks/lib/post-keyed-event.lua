-- wrk script of the ordered phase (lib/ordered.sh): as post-event.lua, a 1 KiB JSON event POSTed
-- to /event/send with the key of BENCH_KEY, answers counted by status (only 202s as ingested), but
-- each request's body carries an ordering key that varies:
--   {"id":42,"customerId":"c000123","name":"Ada","pad":"xxx..."}
-- `customerId` cycles over BENCH_ORDERED_KEYS values (default 1000, at most 1,000,000), c000000,
-- c000001, ..., in each wrk thread, so that an ordered contract keyed on `${.body.customerId}`
-- spreads the events over its partitions. The key has a fixed width: every body is 1,024 bytes,
-- as post-event.lua's. The request is formatted once (init); each request only splices its key in.
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["access-key"] = os.getenv("BENCH_KEY")
local keys = math.floor(tonumber(os.getenv("BENCH_ORDERED_KEYS") or "") or 1000)
if keys < 1 then keys = 1 elseif keys > 1000000 then keys = 1000000 end
local placeholder = '"customerId":"c000000"'
local head, tail = '{"id":42,' .. placeholder .. ',"name":"Ada","pad":"', '"}'
wrk.body = head .. string.rep("x", 1024 - #head - #tail) .. tail

local threads = {}
local before, after  -- the formatted request around the placeholder (init)
local sent = 0

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    accepted, other = 0, 0
    local text = wrk.format()
    local at = string.find(text, placeholder, 1, true)
    before, after = string.sub(text, 1, at - 1), string.sub(text, at + #placeholder)
end

function request()
    local key = sent % keys
    sent = sent + 1
    return before .. string.format('"customerId":"c%06d"', key) .. after
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
