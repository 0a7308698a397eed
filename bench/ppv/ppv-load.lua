-- Usage: wrk -t1 -c32 -d10s -s bench/ppv/ppv-load.lua http://127.0.0.1:8080/api/v1/ppv
-- POSTs one order step as the IVR does; counts answers whose callresult is not OK; ends with one "WRK ..." line.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"content": "{\'connid\':\'012703395c597610\',\'EV\':\'262193\'}"}'
local not_ok = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if not string.find(body, '"OK"', 1, true) then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("not_ok") or 0)
  end
  local e = summary.errors
  io.write(string.format("WRK rps=%.1f p50_us=%d p99_us=%d requests=%d not_ok=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, bad, e.status, e.connect + e.read + e.write + e.timeout))
end
