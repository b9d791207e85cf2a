/*
** mail.c: building MIME messages and handing them to an SMTP server with
** libcurl, or to a directory as .eml files (see mail.h).
**
** Bodies are UTF-8 in quoted-printable (readable in a raw message, safe for any
** relay, and a boundary starting "=_" can never occur in them); headers carrying
** non-ASCII text use RFC 2047 encoded words. Nothing here knows about
** recommendations. Not for: choosing recipients or retrying (notify_run.c).
*/
#include "mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

/* ---- addresses ---- */

static int mail_why(char *zWhy, int nWhy, const char *zMsg) {
  if (zWhy && nWhy > 0) snprintf(zWhy, (size_t)nWhy, "%s", zMsg);
  return 0;
}

int mail_addr_valid(const char *z, char *zWhy, int nWhy) {
  if (!z || !z[0]) return mail_why(zWhy, nWhy, "empty");
  size_t n = strlen(z);
  if (n > 254) return mail_why(zWhy, nWhy, "longer than 254 characters");
  const char *zAt = strchr(z, '@');
  if (!zAt || strchr(zAt + 1, '@')) return mail_why(zWhy, nWhy, "needs exactly one @");
  size_t nLocal = (size_t)(zAt - z);
  if (nLocal == 0 || nLocal > 64)
    return mail_why(zWhy, nWhy, "the part before @ is empty or too long");
  for (size_t i = 0; i < nLocal; i++) {
    unsigned char c = (unsigned char)z[i];
    if (c <= ' ' || c >= 127 || strchr("\"(),:;<>@[\\]", c)) {
      return mail_why(zWhy, nWhy, "the part before @ has a space or a character not allowed");
    }
    if (c == '.' && (i == 0 || i + 1 == nLocal || z[i + 1] == '.')) {
      return mail_why(zWhy, nWhy, "the part before @ has a misplaced dot");
    }
  }
  const char *d = zAt + 1;
  int nLabel = 0, len = 0, dots = 0;
  for (const char *p = d;; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '.' || c == 0) {
      if (len == 0 || len > 63 || p[-1] == '-' || p[-len] == '-') {
        return mail_why(zWhy, nWhy, "the domain is not a host name");
      }
      nLabel++;
      len = 0;
      if (!c) break;
      dots++;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
      return mail_why(zWhy, nWhy, "the domain has a character not allowed");
    }
    len++;
  }
  if (!dots) return mail_why(zWhy, nWhy, "the domain has no dot");
  (void)nLabel;
  return 1;
}

/* ---- MIME ---- */

static int is_ascii_text(const char *z) {
  for (; *z; z++) {
    unsigned char c = (unsigned char)*z;
    if (c >= 127 || (c < ' ' && c != '\t')) return 0;
  }
  return 1;
}

/* Encoded words of at most 75 characters, never splitting a UTF-8 character. */
static void put_encoded_words(Buf *o, const char *z) {
  size_t n = strlen(z), i = 0;
  while (i < n) {
    size_t k = n - i > 45 ? 45 : n - i;
    while (k > 1 && i + k < n && ((unsigned char)z[i + k] & 0xC0) == 0x80) k--;
    char zB64[80];
    sodium_bin2base64(zB64, sizeof zB64, (const unsigned char *)z + i, k,
                      sodium_base64_VARIANT_ORIGINAL);
    if (i > 0) buf_puts(o, "\r\n ");
    buf_appendf(o, "=?UTF-8?B?%s?=", zB64);
    i += k;
  }
}

/* A display name: a quoted string when ASCII, else encoded words. */
static void put_phrase(Buf *o, const char *z) {
  if (is_ascii_text(z)) {
    buf_putc(o, '"');
    for (; *z; z++) {
      if (*z == '"' || *z == '\\') buf_putc(o, '\\');
      buf_putc(o, *z);
    }
    buf_putc(o, '"');
  } else {
    put_encoded_words(o, z);
  }
}

static void put_mailbox(Buf *o, const char *zHeader, const char *zName, const char *zAddr) {
  buf_appendf(o, "%s: ", zHeader);
  if (zName && zName[0]) {
    put_phrase(o, zName);
    buf_putc(o, ' ');
  }
  buf_appendf(o, "<%s>\r\n", zAddr);
}

/* An unstructured header: folded at spaces when ASCII, encoded words otherwise. */
static void put_unstructured(Buf *o, const char *zHeader, const char *z) {
  buf_appendf(o, "%s: ", zHeader);
  if (!is_ascii_text(z)) {
    put_encoded_words(o, z);
    buf_puts(o, "\r\n");
    return;
  }
  int col = (int)strlen(zHeader) + 2;
  while (*z) {
    const char *zSp = strchr(z + 1, ' ');
    int n = zSp ? (int)(zSp - z) : (int)strlen(z);
    if (col > 1 && col + n > 76 && *z == ' ') {
      buf_puts(o, "\r\n");
      col = 0;
    }
    buf_append(o, z, (size_t)n);
    col += n;
    z += n;
  }
  buf_puts(o, "\r\n");
}

/* Quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76. */
static void put_qp(Buf *o, const char *z) {
  static const char hex[] = "0123456789ABCDEF";
  int col = 0;
  while (*z) {
    unsigned char c = (unsigned char)*z;
    if (c == '\r' && z[1] == '\n') z++, c = '\n';
    if (c == '\n') {
      buf_puts(o, "\r\n");
      col = 0;
      z++;
      continue;
    }
    char zEnc[4];
    int n;
    int atEnd = z[1] == 0 || z[1] == '\n' || (z[1] == '\r' && z[2] == '\n');
    int lit = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !atEnd);
    if (c == '.' && col == 0) lit = 0; /* a lone dot ends an SMTP message */
    if (lit) {
      zEnc[0] = (char)c;
      n = 1;
    } else {
      zEnc[0] = '=';
      zEnc[1] = hex[c >> 4];
      zEnc[2] = hex[c & 15];
      n = 3;
    }
    if (col + n > 75) {
      buf_puts(o, "=\r\n");
      col = 0;
    }
    buf_append(o, zEnc, (size_t)n);
    col += n;
    z++;
  }
  if (col) buf_puts(o, "\r\n");
}

static void put_date(Buf *o, time_t t) {
  static const char *const azDay[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const azMon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  struct tm tm;
  gmtime_r(&t, &tm);
  buf_appendf(o, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", azDay[tm.tm_wday], tm.tm_mday,
              azMon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void mail_build(const MailMsg *m, Buf *o) {
  put_date(o, m->when);
  put_mailbox(o, "From", m->zFromName, m->zFrom);
  if (m->zReplyTo && m->zReplyTo[0]) put_mailbox(o, "Reply-To", 0, m->zReplyTo);
  put_mailbox(o, "To", m->zToName, m->zTo);
  put_unstructured(o, "Subject", m->zSubject);
  buf_appendf(o, "Message-ID: <%s>\r\n", m->zMessageId);
  if (m->zListUnsubscribe && m->zListUnsubscribe[0]) {
    buf_appendf(o, "List-Unsubscribe: %s\r\n", m->zListUnsubscribe);
  }
  buf_puts(o, "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n");
  const char *zTextHead = "Content-Type: text/plain; charset=UTF-8\r\n"
                          "Content-Transfer-Encoding: quoted-printable\r\n";
  if (!m->zHtml) {
    buf_puts(o, zTextHead);
    buf_puts(o, "\r\n");
    put_qp(o, m->zText);
    return;
  }
  /* "=_" cannot occur in quoted-printable text, so the boundary never does. */
  char zB[64];
  snprintf(zB, sizeof zB, "=_auditrack_%.40s", m->zMessageId);
  for (char *p = zB; *p; p++) {
    if (*p == '@' || *p == '<' || *p == '>' || *p == '"') *p = '_';
  }
  buf_appendf(o, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n", zB);
  buf_puts(o, "This is a message in MIME format: text and HTML.\r\n");
  buf_appendf(o, "\r\n--%s\r\n%s\r\n", zB, zTextHead);
  put_qp(o, m->zText);
  buf_appendf(o,
              "\r\n--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
              "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
              zB);
  put_qp(o, m->zHtml);
  buf_appendf(o, "\r\n--%s--\r\n", zB);
}

/* ---- SMTP through libcurl ---- */

struct MailSender {
  CURL *h;
  MailConfig c;
  char zErr[CURL_ERROR_SIZE];
};

typedef struct Upload {
  const char *z;
  size_t n, off;
  MailBeforeEnd xEnd;
  void *pEndArg;
  int ended;
} Upload;

static size_t upload_read(char *p, size_t size, size_t nmemb, void *pArg) {
  Upload *u = pArg;
  size_t want = size * nmemb, left = u->n - u->off;
  if (want > left) want = left;
  /* The last bytes: libcurl sends the final dot only after them. */
  if (want == left && !u->ended) {
    u->ended = 1;
    if (u->xEnd && u->xEnd(u->pEndArg)) return CURL_READFUNC_ABORT;
  }
  memcpy(p, u->z + u->off, want);
  u->off += want;
  return want;
}

static pthread_once_t curlOnce = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

MailSender *mail_sender_open(const MailConfig *c) {
  pthread_once(&curlOnce, curl_init_once);
  MailSender *s = xcalloc(1, sizeof *s);
  s->c = *c;
  s->h = curl_easy_init();
  if (!s->h) fatal("cannot start libcurl");
  return s;
}

int mail_send(MailSender *s, const char *zFrom, const char *zTo, const char *zMsg, size_t n,
              MailBeforeEnd xEnd, void *pEndArg, Buf *err) {
  CURL *h = s->h;
  const MailConfig *c = &s->c;
  Upload u = {zMsg, n, 0, xEnd, pEndArg, 0};
  char zF[300], zT[300];
  snprintf(zF, sizeof zF, "<%s>", zFrom);
  snprintf(zT, sizeof zT, "<%s>", zTo);
  struct curl_slist *pRcpt = curl_slist_append(0, zT);
  long tmo = c->timeoutSec > 0 ? c->timeoutSec : 30;
  s->zErr[0] = 0;
  curl_easy_setopt(h, CURLOPT_URL, c->zUrl);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->zErr);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, tmo / 2 > 0 ? tmo / 2 : 1);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, tmo);
  long ssl = CURLUSESSL_ALL;
  if (c->zTls && !strcmp(c->zTls, "none"))
    ssl = CURLUSESSL_NONE;
  else if (c->zTls && !strcmp(c->zTls, "try"))
    ssl = CURLUSESSL_TRY;
  curl_easy_setopt(h, CURLOPT_USE_SSL, ssl);
  if (c->zUser && c->zUser[0]) {
    curl_easy_setopt(h, CURLOPT_USERNAME, c->zUser);
    curl_easy_setopt(h, CURLOPT_PASSWORD, c->zPassword ? c->zPassword : "");
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, zF);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, pRcpt);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &u);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)n);
  CURLcode rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, (struct curl_slist *)0);
  curl_slist_free_all(pRcpt);
  if (rc == CURLE_OK) return 0;
  buf_reset(err);
  buf_appendf(err, "%s", s->zErr[0] ? s->zErr : curl_easy_strerror(rc));
  if (code) buf_appendf(err, " (server said %ld)", code);
  /* Start the next message on a fresh connection: this one may be in any state. */
  curl_easy_cleanup(h);
  s->h = curl_easy_init();
  if (!s->h) fatal("cannot start libcurl");
  return 1;
}

void mail_sender_close(MailSender *s) {
  if (!s) return;
  curl_easy_cleanup(s->h);
  free(s);
}

int mail_write_eml(const char *zDir, const char *zName, const char *zMsg, size_t n, Buf *err) {
  Buf path = BUF_INIT, tmp = BUF_INIT;
  buf_appendf(&path, "%s/%s.eml", zDir, zName);
  /* Hidden while it is written, so a relay collecting *.eml never takes half a message. */
  buf_appendf(&tmp, "%s/.%s.eml.tmp", zDir, zName);
  int rc = file_write_whole(buf_cstr(&path), buf_cstr(&tmp), zMsg, n, err);
  buf_free(&path);
  buf_free(&tmp);
  return rc;
}
