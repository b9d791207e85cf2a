/*
** evidence.h: the bytes of evidence files, kept outside the database in a
** content-addressed directory (DIR/ab/cdef...: the SHA-256 of the bytes, in
** hex, split after two characters), and the checks a file must pass first.
**
** The database holds only the row (name, type, size, digest: store.h); this
** module never touches it. Files are written to a temporary name in their final
** directory, synced and renamed, so a reader never sees half a file and the same
** content uploaded twice is stored once. Not for: who may read a file (the page
** decides, through web_rec_access) or SQL.
*/
#ifndef AT_EVIDENCE_H
#define AT_EVIDENCE_H

#include <stddef.h>

#include "buf.h"

#define EVIDENCE_NAME_MAX 200 /* bytes of a file's display name */
#define EVIDENCE_SHA_HEX 65   /* 64 hex digits and the NUL */

/* Is zName acceptable as a stored file's display name? It must be a plain base
** name: not empty, at most EVIDENCE_NAME_MAX bytes, no '/' or '\', no leading
** '.', no control characters. Returns 0, or 1 with one sentence in err naming
** the file; a name is refused, never silently changed. */
int evidence_name_check(const char *zName, Buf *err) AT_MUST;

/* Check one upload before anything is written: its name (evidence_name_check),
** its size (not empty, at most limit bytes) and its type, decided by the
** extension and confirmed by the content (PDF, PNG, JPEG, GIF, TXT and CSV as
** UTF-8, DOCX and XLSX as zip, DOC, XLS and MSG as OLE2, EML as text). On 0,
** *pzType is the MIME type to store and serve (a static string). Returns 0, 1
** with a sentence in err (the file is refused), or 2 when it is over the limit
** (the caller answers 413). */
int evidence_check(const char *zName, const char *z, size_t n, long limit, const char **pzType,
                   Buf *err) AT_MUST;

/* The static MIME type string equal to zType if it is one evidence_check gives,
** else "application/octet-stream": for serving a stored row's type. */
const char *evidence_type(const char *zType);

/* The hex SHA-256 of z[0..n) into zSha (EVIDENCE_SHA_HEX bytes): the name the
** bytes are stored under, known before anything is written. */
void evidence_digest(const char *z, size_t n, char *zSha);

/* Store z[0..n) under zDir, creating zDir/ab as needed (mode 0700; the file
** 0600), and write its hex SHA-256 into zSha (EVIDENCE_SHA_HEX bytes). Content
** already stored is left as it is. Returns 0, or 1 with the reason in err. */
int evidence_store(const char *zDir, const char *z, size_t n, char *zSha, Buf *err) AT_MUST;
/* evidence_store, and *pNew set to 1 when this call wrote the file (0 when it
** was stored already), so that evidence_discard can take it away again if the
** change naming it is refused. On failure it returns the errno of the call
** that failed (ENOSPC: the disk is full; EROFS: read-only storage). */
int evidence_store_new(const char *zDir, const char *z, size_t n, char *zSha, int *pNew,
                       Buf *err) AT_MUST;
/* Remove the file stored for zSha: for a file evidence_store_new wrote for a
** change that was then refused, so that refusals leave no orphans. */
void evidence_discard(const char *zDir, const char *zSha);

/* A store of files kept for a while only (a tracker between its check and its
** import) has the same layout; these keep it from growing. evidence_touch
** dates the file stored for zSha now, so that an upload of bytes stored before
** counts its age from this upload. evidence_sweep removes the files under zDir
** last stored more than maxAge seconds before now, then the oldest beyond the
** newest maxFiles, and temporary files of writes interrupted more than maxAge
** ago; it returns how many it removed. */
void evidence_touch(const char *zDir, const char *zSha);
int evidence_sweep(const char *zDir, long long now, long long maxAge, int maxFiles);

/* Append the bytes stored for digest zSha to out. zSha must be 64 lowercase hex
** digits (anything else is refused, so a digest can never name another path).
** Returns 0, or 1 with the reason in err (missing file, read error). */
int evidence_read(const char *zDir, const char *zSha, Buf *out, Buf *err) AT_MUST;

/* A Content-Disposition value for downloading a file called zName:
** attachment; filename="..." (an ASCII fallback: quotes, backslashes, control
** and non-ASCII bytes replaced by '_') plus filename*=UTF-8''... (RFC 5987,
** percent-encoded). Appended to out. */
void evidence_disposition(const char *zName, Buf *out);

#endif
