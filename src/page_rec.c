/*
** page_rec.c: placeholder route table until its pages land.
*/
#include "web.h"

const Route page_rec_routes[] = {{0}};
