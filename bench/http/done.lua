-- bench/http/done.lua: wrk's end-of-run summary on one line, in exact units, for bench/http.sh.
-- Only done() is defined: a response() callback would make wrk buffer every body and call
-- Lua per response, which costs the client 10-25% of its throughput on a 2-CPU machine and
-- would be charged to every server alike. bench/http.sh checks statuses another way.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p99_us=%d p50_us=%d connect=%d"
    .. " read=%d write=%d status=%d timeout=%d bytes=%d\n",
    summary.requests, summary.duration, latency:percentile(99), latency:percentile(50),
    e.connect, e.read, e.write, e.status, e.timeout, summary.bytes))
end
