/*
** t.h: the unit-test harness. TEST(name) defines a test that registers itself;
** CHECK* record a failure with file and line and let the test go on.
** test/unit/main.c runs every test and prints one line per failure and the tally.
*/
#ifndef AT_T_H
#define AT_T_H

#include <string.h>

void t_register(const char *zName, void (*x)(void));
void t_fail(const char *zFile, int line, const char *zFmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Run x in a child process; 1 if it exited non-zero, as fatal() does. For
** testing that misuse is refused. */
int t_dies(void (*x)(void));
/* Remove a test's database zDb (with its -wal and -shm) and then its directory zDir. */
void t_remove_db(const char *zDir, const char *zDb);

#define TEST(name)                                                                                 \
  static void name(void);                                                                          \
  __attribute__((constructor)) static void t_reg_##name(void) { t_register(#name, name); }         \
  static void name(void)

#define CHECK(c)                                                                                   \
  do {                                                                                             \
    if (!(c)) t_fail(__FILE__, __LINE__, "CHECK(%s)", #c);                                         \
  } while (0)

#define CHECK_INT(a, b)                                                                            \
  do {                                                                                             \
    long long t_a = (long long)(a), t_b = (long long)(b);                                          \
    if (t_a != t_b) t_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, t_a, t_b);         \
  } while (0)

#define CHECK_STR(a, b)                                                                            \
  do {                                                                                             \
    const char *t_a = (a), *t_b = (b);                                                             \
    if (!t_a || !t_b || strcmp(t_a, t_b))                                                          \
      t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, t_a ? t_a : "(null)",        \
             t_b ? t_b : "(null)");                                                                \
  } while (0)

#endif
