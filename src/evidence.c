/*
** evidence.c: evidence files on disk, content-addressed by SHA-256, and the
** checks an upload must pass before it is kept: a plain name, a size within
** the limit, and a type on the allow-list whose content matches its extension.
**
** The allow-list is deliberately short (documents, images, mail): a file is
** served back as an attachment with the type decided here, never the type the
** browser claimed. Not for: the database rows (store_work.c) or access rules.
*/
#include "evidence.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "form.h"

int evidence_name_check(const char *zName, Buf *err) {
  if (!zName || !zName[0])
    return buf_fail(err, 1, "The file has no name: give it one and try again");
  size_t n = strlen(zName);
  if (n > EVIDENCE_NAME_MAX) {
    return buf_fail(err, 1, "The file name is too long (%d characters at most)", EVIDENCE_NAME_MAX);
  }
  if (strchr(zName, '/') || strchr(zName, '\\')) {
    return buf_fail(err, 1,
                    "The file name \"%s\" looks like a path: rename it to a plain name such as "
                    "report.pdf",
                    zName);
  }
  if (zName[0] == '.') {
    return buf_fail(err, 1, "The file name \"%s\" must not start with a dot", zName);
  }
  for (const unsigned char *p = (const unsigned char *)zName; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) return buf_fail(err, 1, "The file name holds control characters");
  }
  if (!utf8_valid(zName, n)) return buf_fail(err, 1, "The file name is not valid UTF-8");
  /* Bidirectional controls (U+061C, U+200E-F, U+202A-E, U+2066-9) make a name
  ** read other than it is: "invoice\u202Efdp.exe" shows as "invoiceexe.pdf". */
  for (const unsigned char *p = (const unsigned char *)zName; *p; p++) {
    int b = (p[0] == 0xd8 && p[1] == 0x9c) ||
            (p[0] == 0xe2 && p[1] == 0x80 &&
             (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae))) ||
            (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9);
    if (b) {
      return buf_fail(err, 1, "The file name holds characters that change the direction of text");
    }
  }
  return 0;
}

typedef enum Magic { MG_PDF, MG_PNG, MG_JPEG, MG_GIF, MG_TEXT, MG_ZIP, MG_OLE2 } Magic;

typedef struct Kind {
  const char *zExt, *zType;
  Magic magic;
} Kind;

static const Kind aKind[] = {
    {"pdf", "application/pdf", MG_PDF},
    {"png", "image/png", MG_PNG},
    {"jpg", "image/jpeg", MG_JPEG},
    {"jpeg", "image/jpeg", MG_JPEG},
    {"gif", "image/gif", MG_GIF},
    {"txt", "text/plain; charset=utf-8", MG_TEXT},
    {"csv", "text/csv; charset=utf-8", MG_TEXT},
    {"eml", "message/rfc822", MG_TEXT},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", MG_ZIP},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MG_ZIP},
    {"doc", "application/msword", MG_OLE2},
    {"xls", "application/vnd.ms-excel", MG_OLE2},
    {"msg", "application/vnd.ms-outlook", MG_OLE2},
};

static int starts(const char *z, size_t n, const char *zMagic, size_t nMagic) {
  return n >= nMagic && !memcmp(z, zMagic, nMagic);
}

static int magic_ok(Magic m, const char *z, size_t n) {
  switch (m) {
  case MG_PDF: return starts(z, n, "%PDF-", 5);
  case MG_PNG: return starts(z, n, "\x89PNG\r\n\x1a\n", 8);
  case MG_JPEG: return starts(z, n, "\xff\xd8\xff", 3);
  case MG_GIF: return starts(z, n, "GIF87a", 6) || starts(z, n, "GIF89a", 6);
  case MG_TEXT: return utf8_valid(z, n);
  case MG_ZIP: return starts(z, n, "PK\x03\x04", 4);
  case MG_OLE2: return starts(z, n, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
  }
  return 0;
}

int evidence_check(const char *zName, const char *z, size_t n, long limit, const char **pzType,
                   Buf *err) {
  if (evidence_name_check(zName, err)) return 1;
  if (n == 0) return buf_fail(err, 1, "The file \"%s\" is empty", zName);
  if (limit > 0 && n > (size_t)limit) {
    return buf_fail(err, 2, "The file \"%s\" is larger than %ld MB", zName,
                    (limit + (1L << 20) - 1) >> 20);
  }
  const char *zExt = strrchr(zName, '.');
  const Kind *k = 0;
  for (size_t i = 0; zExt && i < sizeof aKind / sizeof aKind[0] && !k; i++) {
    if (!strcasecmp(zExt + 1, aKind[i].zExt)) k = &aKind[i];
  }
  if (!k) {
    return buf_fail(err, 1,
                    "The file \"%s\" must be a PDF, image (PNG, JPEG, GIF), text or CSV, Word "
                    "or Excel document, or email (MSG, EML)",
                    zName);
  }
  if (!magic_ok(k->magic, z, n)) {
    return buf_fail(err, 1,
                    "The file \"%s\" is not a real .%s file: its content does not match its "
                    "name",
                    zName, k->zExt);
  }
  *pzType = k->zType;
  return 0;
}

const char *evidence_type(const char *zType) {
  for (size_t i = 0; zType && i < sizeof aKind / sizeof aKind[0]; i++) {
    if (!strcmp(zType, aKind[i].zType)) return aKind[i].zType;
  }
  return "application/octet-stream";
}

void evidence_digest(const char *z, size_t n, char *zSha) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)z, n);
  sodium_bin2hex(zSha, EVIDENCE_SHA_HEX, h, sizeof h);
}

/* zDir/ab (into sub) and zDir/ab/cdef... (into path). */
static void paths(const char *zDir, const char *zSha, Buf *sub, Buf *path) {
  buf_appendf(sub, "%s/%.2s", zDir, zSha);
  buf_appendf(path, "%s/%s", buf_cstr(sub), zSha + 2);
}

static int write_all(int fd, const char *z, size_t n) {
  while (n) {
    ssize_t k = write(fd, z, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return 1;
    z += k;
    n -= (size_t)k;
  }
  return 0;
}

int evidence_store(const char *zDir, const char *z, size_t n, char *zSha, Buf *err) {
  int isNew;
  return evidence_store_new(zDir, z, n, zSha, &isNew, err);
}

void evidence_discard(const char *zDir, const char *zSha) {
  Buf sub = BUF_INIT, path = BUF_INIT;
  paths(zDir, zSha, &sub, &path);
  (void)unlink(buf_cstr(&path));
  (void)rmdir(buf_cstr(&sub)); /* only when empty */
  buf_free(&sub);
  buf_free(&path);
}

/* A failed system call's message in err ("zWhat PATH: strerror"): returns its
** errno (EIO if none was set), so that callers can tell a full disk or
** read-only storage from other failures. */
static int fail_errno(Buf *err, const char *zWhat, const char *zPath) {
  int e = errno ? errno : EIO;
  buf_reset(err);
  buf_appendf(err, "%s %s: %s", zWhat, zPath, strerror(e));
  return e;
}

int evidence_store_new(const char *zDir, const char *z, size_t n, char *zSha, int *pNew, Buf *err) {
  Buf sub = BUF_INIT, path = BUF_INIT, tmp = BUF_INIT;
  struct stat st;
  int rc = 0, fd = -1;
  *pNew = 0;
  evidence_digest(z, n, zSha);
  paths(zDir, zSha, &sub, &path);
  if (stat(buf_cstr(&path), &st) == 0 && (size_t)st.st_size == n) goto end; /* stored already */
  /* The directory itself too: a server started on read-only storage could not. */
  if (mkdir(zDir, 0700) && errno != EEXIST) {
    rc = fail_errno(err, "cannot create", zDir);
    goto end;
  }
  if (mkdir(buf_cstr(&sub), 0700) && errno != EEXIST) {
    rc = fail_errno(err, "cannot create", buf_cstr(&sub));
    goto end;
  }
  buf_appendf(&tmp, "%s/.tmp-XXXXXX", buf_cstr(&sub));
  fd = mkstemp(tmp.z); /* mode 0600 */
  if (fd < 0) {
    rc = fail_errno(err, "cannot create a file in", buf_cstr(&sub));
    goto end;
  }
  if (write_all(fd, z, n) || fsync(fd)) {
    rc = fail_errno(err, "cannot write", buf_cstr(&tmp));
  } else if (close(fd)) {
    fd = -1;
    rc = fail_errno(err, "cannot write", buf_cstr(&tmp));
  } else {
    fd = -1;
    if (rename(buf_cstr(&tmp), buf_cstr(&path))) {
      rc = fail_errno(err, "cannot store", buf_cstr(&path));
    } else {
      *pNew = 1;
      /* Make the rename itself durable. */
      int dfd = open(buf_cstr(&sub), O_RDONLY | O_DIRECTORY);
      if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
      }
    }
  }
  if (fd >= 0) close(fd);
  if (rc) unlink(buf_cstr(&tmp));
end:
  buf_free(&sub);
  buf_free(&path);
  buf_free(&tmp);
  return rc;
}

void evidence_touch(const char *zDir, const char *zSha) {
  Buf sub = BUF_INIT, path = BUF_INIT;
  paths(zDir, zSha, &sub, &path);
  (void)utimensat(AT_FDCWD, buf_cstr(&path), 0, 0); /* both times: now */
  buf_free(&sub);
  buf_free(&path);
}

typedef struct Kept {
  char *zPath;
  struct timespec t;
} Kept;

static int kept_newest_first(const void *a, const void *b) {
  const Kept *x = a, *y = b;
  if (x->t.tv_sec != y->t.tv_sec) return x->t.tv_sec < y->t.tv_sec ? 1 : -1;
  return x->t.tv_nsec < y->t.tv_nsec ? 1 : x->t.tv_nsec > y->t.tv_nsec ? -1 : 0;
}

int evidence_sweep(const char *zDir, long long now, long long maxAge, int maxFiles) {
  Kept *a = 0;
  int n = 0, cap = 0, nGone = 0;
  DIR *d = opendir(zDir);
  struct dirent *e;
  while (d && (e = readdir(d)) != 0) {
    if (strlen(e->d_name) != 2 || strspn(e->d_name, "0123456789abcdef") != 2) continue;
    Buf sub = BUF_INIT;
    buf_appendf(&sub, "%s/%s", zDir, e->d_name);
    DIR *d2 = opendir(buf_cstr(&sub));
    struct dirent *f;
    while (d2 && (f = readdir(d2)) != 0) {
      struct stat st;
      Buf path = BUF_INIT;
      buf_appendf(&path, "%s/%s", buf_cstr(&sub), f->d_name);
      int tmp = !strncmp(f->d_name, ".tmp-", 5);
      if (f->d_name[0] == '.' && !tmp) {
        buf_free(&path);
      } else if (lstat(buf_cstr(&path), &st) || !S_ISREG(st.st_mode)) {
        buf_free(&path);
      } else if (now - st.st_mtim.tv_sec > maxAge) {
        nGone += unlink(buf_cstr(&path)) == 0;
        buf_free(&path);
      } else if (tmp) {
        buf_free(&path); /* a write in progress: not counted, not removed */
      } else {
        if (n == cap) a = xrealloc(a, sizeof *a * (size_t)(cap = cap ? cap * 2 : 16));
        a[n].zPath = buf_steal(&path);
        a[n++].t = st.st_mtim;
      }
    }
    if (d2) closedir(d2);
    (void)rmdir(buf_cstr(&sub)); /* only when empty */
    buf_free(&sub);
  }
  if (d) closedir(d);
  if (n > 1) qsort(a, (size_t)n, sizeof *a, kept_newest_first);
  for (int i = 0; i < n; i++) {
    if (i >= maxFiles && unlink(a[i].zPath) == 0) {
      nGone++;
      *strrchr(a[i].zPath, '/') = 0;
      (void)rmdir(a[i].zPath); /* only when empty */
    }
    free(a[i].zPath);
  }
  free(a);
  return nGone;
}

int evidence_read(const char *zDir, const char *zSha, Buf *out, Buf *err) {
  if (!zSha || strlen(zSha) != 64 || strspn(zSha, "0123456789abcdef") != 64) {
    return buf_fail(err, 1, "not a stored file's digest");
  }
  Buf sub = BUF_INIT, path = BUF_INIT;
  paths(zDir, zSha, &sub, &path);
  int rc = 0;
  FILE *f = fopen(buf_cstr(&path), "rb");
  if (!f) {
    rc = buf_fail(err, 1, "cannot open %s: %s", buf_cstr(&path), strerror(errno));
  } else {
    char a[65536];
    size_t k;
    while ((k = fread(a, 1, sizeof a, f)) > 0) buf_append(out, a, k);
    if (ferror(f)) rc = buf_fail(err, 1, "cannot read %s", buf_cstr(&path));
    fclose(f);
  }
  buf_free(&sub);
  buf_free(&path);
  return rc;
}

void evidence_disposition(const char *zName, Buf *out) {
  buf_puts(out, "attachment; filename=\"");
  for (const unsigned char *p = (const unsigned char *)zName; *p; p++) {
    int ok = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != ';';
    buf_putc(out, ok ? (char)*p : '_');
  }
  buf_puts(out, "\"; filename*=UTF-8''");
  for (const unsigned char *p = (const unsigned char *)zName; *p; p++) {
    /* RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~" */
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        (*p && strchr("!#$&+-.^_`|~", *p))) {
      buf_putc(out, (char)*p);
    } else {
      buf_appendf(out, "%%%02X", *p);
    }
  }
}
