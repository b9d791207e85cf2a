/*
** rec_fields.h: the recommendation's plain text fields, declared once. Each row
** gives every spelling of one field, one per layer:
**
**   X(ID, member, column, select, set, api, header, required, seed, detail, label, line, form)
**
**   ID        REC_F_ID in the RecFieldId enum (model.h)
**   member    the Rec member (model.h)
**   column    the rec table's column (db.c's schema)
**   select    the expression store_load reads it with (literal SQL; ?2 is "with text")
**   set       its name for `rec set FIELD`, `rec add --FIELD` and act_rec_set; NULL when
**             it is set only by import
**   api       its key in the API's recommendation object (docs/api.md)
**   header    its name in an import map file (docs/import.md)
**   required  1 when an empty value is kept as text rather than stored as NULL
**   seed      its heading in the seed trackers: the column `export` writes it in and
**             the heading import recognises without a map (docs/export.md)
**   detail    1 when the list and the export withhold it from a confidential
**             recommendation ("detail withheld")
**   label     its name where people read it: a line of the recommendation's page and
**             of `rec show`, a column of the recommendation list
**   line      its place among the recommendation's lines (model.c's rec_lines), 0 when
**             it has none
**   form      REC_FORM(place, name, ask, hint, need, limit, rows) when the web's form that
**             adds a recommendation asks for it: its place on the form (1, 2...), the form
**             field's name, the question, the hint under it or 0, the error's name for it
**             when it must be given (0 when optional: the question then ends "(optional)"),
**             the most characters it takes, and 0 for a one-line input, else the rows of
**             its box; REC_NO_FORM when the form does not ask for it. Each user of the
**             column defines REC_FORM and REC_NO_FORM to the spelling it needs.
**
** The store's SELECT list, its reads, its INSERT and its `rec set` table, `rec add`'s
** options, the API object's keys (in this order), the recommendation's lines (its page
** and `rec show`), the web form that adds one, with its checks, the list's and the
** export's columns and import's field names and seed headings are derived from this
** list, so a column inserted here cannot shift another's read. Adding a plain text
** field: a migration adding the column, the Rec member, and one row here.
** Not for: fields with structure (dates, the rating, the confidential flag) or the
** audit's fields.
*/
#ifndef AT_REC_FIELDS_H
#define AT_REC_FIELDS_H

#include "limit.h"

/* clang-format off */
#define REC_TEXT_FIELDS(X)                                                                         \
  X(REF, zRef, "ref", "r.ref", "ref", "ref", "rec_ref", 0,                                         \
    "rec_ref", 0, "Ref", 0,                                                                        \
    REC_FORM(2, "ref", "Reference", "For example, 3a", 0, LIMIT_REF, 0))                           \
  X(TITLE, zTitle, "title", "r.title", "title", "title", "rec_title", 0,                           \
    "action_title", 1, "Title", 1,                                                                 \
    REC_FORM(3, "title", "Short title", 0, 0, LIMIT_TITLE, 0))                                     \
  X(BODY, zBody, "body", "CASE WHEN ?2 THEN r.body ELSE '' END", "text", "body",                   \
    "recommendation", 1,                                                                           \
    "recommendation", 1, "Recommendation", 2,                                                      \
    REC_FORM(1, "text", "Recommendation", 0, "the recommendation", LIMIT_TEXT, 5))                 \
  X(RISK_TEXT, zRiskText, "risk_text", "CASE WHEN ?2 THEN r.risk_text END", "risk-text",           \
    "risk_text", "risk_text", 0,                                                                   \
    "risk_text", 1, "Risk", 3, REC_NO_FORM)                                                        \
  X(ACTION, zAction, "action", "CASE WHEN ?2 THEN r.action END", "action", "action",               \
    "management_response", 0,                                                                      \
    "management_response", 1, "Agreed action", 4,                                                  \
    REC_FORM(4, "action", "Agreed action", "The management response", 0, LIMIT_TEXT, 4))           \
  X(OWNER, zOwner, "owner", "r.owner", "owner", "owner", "owner", 0,                               \
    "owner", 0, "Owner", 5,                                                                        \
    REC_FORM(5, "owner", "Owner", "As the register names them, for example Payroll manager", 0,    \
     LIMIT_NAME, 0))                                                                               \
  X(DIRECTOR, zDirector, "director", "r.director", "director", "director", "director", 0,          \
    "owner_director", 0, "Director", 6,                                                            \
    REC_FORM(6, "director", "Director", 0, 0, LIMIT_NAME, 0))                                      \
  X(EXEC_MEMBER, zExecMember, "exec_member", "r.exec_member", "exec-member", "exec_member",        \
    "executive_member", 0,                                                                         \
    "executive_member", 0, "Executive member", 7,                                                  \
    REC_FORM(7, "exec_member", "Executive member", 0, 0, LIMIT_NAME, 0))                           \
  X(THEME, zTheme, "theme", "r.theme", "theme", "theme", "theme", 0,                               \
    "directorate_or_theme", 0, "Theme", 9,                                                         \
    REC_FORM(9, "theme", "Theme", 0, 0, LIMIT_NAME, 0))                                            \
  X(DIRECTORATE, zDirectorate, "directorate", "coalesce(r.directorate, a.directorate)",            \
    "directorate", "directorate", "directorate", 0,                                                \
    "directorate", 0, "Directorate", 8,                                                            \
    REC_FORM(8, "directorate", "Directorate", 0, 0, LIMIT_NAME, 0))                                \
  X(EVIDENCE, zEvidence, "evidence_required", "r.evidence_required", "evidence",                   \
    "evidence_required", "evidence_required", 0,                                                   \
    "evidence_required", 1, "Evidence to close", 10,                                               \
    REC_FORM(10, "evidence", "Evidence required to close it", 0, "the evidence required",          \
     LIMIT_EVIDENCE, 3))                                                                           \
  X(SECTION, zSection, "section", "r.section", 0, "section", "section", 0,                         \
    "section", 0, "Section", 0, REC_NO_FORM)                                                       \
  X(NOTES, zNotes, "notes", "CASE WHEN ?2 THEN r.notes END", 0, "notes", "notes", 0,               \
    "notes", 1, "Notes", 0, REC_NO_FORM)
/* clang-format on */

#endif
