-- bench/list.sql: the reference for
-- `auditrack rec list --as-at 2025-03-31 --format json --status all`, written by hand and run by
-- the sqlite3 CLI against an auditrack database.
--
-- One JSON array (json_group_array of json_object), a row per recommendation that exists by the
-- date, in id order, with the listing's 25 fields computed from the same tables under the
-- default policy:
--   * current target: the target of the latest revision agreed by the date (by on_date, then
--     id; NULL = TBC), else the original; revisions: how many were agreed by the date;
--   * percent_complete: the percent of the latest update by the date that gave one;
--   * open/closed from the latest opinion by the date; closed_on: the first of the closing run
--     of opinions (those with no open-status opinion after them by the date);
--   * overdue from the original target (else the last dated revision); months = 12 x year
--     difference + month difference; bands under 6/6-12/over 12 months; escalation at 6, 9 and
--     18 months; RAG red from 6 months overdue, amber when overdue or due within 30 days.
-- The rows equal auditrack's once its newlines between rows are removed; run.sh compares them.
-- The date is a literal; run.sh substitutes other dates with sed.
WITH
q(as_at) AS (SELECT '2025-03-31'),
b AS MATERIALIZED (
  SELECT r.id, r.audit_id, a.title AS audit_title, r.ref,
    CASE WHEN r.confidential THEN 'detail withheld' ELSE r.title END AS title, g.code AS risk,
    coalesce(r.directorate, a.directorate) AS directorate, r.theme, r.owner, r.director,
    r.original_target AS orig, r.original_text, r.confidential,
    (SELECT v.id FROM revision v WHERE v.rec_id = r.id AND v.on_date <= q.as_at
      ORDER BY v.on_date DESC, v.id DESC LIMIT 1) AS rev_id,
    (SELECT count(*) FROM revision v WHERE v.rec_id = r.id AND v.on_date <= q.as_at) AS revisions,
    (SELECT o.id FROM opinion o WHERE o.rec_id = r.id AND o.on_date <= q.as_at
      ORDER BY o.on_date DESC, o.id DESC LIMIT 1) AS op_id,
    (SELECT max(u.on_date) FROM progress u WHERE u.rec_id = r.id AND u.on_date <= q.as_at)
      AS latest_update_on,
    (SELECT u.percent FROM progress u
      WHERE u.rec_id = r.id AND u.on_date <= q.as_at AND u.percent IS NOT NULL
      ORDER BY u.on_date DESC, u.id DESC LIMIT 1) AS percent_complete
  FROM rec r JOIN audit a ON a.id = r.audit_id LEFT JOIN rating g ON g.id = r.rating_id, q
  WHERE r.exists_from <= q.as_at
),
s AS MATERIALIZED (
  SELECT b.*, o.status AS latest_opinion,
    CASE WHEN b.rev_id IS NULL THEN b.orig ELSE cv.target END AS current_target,
    CASE WHEN b.rev_id IS NULL THEN b.orig IS NULL AND coalesce(b.original_text, '') <> ''
         ELSE cv.target IS NULL END AS target_tbc,
    o.status IS NULL
      OR o.status NOT IN ('implemented', 'risk_accepted', 'superseded', 'not_adopted') AS open,
    coalesce(b.orig,
      (SELECT v.target FROM revision v
        WHERE v.rec_id = b.id AND v.on_date <= q.as_at AND v.target IS NOT NULL
        ORDER BY v.on_date DESC, v.id DESC LIMIT 1)) AS due,
    q.as_at
  FROM b LEFT JOIN revision cv ON cv.id = b.rev_id LEFT JOIN opinion o ON o.id = b.op_id, q
),
m AS (
  SELECT s.*,
    CASE WHEN s.open AND s.due IS NOT NULL AND s.as_at > s.due
      THEN max(0, 12 * (substr(s.as_at, 1, 4) - substr(s.due, 1, 4))
                  + (substr(s.as_at, 6, 2) - substr(s.due, 6, 2))) END AS months,
    CASE WHEN NOT s.open THEN (
      SELECT min(c.on_date) FROM opinion c
      WHERE c.rec_id = s.id AND c.on_date <= s.as_at
        AND NOT EXISTS (
          SELECT 1 FROM opinion n
          WHERE n.rec_id = s.id AND n.on_date <= s.as_at AND (n.on_date, n.id) > (c.on_date, c.id)
            AND n.status NOT IN ('implemented', 'risk_accepted', 'superseded', 'not_adopted')))
    END AS closed_on
  FROM s
)
SELECT json_group_array(json_object(
  'id', id, 'audit_id', audit_id, 'audit_title', audit_title, 'ref', ref, 'title', title,
  'risk', risk, 'directorate', directorate, 'theme', theme, 'owner', owner, 'director', director,
  'original_target', orig, 'current_target', current_target,
  'target_tbc', json(CASE WHEN target_tbc THEN 'true' ELSE 'false' END),
  'open', json(CASE WHEN open THEN 'true' ELSE 'false' END),
  'overdue', json(CASE WHEN months IS NOT NULL THEN 'true' ELSE 'false' END),
  'months_overdue', months,
  'band', CASE WHEN NOT open THEN 'Closed'
               WHEN months >= 12 THEN 'over 12 months' WHEN months >= 6 THEN '6-12 months'
               WHEN months IS NOT NULL THEN 'under 6 months'
               WHEN due IS NULL THEN 'No target date' ELSE 'Not yet due' END,
  'escalation', CASE WHEN months >= 18 THEN 'Risk written back to the director'
                     WHEN months >= 9 THEN 'Director attends Audit Committee'
                     WHEN months >= 6 THEN 'Executive member notified' END,
  'revisions', revisions, 'latest_opinion', latest_opinion,
  'latest_update_on', latest_update_on, 'percent_complete', percent_complete,
  'closed_on', closed_on,
  'rag', CASE WHEN NOT open THEN NULL WHEN months >= 6 THEN 'red' WHEN months IS NOT NULL
              THEN 'amber' WHEN due IS NOT NULL AND julianday(due) - julianday(as_at) <= 30
              THEN 'amber' ELSE 'green' END,
  'confidential', json(CASE WHEN confidential THEN 'true' ELSE 'false' END)))
FROM (SELECT * FROM m ORDER BY id);
