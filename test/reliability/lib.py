"""lib.py: what the reliability trials share: running auditrack, checking a
database after a crash, the SMTP sink, a server and its clients.

Not for: the trials themselves (kill.py, disk.py, soak.py, fuzz.py) or their
figures (reliability.py prints and records those).
"""
import http.client
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TODAY = "2025-04-15"
PW = "staple-battery-horse-9"


class Failure(Exception):
    """A property a trial must hold did not: the message says which and where."""


def need(cond, msg):
    if not cond:
        raise Failure(msg)


class Auditrack:
    """The binary under test, run against one database."""

    def __init__(self, binary, db):
        self.binary, self.db = binary, db

    def run(self, *args, stdin=None, timeout=120):
        p = subprocess.run([self.binary, "--db", self.db, "--today", TODAY] + list(args),
                           input=stdin, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args, stdin=None):
        rc, out, err = self.run(*args, stdin=stdin)
        need(rc == 0, "auditrack %s failed (%d): %s" % (" ".join(args), rc, err.strip()))
        return out

    def start(self, *args, **kw):
        return subprocess.Popen([self.binary, "--db", self.db, "--today", TODAY] + list(args),
                                stdin=subprocess.DEVNULL, **kw)


def query(db, sql, args=()):
    """Rows of one read, on a connection of its own (closed before returning)."""
    c = sqlite3.connect(db, timeout=30)
    try:
        return c.execute(sql, args).fetchall()
    finally:
        c.close()


def check_db(at):
    """What every crash must leave: `verify` passes and SQLite's own check says ok."""
    rc, out, err = at.run("verify")
    need(rc == 0, "verify failed after the crash: %s %s" % (out.strip(), err.strip()))
    rows = query(at.db, "PRAGMA integrity_check")
    need(rows == [("ok",)], "integrity_check: %r" % rows[:5])


def kill9(p):
    try:
        os.kill(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()


def remove_db(db):
    for suffix in ("", "-wal", "-shm", ".checked"):
        try:
            os.unlink(db + suffix)
        except FileNotFoundError:
            pass
    shutil.rmtree(db + ".evidence", ignore_errors=True)


def copy_db(src, dst):
    remove_db(dst)
    shutil.copyfile(src, dst)


class Sink:
    """test/e2e/smtp_sink.py in a directory of its own."""

    def __init__(self, d):
        self.d = d
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        self.p = subprocess.Popen([sys.executable, os.path.join(ROOT, "test/e2e/smtp_sink.py"), d],
                                  stderr=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(os.path.join(d, "port")):
                break
            time.sleep(0.02)
        with open(os.path.join(d, "port")) as f:
            self.port = int(f.read())

    def message_ids(self):
        """The Message-ID of every message the sink accepted, repeats included."""
        ids = []
        md = os.path.join(self.d, "mail")
        for n in sorted(os.listdir(md)):
            if not n.endswith(".eml"):
                continue
            with open(os.path.join(md, n), "rb") as f:
                for line in f:
                    if line.lower().startswith(b"message-id:"):
                        ids.append(line.split(b":", 1)[1].strip().decode())
                        break
                    if line in (b"\r\n", b"\n"):
                        break
        return ids

    def stop(self):
        self.p.kill()
        self.p.wait()


class Server:
    """`auditrack serve` on a free loopback port; stop() or kill() it."""

    def __init__(self, at, log, *extra):
        self.at, self.log = at, log
        self.logf = open(log, "ab")
        start = self.logf.tell()
        self.p = at.start("serve", "--listen", "127.0.0.1:0", *extra, stdout=subprocess.DEVNULL,
                          stderr=self.logf)
        self.port = None
        for _ in range(400):
            with open(log, "rb") as f:
                f.seek(start)
                text = f.read().decode("utf-8", "replace")
            if " threads" in text and "http://127.0.0.1:" in text:
                self.port = int(text.rsplit("http://127.0.0.1:", 1)[1].split("/")[0])
                break
            if self.p.poll() is not None:
                break
            time.sleep(0.025)
        need(self.port, "the server did not start: %s" % open(log).read()[-500:])

    def kill(self):
        kill9(self.p)
        self.logf.close()

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill9(self.p)
        self.logf.close()


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a connection of its own: (status, body bytes, headers)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read(), r
    finally:
        c.close()


def api_update(port, token, rec, text):
    """POST an update through the API: the HTTP status (0 when the connection failed)."""
    body = json.dumps({"text": text, "claimed": "in_progress"})
    try:
        st, _, _ = request(port, "POST", "/api/v1/recs/%d/updates" % rec, body,
                           {"Authorization": "Bearer " + token,
                            "Content-Type": "application/json"}, timeout=10)
        return st
    except (OSError, http.client.HTTPException):
        return 0


class Session:
    """A signed-in browser: the session cookie and the CSRF token of its forms."""

    def __init__(self, port, login):
        self.port = port
        st, body, r = request(port, "GET", "/login")
        need(st == 200, "GET /login: %d" % st)
        self.cookie = self._cookies(r)
        csrf = self._csrf(body)
        form = "csrf=%s&login=%s&password=%s" % (csrf, login, PW)
        st, _, r = request(port, "POST", "/login", form, self._h(
            {"Content-Type": "application/x-www-form-urlencoded"}))
        need(st == 303, "sign-in as %s: %d" % (login, st))
        self.cookie = self._cookies(r) or self.cookie
        st, body, _ = request(port, "GET", "/accessibility", None, self._h({}))
        self.csrf = self._csrf(body)

    @staticmethod
    def _cookies(r):
        return "; ".join(v.split(";", 1)[0] for k, v in r.getheaders()
                         if k.lower() == "set-cookie")

    @staticmethod
    def _csrf(body):
        t = body.decode()
        i = t.find('name="csrf" value="')
        need(i >= 0, "no CSRF token in the page")
        return t[i + 19:t.index('"', i + 19)]

    def _h(self, h):
        h = dict(h)
        h["Cookie"] = self.cookie
        h["Origin"] = "http://127.0.0.1:%d" % self.port
        return h

    def upload(self, rec, text, name, data):
        """POST /recs/REC/update with one evidence file: (status, body)."""
        b = "----reliability%d" % os.getpid()
        parts = []
        for k, v in (("csrf", self.csrf), ("narrative", text), ("claimed", "in_progress")):
            parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                         % (b.encode(), k.encode(), v.encode()))
        parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"evidence\"; "
                     b"filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n"
                     % (b.encode(), name.encode()) + data + b"\r\n")
        parts.append(b"--%s--\r\n" % b.encode())
        st, body, _ = request(self.port, "POST", "/recs/%d/update" % rec, b"".join(parts),
                              self._h({"Content-Type": "multipart/form-data; boundary=" + b}))
        return st, body

    def get(self, path):
        st, body, _ = request(self.port, "GET", path, None, self._h({}))
        return st, body


def make_token(at, login):
    return at.ok("token", "add", login, "--name", "reliability").split()[-1].strip()


def add_user(at, login, role):
    at.ok("user", "add", login, "--role", role, "--name", "Test " + login, stdin=PW + "\n")


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0
