/*
** form.h: parsing what a browser sends: query strings, urlencoded and
** multipart/form-data bodies, cookies, and checking UTF-8.
**
** Pure functions over bytes, with hard limits, so that the fuzz targets can
** drive them directly. Not for: deciding what a field must contain (the route
** table's validators in web.c) or keeping files (evidence.c).
*/
#ifndef AT_FORM_H
#define AT_FORM_H

#include <stddef.h>

#include "buf.h"

#define FORM_MAX_FIELDS 64
#define FORM_MAX_NAME 64

typedef struct FormField {
  char *zName;  /* heap, NUL-terminated */
  char *zValue; /* heap, NUL-terminated (a file's bytes may hold NULs: use nValue) */
  size_t nValue;
  char *zFileName; /* a file part's filename as sent (heap), else NULL */
  char *zType;     /* a file part's Content-Type (heap), else NULL */
} FormField;

typedef struct Form {
  int n;
  FormField a[FORM_MAX_FIELDS];
} Form;

/* Parse name=value&... (spaces as + or %20) into f, appending. Returns 0, or 1
** with the reason in err (a bad escape, too many fields, a name too long). */
int form_parse_urlencoded(const char *z, size_t n, Form *f, Buf *err);
/* Parse a multipart/form-data body with the given boundary. Same contract. */
int form_parse_multipart(const char *z, size_t n, const char *zBoundary, Form *f, Buf *err);
/* The boundary parameter of a multipart Content-Type into zOut (n bytes), or
** NULL if there is none or it is too long. */
const char *form_boundary(const char *zContentType, char *zOut, size_t n);
/* The value of a cookie in a Cookie header, copied into zOut (n bytes), or NULL. */
const char *form_cookie(const char *zHeader, const char *zName, char *zOut, size_t n);
/* Zero every value in place (sodium_memzero), keeping the fields: a form may
** hold a password, and free() leaves the bytes where they were. */
void form_wipe(Form *f);
/* Wipe (form_wipe), then release every field. */
void form_free(Form *f);

/* The first value of a field, or NULL. */
const char *form_get(const Form *f, const char *zName);
/* The first field of that name, or NULL. */
const FormField *form_field(const Form *f, const char *zName);

/* 1 when z[0..n) is valid UTF-8 without NULs or control characters other than
** tab, LF and CR. */
int utf8_valid(const char *z, size_t n);

#endif
