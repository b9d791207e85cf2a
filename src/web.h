/*
** web.h: the web application's request context, route table, the server-wide
** Shared state, and the helpers every page and API handler uses.
**
** All policy is at the door: each Route says its methods, the capability it
** needs, the access to the recommendation it names, and its fields with their
** validators and limits. web_dispatch() checks all of it (404/405, sign-in,
** capability, same-origin and CSRF on POST, body limits, UTF-8, every field, the
** recommendation) before a handler runs, so handlers stay short and
** only decide what the domain allows (action.h) and what to show. Handlers never
** see argv, sockets or libmicrohttpd: http.c fills a Req and sends what it holds.
** Not for: SQL (store*.c) or domain rules (action.c, model.c).
*/
#ifndef AT_WEB_H
#define AT_WEB_H

#include <pthread.h>

#include "access.h"
#include "auth.h"
#include "buf.h"
#include "date.h"
#include "db.h"
#include "form.h"
#include "model.h"
#include "report.h"
#include "report_build.h"

enum { M_GET = 1, M_POST = 2 };

/* What a route needs of the role. Which recommendations (this owner, this
** directorate) is the Route's need, checked by the dispatcher too. */
typedef enum Cap {
  CAP_PUBLIC,    /* anyone: sign-in page, assets */
  CAP_SIGNED_IN, /* any account */
  CAP_UPDATE,    /* post updates and date requests: owner, director, auditor, admin */
  CAP_REPORTS,   /* read reports, dashboard, lists: auditor, admin, director, committee */
  CAP_AUDIT,     /* internal audit's work: review, close, create: auditor, admin */
  CAP_ADMIN,     /* accounts: admin */
  CAP__MAX
} Cap;
extern const char *const cap_names[]; /* CAP__MAX */
int cap_allows(Cap c, Role r);

/* Field validators. */
typedef enum FieldKind {
  F_TEXT,   /* any UTF-8 up to maxLen bytes, newlines allowed */
  F_LINE,   /* one line (no CR/LF) up to maxLen */
  F_DATE,   /* a day: 2024-12-31, 31/12/2024, 31 Dec 2024 */
  F_TARGET, /* a day, a month, a season or TBC */
  F_INT,    /* a whole number from min to max (maxLen is max, min is 0) */
  F_ENUM,   /* one of azEnum */
  F_BOOL,   /* a checkbox: present or not; value "1", "on" or "yes" */
  F_FILE,   /* a file part (multipart only), at most maxLen bytes (0: serve --upload-mb) */
  F_IDS,    /* a field that may come many times (ticked checkboxes): each an id from 1 to
            ** maxLen; read with web_arg_ids */
  FIELD_KIND__MAX
} FieldKind;

typedef struct Field {
  const char *zName;
  FieldKind kind;
  int required;
  long maxLen;               /* bytes, or the largest number for F_INT */
  const char *const *azEnum; /* F_ENUM: NULL-terminated */
  const char *zLabel;        /* for error messages: "Target date" */
} Field;

/* Route flags. */
enum {
  R_API = 1,       /* JSON: errors as JSON; a Bearer API token may stand in for a session */
  R_UPLOAD = 2,    /* accepts multipart/form-data with files, up to the upload limit */
  R_LOGIN = 4,     /* the sign-in form: CSRF from the pre-session cookie */
  R_CACHEABLE = 8, /* static: no Cache-Control: no-store */
  R_SESSION = 16,  /* changes nothing but the caller's sessions (signing in and out): still
                    ** allowed while the database refuses writes (Shared.writesRefused) */
  /* With a need: the # is an evidence file's id, and the file's recommendation is
  ** the one checked. A file is part of the detail: short of need, 404. */
  R_EVIDENCE = 32,
  /* Open to a session still at its second step (auth_account.h's stages): the
  ** code page, two-factor enrolment, signing out. Every other route sends such a
  ** session there. */
  R_PENDING = 64
};

typedef struct Req Req;
typedef struct Route {
  int methods;          /* M_GET | M_POST */
  const char *zPattern; /* "/recs/#/update": # matches a positive id, * one segment */
  Cap cap;
  /* The access to the recommendation the first # names (access.h) that the route
  ** needs: ACC_REDACTED to see that it exists, ACC_READ its detail, ACC_UPDATE to
  ** change it, ACC_AUDIT for internal audit's part; ACC_NONE when the route names
  ** no recommendation. The dispatcher resolves it and answers 404 (ACC_NONE: the
  ** viewer may not learn it exists) or 403 before the handler runs, then hands the
  ** handler r->rec and r->acc. */
  Access need;
  int flags;
  const Field *aField; /* the query (GET) or form (POST) fields; {0}-terminated, or NULL */
  int (*x)(Req *);     /* returns 0; the response is in the Req */
  /* For a form that failed validation: render the form again with r->aErr
  ** (status already 422 for a POST, 400 for a GET). NULL gives a plain error
  ** page. */
  int (*xInvalid)(Req *);
  const char *zHelp; /* one line for docs and `auditrack routes` */
} Route;

/* Each page_*.c and api_*.c exports one {0}-terminated table. */
extern const Route page_account_routes[];
extern const Route page_admin_routes[];
extern const Route page_audit_routes[];
extern const Route page_home_routes[];
extern const Route page_import_routes[];
extern const Route page_import_map_routes[];
extern const Route page_rec_routes[];
extern const Route page_rec_act_routes[];
extern const Route page_rec_edit_routes[];
extern const Route page_settings_routes[];
extern const Route page_packs_routes[];
extern const Route page_mail_routes[];
/* The settings pages' links to each other (page_mail.c), under a settings page's heading. */
void page_settings_nav(Req *r);
extern const Route page_review_routes[];
extern const Route page_evidence_routes[];
extern const Route page_my_routes[];
extern const Route page_dashboard_routes[];
extern const Route page_list_routes[];
extern const Route page_report_routes[];
extern const Route page_cycle_routes[];
extern const Route page_cycle_text_routes[];
extern const Route page_notify_routes[];
extern const Route api_routes[];
extern const Route web_ops_routes[];  /* /healthz and /metrics (web_ops.c) */
extern const Route page_sso_routes[]; /* single sign-on (page_sso.c) */
extern const Route page_reset_routes[];
extern const Route page_invite_routes[];
extern const Route page_security_routes[];
/* The account page's two-factor and sessions sections (page_security.c). */
void page_security_sections(Req *r);
/* The administrator's account page's two-factor and invitation sections (page_invite.c). */
void page_invite_user_sections(Req *r, const User *u);

/* Server-wide state shared by every worker: read-mostly, and whatever changes
** is behind its mutex. Built by http.c; handlers read it through the Req. */
typedef struct Shared Shared;

#define WEB_CACHE_SLOTS 64
#define WEB_FLIGHT_SLOTS 16     /* renderings in progress at once that others wait for */
#define WEB_CACHE_MAX (4 << 20) /* bytes: larger renderings are not kept */

/* A rendering's bytes, never changed once put: readers take a reference under
** Shared.mu and copy them out after unlocking, so that no reader holds the lock
** for the length of a page. */
typedef struct CacheBytes {
  int refs; /* atomic: the cache's and each reader copying them */
  size_t n;
  char z[];
} CacheBytes;

typedef struct CacheEnt {
  char *zKey;
  long long gen;
  CacheBytes *pBytes;
  long long us;      /* how long it took to render (0: not measured) */
  unsigned long use; /* Shared.cacheTick when last put or read */
} CacheEnt;

/* What /metrics says of the register and the render cache, under Shared.mu. */
typedef struct WebStats {
  long long nFull, nDelta;       /* generations built by a full read, by a delta */
  long long lastBuildUs;         /* the last build's time */
  long long sumBuildUs;          /* all builds' */
  long long nHit, nStale, nMiss; /* render cache lookups */
  long long nBackground;         /* renderings put by the renderer's thread (web_render.c) */
} WebStats;

struct ServeOpts;
struct Shared {
  struct ServeOpts *o; /* serve's options (http.h): the server's, not read by web*.c */
  long uploadLimit;    /* one evidence file, bytes */
  /* The largest request body: a form with evidence files (its files may add up
  ** to twice the one-file limit) plus 1 MB of fields. Routes without files allow
  ** less (web.c). */
  long uploadBodyLimit;
  char *zEvidenceDir;
  EvidenceQuota evidenceQuota; /* bytes per account and in all (0: no limit) */
  char *zTrackerDir;           /* uploaded trackers between check and import */
  long long trackerSeconds;    /* how long an unimported tracker is kept */
  int writesRefused;           /* the database failed its integrity check at the start:
                               ** reads only (every POST but R_SESSION's answers 503) */
  pthread_key_t dbKey;
  pthread_mutex_t mu; /* guards everything below */
  void *pBox;         /* the current register and its builder's lock (web_register.c) */
  CacheEnt aCache[WEB_CACHE_SLOTS];
  unsigned long cacheTick;          /* the cache's clock: the least recently used slot goes first */
  char *azFlight[WEB_FLIGHT_SLOTS]; /* keys being rendered now (web_cache_claim) */
  WebStats stats;                   /* for /metrics (web_stats) */
  pthread_cond_t flightCv;          /* signalled when one of them is put or dropped */
  Db *apDb[256];                    /* every worker's connection, closed at the end */
  int nDb;
  int nActive;                /* requests between their first callback and completion (atomic) */
  long long nServed;          /* requests answered since the start (atomic), for the stop line */
  struct NotifyTimer *pTimer; /* set before the first request, stopped after the last */
  void *pOps;                 /* the metrics' counters and who may read them (web_ops.c) */
  void *pRender;              /* the renderer's thread and its jobs (web_render.c) */
};
/* Free the Shared state and close the workers' connections (web_register.c). */
void web_shared_free(Shared *sh);

/* The whole register with its history and the policy, as of the last write,
** shared read-only between workers (web_register_acquire, below). Release with
** web_register_release(). */
typedef struct Register {
  const RecSet *set;
  const Policy *pol;
  const char *zOrg;
  long long gen; /* journal head when loaded */
  void *pBox;    /* the cache entry holding them */
  int behind;    /* web_register_acquire_recent: the journal has moved on since gen */
} Register;

typedef struct FieldErr {
  const char *zField; /* the field's name, for the error summary's link */
  char *zMsg;         /* heap */
} FieldErr;

#define REQ_MAX_SEG 8
#define REQ_MAX_ERR 16

/* Req.admitted for a GET whose route is found: its user is checked by web_dispatch. */
#define ADMIT_ROUTE 2
struct Req {
  /* ---- input, filled by http.c ---- */
  int method;         /* M_GET or M_POST */
  const char *zPath;  /* decoded path, no query */
  const char *zQuery; /* raw query string or NULL */
  const char *zHost, *zOrigin, *zReferer, *zCookie, *zAuth, *zContentType, *zAccept;
  const char *zAddr;  /* the client's address (the proxy's, unless trusted) */
  const char *zAgent; /* User-Agent, or NULL: only to name a session's browser */
  int secure;         /* served over TLS, or behind a trusted proxy that says so */
  const char *zBody;  /* raw body (POST), nBody bytes */
  size_t nBody;
  Db *db; /* this worker's connection */
  Shared *sh;
  const AuthLimits *limits; /* serve's session and sign-in limits */
  long long now;            /* unix seconds */
  Day today;

  /* ---- set by the dispatcher ---- */
  int admitted;   /* web_admit: 1 passed, -1 answered, 0 not yet asked, ADMIT_ROUTE */
  long bodyLimit; /* bytes the route accepts */
  const Route *route;
  long long aId[REQ_MAX_SEG];     /* the # segments of the pattern, in order */
  const char *azSeg[REQ_MAX_SEG]; /* the * segments */
  Form query, form;
  int signedIn, viaToken;
  User user;
  long long *aDelegated; /* heap: an owner's delegated recommendations, ascending */
  int nDelegated;
  /* The recommendation the route names (Route.need), found and checked: valid
  ** until the handler returns, in the register reg (its policy and generation),
  ** which the dispatcher holds meanwhile. NULL on routes that name none. */
  const Rec *rec;
  Access acc; /* what the user may do with rec */
  Register reg;
  long long sessionId;
  int stage; /* the session's stage (auth_account.h): 0 signed in, else its second step */
  char zCsrf[AUTH_TOKEN_MAX];
  int nErr;
  FieldErr aErr[REQ_MAX_ERR];

  /* ---- output ---- */
  int status; /* 200 unless set */
  Buf body;
  const char *zType;  /* Content-Type; default text/html; charset=utf-8 */
  char *zLocation;    /* heap: a redirect's target */
  char *zDisposition; /* heap: Content-Disposition */
  char *zLink;        /* heap: a Link header (the API's next page) */
  long long total;    /* with hasTotal: X-Total-Count, rows before paging */
  int hasTotal;
  char azCookie[3][320]; /* Set-Cookie values */
  int nCookie;
  int noStore;                  /* Cache-Control: no-store (default for signed-in pages) */
  char zEtag[40];               /* for cacheable responses */
  const unsigned char *pStatic; /* a static body (assets) instead of body */
  size_t nStatic;
  /* For the access log: the login a sign-in tried, or the account a sign-out
  ** ended ("" on other requests). Never a password. */
  char zLogLogin[64];
  /* A refused sign-in that started a wait of this many seconds: guessing
  ** noticed, written as an alert line (0: none). */
  int alertWait;
  /* A rendering done for the cache on the renderer's thread (web_render.c): the
  ** key whose flight the handler is to end with web_cache_put, and whether it has.
  ** Nothing of the response is sent. NULL on every request from a client. */
  const char *zDetachedKey;
  int detachedDone;
  long long renderT0; /* CLOCK_MONOTONIC microseconds when web_cache_claim gave the rendering */
};

/* ---- the dispatcher (web.c) ---- */

/* The checks that need no body (route, method, identity, sign-in, capability),
** made when the headers have arrived. Returns the largest body the route
** accepts, in bytes (0: none), or -1 after answering r (404, 405, 401, 303 to the
** sign-in page, 403): then no byte of the body is to be read. A GET (or HEAD)
** accepts no body from anyone: for it only the route and method are checked
** here (r->admitted is ADMIT_ROUTE), the rest by web_dispatch in the request's
** one read transaction. */
long web_admit(Req *r);
/* Run the request through the door checks (web_admit's too, unless already
** made) and its handler; the response is left in r. Never fails: every problem
** becomes a status and a page. */
void web_dispatch(Req *r);
/* Run a GET made up by the server (web_render.c): r has zPath, query, user, db,
** sh, now and today set; the route's fields are checked and its handler run as
** for the signed-in user, with no door checks but the capability. */
void web_dispatch_detached(Req *r);
/* Free what the dispatcher and the handler allocated in r. */
void web_req_free(Req *r);
/* Print every route (method, pattern, capability, roles allowed, help) and, with
** withFields, each declared field as "    field NAME KIND[(a|b)] [required]". */
void web_routes_describe(Buf *out, int withFields);

/* ---- values of validated fields ---- */

/* A field's value, NULL if absent: a GET's from the query, a POST's from the body
** only, so that what a handler reads is what web_dispatch checked. */
const char *web_arg(const Req *r, const char *zName);
const char *web_arg_or(const Req *r, const char *zName, const char *zDefault);
int web_arg_bool(const Req *r, const char *zName);
long web_arg_int(const Req *r, const char *zName, long dflt);
Day web_arg_day(const Req *r, const char *zName, Day dflt); /* F_DATE fields */
/* Every value of F_IDS field zName, in the order sent, into a (at most max of
** them): how many. */
int web_arg_ids(const Req *r, const char *zName, long long *a, int max);
/* Add a field error (shown in the error summary and beside the field). */
void web_field_err(Req *r, const char *zField, const char *zFmt, ...) AT_PRINTF(3, 4);
/* Add an act_* or auth_* message (one sentence starting in lower case) as the
** error of zField, its first letter capitalised; "" gives "The change could not
** be made". */
void web_field_err_act(Req *r, const char *zField, const char *zMsg);
/* Does r->aErr hold an error for zField? */
int web_has_err(const Req *r, const char *zField);

/* ---- acting ---- */

/* The signed-in user as the action layer's Actor: the name the journal records
** (the account's name, else its login) and the account id. zName points into
** r->user: valid while r is. */
Actor web_actor(const Req *r);
/* The HTTP status for an ActRc that is not ACT_OK: ACT_INVALID 422,
** ACT_NOT_FOUND 404, ACT_CONFLICT 409, anything else 500. */
int web_act_status(int rc);

/* ---- responses ---- */

void web_redirect(Req *r, const char *zUrl); /* 303 See Other */
/* Where to go after signing in: z if it is a local path (query and fragment
** allowed), else "/" (page_home.c). */
const char *web_safe_next(const char *z);
/* zPath?next=ZNEXT into u, zNext percent-encoded (web.c). */
void web_url_next(Buf *u, const char *zPath, const char *zNext);
/* A complete error page (or JSON error for R_API routes) with this status. */
void web_error(Req *r, int status, const char *zMsg);
/* After a successful POST: redirect to zUrl with a one-time notice. */
void web_done(Req *r, const char *zUrl, const char *zNotice);
/* web_done with the notice built by a printf format (buf_appendf's conversions; the
** notice is cut at web_done's limit like any other). Owns nothing afterwards. */
void web_donef(Req *r, const char *zUrl, const char *zFmt, ...) AT_PRINTF(3, 4);
/* The session's cookie, and the sign-in form's pre-session CSRF cookie. */
#define WEB_COOKIE_SESSION "at_session"
#define WEB_COOKIE_LOGIN "at_login"
/* The one-time notice carried over a redirect (web_done; web_page_begin shows it). */
#define WEB_COOKIE_NOTICE "at_notice"
/* After the session has ended in the database: forget it in the browser and in
** r, and go to the sign-in page with a notice. */
void web_signed_out(Req *r, const char *zNotice);
/* Set a cookie (attributes added: Path=/; HttpOnly; SameSite=Strict; Secure when r->secure). */
void web_cookie(Req *r, const char *zName, const char *zValue, int maxAge);

/* ---- the page layout (GOV.UK Design System; web_page.c) ---- */

/* Open a page: doctype, head, the header with navigation for the user's role,
** and <main>. zTitle is escaped. Then write the content with html_appendf. */
void web_page_begin(Req *r, const char *zTitle);
void web_page_end(Req *r);
/* The error summary for r->aErr (nothing when there are none). */
void web_error_summary(Req *r);
/* The hidden CSRF input for a form. */
void web_csrf_input(Req *r);
/* Error message for one field, if any (GOV.UK "govuk-error-message"). Returns
** 1 when there was one, so the caller can add the error classes. */
int web_field_error_html(Req *r, const char *zField);

/* ---- form controls (GOV.UK Design System; web_page.c) ----
** Each writes one form group: the label, the hint, the field's error message
** from r->aErr, and the control with the error classes (govuk-form-group--error,
** govuk-input--error...) and aria-describedby naming the hint and the error.
** Every string is escaped. Fill a Control with designated initialisers: what
** is left out is NULL or 0. */
typedef struct Control {
  const char *zName;   /* the field's name, and the id its label, hint and error point at */
  const char *zLabel;  /* the label (of a checkbox: the text beside the box) */
  const char *zHint;   /* NULL: none */
  const char *zValue;  /* what the control shows; NULL: nothing (passwords are never shown) */
  const char *zClass;  /* more classes on the control: "govuk-input--width-10",
                       ** "govuk-checkboxes--small"...; NULL: none */
  const char *zType;   /* web_input: "text" (NULL), "password", "email" or "file" */
  const char *zAuto;   /* web_input: autocomplete, which also turns spellcheck off; NULL: neither */
  const char *zMode;   /* web_input: inputmode, such as "numeric"; NULL: none */
  const char *zList;   /* web_input: the id of a datalist of suggestions (web_datalist) */
  const char *zLegend; /* web_checkbox: the legend of a fieldset around it; NULL: no fieldset */
  int rows;            /* web_textarea: its height in lines */
} Control;
void web_input(Req *r, const Control *c);
void web_textarea(Req *r, const Control *c);
/* A single checkbox (value "1"), ticked when checked. zHint is not shown. */
void web_checkbox(Req *r, const Control *c, int checked);
/* A select: web_select_open, one web_option per choice, web_select_close.
** c->zValue is not used: each web_option says whether it is the current one. */
void web_select_open(Req *r, const Control *c);
/* An option, selected when zCurrent matches zValue (ignoring case). */
void web_option(Req *r, const char *zValue, const char *zLabel, const char *zCurrent);
void web_select_close(Req *r);
/* A datalist with id zId of the n values az (escaped): what an input whose zList
** names it suggests, while any other text may still be typed. */
void web_datalist(Req *r, const char *zId, const char *const *az, int n);
/* A GOV.UK table in its scrolling wrapper, opened up to its body: the caption
** (escaped) in size zSize ("s" or "m"), then a header for each of azCol
** (NULL-terminated; one starting with '-' is read by screen readers only). */
void web_table_open(Req *r, const char *zSize, const char *zCaption, const char *const *azCol);

/* ---- who may see what ---- */

/* What the signed-in user may do with recommendation rec: access.h's
** rec_access, with the delegations read from the store. */
Access web_rec_access(const Req *r, const Rec *rec);
/* The report filter a user's role imposes (access.h's role_filter). */
void web_role_filter(const Req *r, Filter *f);

/* ---- shared, cached data (web_register.c) ---- */

/* The whole register (Register, above) as of the last write. Returns 0, or 1
** after answering the request with a 500 page (or JSON error): the caller only
** returns. */
int web_register_acquire(Req *r, Register *out) AT_MUST;
/* The same for a page whose readers are told when its figures are being brought
** up to date (the dashboard): when another request is building the generation
** after the last write, the current one (whole, never half a change) rather than
** waiting for it. */
int web_register_acquire_recent(Req *r, Register *out) AT_MUST;
/* Start loading the register in the background (serve, at start); while it
** loads web_register_loading() is 1 and pages that need it wait for it. */
void web_register_preload(Shared *sh);
int web_register_loading(Shared *sh);
void web_register_release(Req *r, Register *reg);
/* The recommendations whose owner (else director: rec_accountable's rule), or
** with byDirectorate whose directorate, is zKey in any case: *paIdx points at
** that many indexes into g->set->a, in id order. Found by binary search in an
** index built once per generation. */
int web_register_find(const Register *g, int byDirectorate, const char *zKey, const int **paIdx);
/* Data kept with one generation of the register (an index, a summary): the value
** in slot (0 .. WEB_REGISTER_AUX_SLOTS-1) of g's generation, built by build(g)
** the first time it is asked for (once per generation: other callers wait for it)
** and passed to drop when the generation is freed. NULL when slot is out of range
** or build returned NULL (asked again next time). The value is shared, read-only.
** Slots: web_index.h. */
#define WEB_REGISTER_AUX_SLOTS 8
/* What a generation built from the one before by the journal's delta changed:
** given to an aux value's derive, which may make the new generation's value from
** the old one at a cost of what changed (or return NULL: built when asked). */
typedef struct RegisterDelta {
  const RecSet *prev; /* the generation before's register, alive during the call */
  const int *aMap;    /* for each of prev's places, this one's; -1: read again or removed */
  const int *aNew;    /* this one's places of the recommendations read again, ascending */
  int nNew;
  int samePolicy; /* the policy reads the same: a state unchanged for an unchanged record */
} RegisterDelta;
/* derive may be NULL (the value is built when first asked for in each generation). */
typedef void *(*AuxDerive)(void *prev, const Register *g, const RegisterDelta *d);
void *web_register_aux(const Register *g, int slot, void *(*build)(const Register *),
                       AuxDerive derive, void (*drop)(void *));
/* A cached rendering keyed by zKey at the register's generation: 1 and the
** bytes appended to out if present, else 0. web_cache_put stores one. */
int web_cache_get(Req *r, long long gen, const char *zKey, Buf *out);
void web_cache_put(Req *r, long long gen, const char *zKey, const char *z, size_t n);
/* The same for a rendering every reader of a generation asks for at once (the
** dashboard): CACHE_FRESH with the bytes appended to out when it is cached at gen;
** CACHE_STALE with an earlier generation's bytes while another request renders
** this one (readers go on at full speed while the register moves under writes);
** CACHE_MINE when the caller is to render it and call web_cache_put, or
** web_cache_drop if it cannot; CACHE_HANDOFF when it is the caller's to render,
** the earlier generation's took longer than AUDITRACK_RENDER_ASIDE_MS (default
** 100 ms; a small register's dashboard is made at once, fresh), and its bytes
** are in out: the caller hands the rendering to
** web_render_later and answers with them at once (or, if that refuses, empties
** out and renders it as for CACHE_MINE). With neither a copy nor room to note the
** claim, the caller waits for the request rendering it, or renders it too. On the
** renderer's thread (Req.zDetachedKey) it is always CACHE_MINE. */
enum { CACHE_FRESH, CACHE_STALE, CACHE_MINE, CACHE_HANDOFF };
/* A copy of the counters /metrics reports. */
void web_stats(Shared *sh, WebStats *out);
int web_cache_claim(Req *r, long long gen, const char *zKey, Buf *out);
void web_cache_drop(Req *r, const char *zKey);
/* Hand the rendering of zKey, claimed by r (CACHE_HANDOFF), to the renderer's
** thread, which runs r's route again as r's user and puts the result in the
** cache, ending the flight. 0 when taken; 1 when it cannot be (the caller then
** renders it itself). web_render_stop ends the thread after its current job,
** dropping the rest (web_shared_free calls it). */
int web_render_later(Req *r, const char *zKey);
void web_render_stop(Shared *sh);

/* The evidence directory (content-addressed files). */
const char *web_evidence_dir(const Req *r);
/* Size limit for one uploaded file, in bytes. */
long web_upload_limit(const Req *r);
/* What evidence files may take in all and per account (serve --evidence-user-mb,
** --evidence-total-mb). */
const EvidenceQuota *web_evidence_quota(const Req *r);
/* Where uploaded trackers wait between their check and their import (the
** evidence directory's "trackers", laid out as it is), and for how long an
** unimported one is kept (serve --tracker-hours), in seconds. At most
** WEB_TRACKERS_KEPT files (trackers and column maps) are kept at once. */
const char *web_tracker_dir(const Req *r);
long long web_tracker_seconds(const Req *r);
#define WEB_TRACKERS_KEPT 16

/* ---- health and metrics (web_ops.c) ---- */

/* The metrics' state for a server: /metrics answers the addresses in zAllow (IP
** addresses separated by commas or spaces, as config.c checks them) and, from any
** address, a request bearing zToken (NULL: none). Free with web_ops_free. */
void *web_ops_new(const char *zAllow, const char *zToken);
void web_ops_free(void *pOps);
/* Count one answered request: its route (NULL: none matched), status and time taken. */
void web_ops_count(Shared *sh, const Route *rt, int status, long long us);

/* A date as every page writes it, 31 December 2024 (DAY_TEXT), or "" for DAY_NONE, for
** text built before it is escaped; html_appendf's %D writes the same inside <time>.
** Returns z (DAY_FMT_MAX bytes). */
char *web_day(Day d, char *z);
/* Where a page's Back link goes: the list zList as it was (its sort, filters and page) when
** this page was opened from it on this site, else zList. Returns z or zList. */
const char *web_back(const Req *r, const char *zList, char *z, size_t nz);
/* Every date field is filled as day/month/year (DAY_UK) and hinted with this example; each
** still accepts every spelling day_parse reads (2025-03-31, 31 March 2025, ...). */
#define WEB_DATE_HINT "For example, 31/3/2025"
/* A stored UTC time, "2024-06-23T10:05:00Z" (or a unix time through web_unix_stamp), as
** every page writes one: "23 June 2024, 10:05 UTC"; any other text as it is. Returns zOut. */
const char *web_stamp(const char *z, char *zOut, size_t nOut);
const char *web_unix_stamp(long long t, char *zOut, size_t nOut);

/* What an API route's JSON body becomes (the dispatcher's own conversion, exposed for
** tests and fuzzing): a flat object of strings, whole numbers and booleans, as form
** fields in f (which starts empty; free with form_free). Returns 0, or 1 with the
** reason in err. */
int web_json_form(const char *zBody, size_t nBody, Form *f, Buf *err);

#endif
