/*
** api.c: placeholder route table until the JSON API lands.
*/
#include "web.h"

const Route api_routes[] = {{0}};
