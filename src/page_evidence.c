/*
** page_evidence.c: evidence downloads: one evidence file, to a viewer who may
** read its recommendation (the route's need, R_EVIDENCE), with its stored type
** and a safe file name.
** Not for: keeping or checking the files (evidence.c), uploading them
** (page_rec_act.c), or SQL.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "store.h"
#include "web.h"

/* The route's need has found the file's recommendation and admitted the viewer. */
static int evidence_get(Req *r) {
  Evidence *a = 0;
  int n = 0;
  if (store_evidence_list(r->db, 0, r->aId[0], &a, &n)) {
    web_error(r, 500, "The file could not be read. Try again in a moment.");
    return 0;
  }
  if (n != 1) {
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

const Route page_evidence_routes[] = {{M_GET, "/evidence/#", CAP_SIGNED_IN, ACC_READ, R_EVIDENCE, 0,
                                       evidence_get, 0, "download an evidence file"},
                                      {0}};
