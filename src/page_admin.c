/*
** page_admin.c: placeholder route table until its pages land.
*/
#include "web.h"

const Route page_admin_routes[] = {{0}};
