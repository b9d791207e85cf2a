/*
** test_web_cache.c: the render cache's single flight (web_cache_claim in
** web_register.c): one request renders a key for a generation, or with an
** earlier copy hands it to the renderer's thread and answers with that copy; the
** others are given that copy meanwhile, or wait for the first rendering; a
** rendering dropped or too large to keep ends its flight; a rendering on the
** renderer's thread renders.
** Not for: what is cached (the pages' tests).
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "t.h"
#include "web.h"

static Shared *shared_new(void) {
  Shared *sh = xcalloc(1, sizeof *sh);
  pthread_mutex_init(&sh->mu, 0);
  pthread_cond_init(&sh->flightCv, 0);
  pthread_key_create(&sh->dbKey, 0);
  return sh;
}

static int claim(Shared *sh, long long gen, const char *zKey, Buf *out) {
  Req r;
  memset(&r, 0, sizeof r);
  r.sh = sh;
  buf_reset(out);
  return web_cache_claim(&r, gen, zKey, out);
}

static void put(Shared *sh, long long gen, const char *zKey, const char *z) {
  Req r;
  memset(&r, 0, sizeof r);
  r.sh = sh;
  web_cache_put(&r, gen, zKey, z, strlen(z));
}

TEST(web_cache_one_renders_the_others_get_the_last_generation) {
  setenv("AUDITRACK_RENDER_ASIDE_MS", "0", 1); /* every rendering is made aside */
  Shared *sh = shared_new();
  Buf b = BUF_INIT;
  CHECK_INT(claim(sh, 1, "dash", &b), CACHE_MINE);
  put(sh, 1, "dash", "one");
  CHECK_INT(claim(sh, 1, "dash", &b), CACHE_FRESH);
  CHECK_STR(buf_cstr(&b), "one");
  /* The register moves: the first reader is given generation 1's to answer with,
  ** and the rendering to hand on; the next is given generation 1's. */
  CHECK_INT(claim(sh, 2, "dash", &b), CACHE_HANDOFF);
  CHECK_STR(buf_cstr(&b), "one");
  CHECK_INT(claim(sh, 2, "dash", &b), CACHE_STALE);
  CHECK_STR(buf_cstr(&b), "one");
  /* The renderer's thread, rendering it, is never given a copy. */
  Req rd = {.sh = sh, .zDetachedKey = "dash"};
  CHECK_INT(web_cache_claim(&rd, 2, "dash", &b), CACHE_MINE);
  /* Another key is not held up by it. */
  CHECK_INT(claim(sh, 2, "other", &b), CACHE_MINE);
  web_cache_drop(&(Req){.sh = sh}, "other");
  CHECK_INT(rd.detachedDone, 0);
  web_cache_put(&rd, 2, "dash", "two", 3);
  CHECK_INT(rd.detachedDone, 1); /* the renderer's thread need not end the flight */
  CHECK_INT(claim(sh, 2, "dash", &b), CACHE_FRESH);
  CHECK_STR(buf_cstr(&b), "two");
  /* A rendering given up ends its flight: the next reader takes it on. */
  CHECK_INT(claim(sh, 3, "dash", &b), CACHE_HANDOFF);
  web_cache_drop(&(Req){.sh = sh}, "dash");
  CHECK_INT(claim(sh, 3, "dash", &b), CACHE_HANDOFF);
  CHECK_STR(buf_cstr(&b), "two");
  /* So does one too large to keep. */
  char *zBig = xmalloc(WEB_CACHE_MAX + 2);
  memset(zBig, 'x', WEB_CACHE_MAX + 1);
  zBig[WEB_CACHE_MAX + 1] = 0;
  put(sh, 3, "dash", zBig);
  free(zBig);
  CHECK_INT(claim(sh, 3, "dash", &b), CACHE_HANDOFF);
  web_cache_drop(&(Req){.sh = sh}, "dash");
  /* A key keeps one copy, its latest generation's, and a copy of a later
  ** generation is never given for an earlier one: that is rendered again, and
  ** not kept over the later one. */
  put(sh, 3, "dash", "three");
  CHECK_INT(claim(sh, 2, "dash", &b), CACHE_MINE);
  CHECK_STR(buf_cstr(&b), "");
  put(sh, 2, "dash", "two again");
  CHECK_INT(claim(sh, 3, "dash", &b), CACHE_FRESH);
  CHECK_STR(buf_cstr(&b), "three");
  buf_reset(&b);
  /* However many other keys are put, the one read most recently keeps its copy. */
  for (int i = 0; i < WEB_CACHE_SLOTS * 2; i++) {
    char zK[32];
    snprintf(zK, sizeof zK, "page-%d", i);
    CHECK_INT(claim(sh, 3, zK, &b), CACHE_MINE);
    put(sh, 3, zK, "a page");
    CHECK_INT(claim(sh, 3, "dash", &b), CACHE_FRESH);
    buf_reset(&b);
  }
  CHECK_INT(claim(sh, 4, "dash", &b), CACHE_HANDOFF);
  CHECK_STR(buf_cstr(&b), "three");
  web_cache_drop(&(Req){.sh = sh}, "dash");
  buf_free(&b);
  web_shared_free(sh);
  unsetenv("AUDITRACK_RENDER_ASIDE_MS");
}

/* A rendering quicker than AUDITRACK_RENDER_ASIDE_MS (default 100 ms) is made by
** the reader who finds it out of date: fresh at once on a small register. */
TEST(web_cache_a_quick_rendering_is_made_at_once) {
  Shared *sh = shared_new();
  Buf b = BUF_INIT;
  CHECK_INT(claim(sh, 1, "dash", &b), CACHE_MINE);
  put(sh, 1, "dash", "one"); /* unmeasured: 0 us */
  CHECK_INT(claim(sh, 2, "dash", &b), CACHE_MINE);
  CHECK_INT(claim(sh, 2, "dash", &b), CACHE_STALE); /* the others meanwhile */
  CHECK_STR(buf_cstr(&b), "one");
  put(sh, 2, "dash", "two");
  setenv("AUDITRACK_RENDER_ASIDE_MS", "5", 1);
  Req r = {.sh = sh};
  CHECK_INT(web_cache_claim(&r, 3, "dash", &b), CACHE_MINE);
  r.renderT0 -= 6000; /* took 6 ms */
  web_cache_put(&r, 3, "dash", "three", 5);
  CHECK_INT(claim(sh, 4, "dash", &b), CACHE_HANDOFF);
  CHECK_STR(buf_cstr(&b), "three");
  unsetenv("AUDITRACK_RENDER_ASIDE_MS");
  buf_free(&b);
  web_shared_free(sh);
}

typedef struct Waiter {
  Shared *sh;
  int got;
  Buf out;
} Waiter;

static void *waiter_main(void *p) {
  Waiter *w = p;
  __atomic_store_n(&w->got, claim(w->sh, 1, "first", &w->out), __ATOMIC_SEQ_CST);
  return 0;
}

TEST(web_cache_with_no_copy_the_others_wait_for_the_first_rendering) {
  Shared *sh = shared_new();
  Buf b = BUF_INIT;
  CHECK_INT(claim(sh, 1, "first", &b), CACHE_MINE);
  Waiter w = {sh, -1, BUF_INIT};
  pthread_t th;
  pthread_create(&th, 0, waiter_main, &w);
  struct timespec ts = {0, 50 * 1000 * 1000};
  nanosleep(&ts, 0);
  CHECK_INT(__atomic_load_n(&w.got, __ATOMIC_SEQ_CST), -1); /* still waiting */
  put(sh, 1, "first", "rendered once");
  pthread_join(th, 0);
  CHECK_INT(w.got, CACHE_FRESH);
  CHECK_STR(buf_cstr(&w.out), "rendered once");
  buf_free(&w.out);
  buf_free(&b);
  web_shared_free(sh);
}
