"""kill.py: kill -9 at a random moment of a write, then check what survived.

Four kinds of trial, each on a fresh copy of a prepared database:
  import   a 1,000-row tracker import (all or nothing: 0 or 1,000 recommendations)
  update   `rec update` in a loop (odd trials) or API update POSTs to a server
           (even trials); the command or the server is killed
  notify   `notify` sending ~40 digests to test/e2e/smtp_sink.py
  serve    a server under load (4 readers, 2 writers) killed
After each kill: `auditrack verify`, PRAGMA integrity_check, every acknowledged
write present exactly once (exit 0, HTTP 201), no message accepted twice by the
sink (counted by Message-ID), and a write after the crash succeeds.

Not for: full or read-only storage (disk.py) or long load (soak.py).
"""
import os
import random
import shutil
import threading
import time

from lib import (Auditrack, Failure, Server, Sink, add_user, api_update, check_db, copy_db,
                 kill9, make_token, need, query, remove_db, request)

IMPORT_ROWS = 1000
AS_AT = "2025-03-31"


class Fixtures:
    """Databases every trial of a kind starts from, built once."""

    def __init__(self, fast, gen, work):
        self.fast, self.work = fast, work
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        self.csv = []
        for seed in (1, 2, 3):
            p = os.path.join(work, "gen%d.csv" % seed)
            os.system("%s %d %d >%s 2>/dev/null" % (gen, IMPORT_ROWS if seed < 3 else 200, seed, p))
            self.csv.append(p)
        self.base = os.path.join(work, "base.db")
        remove_db(self.base)
        at = Auditrack(fast, self.base)
        at.ok("init", "--org", "Reliability Council")
        add_user(at, "admin", "admin")
        self.token = make_token(at, "admin")
        self.recs = os.path.join(work, "recs.db")
        copy_db(self.base, self.recs)
        Auditrack(fast, self.recs).ok("import", "--quiet", self.csv[2])
        self.nrecs = query(self.recs, "SELECT count(*) FROM rec")[0][0]
        self.notify = os.path.join(work, "notify.db")
        copy_db(self.recs, self.notify)
        at = Auditrack(fast, self.notify)
        rows = query(self.notify, "SELECT director FROM rec WHERE director<>'' GROUP BY director"
                     " ORDER BY count(*) DESC, director LIMIT 40")
        for i, (name,) in enumerate(rows):
            at.ok("person", "set", name, "--email", "director%d@council.example" % i)
        for k, v in (("smtp-tls", "none"), ("smtp-timeout", "5"),
                     ("from", "audit@council.example"), ("base-url", "https://audit.example/")):
            at.ok("notify", "set", k, v)
        # How long the whole of each write takes: kills are spread over that.
        t = time.time()
        copy_db(self.base, os.path.join(work, "time.db"))
        Auditrack(fast, os.path.join(work, "time.db")).ok("import", "--quiet", self.csv[0])
        self.import_s = time.time() - t


class Stats:
    def __init__(self):
        self.trials = self.acked = self.lost = self.dup_mail = self.held = self.mail = 0
        self.failures = []


def trial_import(fx, st, rnd, d):
    db = os.path.join(d, "t.db")
    copy_db(fx.base, db)
    at = Auditrack(fx.fast, db)
    p = at.start("import", "--quiet", fx.csv[0], stdout=open(os.devnull, "w"),
                 stderr=open(os.devnull, "w"))
    time.sleep(rnd.uniform(0, fx.import_s * 1.2))
    acked = p.poll() == 0
    kill9(p)
    check_db(at)
    n = query(db, "SELECT count(*) FROM rec")[0][0]
    need(n in (0, IMPORT_ROWS), "half an import: %d recommendations" % n)
    if acked:
        st.acked += 1
        if n != IMPORT_ROWS:
            st.lost += 1
            raise Failure("an acknowledged import is missing")
    at.ok("import", "--quiet", fx.csv[1])
    st.acked += 1
    need(query(db, "SELECT count(*) FROM rec")[0][0] == n + IMPORT_ROWS, "the import after the crash")
    check_db(at)


def present(db, texts):
    """How many times each text is in the progress table."""
    have = {}
    for (t,) in query(db, "SELECT narrative FROM progress WHERE narrative LIKE 'trial %'"):
        have[t] = have.get(t, 0) + 1
    return have


def check_acked(st, db, acked, tried):
    have = present(db, tried)
    for t in acked:
        st.acked += 1
        if have.get(t, 0) != 1:
            st.lost += 1
            raise Failure("acknowledged write '%s' found %d times" % (t, have.get(t, 0)))
    for t in tried:
        need(have.get(t, 0) <= 1, "write '%s' recorded twice" % t)


def trial_update_cli(fx, st, rnd, d, n):
    db = os.path.join(d, "t.db")
    copy_db(fx.recs, db)
    at = Auditrack(fx.fast, db)
    deadline = time.time() + rnd.uniform(0.05, 1.5)
    acked, tried, k = [], [], 0
    while True:
        text = "trial %d update %d" % (n, k)
        k += 1
        tried.append(text)
        p = at.start("rec", "update", str(rnd.randint(1, fx.nrecs)), "--text", text, "--on",
                     "2025-04-01", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
        left = deadline - time.time()
        try:
            rc = p.wait(timeout=max(left, 0))
        except Exception:
            kill9(p)
            break
        need(rc == 0, "rec update failed before any kill (%d)" % rc)
        acked.append(text)
    check_db(at)
    check_acked(st, db, acked, tried)
    at.ok("rec", "update", "1", "--text", "trial %d after" % n)
    st.acked += 1


def writer(port, token, nrecs, n, tag, stop, acked, tried, rnd):
    k = 0
    while not stop.is_set():
        text = "trial %d %s %d" % (n, tag, k)
        k += 1
        tried.append(text)
        status = api_update(port, token, rnd.randint(1, nrecs), text)
        if status == 201:
            acked.append(text)
        elif status:
            raise Failure("an update answered %d before any kill" % status)


def reader(port, token, stop):
    paths = ["/api/v1/recs", "/api/v1/audits", "/api/v1/reports/summary", "/api/v1/recs/1"]
    i = 0
    while not stop.is_set():
        try:
            request(port, "GET", paths[i % len(paths)], None,
                    {"Authorization": "Bearer " + token}, timeout=10)
        except OSError:
            pass
        i += 1


def trial_server(fx, st, rnd, d, n, readers, writers):
    db = os.path.join(d, "t.db")
    copy_db(fx.recs, db)
    at = Auditrack(fx.fast, db)
    srv = Server(at, os.path.join(d, "server.log"), "--threads", "2", "--max-per-address", "0")
    stop = threading.Event()
    acked, tried, errors, threads = [], [], [], []

    def guard(f, *a):
        try:
            f(*a)
        except Failure as e:
            errors.append(str(e))

    for w in range(writers):
        threads.append(threading.Thread(target=guard, args=(
            writer, srv.port, fx.token, fx.nrecs, n, "w%d" % w, stop, acked, tried,
            random.Random(rnd.random()))))
    for _ in range(readers):
        threads.append(threading.Thread(target=reader, args=(srv.port, fx.token, stop)))
    for t in threads:
        t.start()
    time.sleep(rnd.uniform(0.2, 2.0))
    srv.kill()
    stop.set()
    for t in threads:
        t.join()
    need(not errors, "; ".join(errors[:3]))
    check_db(at)
    check_acked(st, db, acked, tried)
    srv = Server(at, os.path.join(d, "server.log"), "--threads", "2")
    try:
        need(api_update(srv.port, fx.token, 1, "trial %d after" % n) == 201,
             "an update after the restart")
        st.acked += 1
    finally:
        srv.stop()


def trial_notify(fx, st, rnd, d, n, duration):
    db = os.path.join(d, "t.db")
    copy_db(fx.notify, db)
    at = Auditrack(fx.fast, db)
    sink = Sink(os.path.join(d, "sink"))
    try:
        at.ok("notify", "set", "smtp-url", "smtp://127.0.0.1:%d" % sink.port)
        p = at.start("notify", "--as-at", AS_AT, stdout=open(os.devnull, "w"),
                     stderr=open(os.devnull, "w"))
        time.sleep(rnd.uniform(0, duration * 1.1))
        kill9(p)
        check_db(at)
        seen = set(sink.message_ids())
        sent = set("<%s>" % m.strip("<>") for (m,) in query(
            db, "SELECT message_id FROM outbox WHERE state='sent'"))
        for m in sent:
            st.acked += 1
            if m not in seen:
                st.lost += 1
                raise Failure("message %s marked sent but never reached the sink" % m)
        # Accepted by the server but not yet marked sent: the kill fell between
        # the server's answer and the commit. It was marked 'sending' first, so
        # the next run holds it as 'unknown' instead of sending it again.
        inflight = seen - sent
        need(len(inflight) <= 1, "%d messages accepted but not marked sent" % len(inflight))
        at.ok("notify", "--as-at", AS_AT)
        check_db(at)
        ids = sink.message_ids()
        st.mail += len(ids)
        twice = set(m for m in ids if ids.count(m) > 1)
        st.dup_mail += len(ids) - len(set(ids))
        need(not twice, "messages accepted twice: %s" % sorted(twice))
        queued = query(db, "SELECT count(*) FROM outbox WHERE state='queued'"
                           " AND flight IS NULL")[0][0]
        need(queued == 0, "%d messages still queued after a clean run" % queued)
        held = set("<%s>" % m.strip("<>") for (m,) in query(
            db, "SELECT message_id FROM outbox WHERE state='queued' AND flight='unknown'"))
        st.held += len(held)
        need(len(held) <= 1 and inflight <= held,
             "held %s, in flight at the kill %s" % (sorted(held), sorted(inflight)))
        nsent = query(db, "SELECT count(*) FROM outbox WHERE state='sent'")[0][0]
        need(nsent == len(set(ids) - held),
             "%d sent in the outbox, %d at the sink" % (nsent, len(set(ids) - held)))
    finally:
        sink.stop()


def notify_duration(fx, d):
    """Seconds a whole notification run takes (kills are spread over them), and its messages."""
    db = os.path.join(d, "time.db")
    copy_db(fx.notify, db)
    at = Auditrack(fx.fast, db)
    sink = Sink(os.path.join(d, "time-sink"))
    try:
        at.ok("notify", "set", "smtp-url", "smtp://127.0.0.1:%d" % sink.port)
        t = time.time()
        at.ok("notify", "--as-at", AS_AT)
        return time.time() - t, len(sink.message_ids())
    finally:
        sink.stop()


def run(kinds, n, fx, seed, log):
    """Run n trials of each kind from fixtures fx; returns {kind: Stats} and
    prints a line per kind."""
    rnd = random.Random(seed)
    work = fx.work
    dur, nmsg = notify_duration(fx, work)
    need(nmsg >= 10, "the notification fixture sends only %d messages" % nmsg)
    out = {}
    for kind in kinds:
        st = out[kind] = Stats()
        for i in range(n):
            d = os.path.join(work, "%s-%d" % (kind, i))
            os.makedirs(d, exist_ok=True)
            try:
                if kind == "import":
                    trial_import(fx, st, rnd, d)
                elif kind == "update" and i % 2:
                    trial_update_cli(fx, st, rnd, d, i)
                elif kind == "update":
                    trial_server(fx, st, rnd, d, i, 0, 1)
                elif kind == "notify":
                    trial_notify(fx, st, rnd, d, i, dur)
                else:
                    trial_server(fx, st, rnd, d, i, 4, 2)
            except Failure as e:
                st.failures.append("%s trial %d: %s" % (kind, i, e))
                log("FAIL kill %s trial %d: %s (kept in %s)" % (kind, i, e, d))
                continue
            st.trials += 1
            remove_db(os.path.join(d, "t.db"))
        log("kill %-6s %d trials, %d passed, writes acknowledged %d, lost %d%s" % (
            kind, n, st.trials, st.acked, st.lost,
            ", messages %d, accepted twice %d, held as may have been sent %d" % (
                st.mail, st.dup_mail, st.held) if kind == "notify" else ""))
    return out
