"""A strict reader of the Prometheus text exposition format (0.0.4), for the
tests: every line is a # HELP, a # TYPE or a sample; names, labels and values
follow the grammar; each sample's family was declared by TYPE before it; a
histogram's buckets rise and end with le="+Inf" equal to its _count.
Prints "name{labels} value" per sample, labels sorted; exits 1 naming the line
on the first fault."""
import re
import sys

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(r"^(%s)(\{(%s(?:,%s)*)?,?\})? (\S+)( -?\d+)?$" % (NAME, LABEL, LABEL))
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


def fail(n, line, why):
    print("line %d: %s: %r" % (n, why, line), file=sys.stderr)
    sys.exit(1)


def main():
    types, out, hist = {}, [], {}
    text = sys.stdin.read()
    if not text.endswith("\n"):
        fail(0, text[-40:], "does not end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line.startswith("# HELP "):
            if not re.match(r"^# HELP %s .*$" % NAME, line):
                fail(n, line, "bad HELP")
            continue
        if line.startswith("# TYPE "):
            m = re.match(r"^# TYPE (%s) (\w+)$" % NAME, line)
            if not m or m.group(2) not in TYPES or m.group(1) in types:
                fail(n, line, "bad or repeated TYPE")
            types[m.group(1)] = m.group(2)
            continue
        if line.startswith("#") or not line:
            fail(n, line, "not a sample")
        m = SAMPLE.match(line)
        if not m:
            fail(n, line, "not a sample")
        name, labels, value = m.group(1), m.group(3) or "", m.group(4)
        try:
            v = float(value)
        except ValueError:
            fail(n, line, "value is not a number")
        family = re.sub(r"_(bucket|sum|count)$", "", name)
        if name not in types and not (family in types and types[family] == "histogram"):
            fail(n, line, "sample before its TYPE")
        if name.endswith("_bucket"):
            le = re.search(r'le="([^"]*)"', labels)
            if not le:
                fail(n, line, "bucket without le")
            prev = hist.get(family, (-1, None))
            if v < prev[0]:
                fail(n, line, "buckets fall")
            hist[family] = (v, le.group(1))
        if name.endswith("_count") and family in hist:
            if hist[family][1] != "+Inf" or hist[family][0] != v:
                fail(n, line, "+Inf bucket is not the count")
        out.append("%s{%s} %s" % (name, ",".join(sorted(labels.split(","))) if labels else "", value))
    print("\n".join(out))


main()
