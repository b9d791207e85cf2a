"""disk.py: every kind of write on full storage and on read-only storage.

The database lives on a small tmpfs mounted for the trial (root only). For each
write (init, import, update, evidence upload, notify) and each fault (full: a
file fills the rest of the mount; read-only: the mount is remounted ro):
the write fails with a message that names the cause, nothing is half-written
(same journal, rows and files as before), `verify` passes while the fault
lasts and after, and once space is back or the mount is read-write the same
write succeeds; the web upload with the same server, which is not restarted.
A server started while the storage was read-only must write once it is
read-write again, and signed-in sessions and API tokens stay admitted while
nothing can be written.

Not for: crashes (kill.py).
"""
import os
import shutil
import sqlite3
import subprocess

from lib import (Auditrack, Failure, Server, Session, Sink, api_update, check_db, copy_db, need,
                 query, remove_db, request)

AS_AT = "2025-03-31"
MOUNT_MB = 24


class Mount:
    def __init__(self, path):
        self.path = path
        os.makedirs(path, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % MOUNT_MB, "tmpfs", path],
                       check=True)
        self.fill = os.path.join(path, "fill")

    def impair(self, fault):
        if fault == "full":
            fd = os.open(self.fill, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                for size in (65536, 512):  # then the last partial block
                    block = b"\0" * size
                    try:
                        while True:
                            os.write(fd, block)
                    except OSError:
                        pass
            finally:
                os.close(fd)
        else:
            # Linux refuses this while a process holds a file here open for
            # writing (EBUSY): a running server's database cannot be made
            # read-only under it, only started on read-only storage.
            subprocess.run(["mount", "-o", "remount,ro", self.path], check=True)

    def restore(self, fault):
        if fault == "full":
            os.unlink(self.fill)
        else:
            subprocess.run(["mount", "-o", "remount,rw", self.path], check=True)

    def close(self):
        subprocess.run(["umount", self.path], check=False)


def files(d):
    """Every file under d with its size: what 'nothing half-written' compares."""
    out = {}
    for base, _, names in os.walk(d):
        for n in names:
            p = os.path.join(base, n)
            if n not in ("fill",) and not n.endswith(("-wal", "-shm", ".checked")):
                out[os.path.relpath(p, d)] = os.path.getsize(p)
    return out


def checkpoint(db):
    """Fold the WAL into the database, so that the next write needs new space."""
    query(db, "PRAGMA wal_checkpoint(TRUNCATE)")


def state(db):
    if not os.path.exists(db):
        return None
    if not query(db, "SELECT 1 FROM sqlite_schema WHERE name='journal'"):
        return ("a file that is not a database", os.path.getsize(db))
    return query(db, "SELECT (SELECT count(*) FROM journal), (SELECT max(hash) FROM journal),"
                 " (SELECT count(*) FROM rec), (SELECT count(*) FROM progress),"
                 " (SELECT count(*) FROM evidence), (SELECT count(*) FROM outbox)")[0]


CAUSE = {"full": ("full", "space"), "ro": ("read-only", "readonly")}


def clear(msg, fault):
    m = msg.lower()
    return any(w in m for w in CAUSE[fault])


class Case:
    """One write: prepare() the database, write() once (rc, message), and after()
    to say what a successful write must have changed."""

    def __init__(self, kind, fx, mnt):
        self.kind, self.fx, self.mnt = kind, fx, mnt
        self.db = os.path.join(mnt.path, "a.db")
        self.at = Auditrack(fx.binary, self.db)
        self.srv = self.sink = None
        self.k = 0

    def prepare(self):
        remove_db(self.db)
        if self.kind == "import":
            copy_db(self.fx.base, self.db)
        elif self.kind in ("update", "evidence"):
            copy_db(self.fx.recs, self.db)
        elif self.kind == "notify":
            copy_db(self.fx.notify, self.db)
            self.sink = Sink(os.path.join(self.fx.work, "disk-sink"))
            self.at.ok("notify", "set", "smtp-url", "smtp://127.0.0.1:%d" % self.sink.port)
        if self.kind == "evidence":
            self.start_server()
            self.sess = Session(self.srv.port, "admin")
        if self.kind != "init":
            checkpoint(self.db)

    def start_server(self):
        self.srv = Server(self.at, os.path.join(self.fx.work, "disk-server.log"), "--threads", "2")

    def write(self):
        self.k += 1
        if self.kind == "init":
            rc, out, err = self.at.run("init", "--org", "Disk Council")
        elif self.kind == "import":
            rc, out, err = self.at.run("import", "--quiet", self.fx.csv)
        elif self.kind == "update":
            rc, out, err = self.at.run("rec", "update", "3", "--text", "disk %d" % self.k)
        elif self.kind == "notify":
            rc, out, err = self.at.run("notify", "--as-at", AS_AT)
        else:
            st, body = self.sess.upload(3, "disk %d" % self.k, "e%d.pdf" % self.k,
                                        b"%PDF-1.4 " + os.urandom(200000))
            text = body.decode("utf-8", "replace")
            return (0 if st == 303 else st), text, text
        return rc, out, err

    def done(self):
        if self.srv:
            self.srv.stop()
        if self.sink:
            self.sink.stop()
        self.srv = self.sink = None


def server_checks(fx, mnt, fault, log):
    """While the fault lasts a session and a token still get in (on read-only
    storage, with a server started there); that server writes once the storage
    is read-write again, without a restart."""
    db = os.path.join(mnt.path, "a.db")
    copy_db(fx.recs, db)
    at = Auditrack(fx.binary, db)
    log_path = os.path.join(fx.work, "disk-server.log")
    srv = Server(at, log_path, "--threads", "2")
    try:
        sess = Session(srv.port, "admin")
        # Last seen long ago, token last used never: admitting them wants a write.
        query_rw(db, "UPDATE session SET seen_at=seen_at-600")
        query_rw(db, "UPDATE api_token SET last_used=NULL")
        checkpoint(db)
        if fault == "ro":
            srv.stop()
        mnt.impair(fault)
        try:
            if fault == "ro":
                srv = Server(at, log_path, "--threads", "2")
                sess.port = srv.port
            st, body = sess.get("/recs/3")
            need(st == 200, "a signed-in session on %s storage: GET /recs/3 answered %d" % (fault, st))
            st, _, _ = request(srv.port, "GET", "/api/v1/recs/3", None,
                               {"Authorization": "Bearer " + fx.token})
            need(st == 200, "an API token on %s storage: GET answered %d" % (fault, st))
            st = api_update(srv.port, fx.token, 3, "on %s storage" % fault)
            need(st >= 500, "a write on %s storage answered %d" % (fault, st))
        finally:
            mnt.restore(fault)
        st = api_update(srv.port, fx.token, 3, "storage back")
        need(st == 201, "with %s storage back, the same server answered %d" % (fault, st))
        st, body = sess.get("/recs/3")
        need(st == 200, "the session with %s storage back: %d" % (fault, st))
    finally:
        srv.stop()
    check_db(at)


def query_rw(db, sql):
    c = sqlite3.connect(db)
    c.execute(sql)
    c.commit()
    c.close()


def one(kind, fault, fx, mnt):
    case = Case(kind, fx, mnt)
    try:
        case.prepare()
        before, fbefore = state(case.db), files(mnt.path)
        if case.srv and fault == "ro":
            case.srv.stop()  # started again on read-only storage, with the session it had
        mnt.impair(fault)
        if case.srv and fault == "ro":
            case.start_server()
            case.sess.port = case.srv.port
        try:
            rc, out, err = case.write()
            need(rc != 0, "%s on %s storage succeeded" % (kind, fault))
            need(clear(err, fault), "%s on %s storage: the message does not say why: %s"
                 % (kind, fault, err.strip()[-300:]))
            # On a full disk SQLite cannot make the WAL's index: verify says so
            # and works again with the space; read-only storage verifies.
            if kind != "init" and fault == "ro":
                rc2, o2, e2 = case.at.run("verify")
                need(rc2 == 0, "verify on %s storage: %s" % (fault, (o2 + e2).strip()))
        finally:
            mnt.restore(fault)
        need(state(case.db) == before, "%s on %s storage changed the database: %r -> %r"
             % (kind, fault, before, state(case.db)))
        need(files(mnt.path) == fbefore, "%s on %s storage left files: %r -> %r"
             % (kind, fault, fbefore, files(mnt.path)))
        if case.sink:
            need(not case.sink.message_ids(), "notify on %s storage sent mail" % fault)
        rc, out, err = case.write()
        need(rc == 0, "%s once storage is back: %d %s" % (kind, rc, err.strip()[-300:]))
        after = state(case.db)
        need(after != before,
             "%s once storage is back wrote nothing" % kind)
        check_db(case.at)
        if case.sink:
            ids = case.sink.message_ids()
            need(ids and len(ids) == len(set(ids)), "notify afterwards: %d messages" % len(ids))
        return err.strip()
    finally:
        case.done()
        remove_db(case.db)


class DiskFixtures:
    def __init__(self, kfx, binary):
        self.binary, self.work, self.token = binary, kfx.work, kfx.token
        self.base, self.recs, self.notify = kfx.base, kfx.recs, kfx.notify
        self.csv = kfx.csv[2]


def run(kfx, binary, log):
    """Every kind x fault; returns (cases passed, failures)."""
    if os.geteuid() != 0:
        log("disk: skipped (mounting a tmpfs needs root)")
        return 0, []
    fx = DiskFixtures(kfx, binary)
    mnt = Mount(os.path.join(kfx.work, "mnt"))
    passed, failures = 0, []
    try:
        for fault in ("full", "ro"):
            for kind in ("init", "import", "update", "evidence", "notify", "server"):
                try:
                    if kind == "server":
                        server_checks(fx, mnt, fault, log)
                    else:
                        one(kind, fault, fx, mnt)
                    passed += 1
                    log("disk %-4s %-8s ok" % (fault, kind))
                except (Failure, OSError, subprocess.SubprocessError) as e:
                    failures.append("disk %s %s: %s" % (fault, kind, e))
                    log("FAIL disk %s %s: %s" % (fault, kind, e))
                    for f in ("full", "ro"):  # leave the mount usable for the next case
                        try:
                            mnt.restore(f)
                        except (OSError, subprocess.SubprocessError):
                            pass
                    remove_db(os.path.join(mnt.path, "a.db"))
                    shutil.rmtree(os.path.join(mnt.path, "a.db.evidence"), ignore_errors=True)
    finally:
        mnt.close()
    return passed, failures
