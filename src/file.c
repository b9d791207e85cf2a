/*
** file.c: input files in memory. A tracker of a million rows is a gigabyte:
** mapping it costs no copy and no heap, where reading it through a growing
** buffer would copy it twice over. Output files are written whole or not at
** all (file_write_whole).
*/
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

int file_load(const char *zPath, FileData *f, Buf *err) {
  memset(f, 0, sizeof *f);
  int fd = open(zPath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    buf_appendf(err, "cannot open %s: %s", zPath, strerror(errno));
    return 1;
  }
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void *p = mmap(0, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
      f->pMap = p;
      f->z = p;
      f->n = (size_t)st.st_size;
      close(fd);
      return 0;
    }
  }
  char chunk[65536];
  ssize_t k;
  while ((k = read(fd, chunk, sizeof chunk)) > 0) buf_append(&f->b, chunk, (size_t)k);
  int e = errno;
  close(fd);
  if (k < 0) {
    buf_appendf(err, "cannot read %s: %s", zPath, strerror(e));
    buf_free(&f->b);
    return 1;
  }
  f->z = buf_cstr(&f->b);
  f->n = f->b.n;
  return 0;
}

void file_free(FileData *f) {
  if (f->pMap) munmap(f->pMap, f->n);
  buf_free(&f->b);
  memset(f, 0, sizeof *f);
}

int file_write_whole(const char *zPath, const char *zTmp, const char *z, size_t n, Buf *err) {
  int fd = open(zTmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    buf_appendf(err, "cannot create %s: %s", zTmp, strerror(errno));
    return 1;
  }
  int e = 0;
  for (size_t off = 0; !e && off < n;) {
    ssize_t k = write(fd, z + off, n - off);
    if (k < 0 && errno != EINTR)
      e = errno;
    else if (k > 0)
      off += (size_t)k;
  }
  if (!e && fsync(fd) != 0) e = errno;
  if (close(fd) != 0 && !e) e = errno;
  if (!e && rename(zTmp, zPath) != 0) e = errno;
  if (e) {
    buf_appendf(err, "cannot write %s: %s", zPath, strerror(e));
    unlink(zTmp);
    return 1;
  }
  return 0;
}
