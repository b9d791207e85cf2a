#!/usr/bin/python3
"""reliability.py: the reliability suite (docs/reliability.md): kill -9 trials,
full and read-only storage, a soak under load, and every fuzz target.

usage: reliability.py [--short] [--trials N] [--soak-seconds S] [--soak-connections C]
                      [--fuzz-seconds S] [--only kill,disk,soak,fuzz] [--seed N] [--json FILE]

The full run (make reliability): 100 trials of each kill kind, every disk case,
600 s of load at 200 connections, 120 s of each fuzz target (its executions
recorded). The short form (--short, part of make check): 5 trials of each
kind, every disk case, 10 s of load, no fuzzing (make check runs the fuzz
targets itself).
Everything runs ./auditrack (the release build), but for the full run's disk
cases: the ASan+UBSan build (build/asan/auditrack) when it exists, so that
those error paths also run under the sanitizers (test/e2e/storage.sh runs the
main ones under them in make check). Prints a line per part and ends with
"reliability: N passed, M failed"; --json writes the figures.

Not for: benchmarks (bench/) or the functional tests (test/e2e).
"""
import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import disk  # noqa: E402
import fuzz  # noqa: E402
import kill  # noqa: E402
import soak  # noqa: E402
from lib import ROOT, Failure  # noqa: E402


def log(msg):
    print(msg, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--soak-seconds", type=int)
    ap.add_argument("--soak-connections", type=int, default=200)
    ap.add_argument("--fuzz-seconds", type=int)
    ap.add_argument("--only", default="kill,disk,soak,fuzz")
    ap.add_argument("--kinds", default="import,update,notify,serve", help="the kill trials' kinds")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--json")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    trials = a.trials or (5 if a.short else 100)
    soak_s = a.soak_seconds or (10 if a.short else 600)
    fuzz_s = a.fuzz_seconds if a.fuzz_seconds is not None else (0 if a.short else 120)
    parts = a.only.split(",")
    fast = os.path.join(ROOT, "auditrack")
    asan = os.path.join(ROOT, "build/asan/auditrack")
    checked = asan if os.path.exists(asan) and not a.short else fast
    gen = os.path.join(ROOT, "build/bench-gen")
    for p in (fast, gen):
        if not os.path.exists(p):
            log("reliability: %s is missing (make auditrack build/bench-gen)" % p)
            return 2
    work = tempfile.mkdtemp(prefix="auditrack-reliability-")
    figures = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "machine": "%s, %d CPUs" % (platform.machine(), os.cpu_count()),
               "seed": a.seed, "short": a.short}
    passed = failed = 0
    log("reliability: seed %d, work in %s" % (a.seed, work))
    try:
        fx = kill.Fixtures(fast, gen, os.path.join(work, "kill"))
        if "kill" in parts:
            st = kill.run(a.kinds.split(","), trials, fx, a.seed, log)
            figures["kill"] = {k: {"trials": trials, "passed": s.trials, "acknowledged": s.acked,
                                   "lost": s.lost, "messages": s.mail,
                                   "duplicates": s.dup_mail, "held": s.held}
                                for k, s in st.items()}
            for s in st.values():
                passed += s.trials
                failed += len(s.failures)
        if "disk" in parts:
            ok, fails = disk.run(fx, checked, log)
            figures["disk"] = {"passed": ok, "failed": len(fails)}
            passed += ok
            failed += len(fails)
        if "soak" in parts:
            try:
                figures["soak"] = soak.run(fast, fx.recs, fx.token, work,
                                           a.soak_connections, soak_s, log)
                passed += 1
            except Failure as e:
                log("FAIL soak: %s" % e)
                failed += 1
        if "fuzz" in parts and fuzz_s:
            done, fails = fuzz.run(fuzz_s, work, log)
            figures["fuzz"] = done
            passed += len(done) - len(fails)
            failed += len(fails)
    except Failure as e:
        log("FAIL reliability: %s" % e)
        failed += 1
    finally:
        if a.json:
            with open(a.json, "w") as f:
                json.dump(figures, f, indent=1)
        if a.keep or failed:
            log("reliability: work kept in %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    log("reliability: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
