#!/usr/bin/python3
"""smtp_sink.py: a tiny SMTP server on loopback for the notification tests.

usage: smtp_sink.py DIR
Listens on 127.0.0.1 (a free port, written to DIR/port), a thread per connection.
Each message accepted is written to DIR/mail/NNN.eml with its envelope as the first
lines (X-Envelope-From:, X-Envelope-To:), dots unstuffed. DIR/mode, read at every
command, steers it:
  ok          accept everything (the default)
  refuse      answer 550 to MAIL FROM
  busy        answer 421 at the greeting and close
  hang        accept the connection and never answer
  hang-data-after N
              once N messages are accepted, take the next but never answer its final
              dot, and create DIR/hung (the client times out or is killed: the message
              does not count as accepted)
  hang-at-data-after N
              once N messages are accepted, never answer the next DATA command, and
              create DIR/hung (the client has not sent the message yet)
  hold-reply-after N
              once N messages are accepted, take the next and write it, as a server
              that has accepted it, but never send the "250", and create DIR/hung: the
              window in which a client killed cannot know it was delivered
Not for: anything but tests (no TLS, no AUTH, no size limits).
"""
import os
import socket
import sys
import threading
import time

d = sys.argv[1]
os.makedirs(os.path.join(d, "mail"), exist_ok=True)


def mode():
    try:
        with open(os.path.join(d, "mode")) as f:
            return f.read().strip() or "ok"
    except OSError:
        return "ok"


def count():
    return len([n for n in os.listdir(os.path.join(d, "mail")) if n.endswith(".eml")])


def hang(conn):
    while True:
        time.sleep(3600)


def serve(conn):
    f = conn.makefile("rb")

    def send(s):
        conn.sendall((s + "\r\n").encode())

    m = mode()
    if m == "hang":
        hang(conn)
    if m == "busy":
        send("421 busy, try later")
        return
    send("220 sink ESMTP")
    mail_from, rcpt = None, []
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line.decode("latin-1").rstrip("\r\n")
        verb = cmd[:4].upper()
        if verb in ("EHLO", "HELO"):
            send("250 sink")
        elif verb == "MAIL":
            if mode() == "refuse":
                send("550 refused by the test")
                continue
            mail_from, rcpt = cmd[10:].strip(), []
            send("250 ok")
        elif verb == "RCPT":
            rcpt.append(cmd[8:].strip())
            send("250 ok")
        elif verb == "DATA":
            m = mode().split()
            if m[0] == "hang-at-data-after" and count() >= int(m[1]):
                open(os.path.join(d, "hung"), "w").close()
                hang(conn)
            send("354 go on")
            body = []
            while True:
                l = f.readline()
                if not l:
                    return
                if l in (b".\r\n", b".\n"):
                    break
                if l.startswith(b".."):
                    l = l[1:]
                body.append(l)
            m = mode().split()
            if m[0] == "hang-data-after" and count() >= int(m[1]):
                open(os.path.join(d, "hung"), "w").close()
                hang(conn)
            hold = m[0] == "hold-reply-after" and count() >= int(m[1])
            with lock:
                n = count() + 1
                tmp = os.path.join(d, "mail", ".%03d.tmp" % n)
                with open(tmp, "wb") as out:
                    out.write(("X-Envelope-From: %s\r\n" % mail_from).encode())
                    out.write(("X-Envelope-To: %s\r\n" % ",".join(rcpt)).encode())
                    out.write(b"".join(body))
                os.rename(tmp, os.path.join(d, "mail", "%03d.eml" % n))
            if hold:
                open(os.path.join(d, "hung"), "w").close()
                hang(conn)
            send("250 queued as %d" % n)
        elif verb == "RSET":
            mail_from, rcpt = None, []
            send("250 ok")
        elif verb == "NOOP":
            send("250 ok")
        elif verb == "QUIT":
            send("221 bye")
            return
        else:
            send("502 not implemented")


s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(5)
with open(os.path.join(d, "port.tmp"), "w") as pf:
    pf.write(str(s.getsockname()[1]))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
lock = threading.Lock()


def run(c):
    try:
        serve(c)
    except (ConnectionError, OSError):
        pass
    finally:
        c.close()


while True:
    c, _ = s.accept()
    threading.Thread(target=run, args=(c,), daemon=True).start()
