/*
** page_report.c: placeholder route table until its pages land.
*/
#include "web.h"

const Route page_report_routes[] = {{0}};
