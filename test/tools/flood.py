#!/usr/bin/env python3
"""Hostile clients for the hardening tests, loopback only and bounded in count
and time. Each mode prints one line of figures for the shell test to check.

  flood.py bodies PORT PID PATH N BYTES [COOKIE]
      N connections at once, each a POST to PATH announcing a 22,020,095-byte
      body and sending BYTES of it; then the server's VmRSS growth in kB and the
      status each connection got ("-" when the server closed it without one):
      "rss_kb=1234 404=250"
  flood.py chunked PORT PATH BYTES
      one chunked POST of BYTES: "status=413" or "status=-" (closed unread)
  flood.py raw PORT FILE
      send FILE's bytes as the request: "status=400"
  flood.py slow PORT N SECONDS
      N connections from 127.0.0.1 sending a header line every 2 s (slowloris)
      for SECONDS; meanwhile a fresh client from 127.0.0.2 asks GET /login
      every second. "held=N refused=N fresh_ok=N fresh_failed=N"
  flood.py idle PORT
      one connection that sends half a request line and then nothing: how many
      seconds until the server closes it (at most 8): "closed_after=2" or
      "closed_after=none"
"""
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def rss_kb(pid):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def status_of(sock, timeout=5.0):
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n" not in data and len(data) < 4096:
            got = sock.recv(4096)
            if not got:
                break
            data += got
    except OSError:
        pass
    if data.startswith(b"HTTP/1."):
        return data.split(b" ")[1].decode()
    return "-"


def bodies(port, pid, path, n, nbytes, cookie=""):
    before = rss_kb(pid)
    head = ("POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: 22020095\r\n%s\r\n" %
            (path, HOST, port, ("Cookie: %s\r\n" % cookie) if cookie else "")).encode()
    socks = []
    for _ in range(n):
        s = socket.create_connection((HOST, port), timeout=5)
        s.sendall(head)
        socks.append(s)
    chunk = b"a" * 65536
    for s in socks:
        s.settimeout(0.5)
        sent = 0
        try:
            while sent < nbytes:
                sent += s.send(chunk[: min(len(chunk), nbytes - sent)])
        except OSError:
            pass  # answered and closed: what should happen
    time.sleep(1.0)
    peak = rss_kb(pid)
    counts = {}
    for s in socks:
        st = status_of(s, 2.0)
        counts[st] = counts.get(st, 0) + 1
        s.close()
    print("rss_kb=%d %s" % (peak - before,
                            " ".join("%s=%d" % kv for kv in sorted(counts.items()))))


def chunked(port, path, nbytes):
    s = socket.create_connection((HOST, port), timeout=5)
    s.sendall(("POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: "
               "application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n" %
               (path, HOST, port)).encode())
    piece = b"a" * 8192
    sent = 0
    try:
        s.sendall(b"2\r\na=\r\n")
        while sent < nbytes:
            s.sendall(b"2000\r\n" + piece + b"\r\n")
            sent += len(piece)
        s.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    print("status=%s" % status_of(s))
    s.close()


def raw(port, name):
    with open(name, "rb") as f:
        data = f.read().replace(b"PORT", str(port).encode())
    s = socket.create_connection((HOST, port), timeout=5)
    s.sendall(data)
    print("status=%s" % status_of(s))
    s.close()


def fresh_get(port):
    try:
        s = socket.socket()
        s.bind(("127.0.0.2", 0))
        s.settimeout(3)
        s.connect((HOST, port))
        s.sendall(("GET /login HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n" %
                   (HOST, port)).encode())
        st = status_of(s, 3.0)
        s.close()
        return st == "200"
    except OSError:
        return False


def slow(port, n, seconds):
    socks = []
    for _ in range(n):
        try:
            s = socket.create_connection((HOST, port), timeout=2)
            s.sendall(("GET /login HTTP/1.1\r\nHost: %s:%d\r\n" % (HOST, port)).encode())
            socks.append(s)
        except OSError:
            pass
    ok = failed = 0
    end = time.time() + seconds
    tick = 0
    while time.time() < end:
        if tick % 2 == 0:
            alive = []
            for s in socks:
                try:
                    s.sendall(b"X-a: b\r\n")
                    alive.append(s)
                except OSError:
                    s.close()
            socks = alive
        if fresh_get(port):
            ok += 1
        else:
            failed += 1
        tick += 1
        time.sleep(1.0)
    # A connection the server closed shows as readable with nothing to read.
    held = 0
    for s in socks:
        s.settimeout(0.01)
        try:
            held += 0 if s.recv(1) == b"" else 1
        except socket.timeout:
            held += 1
        except OSError:
            pass
        s.close()
    print("held=%d refused=%d fresh_ok=%d fresh_failed=%d" % (held, n - held, ok, failed))


def idle(port):
    s = socket.create_connection((HOST, port), timeout=2)
    s.sendall(b"GET /lo")
    t0 = time.time()
    s.settimeout(8)
    try:
        closed = s.recv(1) == b""
    except socket.timeout:
        closed = False
    except OSError:
        closed = True
    print("closed_after=%s" % (int(round(time.time() - t0)) if closed else "none"))
    s.close()


def main():
    mode = sys.argv[1]
    port = int(sys.argv[2])
    if mode == "bodies":
        bodies(port, sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]),
               sys.argv[7] if len(sys.argv) > 7 else "")
    elif mode == "chunked":
        chunked(port, sys.argv[3], int(sys.argv[4]))
    elif mode == "raw":
        raw(port, sys.argv[3])
    elif mode == "idle":
        idle(port)
    elif mode == "slow":
        slow(port, int(sys.argv[3]), float(sys.argv[4]))


if __name__ == "__main__":
    threading.stack_size(256 * 1024)
    main()
