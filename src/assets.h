/*
** assets.h: the files the web pages load (GOV.UK Frontend's built CSS and
** JavaScript, auditrack's own few rules), embedded in the binary at build time
** by scripts/embed.c so that a deployment is one file. Not for: anything that
** changes at run time.
*/
#ifndef AT_ASSETS_H
#define AT_ASSETS_H

#include <stddef.h>

typedef struct Asset {
  const char *zName; /* "govuk-frontend.min.css", served at /assets/NAME */
  const char *zType; /* Content-Type */
  const char *zEtag; /* quoted hash of the bytes */
  const unsigned char *p;
  size_t n;
} Asset;

extern const Asset web_assets[]; /* {0}-terminated */

#endif
