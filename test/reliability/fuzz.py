"""fuzz.py: every build/fuzz/fuzz_* target for a while, its executions recorded.

Each target runs for S seconds (-max_total_time) from its corpus (test/fuzz/corpus/NAME, plus a
scratch copy so the stored corpus is not changed) and passes when libFuzzer
exits 0: no crash, leak, sanitizer report or timeout.

Not for: building the targets (make's FUZZ_TARGETS).
"""
import os
import re
import subprocess
import time

from lib import ROOT


def run(seconds, work, log):
    """Returns ({target: executions}, failures)."""
    done, failures = {}, []
    d = os.path.join(ROOT, "build/fuzz")
    targets = sorted(n for n in os.listdir(d) if n.startswith("fuzz_")) if os.path.isdir(d) else []
    if not targets:
        failures.append("fuzz: no targets in build/fuzz (make build/fuzz/fuzz_csv ...)")
    for n in targets:
        corpus = os.path.join(work, "corpus-" + n)
        os.makedirs(corpus, exist_ok=True)
        t = time.time()
        p = subprocess.run([os.path.join(d, n), "-max_total_time=%d" % seconds, "-timeout=10",
                            "-print_final_stats=1", corpus,
                            os.path.join(ROOT, "test/fuzz/corpus", n)],
                           capture_output=True, text=True)
        m = re.search(r"stat::number_of_executed_units:\s*(\d+)", p.stderr)
        execs = int(m.group(1)) if m else 0
        done[n] = execs
        if p.returncode != 0:
            failures.append("fuzz %s exited %d" % (n, p.returncode))
            log("FAIL fuzz %s: %s" % (n, p.stderr[-1500:]))
        else:
            log("fuzz %-12s %d executions in %.0f s" % (n, execs, time.time() - t))
    return done, failures
