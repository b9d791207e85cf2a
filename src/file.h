/*
** file.h: a whole input file in memory, mapped where the system allows (a
** regular file) and read otherwise (a pipe, /dev/stdin); and a whole output file
** written so that it is complete or untouched. Not for: content-addressed
** evidence (evidence.c names its own temporary files).
*/
#ifndef AT_FILE_H
#define AT_FILE_H

#include <stddef.h>

#include "buf.h"

typedef struct FileData {
  const char *z; /* the bytes; not NUL-terminated when mapped */
  size_t n;
  void *pMap; /* the mapping, or NULL when read into b */
  Buf b;
} FileData;

/* Open zPath into f. Returns 0, or 1 with the reason in err ("cannot open X: ..."). */
int file_load(const char *zPath, FileData *f, Buf *err) AT_MUST;
void file_free(FileData *f);

/* Write z[0..n) to zPath whole or not at all: into zTmp (in the same directory),
** flushed to disk, then renamed over zPath. On failure zTmp is removed, zPath is
** as it was, and err says "cannot create TMP: ..." or "cannot write PATH: ...".
** Returns 0 or 1. */
int file_write_whole(const char *zPath, const char *zTmp, const char *z, size_t n,
                     Buf *err) AT_MUST;

#endif
