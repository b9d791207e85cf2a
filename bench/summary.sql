-- bench/summary.sql: the reference for `auditrack report summary --as-at 2025-03-31 --format json`,
-- written by hand and run by the sqlite3 CLI against an auditrack database.
--
-- It computes the figures of the summary's first three sections with the default policy:
--   * open recommendations by risk rating x overdue band;
--   * open (overdue, not yet due) and implemented-in-period counts by directorate and by theme.
-- Rules, as auditrack's as-at engine applies them:
--   * a recommendation counts once it exists (exists_from <= the date);
--   * it is closed when its latest opinion on or before the date (by on_date, then id) is
--     implemented, risk_accepted, superseded or not_adopted; else open;
--   * overdue is measured from the original target (or, when there is none, the last dated
--     revision agreed by the date); months = 12 x year difference + month difference; bands
--     under 6 (0+), 6-12 (6+), over 12 months (12+);
--   * implemented in period: closed as implemented, the closing run of opinions beginning after
--     the previous report date (the date less 3 months, clamped to the month's end).
-- Output: one JSON object {"by_risk":[..],"by_directorate":[..],"by_theme":[..]} whose arrays
-- hold the same rows, keys and order as the report's sections. run.sh compares them.
-- Not reproduced: the movement and flags sections (committee decisions are not read: the
-- benchmark data has none). The date is a literal; run.sh substitutes other dates with sed.
WITH
p(as_at) AS (SELECT '2025-03-31'),
q AS (
  SELECT as_at,
    min(date(as_at, '-3 months'), date(as_at, 'start of month', '-2 months', '-1 day')) AS since
  FROM p
),
-- Every recommendation that exists by the date, with its latest opinion and due date.
s0 AS MATERIALIZED (
  SELECT r.id, r.rating_id, r.theme, coalesce(r.directorate, a.directorate) AS directorate,
    (SELECT o.id FROM opinion o WHERE o.rec_id = r.id AND o.on_date <= q.as_at
      ORDER BY o.on_date DESC, o.id DESC LIMIT 1) AS op_id,
    coalesce(r.original_target,
      (SELECT v.target FROM revision v
        WHERE v.rec_id = r.id AND v.on_date <= q.as_at AND v.target IS NOT NULL
        ORDER BY v.on_date DESC, v.id DESC LIMIT 1)) AS due
  FROM rec r JOIN audit a ON a.id = r.audit_id, q
  WHERE r.exists_from <= q.as_at
),
s AS MATERIALIZED (
  SELECT s0.id, s0.rating_id, s0.theme, s0.directorate, s0.due,
    o.status IS NULL
      OR o.status NOT IN ('implemented', 'risk_accepted', 'superseded', 'not_adopted') AS open,
    CASE WHEN s0.due IS NOT NULL AND q.as_at > s0.due
      THEN max(0, 12 * (substr(q.as_at, 1, 4) - substr(s0.due, 1, 4))
                  + (substr(q.as_at, 6, 2) - substr(s0.due, 6, 2))) END AS months,
    -- implemented, and the closing run of opinions (those with no open-status opinion after
    -- them by the date) began after the previous report
    o.status = 'implemented' AND (
      SELECT min(c.on_date) FROM opinion c
      WHERE c.rec_id = s0.id AND c.on_date <= q.as_at
        AND NOT EXISTS (
          SELECT 1 FROM opinion n
          WHERE n.rec_id = s0.id AND n.on_date <= q.as_at AND (n.on_date, n.id) > (c.on_date, c.id)
            AND n.status NOT IN ('implemented', 'risk_accepted', 'superseded', 'not_adopted'))
    ) > q.since AS impl
  FROM s0 LEFT JOIN opinion o ON o.id = s0.op_id, q
),
-- Open ones by column: 0 not yet due, 1 no target date, 2.. bands.
c AS (
  SELECT s.rating_id,
    CASE WHEN s.months IS NULL THEN (s.due IS NULL)
         WHEN s.months >= 12 THEN 4 WHEN s.months >= 6 THEN 3 ELSE 2 END AS col
  FROM s WHERE s.open
),
-- The ratings of every recommendation that exists (open or closed), most severe first.
rt AS (
  SELECT s.rating_id, g.rank, coalesce(g.label, 'Not rated') AS label, min(s.id) AS first
  FROM s LEFT JOIN rating g ON g.id = s.rating_id GROUP BY s.rating_id
),
cc AS (
  SELECT rating_id, count(*) FILTER (WHERE col = 0) AS nyd, count(*) FILTER (WHERE col = 1) AS nt,
    count(*) FILTER (WHERE col = 2) AS b0, count(*) FILTER (WHERE col = 3) AS b1,
    count(*) FILTER (WHERE col = 4) AS b2
  FROM c GROUP BY rating_id
),
risk_rows AS (
  SELECT rt.label, 0 AS is_total, coalesce(rt.rank, 1e18) AS k1, rt.first AS k2,
    coalesce(cc.nyd, 0) AS nyd, coalesce(cc.nt, 0) AS nt, coalesce(cc.b0, 0) AS b0,
    coalesce(cc.b1, 0) AS b1, coalesce(cc.b2, 0) AS b2
  FROM rt LEFT JOIN cc ON cc.rating_id IS rt.rating_id
  UNION ALL
  SELECT 'Total', 1, 2e18, 0, coalesce(sum(nyd), 0), coalesce(sum(nt), 0), coalesce(sum(b0), 0),
    coalesce(sum(b1), 0), coalesce(sum(b2), 0)
  FROM cc
),
-- The no_target_date column appears only when some open recommendation has no target.
any_nt AS (SELECT EXISTS (SELECT 1 FROM c WHERE col = 1) AS yes),
by_risk AS (
  SELECT json_group_array(json(x)) AS j FROM (
    SELECT json_remove(
      json_object('risk', label, 'not_yet_due', nyd, 'no_target_date', nt,
        'overdue_under_6_months', b0, 'overdue_6_12_months', b1, 'overdue_over_12_months', b2,
        'overdue', b0 + b1 + b2, 'open', nyd + nt + b0 + b1 + b2, 'total', json('true')),
      CASE WHEN any_nt.yes THEN '$.no_such_key' ELSE '$.no_target_date' END,
      CASE WHEN is_total THEN '$.no_such_key' ELSE '$.total' END) AS x
    FROM risk_rows, any_nt ORDER BY k1, k2
  )
),
g AS (
  SELECT coalesce(nullif(directorate, ''), '(not stated)') AS dname,
    coalesce(nullif(theme, ''), '(not stated)') AS tname,
    open, open AND months IS NOT NULL AS overdue, NOT open AND impl AS impl
  FROM s WHERE open OR impl
),
by_directorate AS (
  SELECT json_group_array(json(x)) AS j FROM (
    SELECT x FROM (
      SELECT 0 AS t, dname AS k, json_object('directorate', dname, 'open', sum(open),
        'overdue', sum(overdue), 'not_yet_due', sum(open AND NOT overdue),
        'implemented_in_period', sum(impl)) AS x
      FROM g GROUP BY dname
      UNION ALL
      SELECT 1, '', json_object('directorate', 'Total', 'open', count(*) FILTER (WHERE open),
        'overdue', count(*) FILTER (WHERE overdue),
        'not_yet_due', count(*) FILTER (WHERE open AND NOT overdue),
        'implemented_in_period', count(*) FILTER (WHERE impl), 'total', json('true'))
      FROM g
    ) ORDER BY t, k
  )
),
by_theme AS (
  SELECT json_group_array(json(x)) AS j FROM (
    SELECT x FROM (
      SELECT 0 AS t, tname AS k, json_object('theme', tname, 'open', sum(open),
        'overdue', sum(overdue), 'not_yet_due', sum(open AND NOT overdue),
        'implemented_in_period', sum(impl)) AS x
      FROM g GROUP BY tname
      UNION ALL
      SELECT 1, '', json_object('theme', 'Total', 'open', count(*) FILTER (WHERE open),
        'overdue', count(*) FILTER (WHERE overdue),
        'not_yet_due', count(*) FILTER (WHERE open AND NOT overdue),
        'implemented_in_period', count(*) FILTER (WHERE impl), 'total', json('true'))
      FROM g
    ) ORDER BY t, k
  )
)
SELECT json_object('by_risk', json(by_risk.j), 'by_directorate', json(by_directorate.j),
  'by_theme', json(by_theme.j))
FROM by_risk, by_directorate, by_theme;
