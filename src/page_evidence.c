/*
** page_evidence.c: evidence downloads: one evidence file, to a viewer who may
** read its recommendation, with its stored type and a safe file name.
** Not for: keeping or checking the files (evidence.c), uploading them
** (page_rec_act.c), or SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "store.h"
#include "web.h"

static int evidence_get(Req *r) {
  Evidence *a = 0;
  int n = 0;
  Register reg;
  if (store_evidence_list(r->db, 0, r->aId[0], &a, &n)) {
    web_error(r, 500, "The file could not be read. Try again in a moment.");
    return 0;
  }
  if (web_register_acquire(r, &reg)) { /* answered 500 */
    store_evidence_free(a, n);
    return 0;
  }
  const Rec *x = n == 1 ? recset_find(reg.set, a[0].recId) : 0;
  Access acc = x ? web_rec_access(r, x) : ACC_NONE;
  web_register_release(r, &reg);
  if (acc < ACC_READ) {
    store_evidence_free(a, n);
    web_error(r, 404, "If you typed the address, check it is correct.");
    return 0;
  }
  Buf err = BUF_INIT, body = BUF_INIT;
  if (evidence_read(web_evidence_dir(r), a[0].zSha256, &body, &err)) {
    fprintf(stderr, "auditrack: evidence %lld: %s\n", a[0].id, buf_cstr(&err));
    buf_free(&err);
    buf_free(&body);
    store_evidence_free(a, n);
    web_error(r, 404, "The file is missing from the evidence store. Tell internal audit.");
    return 0;
  }
  buf_free(&r->body);
  r->body = body;
  r->zType = evidence_type(a[0].zType);
  Buf d = BUF_INIT;
  evidence_disposition(a[0].zName, &d);
  free(r->zDisposition);
  r->zDisposition = buf_steal(&d);
  store_evidence_free(a, n);
  return 0;
}

const Route page_evidence_routes[] = {
    {M_GET, "/evidence/#", CAP_SIGNED_IN, 0, 0, evidence_get, 0, "download an evidence file"}, {0}};
