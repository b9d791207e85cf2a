/*
** rec_fields.h: the recommendation's plain text fields, declared once. Each row
** gives every spelling of one field, one per layer:
**
**   X(ID, member, column, select, set, api, header, required)
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
**
** The store's SELECT list, its reads, its INSERT and its `rec set` table, `rec add`'s
** options read and the API object's keys (in this order) are derived from this list,
** so a column inserted here cannot shift another's read. Adding a
** plain text field: a migration adding the column, the Rec member, and one row here.
** Not for: fields with structure (dates, the rating, the confidential flag) or the
** audit's fields.
*/
#ifndef AT_REC_FIELDS_H
#define AT_REC_FIELDS_H

/* clang-format off */
#define REC_TEXT_FIELDS(X)                                                                        \
  X(REF, zRef, "ref", "r.ref", "ref", "ref", "rec_ref", 0)                                        \
  X(TITLE, zTitle, "title", "r.title", "title", "title", "rec_title", 0)                          \
  X(BODY, zBody, "body", "CASE WHEN ?2 THEN r.body ELSE '' END", "text", "body",                  \
    "recommendation", 1)                                                                          \
  X(RISK_TEXT, zRiskText, "risk_text", "CASE WHEN ?2 THEN r.risk_text END", "risk-text",          \
    "risk_text", "risk_text", 0)                                                                  \
  X(ACTION, zAction, "action", "CASE WHEN ?2 THEN r.action END", "action", "action",              \
    "management_response", 0)                                                                     \
  X(OWNER, zOwner, "owner", "r.owner", "owner", "owner", "owner", 0)                              \
  X(DIRECTOR, zDirector, "director", "r.director", "director", "director", "director", 0)         \
  X(EXEC_MEMBER, zExecMember, "exec_member", "r.exec_member", "exec-member", "exec_member",       \
    "executive_member", 0)                                                                        \
  X(THEME, zTheme, "theme", "r.theme", "theme", "theme", "theme", 0)                              \
  X(DIRECTORATE, zDirectorate, "directorate", "coalesce(r.directorate, a.directorate)",           \
    "directorate", "directorate", "directorate", 0)                                               \
  X(EVIDENCE, zEvidence, "evidence_required", "r.evidence_required", "evidence",                  \
    "evidence_required", "evidence_required", 0)                                                  \
  X(SECTION, zSection, "section", "r.section", 0, "section", "section", 0)                        \
  X(NOTES, zNotes, "notes", "CASE WHEN ?2 THEN r.notes END", 0, "notes", "notes", 0)
/* clang-format on */

#endif
