# The committee's dashboard: its figures against the command line's reports for
# the same date, its cycle choice and default, its charts, the longest overdue
# and the escalations, what a director may see, and a bad date shown again in
# the form. Manchester's seed with three committee cycles.
. "$ROOT/test/e2e/web_lib.sh"

# cycles: the seed's committee dates, as the README's tour has them.
cycles() {
  for x in "May 2021:2021-05-15" "Nov 2021:2021-11-09" "Feb 2022:2022-02-15"; do
    at cycle add "${x%%:*}" --as-at "${x#*:}" >/dev/null
  done
}

# figure TITLE FILE: the headline figure of the card titled TITLE
figure() {
  python3 - "$1" "$2" <<'EOF'
import re, sys
page = open(sys.argv[2]).read()
m = re.search(r'<h3 class="govuk-summary-card__title">' + re.escape(sys.argv[1]) +
              r'</h3></div><div class="govuk-summary-card__content"><p class="at-card__figure">'
              r'<a class="govuk-link" href="([^"]*)">(-?\d+)%?</a>', page)
print(m.group(2) + " " + m.group(1).replace("&amp;", "&") if m else "none")
EOF
}

# escalations_match ESC.json PAGE: each rung of the escalations report (JSON) reads
# on the dashboard PAGE as its count, those newly reached, and the people it names
# (each once in any case, with how many it names them for, most first, then by
# name; eight, then "and N more"), in the report's order.
escalations_match() {
  python3 - "$1" "$2" <<'EOF'
import html, json, re, sys
rep = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
i = page.index('<dl class="govuk-summary-list at-escalations">')
part = page[i:page.index("</dl>", i)]
got = [(html.unescape(t), html.unescape(re.sub(r"<[^>]*>", "", d)))
       for t, d in re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt><dd[^>]*>(.*?)</dd>', part)]
want = []
for s in rep["sections"]:
    n = len(s["rows"])
    if not n:
        want.append((s["title"], "None"))
        continue
    fresh = sum(1 for r in s["rows"] if r["newly_reached"])
    seen = {}
    for r in s["rows"]:
        if r["person"]:
            seen.setdefault(r["person"].lower(), [r["person"], 0])[1] += 1
    people = sorted(seen.values(), key=lambda p: (-p[1], p[0].lower()))
    words = "%d recommendation%s" % (n, "" if n == 1 else "s")
    if fresh:
        words += ", %d newly reached" % fresh
    named = ", ".join("%s (%d)" % (p[0], p[1]) for p in people[:8])
    if len(people) > 8:
        named += " and %d more" % (len(people) - 8)
    want.append((s["title"], words + ". Named: " + (named or "None named in the register")))
if got != want or not want:
    sys.exit("escalations differ:\nwant %s\n got %s" % (want, got))
EOF
}

test_web_dashboard_figures_equal_cli() {
  export AUDITRACK_TODAY=2022-03-01
  web_start --seed
  cycles
  login committee
  # No date given: the latest committee cycle on or before today.
  expect_eq "$(get committee /dashboard)" 200
  cp out.html dash.html
  expect_contains dash.html 'As at <time datetime="2022-02-15">15 February 2022</time> (Feb 2022); changes since <time datetime="2021-11-09">9 November 2021</time>.'
  expect_contains dash.html '<option value="Feb 2022" selected>'
  at report summary --as-at 2022-02-15 --format json >now.json
  at report summary --as-at 2021-11-09 --format json >was.json
  at report trend --as-at 2022-02-15 --format json >trend.json
  at report escalations --as-at 2022-02-15 --format json >esc.json
  at rec list --as-at 2022-02-15 --format json >recs.json
  # The headline figures, each the summary's total, and each linking to its list.
  python3 - now.json was.json trend.json <<'EOF' >want.txt
import json, sys
now, was, trend = (json.load(open(f)) for f in sys.argv[1:4])
def tot(rep, i, key):
    return [r for r in rep["sections"][i]["rows"] if r.get("total")][0][key]
rate = [s for s in trend["sections"] if s["title"] == "Implementation rate by original target (%)"][0]
print("Open", tot(now, 0, "open"), tot(was, 0, "open"))
print("Overdue", tot(now, 0, "overdue"), tot(was, 0, "overdue"))
print("Overdue over 12 months", tot(now, 0, "overdue_over_12_months"), tot(was, 0, "overdue_over_12_months"))
print("Implemented since the last meeting", tot(now, 1, "implemented_in_period"), tot(was, 1, "implemented_in_period"))
print("Implemented on time", rate["rows"][-1]["all"], rate["rows"][-2]["all"])
EOF
  while read -r line; do
    title=${line% * *}; rest=${line#"$title "}; now=${rest% *}; was=${rest#* }
    got=$(figure "$title" dash.html)
    expect_eq "${got%% *}" "$now"
    if [ "$now" -gt "$was" ]; then word="Up $((now - was))"; elif [ "$now" -lt "$was" ]; then
      word="Down $((was - now))"; else word="No change"; fi
    grep -q "<h3 class=\"govuk-summary-card__title\">$title</h3>.*<p class=\"govuk-body-s at-card__change\">$word[^<]* since [^<]*(<a class=\"govuk-link\" href=\"[^\"]*\">$was%*</a>)" dash.html ||
      { echo "no change '$word ... ($was)' on the card $title" >&2; return 1; }
  done <want.txt
  [ "$(wc -l <want.txt)" = 5 ] || return 1
  expect_eq "$(figure Open dash.html)" "8 /recs?as_at=2022-02-15"
  expect_eq "$(figure Overdue dash.html)" "8 /recs?as_at=2022-02-15&band=Overdue"
  expect_eq "$(figure 'Overdue over 12 months' dash.html)" "3 /recs?as_at=2022-02-15&band=over%2012%20months"
  expect_eq "$(figure 'Implemented since the last meeting' dash.html)" \
    "8 /reports/implemented?as_at=2022-02-15&since=2021-11-09"
  # The list behind "Overdue" holds that many.
  expect_eq "$(get committee '/recs?as_at=2022-02-15&band=Overdue')" 200
  expect_contains out.html '<span class="at-count">8<'
  expect_eq "$(at rec list --as-at 2022-02-15 --band overdue --format csv | tail -n +2 | wc -l)" 8
  # Every number of the risk x band table and the summary's other tables, in order.
  python3 - now.json dash.html <<'EOF'
import json, re, sys
rep = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
want = [v for s in rep["sections"] for row in s["rows"] for v in row.values()
        if isinstance(v, int) and not isinstance(v, bool)]
got = []
for cap in [s["title"] for s in rep["sections"]]:
    # A page writes the report's dd/mm/yyyy dates as every page writes dates.
    cap = re.sub(r"\b(\d\d)/(\d\d)/(\d{4})\b", lambda m: '<time datetime="%s-%s-%s">%d %s %s</time>' % (
        m[3], m[2], m[1], int(m[1]), ["January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December"][int(m[2]) - 1], m[3]), cap)
    i = page.index('<caption class="govuk-table__caption govuk-table__caption--m">%s</caption>' % cap)
    table = page[i:page.index("</table>", i)]
    got += [int(re.sub(r"<[^>]*>", "", c)) for c in
            re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(.*?)</td>', table)]
if got != want or len(want) < 30:
    sys.exit("dashboard numbers differ:\nwant %s\n got %s" % (want, got))
EOF
  # The longest overdue: the CLI's overdue, most months first, each linked.
  python3 - recs.json dash.html <<'EOF'
import json, re, sys
recs = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
over = sorted([r for r in recs if r["overdue"]], key=lambda r: (-r["months_overdue"], r["id"]))
want = [(r["id"], r["months_overdue"]) for r in over][:10]
i = page.index('id="worst"'); part = page[i:page.index("</table>", i)]
got = [(int(a), int(m)) for a, m in re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric"><a class="govuk-link" href="/recs/(\d+)">(\d+)</a>', part)]
if got != want or len(want) < 5:
    sys.exit("longest overdue differ:\nwant %s\n got %s" % (want, got))
EOF
  # The escalations: each rung's words as the escalations report gives them.
  escalations_match esc.json dash.html
  # Three charts, each an image with a text alternative, each followed by its table.
  expect_eq "$(grep -o '<svg class="at-chart"[^>]*role="img"' dash.html | wc -l)" 3
  for id in chart-risk chart-open chart-overdue; do
    expect_contains dash.html "aria-labelledby=\"$id-t $id-d\""
    grep -q "<desc id=\"$id-d\">[^<]*The table gives the same figures.</desc>" dash.html ||
      { echo "no description for $id" >&2; return 1; }
  done
  expect_contains dash.html '<desc id="chart-risk-d">Stacked bars, one for each row of the table: Not rated, 8 in all (Not yet due 0, Overdue under 6 months 4, Overdue 6-12 months 1, Overdue over 12 months 3).'
  # No script, no inline style, no external reference: the CSP holds.
  expect_not_contains dash.html ' style='
  expect_not_contains dash.html '<script>'
  expect_not_contains dash.html 'xlink:href'
  curl -s -D hdr.txt -o /dev/null -b jar.committee "$BASE/dashboard"
  grep -qi "^Content-Security-Policy: default-src 'none'; style-src 'self'; script-src 'self'" hdr.txt ||
    { cat hdr.txt >&2; return 1; }
}

test_web_dashboard_cycle_choice_and_default() {
  export AUDITRACK_TODAY=2022-03-01
  web_start --seed
  login committee
  # No cycles: today, compared with three months before.
  expect_eq "$(get committee /dashboard)" 200
  expect_contains out.html 'As at <time datetime="2022-03-01">1 March 2022</time>; changes since <time datetime="2021-12-01">1 December 2021</time>.'
  expect_not_contains out.html 'id="cycle"'
  expect_contains out.html 'The trend needs at least two committee cycles'
  cycles
  # A committee planned after today is not the default.
  at cycle add "Jun 2022" --as-at 2022-06-20 >/dev/null
  expect_eq "$(get committee /dashboard)" 200
  expect_contains out.html 'As at <time datetime="2022-02-15">15 February 2022</time> (Feb 2022); changes since <time datetime="2021-11-09">9 November 2021</time>.'
  expect_contains out.html '<option value="Jun 2022">Jun 2022: 20 June 2022</option>'
  # Choosing a cycle sets both dates by the reports' rule; the hidden date does not win.
  expect_eq "$(get committee '/dashboard?cycle=Nov%202021&as_at=2022-02-15')" 200
  expect_contains out.html 'As at <time datetime="2021-11-09">9 November 2021</time> (Nov 2021); changes since <time datetime="2021-05-15">15 May 2021</time>.'
  expect_contains out.html '<option value="Nov 2021" selected>'
  # A date that is not a committee's: said so, and the date form is open.
  expect_eq "$(get committee '/dashboard?as_at=2022-01-10')" 200
  expect_contains out.html 'As at <time datetime="2022-01-10">10 January 2022</time>; changes since <time datetime="2021-11-09">9 November 2021</time>.'
  expect_contains out.html '<option value="" selected>10 January 2022 (not a committee date)</option>'
  expect_contains out.html '<details class="govuk-details" open>'
  expect_eq "$(get committee '/dashboard?cycle=Nope')" 400
  expect_contains out.html 'There is no reporting cycle named Nope'
}

test_web_dashboard_bad_date_shows_the_form_again() {
  web_start --seed
  cycles
  login committee
  expect_eq "$(get committee '/dashboard?as_at=31/02/2022')" 400
  expect_contains out.html '<div class="govuk-error-summary" data-module="govuk-error-summary">'
  expect_contains out.html 'href="#as_at"'
  # The field the summary links to is there, with what was typed and its message.
  expect_contains out.html 'id="as_at" name="as_at" type="text" inputmode="numeric" value="31/02/2022"'
  expect_contains out.html 'As at must be a real date'
  expect_not_contains out.html '<details'
  expect_not_contains out.html 'At a glance'
  # The previous date after the report date: the same, on its own field.
  expect_eq "$(get committee '/dashboard?as_at=2022-02-15&since=2022-03-01')" 400
  expect_contains out.html 'href="#since"'
  expect_contains out.html 'id="since" name="since" type="text" inputmode="numeric" value="2022-03-01"'
}

# The list and the reports, like the dashboard: a date that is not one gives their own
# form again (400, "Error: " in the title), the summary linking to the field that holds
# what was typed, never a page without the field.
test_web_recs_and_reports_bad_date_show_the_form_again() {
  web_start --seed
  login committee
  for u in '/recs?as_at=31/02/2022&status=all' '/reports?kind=outstanding&as_at=31/02/2022' \
    '/reports/summary?as_at=31/02/2022'; do
    expect_eq "$(get committee "$u")" 400
    expect_contains out.html '<title>Error: '
    expect_contains out.html '<div class="govuk-error-summary" data-module="govuk-error-summary">'
    expect_contains out.html '<a href="#as_at">As at must be a real date, like 31/12/2024</a>'
    expect_contains out.html 'id="as_at" name="as_at" type="text" inputmode="numeric" value="31/02/2022"'
    expect_contains out.html 'id="as_at-error"'
    expect_not_contains out.html 'The request was not understood'
  done
  # The list's form, not its results; the reports' form with the kind asked for chosen.
  get committee '/recs?as_at=31/02/2022&status=all' >/dev/null
  expect_contains out.html '<form method="get" action="/recs"'
  expect_contains out.html '<option value="all" selected'
  expect_not_contains out.html 'id="results"'
  get committee '/reports/summary?as_at=31/02/2022' >/dev/null
  expect_contains out.html '<option value="summary" selected'
  get committee '/reports?kind=outstanding&as_at=31/02/2022' >/dev/null
  expect_contains out.html '<option value="outstanding" selected'
}

# A report's address with a previous report date on or after its as-at date: the reports'
# form again (400), the kind chosen, both dates kept as typed, the summary linking to the field.
test_web_report_since_after_as_at_shows_the_form_again() {
  web_start --seed
  login committee
  for u in '/reports/progress?as_at=2022-02-15&since=2022-03-01' \
    '/reports?kind=progress&as_at=2022-02-15&since=2022-03-01'; do
    expect_eq "$(get committee "$u")" 400
    expect_contains out.html '<title>Error: '
    expect_contains out.html '<a href="#since">The previous report date must be before the as-at date</a>'
    expect_contains out.html 'id="since-error"'
    expect_contains out.html 'id="since" name="since" type="text" inputmode="numeric" value="2022-03-01"'
    expect_contains out.html 'id="as_at" name="as_at" type="text" inputmode="numeric" value="2022-02-15"'
    expect_contains out.html '<option value="progress" selected'
    expect_not_contains out.html 'The request was not understood'
  done
  # The same day is refused too; the day before is a report.
  expect_eq "$(get committee '/reports/progress?as_at=2022-02-15&since=2022-02-15')" 400
  expect_contains out.html '<a href="#since">'
  expect_eq "$(get committee '/reports/progress?as_at=2022-02-15&since=2022-02-14')" 200
  expect_not_contains out.html 'govuk-error-summary'
}

test_web_dashboard_director_sees_own_directorate() {
  export AUDITRACK_TODAY=2022-03-01
  WEB_DIRECTORATE=Adults web_start --seed
  cycles
  login director
  login committee
  expect_eq "$(get director /dashboard)" 200
  cp out.html dir.html
  at report summary --as-at 2022-02-15 --directorate Adults --format json >adults.json
  want=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([x for x in r["sections"][0]["rows"] if x.get("total")][0]["open"])' adults.json)
  expect_eq "$(figure Open dir.html)" "$want /recs?as_at=2022-02-15"
  # The longest overdue are the directorate's only: another's are not even linked.
  ids=$(at rec list --as-at 2022-02-15 --directorate Adults --format json |
    python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin) if r["overdue"]))')
  [ -n "$ids" ] || return 1
  for id in $(grep -o 'href="/recs/[0-9]*"' dir.html | sed 's/[^0-9]//g' | sort -u); do
    case " $ids " in *" $id "*) ;; *) echo "director sees /recs/$id" >&2; return 1 ;; esac
  done
  expect_not_contains dir.html 'href="/recs/7"'
  # The committee sees every directorate's, and its cached page is not the director's.
  expect_eq "$(get committee /dashboard)" 200
  expect_contains out.html 'href="/recs/7"'
  get director /dashboard >/dev/null
  expect_not_contains out.html 'href="/recs/7"'
}

test_web_dashboard_confidential_withheld() {
  export AUDITRACK_TODAY=2022-03-01
  web_start --seed
  cycles
  at rec add --audit 1 --text "Secret finding about the vault" --title "Vault keys" \
    --target 2018-01-31 --confidential >/dev/null
  login committee
  login auditor
  expect_eq "$(get committee '/dashboard?as_at=2022-02-15')" 200
  expect_contains out.html 'href="/recs/17">detail withheld</a>'
  expect_not_contains out.html 'Vault keys'
  expect_eq "$(get auditor '/dashboard?as_at=2022-02-15')" 200
  expect_contains out.html 'href="/recs/17">Vault keys</a>'
}

# After a write, the first reader is answered at once with the figures as they
# were, said so, while the renderer's thread makes the new ones; they follow
# within moments, for each reader's own view (a director's stays their
# directorate's).
test_web_dashboard_after_a_write_the_old_figures_then_the_new() {
  export AUDITRACK_TODAY=2022-03-01
  # Every rendering made aside, as a large register's are (the seed's take a few ms).
  export AUDITRACK_RENDER_ASIDE_MS=0
  WEB_DIRECTORATE=Adults web_start --seed
  login committee
  login director
  expect_eq "$(get committee '/dashboard?as_at=2022-03-01')" 200
  expect_not_contains out.html 'id="dash-stale"'
  was=$(figure Open out.html)
  expect_eq "$(get director '/dashboard?as_at=2022-03-01')" 200
  dirWas=$(figure Open out.html)
  at rec add --audit 1 --text "Reconcile the payroll monthly" --target 2022-06-30 \
    --directorate Adults >/dev/null
  open=$(at report summary --as-at 2022-03-01 --format json |
    python3 -c 'import json,sys; r=json.load(sys.stdin); print([x for x in r["sections"][0]["rows"] if x.get("total")][0]["open"])')
  expect_eq "$open" "$((${was%% *} + 1))"
  expect_eq "$(get committee '/dashboard?as_at=2022-03-01')" 200
  expect_contains out.html 'id="dash-stale"'
  expect_eq "$(figure Open out.html)" "$was"
  expect_eq "$(get director '/dashboard?as_at=2022-03-01')" 200
  expect_eq "$(figure Open out.html)" "$dirWas"
  for who in committee director; do
    i=0
    while get "$who" '/dashboard?as_at=2022-03-01' >/dev/null && grep -q 'id="dash-stale"' out.html; do
      i=$((i + 1))
      [ "$i" -lt 100 ] || { echo "$who: the new figures never came" >&2; return 1; }
      sleep 0.1
    done
    cp out.html "$who.html"
  done
  expect_eq "$(figure Open committee.html)" "$open /recs?as_at=2022-03-01"
  expect_eq "$(figure Open director.html)" "$((${dirWas%% *} + 1)) ${dirWas#* }"
}

# A small register's dashboard renders in milliseconds: the first reader after a
# write makes it and sees the new figures at once.
test_web_dashboard_small_register_fresh_at_once() {
  export AUDITRACK_TODAY=2022-03-01
  web_start --seed
  login committee
  expect_eq "$(get committee '/dashboard?as_at=2022-03-01')" 200
  was=$(figure Open out.html)
  at rec add --audit 1 --text "Reconcile the payroll monthly" --target 2022-06-30 >/dev/null
  expect_eq "$(get committee '/dashboard?as_at=2022-03-01')" 200
  expect_not_contains out.html 'id="dash-stale"'
  expect_eq "$(figure Open out.html)" "$((${was%% *} + 1)) ${was#* }"
}

# A rung that names more people than the page lists: each named once whatever the
# case it is typed in, most named first, then by name, eight of them and "and 2
# more"; and those newly reached since the previous cycle. Fourteen recommendations
# of one audit, all open: twelve due 15/12/2022 (18 months overdue at 30/06/2024,
# 24 at 31/12/2024), two due 15/06/2023 (12 months at 30/06/2024, 18 at 31/12/2024:
# newly at the 18-month rung); directors Ann Smith x3 (once typed "ANN SMITH"), Bea
# Jones x2 and eight others once each, the fourteenth naming none.
test_web_dashboard_escalation_names_counted_and_cut() {
  export AUDITRACK_TODAY=2025-01-15
  at init --org "Test Council" >/dev/null
  at audit add --title "Payroll" --date 2022-06-01 >/dev/null
  i=0
  for d in "Ann Smith" "ANN SMITH" "Ann Smith" "Bea Jones" "Bea Jones" "Cy Ward" "Di Lane" \
    "Ed Moss" "Flo Tate" "Gus Hart" "Hal Penn" "Ivy Rowe" "Jo Kerr"; do
    i=$((i + 1))
    t=2022-12-15
    [ "$i" -gt 11 ] && t=2023-06-15
    at rec add --audit 1 --text "Recommendation $i" --target $t --director "$d" >/dev/null
  done
  at rec add --audit 1 --text "Recommendation 14" --target 2022-12-15 >/dev/null
  at cycle add "Jun 2024" --as-at 2024-06-30 >/dev/null
  at cycle add "Dec 2024" --as-at 2024-12-31 >/dev/null
  web_start
  login auditor
  expect_eq "$(get auditor '/dashboard?as_at=2024-12-31')" 200
  cp out.html dash.html
  at report escalations --as-at 2024-12-31 --format json >esc.json
  escalations_match esc.json dash.html
  # Worked by hand: the report and the page agree on these.
  expect_contains dash.html '>14 recommendations</a>, <a class="govuk-link" href="'
  expect_contains dash.html '>2 newly reached</a>. Named: Ann Smith (3), Bea Jones (2), Cy Ward (1), Di Lane (1), Ed Moss (1), Flo Tate (1), Gus Hart (1), Hal Penn (1) and 2 more</dd>'
}
