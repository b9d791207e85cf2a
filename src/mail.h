/*
** mail.h: e-mail messages and sending them: MIME building (multipart text + HTML,
** quoted-printable UTF-8, RFC 2047 headers) and SMTP through libcurl (STARTTLS or
** SMTPS, authentication, timeouts), or .eml files for organisations that relay by
** other means. Not for: what a message says (notify.c) or the outbox (store_notify.c).
*/
#ifndef AT_MAIL_H
#define AT_MAIL_H

#include <time.h>

#include "buf.h"

/* 1 when z is a plausible single address (local@domain.tld, no spaces, no control
** characters or header syntax), else 0 with the reason in zWhy (nWhy bytes). */
int mail_addr_valid(const char *z, char *zWhy, int nWhy);

typedef struct MailMsg {
  const char *zFrom, *zFromName; /* envelope and header sender; name may be NULL */
  const char *zReplyTo;          /* NULL: none */
  const char *zTo, *zToName;
  const char *zSubject, *zText, *zHtml; /* UTF-8; zHtml NULL for text only */
  const char *zMessageId;               /* without <>, e.g. "auditrack.12.ab34@example.org" */
  const char *zListUnsubscribe; /* a header value such as "<mailto:x@y?subject=unsubscribe>" */
  time_t when;                  /* the Date header */
} MailMsg;
/* Append the whole message (headers, CRLF line ends) to out. */
void mail_build(const MailMsg *m, Buf *out);

typedef struct MailConfig {
  const char *zUrl;  /* smtp://host:587 (STARTTLS per zTls) or smtps://host:465 */
  const char *zTls;  /* "starttls" (required, default), "try" or "none" */
  const char *zUser; /* NULL: no authentication */
  const char *zPassword;
  long timeoutSec; /* for each whole transfer; the connection gets half */
} MailConfig;

typedef struct MailSender MailSender;
/* A sender for a run of messages (one connection reused where the server allows). */
MailSender *mail_sender_open(const MailConfig *c);
/* Called once per message (when not NULL) as its last bytes are handed to libcurl,
** before the final dot that lets the server accept it: 0 goes on, non-zero abandons
** the transaction (a server discards a message that has no final dot). */
typedef int (*MailBeforeEnd)(void *pArg);
/* Send one message from zFrom to zTo; 0, or 1 with the server's or libcurl's
** reason in err. A failure never leaves the sender unusable for the next message. */
int mail_send(MailSender *s, const char *zFrom, const char *zTo, const char *zMsg, size_t n,
              MailBeforeEnd xEnd, void *pEndArg, Buf *err) AT_MUST;
void mail_sender_close(MailSender *s);

/* Write the message to DIR/NAME.eml through a temporary file and a rename, so a
** relay watching the directory never sees half a message. 0, or 1 with err set. */
int mail_write_eml(const char *zDir, const char *zName, const char *zMsg, size_t n,
                   Buf *err) AT_MUST;

#endif
