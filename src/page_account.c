/*
** page_account.c: placeholder route table until its pages land.
*/
#include "web.h"

const Route page_account_routes[] = {{0}};
