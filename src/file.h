/*
** file.h: a whole input file in memory, mapped where the system allows (a
** regular file) and read otherwise (a pipe, /dev/stdin). Not for: writing.
*/
#ifndef AT_FILE_H
#define AT_FILE_H

#include <stddef.h>

#include "buf.h"

typedef struct FileData {
  const char *z; /* the bytes; not NUL-terminated when mapped */
  size_t n;
  void *pMap;    /* the mapping, or NULL when read into b */
  Buf b;
} FileData;

/* Open zPath into f. Returns 0, or 1 with the reason in err ("cannot open X: ..."). */
int file_load(const char *zPath, FileData *f, Buf *err) AT_MUST;
void file_free(FileData *f);

#endif
