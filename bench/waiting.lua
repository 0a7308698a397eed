-- Used by bench/waiting: POSTs a valid football body and counts the answers that are 504 and those that are not.
-- Ends with one parseable "WAIT ..." line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"game_id": "w1", "home_expected": 1.5, "away_expected": 1.1}'

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  timeouts, others = 0, 0
end

function response(status, headers, body)
  if status == 504 then timeouts = timeouts + 1 else others = others + 1 end
end

function done(summary, latency, requests)
  local t, o = 0, 0
  for _, thread in ipairs(threads) do
    t = t + thread:get("timeouts")
    o = o + thread:get("others")
  end
  local e = summary.errors
  io.write(string.format("WAIT answered=%d gateway_timeouts=%d other_answers=%d socket_errors=%d p50_ms=%.0f max_ms=%.0f\n",
    summary.requests, t, o, e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency.max / 1000))
end
