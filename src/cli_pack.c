/*
** cli_pack.c: the committee pack commands: `pack set NAME FILE` stores a pack
** definition (checked in full first), `pack remove NAME`, `pack list` and `pack
** show NAME`; and cli_report_extra(), which gives `report pack` its definition
** and `report trend` its --cycles. Not for: the pack format or building packs (report_pack.c).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "cli.h"
#include "file.h"
#include "report_pack.h"
#include "store.h"

int cmd_pack_set(Ctx *c, Args *a) {
  FileData f;
  Buf err = BUF_INIT;
  if (file_load(a->azPos[1], &f, &err)) {
    cli_err("%s", buf_cstr(&err));
    buf_free(&err);
    return EXIT_FAIL;
  }
  Buf text = BUF_INIT;
  buf_append(&text, f.z, f.n);
  file_free(&f);
  if (memchr(text.z ? text.z : "", 0, text.n)) {
    cli_err("%s: a pack definition is text; this file holds a NUL byte", a->azPos[1]);
    buf_free(&text);
    return EXIT_USAGE;
  }
  Actor w = {c->zActor, 0};
  int rc = act_pack_set(c->db, &w, a->azPos[0], buf_cstr(&text), &err);
  if (rc)
    cli_err("%s: %s", a->azPos[1], buf_cstr(&err));
  else
    buf_appendf(&c->out, "pack %s stored\n", a->azPos[0]);
  buf_free(&err);
  buf_free(&text);
  return rc == ACT_OK ? EXIT_OK : rc == ACT_INVALID ? EXIT_USAGE : EXIT_FAIL;
}

int cmd_pack_remove(Ctx *c, Args *a) {
  Actor w = {c->zActor, 0};
  Buf err = BUF_INIT;
  int rc = act_pack_remove(c->db, &w, a->azPos[0], &err);
  return cli_act_done(c, rc, &err, "pack %s removed\n", a->azPos[0]);
}

int cmd_pack_list(Ctx *c, Args *a) {
  (void)a;
  Policy p;
  char **az = 0;
  int n = 0;
  if (store_policy_load(c->db, &p) || store_pack_names(c->db, &az, &n)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  /* Stored packs first (a stored pack hides a built-in one of the same name). */
  for (int i = 0; i < n; i++) {
    buf_appendf(&c->out, "%-20s stored%s\n", az[i], strcasecmp(az[i], p.zPack) ? "" : ", default");
  }
  for (int i = 0; pack_builtin_names[i]; i++) {
    int hidden = 0;
    for (int k = 0; k < n; k++) hidden |= !strcasecmp(az[k], pack_builtin_names[i]);
    if (hidden) continue;
    buf_appendf(&c->out, "%-20s built in%s\n", pack_builtin_names[i],
                strcasecmp(pack_builtin_names[i], p.zPack) ? "" : ", default");
  }
  store_names_free(az, n);
  return 0;
}

int cmd_pack_show(Ctx *c, Args *a) {
  char *z = 0;
  if (store_pack_get(c->db, a->azPos[0], &z)) {
    cli_err("%s", db_errmsg(c->db));
    return EXIT_FAIL;
  }
  const char *zText = z ? z : pack_builtin(a->azPos[0]);
  if (!zText) {
    cli_err("there is no pack named '%s' (auditrack pack list)", a->azPos[0]);
    return EXIT_FAIL;
  }
  buf_puts(&c->out, zText);
  if (zText[0] && zText[strlen(zText) - 1] != '\n') buf_putc(&c->out, '\n');
  free(z);
  return 0;
}

int cli_report_extra(Ctx *c, const Args *a, const Policy *p, ReportInput *in, Pack *pk) {
  const char *zKind = a->azPos[0];
  memset(pk, 0, sizeof *pk);
  const ReportKind *k = report_kind_find(zKind);
  int needsPack = k && (k->needs & KIND_NEEDS_PACK);
  if ((arg_get(a, "pack") || arg_get(a, "pack-file")) && !needsPack) {
    cli_err("--pack and --pack-file are for `report pack`");
    return EXIT_USAGE;
  }
  if (!needsPack) return 0;
  const char *zFile = arg_get(a, "pack-file"), *zName = arg_get(a, "pack");
  if (zFile && zName) {
    cli_err("give --pack or --pack-file, not both");
    return EXIT_USAGE;
  }
  Buf err = BUF_INIT, text = BUF_INIT;
  int rc = 0;
  if (zFile) {
    FileData f;
    if (file_load(zFile, &f, &err))
      rc = EXIT_FAIL;
    else {
      buf_append(&text, f.z, f.n);
      file_free(&f);
    }
  }
  if (!rc && pack_load(c->db,
                       zFile   ? zFile
                       : zName ? zName
                               : p->zPack,
                       zFile ? buf_cstr(&text) : 0, p, pk, &err)) {
    rc = EXIT_USAGE;
  } else if (!rc && pack_load_texts(c->db, in->zCycle, pk, &err)) {
    rc = EXIT_FAIL;
  }
  if (rc)
    cli_err("%s", buf_cstr(&err));
  else
    in->pack = pk;
  buf_free(&err);
  buf_free(&text);
  return rc;
}
