"""soak.py: a server under steady load for a long time, with a writer.

wrk (Debian's) at C connections on a report page, the recommendation list and
an API read, or a Python client where wrk is missing; one writer posts an API
update every WRITE_EVERY seconds; the server's RSS sampled every SAMPLE
seconds. Passes with zero errors (connection errors, timeouts, non-2xx, a
writer refused) and an RSS that stays flat: the last quarter's median within
FLAT of the first quarter's (after a warm-up of WARM seconds).

Not for: throughput figures (bench/http.sh) or crashes (kill.py).
"""
import os
import shutil
import subprocess
import threading
import time

from lib import Auditrack, Server, api_update, copy_db, need, rss_kb

SAMPLE, WRITE_EVERY, WARM, FLAT = 5, 0.5, 30, 1.25

LUA = """
local paths = {"/api/v1/recs/3", "/api/v1/audits", "/api/v1/reports/summary"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[i %% #paths + 1], {["Authorization"] = "Bearer %s"})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("SOAK requests=%%d connect=%%d read=%%d write=%%d status=%%d timeout=%%d\\n",
    summary.requests, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def py_load(port, token, conns, seconds, out):
    """wrk's stand-in: conns threads, each one keep-alive connection at a time."""
    import http.client
    stop = time.time() + seconds
    lock = threading.Lock()
    paths = ["/api/v1/recs/3", "/api/v1/audits", "/api/v1/reports/summary"]

    def one():
        n = err = 0
        c = None
        while time.time() < stop:
            try:
                if c is None:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", paths[n % 3], headers={"Authorization": "Bearer " + token})
                r = c.getresponse()
                r.read()
                if r.status >= 300:
                    err += 1
            except (OSError, http.client.HTTPException):
                err += 1
                c = None
            n += 1
        with lock:
            out["requests"] += n
            out["errors"] += err

    ts = [threading.Thread(target=one) for _ in range(conns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def run(binary, db_src, token, work, conns, seconds, log):
    """Returns a dict of figures; raises Failure when errors or RSS growth are seen."""
    db = os.path.join(work, "soak.db")
    copy_db(db_src, db)
    at = Auditrack(binary, db)
    srv = Server(at, os.path.join(work, "soak-server.log"), "--max-per-address", "0",
                 "--log", os.path.join(work, "soak-access.log"))
    figures = {"connections": conns, "seconds": seconds, "requests": 0, "errors": 0,
               "writes": 0, "write_errors": 0, "tool": "wrk" if shutil.which("wrk") else "python"}
    samples, stop = [], threading.Event()

    def sampler():
        t0 = time.time()
        while not stop.wait(SAMPLE if samples else 0):
            samples.append((round(time.time() - t0), rss_kb(srv.p.pid)))

    def writer():
        k = 0
        while not stop.wait(WRITE_EVERY):
            k += 1
            st = api_update(srv.port, token, 1 + k % 150, "soak write %d" % k)
            figures["writes"] += 1
            if st != 201:
                figures["write_errors"] += 1

    ts = [threading.Thread(target=sampler), threading.Thread(target=writer)]
    for t in ts:
        t.start()
    try:
        if figures["tool"] == "wrk":
            lua = os.path.join(work, "soak.lua")
            with open(lua, "w") as f:
                f.write(LUA % token)
            threads = min(conns, 2)
            p = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % seconds,
                                "--timeout", "30s", "-s", lua, "http://127.0.0.1:%d/" % srv.port],
                               capture_output=True, text=True)
            line = [l for l in p.stdout.splitlines() if l.startswith("SOAK ")]
            need(line, "wrk printed no summary: %s %s" % (p.stdout[-500:], p.stderr[-500:]))
            kv = dict(x.split("=") for x in line[0].split()[1:])
            figures["requests"] = int(kv["requests"])
            figures["errors"] = sum(int(kv[k]) for k in ("connect", "read", "write", "status",
                                                          "timeout"))
        else:
            py_load(srv.port, token, conns, seconds, figures)
    finally:
        stop.set()
        for t in ts:
            t.join()
        srv.stop()
    warm = [kb for (t, kb) in samples if t >= min(WARM, seconds / 3)]
    need(len(warm) >= 2, "too few RSS samples: %r" % samples)
    q = max(1, len(warm) // 4)
    first, last = sorted(warm[:q])[q // 2], sorted(warm[-q:])[q // 2]
    figures.update(rss_start_kb=samples[0][1], rss_warm_kb=first, rss_end_kb=last,
                   rss_max_kb=max(kb for _, kb in samples), samples=len(samples))
    log("soak %s: %d connections for %d s: %d requests, %d errors; %d writes, %d refused; "
        "RSS %d KB at start, %d KB warm, %d KB at the end (max %d KB)" % (
            figures["tool"], conns, seconds, figures["requests"], figures["errors"],
            figures["writes"], figures["write_errors"], figures["rss_start_kb"], first, last,
            figures["rss_max_kb"]))
    need(figures["errors"] == 0, "%d request errors" % figures["errors"])
    need(figures["write_errors"] == 0, "%d writes refused" % figures["write_errors"])
    need(last <= first * FLAT, "RSS grew from %d KB to %d KB" % (first, last))
    return figures
