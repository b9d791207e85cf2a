/*
** page_sso.h: what the sign-in page (page_home.c) asks of single sign-on: the
** providers' buttons, and whether a role's local password is turned off.
*/
#ifndef AT_PAGE_SSO_H
#define AT_PAGE_SSO_H

#include "web.h"

/* The buttons of the offered providers, each starting a sign-in that returns
** to zNext (already checked local), and a heading for the password form after
** them; nothing when no provider is offered. */
void sso_login_options(Req *r, const char *zNext);
/* After a password sign-in as u (session zToken): if u's role may not use a
** local password, end that session and return the message for the form; else
** NULL. */
const char *sso_password_refused(Req *r, const User *u, const char *zToken);

#endif
