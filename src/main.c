/*
** main.c: the auditrack program. Everything happens in cli_main().
*/
#include <sqlite3.h>

#include "cli.h"

int main(int argc, char **argv) {
  /* Before SQLite initialises: no memory statistics, so no global mutex taken on
  ** every allocation. */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return cli_main(argc, argv);
}
