/*
** main.c: the auditrack program. Everything happens in cli_main().
*/
#include "cli.h"
#include "db.h"

int main(int argc, char **argv) {
  db_init();
  return cli_main(argc, argv);
}
