-- Usage: wrk -t1 -c32 -d10s -s bench/rpc-hello.lua http://127.0.0.1:8080/greeting_service.hello
-- POSTs a valid call of the RPC bridge, as the old clients did (curl -d: a form Content-Type); ends with one
-- parseable "WRK ..." line, like ../shared/bench/http-load.lua.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = '[["Bob"], {"last_name": "Ross"}]'

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK rps=%.1f p50_us=%d p99_us=%d requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
