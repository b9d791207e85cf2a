"""Does the manual page say what --help says? For every command `auditrack
--help` lists, its section in auditrack.1 must exist with the same usage, and
name every option `auditrack CMD --help` prints (the global ones in GLOBAL
OPTIONS); and the page must name no command or option that --help does not.
Usage: man_check.py AUDITRACK PAGE. Prints each disagreement; exits 1 if any."""
import re
import subprocess
import sys

exe, page = sys.argv[1], sys.argv[2]
src = open(page).read()


def run(*args):
    return subprocess.run([exe, *args], capture_output=True, text=True, check=True).stdout


def opts(text):
    return re.findall(r"^  (--[a-z-]+)", text, re.M)


def unroff(s):
    return s.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")


sections = {}
for m in re.finditer(r'^\.SS "([^"]*)"\n(.*?)(?=^\.S[SH] |\Z)', src, re.M | re.S):
    sections[m.group(1)] = re.findall(r"^\\fB(\\-\\-[^\\]*(?:\\-[^\\]*)*)\\fR", m.group(2), re.M)
glob = re.search(r"^\.SH GLOBAL OPTIONS\n(.*?)^\.SH ", src, re.M | re.S).group(1)
glob_opts = {unroff(o) for o in re.findall(r"^\\fB(\\-\\-[a-z\\-]+)\\fR", glob, re.M)}

bad = []
overview = run("--help")
cmds = re.findall(r"^  ([a-z0-9-]+(?: [a-z0-9-]+)?)  ", overview.split("commands:")[1], re.M)
seen = set()
for c in cmds:
    h = run(*c.split(), "--help")
    usage = re.match(r"usage: (auditrack .*?) \[options\]", h).group(1)
    seen.add(usage)
    if usage not in sections:
        bad.append("no section for %r" % usage)
        continue
    man = {unroff(o) for o in sections[usage]}
    helped = set(opts(h))
    for o in sorted(helped - man - glob_opts):
        bad.append("%s: %s is in --help, not in the page" % (c, o))
    for o in sorted(man - helped):
        bad.append("%s: %s is in the page, not in --help" % (c, o))
for s in sorted(set(sections) - seen):
    bad.append("the page has %r, --help does not" % s)
if len(cmds) < 40:
    bad.append("only %d commands found in --help" % len(cmds))
print("\n".join(bad) if bad else "%d commands agree" % len(cmds))
sys.exit(1 if bad else 0)
