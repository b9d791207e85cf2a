/*
** page_audit.c: placeholder route table until its pages land.
*/
#include "web.h"

const Route page_audit_routes[] = {{0}};
