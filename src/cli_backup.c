/*
** cli_backup.c: `backup DIR` and `restore DIR`. A backup is a directory: the
** database copied in one read transaction (store_backup), exactly the evidence
** files that copy refers to (copied; with --link, hard links where the file
** system allows), each checked against its SHA-256, and a MANIFEST naming the journal's
** head, the counts and every file's checksum. It is built under a temporary name
** and renamed when whole, so a failed backup leaves nothing; a restore checks
** every checksum before it writes, writes the database under a temporary name
** too, and ends with the journal verified against the manifest's head.
** Not for: the SQL (store_ops.c) or how evidence is stored (evidence.c).
*/
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "evidence.h"
#include "file.h"
#include "store_ops.h"

#define MANIFEST_MAGIC "auditrack-backup 1"

static int rm_one(const char *zPath, const struct stat *st, int flag, struct FTW *f) {
  (void)st, (void)flag, (void)f;
  return remove(zPath);
}
/* Remove a half-built directory and everything in it. */
static void rm_tree(const char *zDir) { (void)nftw(zDir, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

/* zPath's SHA-256 (hex) and size. 0, or 1 with the reason in err. */
static int sha_file(const char *zPath, char *zSha, long long *pSize, Buf *err) {
  FileData f;
  if (file_load(zPath, &f, err)) return 1;
  evidence_digest(f.z, f.n, zSha);
  *pSize = (long long)f.n;
  file_free(&f);
  return 0;
}

/* Copy zFrom to zTo (through zTo.tmp, flushed, renamed), or link it when link is set
** and the file system allows. 0, or 1 with the reason in err. */
static int copy_file(const char *zFrom, const char *zTo, int link_ok, Buf *err) {
  if (link_ok && link(zFrom, zTo) == 0) return 0;
  FileData f;
  if (file_load(zFrom, &f, err)) return 1;
  Buf tmp = BUF_INIT;
  buf_appendf(&tmp, "%s.tmp", zTo);
  int rc = file_write_whole(zTo, buf_cstr(&tmp), f.z, f.n, err);
  buf_free(&tmp);
  file_free(&f);
  return rc;
}

static int make_dir(const char *zDir, Buf *err) {
  if (mkdir(zDir, 0700) == 0 || errno == EEXIST) return 0;
  return buf_fail(err, 1, "cannot create %s: %s", zDir, strerror(errno));
}

/* Evidence file zSha from zFromDir into zToDir (ab/cdef... in each), checked against
** its name and the size the database gives. 0, or 1 with the reason in err. */
static int evidence_copy(const char *zFromDir, const char *zToDir, const char *zSha, long long size,
                         int link_ok, Buf *err) {
  Buf from = BUF_INIT, sub = BUF_INIT, to = BUF_INIT;
  buf_appendf(&from, "%s/%.2s/%s", zFromDir, zSha, zSha + 2);
  buf_appendf(&sub, "%s/%.2s", zToDir, zSha);
  buf_appendf(&to, "%s/%s", buf_cstr(&sub), zSha + 2);
  char zGot[65];
  long long n = 0;
  int rc = make_dir(buf_cstr(&sub), err);
  if (!rc && access(buf_cstr(&to), F_OK) != 0)
    rc = copy_file(buf_cstr(&from), buf_cstr(&to), link_ok, err);
  if (!rc) rc = sha_file(buf_cstr(&to), zGot, &n, err);
  if (!rc && (strcmp(zGot, zSha) || (size >= 0 && n != size)))
    rc = buf_fail(err, 1, "evidence file %s: its content does not match its hash or size", zSha);
  buf_free(&from);
  buf_free(&sub);
  buf_free(&to);
  return rc;
}

/* The evidence files of the database copy zDb into zTmp/evidence, and the manifest's
** lines for them and the facts into *m. 0, or 1 with the reason in err. */
static int backup_fill(const char *zDb, const char *zEvidence, const char *zTmp, int link_ok,
                       Buf *m, Buf *err) {
  Db *db = 0;
  char *zErr = 0;
  if (db_open(zDb, 0, &db, &zErr)) {
    buf_appendf(err, "%s", zErr);
    free(zErr);
    return 1;
  }
  StoreFacts f;
  StoreFile *a = 0;
  int n = 0, rc = store_facts(db, &f) || store_evidence_files(db, &a, &n);
  if (rc) buf_appendf(err, "%s", db_errmsg(db));
  db_close(db);
  char zSha[65];
  long long size = 0;
  if (!rc) rc = sha_file(zDb, zSha, &size, err);
  if (!rc) {
    buf_appendf(m, "schema %d\nhead %lld:%s\naudits %lld\nrecs %lld\njournal %lld\n",
                db_schema_version(), f.headId, f.zHeadHash, f.nAudit, f.nRec, f.nJournal);
    buf_appendf(m, "evidence %lld\nfile auditrack.db %lld %s\n", f.nEvidence, size, zSha);
  }
  Buf ev = BUF_INIT;
  buf_appendf(&ev, "%s/evidence", zTmp);
  if (!rc) rc = make_dir(buf_cstr(&ev), err);
  for (int i = 0; i < n && !rc; i++) {
    rc = evidence_copy(zEvidence, buf_cstr(&ev), a[i].zSha, a[i].size, link_ok, err);
    if (!rc)
      buf_appendf(m, "file evidence/%.2s/%s %lld %s\n", a[i].zSha, a[i].zSha + 2, a[i].size,
                  a[i].zSha);
  }
  buf_free(&ev);
  free(a);
  return rc;
}

int cmd_backup(Ctx *c, Args *a) {
  const char *zDir = a->azPos[0];
  if (access(zDir, F_OK) == 0) {
    cli_err("%s exists: a backup goes into a new directory", zDir);
    return EXIT_USAGE;
  }
  Buf ev = BUF_INIT, tmp = BUF_INIT, db = BUF_INIT, m = BUF_INIT, err = BUF_INIT;
  if (arg_get(a, "evidence-dir"))
    buf_puts(&ev, arg_get(a, "evidence-dir"));
  else
    buf_appendf(&ev, "%s.evidence", c->zDbPath);
  buf_appendf(&tmp, "%s.tmp-XXXXXX", zDir);
  int rc = 0;
  if (!mkdtemp((char *)buf_cstr(&tmp))) {
    buf_appendf(&err, "cannot create %s: %s", buf_cstr(&tmp), strerror(errno));
    rc = 1;
  } else {
    time_t now = time(0);
    char zNow[32];
    strftime(zNow, sizeof zNow, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    buf_appendf(&m, "%s\nversion %s\ntaken %s\n", MANIFEST_MAGIC, AT_VERSION, zNow);
    buf_appendf(&db, "%s/auditrack.db", buf_cstr(&tmp));
    rc = store_backup(c->db, buf_cstr(&db), &err);
    if (!rc)
      rc = backup_fill(buf_cstr(&db), buf_cstr(&ev), buf_cstr(&tmp), arg_has(a, "link"), &m, &err);
    Buf path = BUF_INIT, ptmp = BUF_INIT;
    buf_appendf(&path, "%s/MANIFEST", buf_cstr(&tmp));
    buf_appendf(&ptmp, "%s/MANIFEST.tmp", buf_cstr(&tmp));
    if (!rc) rc = file_write_whole(buf_cstr(&path), buf_cstr(&ptmp), m.z, m.n, &err);
    buf_free(&path);
    buf_free(&ptmp);
    if (!rc && rename(buf_cstr(&tmp), zDir) != 0) {
      buf_appendf(&err, "cannot rename %s to %s: %s", buf_cstr(&tmp), zDir, strerror(errno));
      rc = 1;
    }
    if (rc) rm_tree(buf_cstr(&tmp));
  }
  if (rc) {
    cli_err("backup: %s (nothing was written)", buf_cstr(&err));
  } else {
    const char *zHead = strstr(buf_cstr(&m), "\nhead ");
    buf_appendf(&c->out, "backup %s: %.*s\n", zDir, (int)strcspn(zHead + 1, "\n"), zHead + 1);
  }
  buf_free(&ev);
  buf_free(&tmp);
  buf_free(&db);
  buf_free(&m);
  buf_free(&err);
  return rc ? EXIT_FAIL : EXIT_OK;
}

/* Check every file the manifest zMan of backup zDir names against its size and
** checksum, and read its head. 0, or 1 with the reason in err. */
static int manifest_check(const char *zDir, const char *zMan, long long *pHead, char *zHash,
                          Buf *err) {
  if (strncmp(zMan, MANIFEST_MAGIC "\n", strlen(MANIFEST_MAGIC) + 1))
    return buf_fail(err, 1, "%s/MANIFEST is not an auditrack backup's manifest", zDir);
  int nDb = 0, iLine = 0, rc = 0;
  *pHead = -1;
  for (const char *z = zMan; *z && !rc; z += strcspn(z, "\n") + (z[strcspn(z, "\n")] != 0)) {
    char zRel[160], zSha[65], zGot[65];
    long long size = 0, n = 0;
    int k = 0;
    iLine++;
    if (!strncmp(z, "head ", 5)) {
      if (sscanf(z, "head %lld:%64[0-9a-f]", pHead, zHash) < 1)
        rc = buf_fail(err, 1, "%s/MANIFEST:%d: a bad head", zDir, iLine);
      if (*pHead == 0) zHash[0] = 0;
      continue;
    }
    if (strncmp(z, "file ", 5)) continue;
    if (sscanf(z, "file %159s %lld %64[0-9a-f]%n", zRel, &size, zSha, &k) != 3 ||
        strstr(zRel, ".."))
      return buf_fail(err, 1, "%s/MANIFEST:%d: a bad file line", zDir, iLine);
    Buf path = BUF_INIT;
    buf_appendf(&path, "%s/%s", zDir, zRel);
    rc = sha_file(buf_cstr(&path), zGot, &n, err);
    if (!rc && (n != size || strcmp(zGot, zSha)))
      rc = buf_fail(err, 1, "%s: its size or checksum is not the manifest's (line %d)",
                    buf_cstr(&path), iLine);
    buf_free(&path);
    nDb += !strcmp(zRel, "auditrack.db");
  }
  if (!rc && (nDb != 1 || *pHead < 0))
    rc = buf_fail(err, 1, "%s/MANIFEST names no database or no head", zDir);
  return rc;
}

/* The manifest's evidence files into zEvidence, then the database to zDb: written
** beside it, its old -wal and -shm removed, renamed over it. 0, or 1 (err). */
static int restore_files(const char *zDir, const char *zMan, const char *zDb, const char *zEvidence,
                         Buf *err) {
  int rc = make_dir(zEvidence, err);
  for (const char *z = strstr(zMan, "\nfile evidence/"); z && !rc;
       z = strstr(z + 1, "\nfile evidence/")) {
    char zSha[65];
    if (sscanf(z, "\nfile evidence/%*s %*d %64[0-9a-f]", zSha) != 1) continue;
    Buf from = BUF_INIT;
    buf_appendf(&from, "%s/evidence", zDir);
    rc = evidence_copy(buf_cstr(&from), zEvidence, zSha, -1, 0, err);
    buf_free(&from);
  }
  Buf from = BUF_INIT, tmp = BUF_INIT, side = BUF_INIT;
  buf_appendf(&from, "%s/auditrack.db", zDir);
  buf_appendf(&tmp, "%s.restore", zDb);
  if (!rc) rc = copy_file(buf_cstr(&from), buf_cstr(&tmp), 0, err);
  static const char *const azSide[] = {"-wal", "-shm", ".checked"};
  for (size_t i = 0; i < sizeof azSide / sizeof azSide[0] && !rc; i++) {
    buf_reset(&side);
    buf_appendf(&side, "%s%s", zDb, azSide[i]);
    if (unlink(buf_cstr(&side)) != 0 && errno != ENOENT)
      rc = buf_fail(err, 1, "cannot remove %s: %s", buf_cstr(&side), strerror(errno));
  }
  if (!rc && rename(buf_cstr(&tmp), zDb) != 0)
    rc = buf_fail(err, 1, "cannot rename %s to %s: %s", buf_cstr(&tmp), zDb, strerror(errno));
  if (rc) unlink(buf_cstr(&tmp));
  buf_free(&from);
  buf_free(&tmp);
  buf_free(&side);
  return rc;
}

int cmd_restore(Ctx *c, Args *a) {
  const char *zDir = a->azPos[0], *zDb = c->zDbPath;
  Buf man = BUF_INIT, err = BUF_INIT, ev = BUF_INIT;
  if (arg_get(a, "evidence"))
    buf_puts(&ev, arg_get(a, "evidence"));
  else
    buf_appendf(&ev, "%s.evidence", zDb);
  buf_appendf(&man, "%s/MANIFEST", zDir);
  FileData f;
  long long head = 0;
  char zHash[65] = "";
  int rc = file_load(buf_cstr(&man), &f, &err);
  buf_reset(&man);
  if (!rc) {
    buf_append(&man, f.z, f.n);
    file_free(&f);
    rc = manifest_check(zDir, buf_cstr(&man), &head, zHash, &err);
  }
  if (!rc && access(zDb, F_OK) == 0 && !arg_has(a, "force")) {
    cli_err("%s exists: give --force to replace it with the backup", zDb);
    rc = -1;
  }
  if (!rc) rc = restore_files(zDir, buf_cstr(&man), zDb, buf_cstr(&ev), &err);
  if (rc > 0) cli_err("restore: %s (the database was not replaced)", buf_cstr(&err));
  Db *db = 0;
  char *zErr = 0;
  if (!rc && db_open(zDb, 0, &db, &zErr)) {
    cli_err("%s", zErr);
    free(zErr);
    rc = 1;
  }
  if (!rc) {
    buf_appendf(&c->out, "restored %s to %s (evidence in %s)\n", zDir, zDb, buf_cstr(&ev));
    if (journal_verify(db, head, zHash, &c->out)) rc = 1;
  }
  db_close(db);
  buf_free(&man);
  buf_free(&err);
  buf_free(&ev);
  return rc < 0 ? EXIT_USAGE : rc ? EXIT_FAIL : EXIT_OK;
}
