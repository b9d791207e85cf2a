/*
** cli_text.c: the head of audit's words for a reporting cycle on the command line:
** `cycle text CYCLE PART [--audit A] --file F | --text T` stores a named part of the
** pack or the commentary on an audit (act_cycle_text_set checks and journals it),
** `cycle text-show CYCLE [PART]` prints them, `cycle text-remove` removes one.
** Not for: the markup or where the words are printed (report_pack_text.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "cli.h"
#include "file.h"

int cmd_cycle_text(Ctx *c, Args *a) {
  const char *zFile = arg_get(a, "file"), *zText = arg_get(a, "text");
  if (!zFile == !zText) {
    cli_err("give the words with --file FILE or --text TEXT (one of them)");
    return EXIT_USAGE;
  }
  Buf err = BUF_INIT, text = BUF_INIT;
  if (zFile) {
    FileData f;
    if (file_load(zFile, &f, &err)) {
      cli_err("%s", buf_cstr(&err));
      buf_free(&err);
      return EXIT_FAIL;
    }
    buf_append(&text, f.z, f.n);
    file_free(&f);
    if (memchr(text.z ? text.z : "", 0, text.n)) {
      cli_err("--file %s: the words are text; this file holds a NUL byte", zFile);
      buf_free(&text);
      return EXIT_USAGE;
    }
  } else
    buf_puts(&text, zText);
  Actor w = {c->zActor, 0};
  int rc = act_cycle_text_set(c->db, &w, a->azPos[0], arg_get(a, "audit"), a->azPos[1],
                              buf_cstr(&text), &err);
  buf_free(&text);
  return cli_act_done(c, rc, &err, "cycle %s: text %s%s%s stored\n", a->azPos[0], a->azPos[1],
                      arg_get(a, "audit") ? " for audit " : "",
                      arg_get(a, "audit") ? arg_get(a, "audit") : "");
}

int cmd_cycle_text_remove(Ctx *c, Args *a) {
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int rc = act_cycle_text_remove(c->db, &w, a->azPos[0], arg_get(a, "audit"), a->azPos[1], &err);
  return cli_act_done(c, rc, &err, "cycle %s: text %s removed\n", a->azPos[0], a->azPos[1]);
}

int cmd_cycle_text_show(Ctx *c, Args *a) {
  Cycle *aC = 0;
  CycleText *t = 0;
  int nC = 0, nT = 0;
  if (store_cycle_list(c->db, &aC, &nC)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  const Cycle *cy = cycle_find(aC, nC, a->azPos[0]);
  if (!cy) {
    cli_err("there is no cycle named '%s' (auditrack cycle list)", a->azPos[0]);
    store_cycles_free(aC, nC);
    return EXIT_FAIL;
  }
  int rc = store_text_list(c->db, cy->id, &t, &nT);
  store_cycles_free(aC, nC);
  if (rc) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  const char *zPart = a->nPos > 1 ? a->azPos[1] : 0;
  int shown = 0;
  for (int i = 0; i < nT; i++) {
    if (zPart && strcasecmp(zPart, t[i].zPart)) continue;
    if (shown++) buf_putc(&c->out, '\n');
    buf_appendf(&c->out, "== %s%s%s (saved %s)\n", t[i].zPart, t[i].zAudit ? ": audit " : "",
                t[i].zAudit ? t[i].zAudit : "", t[i].zUpdated);
    buf_puts(&c->out, t[i].zBody);
    if (t[i].zBody[0] && t[i].zBody[strlen(t[i].zBody) - 1] != '\n') buf_putc(&c->out, '\n');
  }
  store_texts_free(t, nT);
  if (!shown && zPart) {
    cli_err("cycle '%s' has no text '%s'", a->azPos[0], zPart);
    return EXIT_FAIL;
  }
  return EXIT_OK;
}
