/*
** test_web_json.c: API request bodies as the dispatcher reads them (web_json_form):
** a flat JSON object of strings, whole numbers and booleans becomes form fields; null
** and false are absent; anything else is refused with a reason. Not for: what the
** fields mean (the routes' validators).
*/
#include "t.h"
#include "web.h"

/* API bodies: a flat object of scalars becomes fields, as a form would. */
TEST(web_json_form_fields_and_refusals) {
  Form f;
  Buf err = BUF_INIT;
  const char *z = "{\"text\":\"Done\",\"percent\":50,\"urgent\":true,\"x\":null,\"y\":false}";
  CHECK_INT(web_json_form(z, strlen(z), &f, &err), 0);
  CHECK_INT(f.n, 3);
  CHECK_STR(form_get(&f, "text"), "Done");
  CHECK_STR(form_get(&f, "percent"), "50");
  CHECK_STR(form_get(&f, "urgent"), "1");
  form_free(&f);
  CHECK_INT(web_json_form("[1]", 3, &f, &err), 1);
  CHECK_STR(buf_cstr(&err), "the body is not a JSON object: another value");
  form_free(&f);
  CHECK_INT(web_json_form("{\"a\":1.5}", 9, &f, &err), 1);
  CHECK_STR(buf_cstr(&err), "field 'a' must be a string, a whole number or a boolean");
  form_free(&f);
  /* Found by fuzz_json: an empty name became a field no form could send. */
  CHECK_INT(web_json_form("{\"\":\"empty name\"}", 17, &f, &err), 1);
  CHECK_STR(buf_cstr(&err), "too many fields, or a field name empty or too long");
  CHECK_INT(f.n, 0);
  form_free(&f);
  buf_free(&err);
}
