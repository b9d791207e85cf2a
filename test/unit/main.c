/*
** main.c of the unit tests: runs every registered TEST (or those whose names
** contain argv[1]) and ends with "unit: N passed, N failed".
*/
#include "t.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct T {
  const char *zName;
  void (*x)(void);
} T;

static T *aTest;
static int nTest, nAlloc;
static int nFailHere;
static const char *zCurrent;

void t_register(const char *zName, void (*x)(void)) {
  if (nTest == nAlloc) {
    nAlloc = nAlloc ? nAlloc * 2 : 64;
    aTest = realloc(aTest, sizeof(T) * (size_t)nAlloc);
    if (!aTest) abort();
  }
  aTest[nTest].zName = zName;
  aTest[nTest].x = x;
  nTest++;
}

void t_fail(const char *zFile, int line, const char *zFmt, ...) {
  va_list ap;
  va_start(ap, zFmt);
  fprintf(stderr, "FAIL %s (%s:%d): ", zCurrent, zFile, line);
  vfprintf(stderr, zFmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  nFailHere++;
}

void t_remove_db(const char *zDir, const char *zDb) {
  char z[4096];
  const char *azSuffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    snprintf(z, sizeof z, "%s%s", zDb, azSuffix[i]);
    unlink(z);
  }
  rmdir(zDir);
}

int t_dies(void (*x)(void)) {
  fflush(0);
  pid_t pid = fork();
  if (pid == 0) {
    FILE *f = freopen("/dev/null", "w", stderr);
    (void)f;
    x();
    _exit(0);
  }
  int st = 0;
  if (pid < 0 || waitpid(pid, &st, 0) != pid) return 0;
  return WIFEXITED(st) && WEXITSTATUS(st) != 0;
}

int main(int argc, char **argv) {
  int nPass = 0, nFail = 0;
  for (int i = 0; i < nTest; i++) {
    if (argc > 1 && !strstr(aTest[i].zName, argv[1])) continue;
    zCurrent = aTest[i].zName;
    nFailHere = 0;
    aTest[i].x();
    if (nFailHere)
      nFail++;
    else
      nPass++;
  }
  printf("unit: %d passed, %d failed\n", nPass, nFail);
  free(aTest);
  return nFail ? 1 : 0;
}
