/*
** db_schema.c: the SQLite backend's schema as its list of migrations, in order.
** PRAGMA user_version counts how many have run; a migration is never edited once
** released: a change is a new entry at the end, with a comment saying why.
** The DDL may say what only SQLite says (STRICT tables, COLLATE NOCASE on UNIQUE
** columns). The store's queries never lean on a column's collation: they compare
** names with lower(col)=lower(?) and sort them by lower(col), col, so a
** PostgreSQL backend writes its DDL with unique indexes on lower(col) in place of
** NOCASE.
** Not for: running them (db.c's db_open and db_create_at), or queries (store*.c).
*/
#include "db.h"

static const char *const azMigration[] = {
    /* 1: the register, the ledger, policy, journal */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE scale("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT ''"
    ") STRICT;"
    "CREATE TABLE rating("
    "  id INTEGER PRIMARY KEY, scale_id INTEGER NOT NULL REFERENCES scale(id),"
    "  rank INTEGER NOT NULL, code TEXT NOT NULL, label TEXT NOT NULL,"
    "  definition TEXT NOT NULL DEFAULT '', UNIQUE(scale_id, code), UNIQUE(scale_id, rank)"
    ") STRICT;"
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY, ref TEXT, title TEXT NOT NULL CHECK(title <> ''),"
    "  report_date TEXT, directorate TEXT, provider TEXT,"
    "  assurance TEXT CHECK(assurance IN ('substantial','reasonable','limited','none')),"
    "  follow_up_done TEXT,"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX audit_title ON audit(title);"
    "CREATE TABLE rec("
    "  id INTEGER PRIMARY KEY, audit_id INTEGER NOT NULL REFERENCES audit(id),"
    "  ref TEXT, title TEXT, body TEXT NOT NULL CHECK(body <> ''),"
    "  rating_id INTEGER REFERENCES rating(id), risk_text TEXT, action TEXT,"
    "  owner TEXT, director TEXT, exec_member TEXT, theme TEXT, directorate TEXT,"
    "  original_target TEXT, original_text TEXT,"
    "  confidential INTEGER NOT NULL DEFAULT 0 CHECK(confidential IN (0,1)),"
    "  evidence_required TEXT, depends_on INTEGER REFERENCES rec(id),"
    "  exists_from TEXT NOT NULL, section TEXT, notes TEXT, import_id INTEGER,"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX rec_audit ON rec(audit_id);"
    "CREATE TABLE revision("
    "  id INTEGER PRIMARY KEY, rec_id INTEGER NOT NULL REFERENCES rec(id),"
    "  on_date TEXT NOT NULL, target TEXT, target_text TEXT,"
    "  reason TEXT, agreed_by TEXT, cycle TEXT, created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX revision_rec ON revision(rec_id, on_date, id);"
    "CREATE TABLE progress("
    "  id INTEGER PRIMARY KEY, rec_id INTEGER NOT NULL REFERENCES rec(id),"
    "  on_date TEXT NOT NULL, narrative TEXT NOT NULL, claimed TEXT,"
    "  percent INTEGER CHECK(percent BETWEEN 0 AND 100), author TEXT, cycle TEXT,"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX progress_rec ON progress(rec_id, on_date, id);"
    "CREATE TABLE opinion("
    "  id INTEGER PRIMARY KEY, rec_id INTEGER NOT NULL REFERENCES rec(id),"
    "  on_date TEXT NOT NULL, status TEXT NOT NULL, text TEXT, next_action TEXT,"
    "  next_follow_up TEXT, accepted_by TEXT, author TEXT, created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX opinion_rec ON opinion(rec_id, on_date, id);"
    "CREATE TABLE decision("
    "  id INTEGER PRIMARY KEY, rec_id INTEGER NOT NULL REFERENCES rec(id),"
    "  on_date TEXT NOT NULL, kind TEXT NOT NULL, text TEXT, meeting TEXT,"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX decision_rec ON decision(rec_id, on_date, id);"
    "CREATE TABLE policy(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE import("
    "  id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE, file_name TEXT NOT NULL,"
    "  as_at TEXT, rows INTEGER NOT NULL, created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE journal("
    "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
    "  entity TEXT NOT NULL, entity_id INTEGER, detail TEXT NOT NULL,"
    "  prev_hash TEXT NOT NULL, hash TEXT NOT NULL"
    ") STRICT;",
    /* 2: accounts, sessions, API tokens, login throttling, the review queue, evidence */
    "CREATE TABLE user("
    "  id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK(login <> ''),"
    "  name TEXT NOT NULL, email TEXT,"
    "  role TEXT NOT NULL CHECK(role IN ('admin','auditor','director','owner','committee')),"
    "  directorate TEXT, owner_as TEXT, pw_hash TEXT,"
    "  disabled INTEGER NOT NULL DEFAULT 0 CHECK(disabled IN (0,1)),"
    "  created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE session("
    "  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id),"
    "  token_hash TEXT NOT NULL UNIQUE, csrf TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL, seen_at INTEGER NOT NULL, addr TEXT"
    ") STRICT;"
    "CREATE INDEX session_user ON session(user_id);"
    "CREATE TABLE api_token("
    "  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id), name TEXT NOT NULL,"
    "  token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, last_used TEXT, revoked_at TEXT"
    ") STRICT;"
    "CREATE TABLE login_fail("
    "  key TEXT PRIMARY KEY, n INTEGER NOT NULL, last_at INTEGER NOT NULL"
    ") STRICT;"
    "CREATE TABLE delegation("
    "  rec_id INTEGER NOT NULL REFERENCES rec(id), user_id INTEGER NOT NULL REFERENCES user(id),"
    "  PRIMARY KEY(rec_id, user_id)"
    ") STRICT;"
    "CREATE INDEX delegation_user ON delegation(user_id);"
    "CREATE TABLE submission("
    "  id INTEGER PRIMARY KEY, rec_id INTEGER NOT NULL REFERENCES rec(id),"
    "  kind TEXT NOT NULL CHECK(kind IN ('update','date')),"
    "  progress_id INTEGER REFERENCES progress(id),"
    "  on_date TEXT NOT NULL, target TEXT, target_text TEXT, reason TEXT,"
    "  user_id INTEGER REFERENCES user(id), author TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'pending'"
    "    CHECK(state IN ('pending','accepted','rejected','approved','refused')),"
    "  decided_by TEXT, decided_on TEXT, note TEXT, created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX submission_rec ON submission(rec_id);"
    "CREATE INDEX submission_pending ON submission(state, id);"
    "CREATE TABLE evidence("
    "  id INTEGER PRIMARY KEY, rec_id INTEGER NOT NULL REFERENCES rec(id),"
    "  progress_id INTEGER REFERENCES progress(id),"
    "  sha256 TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL,"
    "  author TEXT NOT NULL, created_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE INDEX evidence_rec ON evidence(rec_id);"
    "CREATE INDEX rec_owner ON rec(owner COLLATE NOCASE);"
    "CREATE INDEX journal_entity ON journal(entity, entity_id);",
    /* 3: reporting cycles: the committee meetings reports are made for */
    "CREATE TABLE cycle("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK(name <> ''),"
    "  as_at TEXT NOT NULL UNIQUE, deadline TEXT, created_at TEXT NOT NULL"
    ") STRICT;",
    /* 4: committee pack definitions the organisation has stored (report_pack.c) */
    "CREATE TABLE pack("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK(name <> ''),"
    "  definition TEXT NOT NULL, updated_at TEXT NOT NULL"
    ") STRICT;",
    /* 5: notifications: people's addresses, the keys of notices sent, the outbox, templates */
    "CREATE TABLE person("
    "  name TEXT PRIMARY KEY COLLATE NOCASE CHECK(name <> ''), email TEXT,"
    "  stopped INTEGER NOT NULL DEFAULT 0 CHECK(stopped IN (0,1)), source TEXT,"
    "  updated_at TEXT NOT NULL"
    ") STRICT;"
    "CREATE TABLE outbox("
    "  id INTEGER PRIMARY KEY, recipient TEXT NOT NULL, email TEXT NOT NULL,"
    "  subject TEXT NOT NULL, message TEXT NOT NULL, message_id TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK(state IN ('queued','sent','replaced','cancelled')),"
    "  as_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL,"
    "  last_error TEXT, created_at TEXT NOT NULL, sent_at TEXT"
    ") STRICT;"
    "CREATE INDEX outbox_state ON outbox(state, next_at);"
    "CREATE TABLE notice("
    "  id INTEGER PRIMARY KEY, recipient TEXT NOT NULL COLLATE NOCASE, key TEXT NOT NULL,"
    "  rec_id INTEGER NOT NULL REFERENCES rec(id), kind TEXT NOT NULL, due TEXT NOT NULL,"
    "  as_at TEXT NOT NULL, outbox_id INTEGER REFERENCES outbox(id),"
    "  state TEXT NOT NULL DEFAULT 'queued' CHECK(state IN ('queued','sent','cancelled')),"
    "  created_at TEXT NOT NULL, UNIQUE(recipient, key)"
    ") STRICT;"
    "CREATE INDEX notice_rec ON notice(rec_id);"
    "CREATE INDEX notice_outbox ON notice(outbox_id);"
    "CREATE INDEX notice_state ON notice(state, recipient);"
    "CREATE TABLE notify_template(name TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;"
    "CREATE TABLE notify_run(as_at TEXT PRIMARY KEY, started_at TEXT NOT NULL,"
    "  finished_at TEXT, summary TEXT) STRICT;",
    /* 6: the store finds names in any case with lower(col)=lower(?), which both
    ** backends can answer from an index on lower(col) */
    "CREATE INDEX user_login_lower ON user(lower(login));"
    "CREATE INDEX person_name_lower ON person(lower(name));"
    "CREATE INDEX notice_recipient_lower ON notice(lower(recipient), key);",
    /* 7: evidence attributed to the account that uploaded it, for its quota; rows
    ** written before are given the one account whose name (or login, for an
    ** account without a name) is their author's, when exactly one is */
    "ALTER TABLE evidence ADD COLUMN user_id INTEGER REFERENCES user(id);"
    "UPDATE evidence SET user_id=(SELECT u.id FROM user u WHERE u.name=evidence.author"
    "  OR (u.name='' AND u.login=evidence.author))"
    " WHERE (SELECT count(*) FROM user u WHERE u.name=evidence.author"
    "  OR (u.name='' AND u.login=evidence.author))=1;"
    "CREATE INDEX evidence_user ON evidence(user_id, sha256, size);"
    "CREATE INDEX evidence_sha ON evidence(sha256, size);",
    /* 8: a decided submission remembers the recommendation's latest update when it
    ** was decided, so that a rejection or a refused date stays with the owner until
    ** they post a newer one (model.h's rec_returned_open). Rows decided before are
    ** given the latest update made by their decision's date. */
    "ALTER TABLE submission ADD COLUMN progress_seen INTEGER;"
    "UPDATE submission SET progress_seen=(SELECT coalesce(max(p.id),0) FROM progress p"
    "  WHERE p.rec_id=submission.rec_id AND p.on_date<=submission.decided_on)"
    " WHERE state<>'pending';",
    /* 9: a queued message is marked 'sending' (by which run, since when) before its
    ** final dot and 'unknown' when that run died before hearing the answer,
    ** so no message is sent twice after a crash (notify_run.h) */
    "ALTER TABLE outbox ADD COLUMN flight TEXT CHECK(flight IN ('sending','unknown'));"
    "ALTER TABLE outbox ADD COLUMN flight_run TEXT;"
    "ALTER TABLE outbox ADD COLUMN flight_at INTEGER;",
    /* 10: single sign-on: OpenID Connect providers (never the client secret: a file or an
    ** environment variable names it) with their discovery document and keys as last
    ** fetched; accounts linked to a provider's subjects; sign-ins under way (auth_oidc.c) */
    "CREATE TABLE sso_provider(id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK(name <> ''), issuer TEXT NOT NULL,"
    "  client_id TEXT NOT NULL, secret_file TEXT, secret_env TEXT, label TEXT NOT NULL,"
    "  offered INTEGER NOT NULL DEFAULT 1 CHECK(offered IN (0,1)), tenant TEXT, domains TEXT,"
    "  scopes TEXT, groups_claim TEXT, role_map TEXT, allow_http INTEGER NOT NULL DEFAULT 0"
    "  CHECK(allow_http IN (0,1)), discovery TEXT, jwks TEXT, fetched_at INTEGER,"
    "  created_at TEXT NOT NULL) STRICT;"
    "CREATE TABLE sso_link(issuer TEXT NOT NULL, subject TEXT NOT NULL,"
    "  provider_id INTEGER NOT NULL REFERENCES sso_provider(id), user_id INTEGER NOT NULL"
    "  REFERENCES user(id), created_at TEXT NOT NULL, PRIMARY KEY(issuer, subject)) STRICT;"
    "CREATE INDEX sso_link_user ON sso_link(user_id);"
    "CREATE TABLE sso_flow(state_hash TEXT PRIMARY KEY, browser_hash TEXT NOT NULL,"
    "  provider_id INTEGER NOT NULL REFERENCES sso_provider(id), nonce TEXT NOT NULL,"
    "  verifier TEXT NOT NULL, redirect TEXT NOT NULL, next TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL) STRICT;",
    /* 11: local accounts done properly (auth_link.c, auth_totp.c): single-use links to
    ** set a password (invitations, resets) kept only as hashes; TOTP secrets and hashed
    ** recovery codes; a session's stage (0 signed in, 1 waiting for the second factor,
    ** 2 made to enrol first) and the browser it was opened from */
    "CREATE TABLE account_link("
    "  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id),"
    "  purpose TEXT NOT NULL CHECK(purpose IN ('invite','reset')),"
    "  token_hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL, used_at INTEGER"
    ") STRICT;"
    "CREATE INDEX account_link_user ON account_link(user_id);"
    "CREATE TABLE totp("
    "  user_id INTEGER PRIMARY KEY REFERENCES user(id), secret TEXT NOT NULL,"
    "  confirmed INTEGER NOT NULL DEFAULT 0, last_step INTEGER NOT NULL DEFAULT 0"
    ") STRICT;"
    "CREATE TABLE recovery_code("
    "  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id),"
    "  code_hash TEXT NOT NULL, used_at INTEGER"
    ") STRICT;"
    "CREATE INDEX recovery_code_user ON recovery_code(user_id);"
    "ALTER TABLE session ADD COLUMN stage INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE session ADD COLUMN agent TEXT;",
    /* 12: the figures a committee paper stated for its cycle ("81 overdue", "2 Essential
    ** overdue over 12 months"), which the summary for the cycle compares with the
    ** register; risk and band are '' for a figure over all of them */
    "CREATE TABLE cycle_stated("
    "  cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK(kind IN ('open','overdue','not_yet_due','implemented')),"
    "  risk TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
    "  band TEXT NOT NULL DEFAULT '' COLLATE NOCASE,"
    "  value INTEGER NOT NULL CHECK(value >= 0), seq INTEGER NOT NULL,"
    "  PRIMARY KEY(cycle_id, kind, risk, band)) STRICT;",
    /* 13: the head of audit's words for a reporting cycle (store_text.c): named parts
    ** of a pack ("introduction") with audit_id 0, and the commentary on an audit (part
    ** "commentary", audit_id the audit); part names folded to lower case on write */
    "CREATE TABLE cycle_text("
    "  id INTEGER PRIMARY KEY, cycle_id INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,"
    "  audit_id INTEGER NOT NULL DEFAULT 0, part TEXT NOT NULL, body TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL, UNIQUE(cycle_id, audit_id, part)"
    ") STRICT;",
};
#define N_MIGRATION ((int)(sizeof(azMigration) / sizeof(azMigration[0])))

int db_schema_version(void) { return N_MIGRATION; }

const char *db_migration(int v) { return v >= 0 && v < N_MIGRATION ? azMigration[v] : 0; }
