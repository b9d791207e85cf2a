/*
** report_docx.c: a Report as a Word document (Office Open XML, .docx), the form
** councils' committee systems take papers in. Written directly as XML parts in
** a zip (libzip), with nothing of Word's but what a committee paper needs: the
** title, the statements of how the figures were made as a two-column table, a
** real Heading 1 per section (Word's navigation pane and a contents field find
** them), each grid section as a table whose header row repeats on every page,
** each records section as one two-column table per row, numbers right-aligned,
** total rows bold, a native chart (bar or line, from the section's cells, with
** its title as alternative text) before each section that has a chart hint, and
** "Page N of M" in the footer. A4, landscape when a table has more than eight
** columns. Every string from the report goes through xml_text, which escapes
** the five XML specials and drops what XML 1.0 cannot hold, so no text can
** open an element. The bytes depend on the report alone (fixed zip times).
** Not for: deciding what is in the report (report_build.c) or other formats.
*/
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "markup.h"
#include "report_chart.h"

/* ---- XML ---- */

/* z as XML character data: & < > " ' escaped, a line break as the caller's zBreak
** (NULL: a space), and control characters XML 1.0 does not allow dropped. */
static void xml_text(Buf *b, const char *z, const char *zBreak) {
  for (; z && *z; z++) {
    unsigned char c = (unsigned char)*z;
    switch (c) {
    case '&': buf_puts(b, "&amp;"); break;
    case '<': buf_puts(b, "&lt;"); break;
    case '>': buf_puts(b, "&gt;"); break;
    case '"': buf_puts(b, "&quot;"); break;
    case '\'': buf_puts(b, "&apos;"); break;
    case '\n': buf_puts(b, zBreak ? zBreak : " "); break;
    case '\t': buf_putc(b, ' '); break;
    default:
      if (c >= 0x20) buf_putc(b, (char)c);
    }
  }
}

/* A run of text: bold or not, line breaks as <w:br/>. */
static void run(Buf *b, const char *z, int bold) {
  buf_puts(b, "<w:r>");
  if (bold) buf_puts(b, "<w:rPr><w:b/></w:rPr>");
  buf_puts(b, "<w:t xml:space=\"preserve\">");
  xml_text(b, z, "</w:t><w:br/><w:t xml:space=\"preserve\">");
  buf_puts(b, "</w:t></w:r>");
}

/* A paragraph in style zStyle (NULL: Normal), aligned right when asked. */
static void para(Buf *b, const char *zStyle, const char *z, int bold, int right) {
  buf_puts(b, "<w:p>");
  if (zStyle || right) {
    buf_puts(b, "<w:pPr>");
    if (zStyle) buf_appendf(b, "<w:pStyle w:val=\"%s\"/>", zStyle);
    if (right) buf_puts(b, "<w:jc w:val=\"right\"/>");
    buf_puts(b, "</w:pPr>");
  }
  if (z && z[0]) run(b, z, bold);
  buf_puts(b, "</w:p>");
}

/* The words of a text part: markup headings as Heading3, items led by their bullet or
** number, bold spans as bold runs, a link's URL after its text (every text escaped by
** run). */
static void words(Buf *b, const Markup *m) {
  for (int i = 0; i < m->nBlock; i++) {
    const MarkBlock *k = &m->aBlock[i];
    int head = k->kind == MB_H1 || k->kind == MB_H2;
    buf_puts(b, "<w:p>");
    if (head) buf_puts(b, "<w:pPr><w:pStyle w:val=\"Heading3\"/></w:pPr>");
    if (k->kind == MB_BULLET || k->kind == MB_NUMBER)
      buf_puts(b, "<w:pPr><w:ind w:left=\"567\" w:hanging=\"397\"/></w:pPr>");
    if (k->kind == MB_BULLET) run(b, "\xe2\x80\xa2\t", 0);
    if (k->kind == MB_NUMBER) {
      char z[24];
      snprintf(z, sizeof z, "%d.\t", k->num);
      run(b, z, 0);
    }
    for (int j = 0; j < k->nSpan; j++) {
      const MarkSpan *sp = &k->aSpan[j];
      if (sp->zText[0]) run(b, sp->zText, sp->bold);
      if (sp->zHref && strcmp(sp->zText, sp->zHref)) {
        Buf u = BUF_INIT;
        buf_appendf(&u, " (%s)", sp->zHref);
        run(b, buf_cstr(&u), 0);
        buf_free(&u);
      }
    }
    buf_puts(b, "</w:p>");
  }
}

/* ---- tables ---- */

/* A table across the page: a label | value table (labelled) with its labels a
** third of the width (in twentieths of a point of the A4 portrait text width),
** any other sized by Word from its content. */
static void table_open(Buf *b, int nCol, int labelled) {
  buf_appendf(b,
              "<w:tbl><w:tblPr><w:tblStyle w:val=\"AtTable\"/><w:tblW w:w=\"5000\" "
              "w:type=\"pct\"/>%s<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" "
              "w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" "
              "w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
              labelled ? "<w:tblLayout w:type=\"fixed\"/>" : "");
  if (labelled)
    buf_puts(b, "<w:gridCol w:w=\"3200\"/><w:gridCol w:w=\"6438\"/>");
  else
    for (int i = 0; i < nCol; i++) buf_puts(b, "<w:gridCol/>");
  buf_puts(b, "</w:tblGrid>");
}

/* One cell; a heading cell is bold and shaded. */
static void cell(Buf *b, const char *z, int bold, int right, int head) {
  buf_puts(b, "<w:tc><w:tcPr>");
  if (head) buf_puts(b, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F3F2F1\"/>");
  buf_puts(b, "</w:tcPr>");
  para(b, 0, z, bold, right);
  buf_puts(b, "</w:tc>");
}

/* A row whose cells are the header: repeated at the top of every page. */
static void header_row_open(Buf *b) {
  buf_puts(b, "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
}

static void grid(Buf *b, const ReportSection *s) {
  table_open(b, s->nCol, 0);
  header_row_open(b);
  for (int c = 0; c < s->nCol; c++) cell(b, s->aCol[c].zLabel, 1, report_col_numeric(s, c), 1);
  buf_puts(b, "</w:tr>");
  char tmp[CELL_TMP];
  for (int r = 0; r < s->nRow; r++) {
    int total = s->aFlag[r] & ROW_TOTAL;
    buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
    for (int c = 0; c < s->nCol; c++) {
      const Markup *w = report_cell_words(s, r, c);
      if (w) { /* the words as Word paragraphs, bold runs and all */
        buf_puts(b, "<w:tc><w:tcPr></w:tcPr>");
        words(b, w);
        buf_puts(b, "</w:tc>");
      } else
        cell(b, report_cell_str(report_cell(s, r, c), 1, tmp), total, report_col_numeric(s, c), 0);
    }
    buf_puts(b, "</w:tr>");
  }
  buf_puts(b, "</w:tbl>");
}

/* One block per row, as the HTML does: the first two values as its heading, then
** every field with a value as Label | value. */
static void records(Buf *b, const ReportSection *s) {
  char tmp[CELL_TMP], tmp2[CELL_TMP];
  Buf h = BUF_INIT;
  for (int r = 0; r < s->nRow; r++) {
    buf_reset(&h);
    buf_puts(&h, report_cell_str(report_cell(s, r, 0), 1, tmp));
    if (s->nCol > 1) buf_appendf(&h, ": %s", report_cell_str(report_cell(s, r, 1), 1, tmp2));
    para(b, "Heading3", buf_cstr(&h), 0, 0);
    table_open(b, 2, 1);
    for (int c = 2; c < s->nCol; c++) {
      const Cell *x = report_cell(s, r, c);
      if (!report_record_shows(s, r, c)) continue; /* as every format's blocks */
      buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
      cell(b, s->aCol[c].zLabel, 1, 0, 1);
      cell(b, report_cell_str(x, 1, tmp), 0, 0, 0);
      buf_puts(b, "</w:tr>");
    }
    buf_puts(b, "</w:tbl>");
    para(b, 0, 0, 0, 0); /* Word needs a paragraph between two tables */
  }
  buf_free(&h);
}

/* ---- charts ---- */

/* Word's native chart part for s (a bar or line chart of its cells, values
** cached in the part so that no embedded workbook is needed to show it). */
static void chart_part(Buf *b, const ReportSection *s, const ChartData *d) {
  int bar = s->chart == CHART_BAR;
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
              "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
              "<c:roundedCorners val=\"0\"/><c:chart>"
              /* The section's heading stands above it: no title of its own. */
              "<c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>");
  buf_puts(b, bar ? "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"stacked\"/>"
                  : "<c:lineChart><c:grouping val=\"standard\"/>");
  buf_puts(b, "<c:varyColors val=\"0\"/>");
  char tmp[CELL_TMP];
  for (int i = 0; i < s->chartNCol; i++) {
    int col = s->chartCol0 + i;
    buf_appendf(b, "<c:ser><c:idx val=\"%d\"/><c:order val=\"%d\"/><c:tx><c:v>", i, i);
    xml_text(b, s->aCol[col].zLabel, 0);
    buf_appendf(b, "</c:v></c:tx><c:spPr>%s<a:srgbClr val=\"%06X\"/>%s</c:spPr>",
                bar ? "<a:solidFill>" : "<a:ln w=\"28575\"><a:solidFill>",
                chart_fill[i % CHART_STYLES] & 0xFFFFFF,
                bar ? "</a:solidFill>" : "</a:solidFill></a:ln>");
    if (!bar) buf_puts(b, "<c:marker><c:symbol val=\"circle\"/></c:marker>");
    buf_appendf(b, "<c:cat><c:strLit><c:ptCount val=\"%d\"/>", d->nCat);
    for (int k = 0; k < d->nCat; k++) {
      buf_appendf(b, "<c:pt idx=\"%d\"><c:v>", k);
      xml_text(b, report_cell_str(report_cell(s, d->aRow[k], 0), 1, tmp), 0);
      buf_puts(b, "</c:v></c:pt>");
    }
    buf_appendf(b,
                "</c:strLit></c:cat><c:val><c:numLit><c:formatCode>General</c:formatCode>"
                "<c:ptCount val=\"%d\"/>",
                d->nCat);
    for (int k = 0; k < d->nCat; k++)
      buf_appendf(b, "<c:pt idx=\"%d\"><c:v>%lld</c:v></c:pt>", k, chart_value(d, k, i));
    buf_puts(b, "</c:numLit></c:val>");
    if (!bar) buf_puts(b, "<c:smooth val=\"0\"/>");
    buf_puts(b, "</c:ser>");
  }
  if (bar)
    buf_puts(b, "<c:gapWidth val=\"80\"/><c:overlap val=\"100\"/>");
  else
    buf_puts(b, "<c:marker val=\"1\"/>");
  buf_puts(b, "<c:axId val=\"1\"/><c:axId val=\"2\"/>");
  buf_puts(b, bar ? "</c:barChart>" : "</c:lineChart>");
  buf_puts(b, "<c:catAx><c:axId val=\"1\"/><c:scaling><c:orientation val=\"minMax\"/>"
              "</c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt "
              "formatCode=\"General\" sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/>"
              "<c:crossAx val=\"2\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>"
              "<c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/></c:catAx>");
  buf_appendf(b,
              "<c:valAx><c:axId val=\"2\"/><c:scaling><c:orientation val=\"minMax\"/>"
              "<c:max val=\"%lld\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/>"
              "<c:axPos val=\"l\"/><c:majorGridlines/><c:numFmt formatCode=\"0\" "
              "sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"1\"/>"
              "<c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/>"
              "<c:majorUnit val=\"%lld\"/></c:valAx>",
              d->top, d->step);
  buf_puts(b, "</c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/>"
              "</c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
              "</c:chartSpace>");
}

/* The drawing in document.xml that shows chart n (relationship rIdChartN), with
** the section's title as its alternative text. */
static void chart_inline(Buf *b, const ReportSection *s, int n, int landscape) {
  long cx = landscape ? 8800000L : 5760000L, cy = 3200000L; /* EMU: 24 or 16 cm by 8.9 */
  buf_appendf(b,
              "<w:p><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" "
              "distR=\"0\"><wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:docPr id=\"%d\" "
              "name=\"Chart %d\" descr=\"",
              cx, cy, n, n);
  xml_text(b, "Chart: ", 0);
  xml_text(b, s->zTitle, 0);
  xml_text(b, " (the figures are in the table below)", 0);
  buf_appendf(b,
              "\"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"http://schemas.openxmlformats."
              "org/drawingml/2006/main\"><a:graphicData uri=\"http://schemas.openxmlformats."
              "org/drawingml/2006/chart\"><c:chart xmlns:c=\"http://schemas.openxmlformats.org/"
              "drawingml/2006/chart\" r:id=\"rIdChart%d\"/></a:graphicData></a:graphic>"
              "</wp:inline></w:drawing></w:r></w:p>",
              n);
}

/* ---- the parts ---- */

static const char zStyles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" "
    "w:cs=\"Arial\" w:eastAsia=\"Arial\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"
    "<w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing "
    "w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
    "</w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
    "w:val=\"Normal\"/><w:qFormat/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn "
    "w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:spacing "
    "w:after=\"240\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"40\"/><w:szCs w:val=\"40\"/>"
    "</w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>"
    "<w:b/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr>"
    "<w:b/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/>"
    "<w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr>"
    "<w:b/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn "
    "w:val=\"Normal\"/><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/>"
    "</w:rPr></w:style>"
    "<w:style w:type=\"table\" w:styleId=\"AtTable\"><w:name w:val=\"auditrack table\"/>"
    "<w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:tblPr><w:tblBorders>"
    "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\"/>"
    "</w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"80\" "
    "w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"80\" "
    "w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:rPr><w:sz w:val=\"20\"/><w:szCs "
    "w:val=\"20\"/></w:rPr></w:style>"
    "</w:styles>";

static const char zFooter[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p>"
    "<w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Page "
    "</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText "
    "xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar "
    "w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar "
    "w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> of </w:t></w:r><w:r>"
    "<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> "
    "NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>"
    "<w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>";

static const char zRels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

static void content_types(Buf *b, int nChart) {
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-"
              "package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\""
              "application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\""
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+"
              "xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/"
              "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override "
              "PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-"
              "officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/"
              "core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-"
              "properties+xml\"/>");
  for (int i = 1; i <= nChart; i++)
    buf_appendf(b,
                "<Override PartName=\"/word/charts/chart%d.xml\" ContentType=\"application/"
                "vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>",
                i);
  buf_puts(b, "</Types>");
}

static void document_rels(Buf *b, int nChart) {
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
              "relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas."
              "openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\""
              "styles.xml\"/><Relationship Id=\"rIdFooter\" Type=\"http://schemas."
              "openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\""
              "footer1.xml\"/>");
  for (int i = 1; i <= nChart; i++)
    buf_appendf(b,
                "<Relationship Id=\"rIdChart%d\" Type=\"http://schemas.openxmlformats.org/"
                "officeDocument/2006/relationships/chart\" Target=\"charts/chart%d.xml\"/>",
                i, i);
  buf_puts(b, "</Relationships>");
}

static void core(Buf *b, const Report *r) {
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
              "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
              "xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/"
              "XMLSchema-instance\"><dc:title>");
  xml_text(b, r->zTitle, 0);
  buf_puts(b, "</dc:title><dc:creator>");
  const char *zOrg = report_meta_value(r, "organisation");
  xml_text(b, zOrg && zOrg[0] ? zOrg : "auditrack", 0);
  buf_puts(b, "</dc:creator><dc:language>en-GB</dc:language></cp:coreProperties>");
}

/* Parts kept for zip_close, which reads them. */
typedef struct Parts {
  Buf a[64];
  int n;
} Parts;

static Buf *part_new(Parts *p) {
  if (p->n == (int)(sizeof p->a / sizeof p->a[0])) return 0;
  Buf *b = &p->a[p->n++];
  *b = (Buf)BUF_INIT;
  return b;
}

static int part_add(zip_t *z, const char *zName, const Buf *b, Buf *err) {
  zip_source_t *s = zip_source_buffer(z, b->z ? b->z : "", b->n, 0);
  zip_int64_t i = s ? zip_file_add(z, zName, s, ZIP_FL_ENC_UTF_8) : -1;
  if (i < 0) {
    if (s) zip_source_free(s);
    return buf_fail(err, 1, "cannot add %s to the document: %s", zName, zip_strerror(z));
  }
  /* A fixed time: the same report makes the same bytes. */
  zip_file_set_mtime(z, (zip_uint64_t)i, (time_t)946728000, 0); /* 2000-01-01 12:00 UTC */
  return 0;
}

static int wide(const Report *r) {
  for (int i = 0; i < r->nSection; i++)
    if (r->apSection[i]->layout == LAYOUT_GRID && r->apSection[i]->nCol > 8) return 1;
  return 0;
}

/* document.xml, and a chart part in parts for each chart it shows. */
static void document(Buf *b, const Report *r, Parts *parts, int *pnChart) {
  int land = wide(r);
  buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
              "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
              "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
              "relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/"
              "wordprocessingDrawing\"><w:body>");
  para(b, "Title", r->zTitle, 0, 0);
  if (r->nMeta) {
    table_open(b, 2, 1);
    for (int i = 0; i < r->nMeta; i++) {
      buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
      cell(b, r->aMeta[i].zLabel, 1, 0, 1);
      char z[DAY_FMT_MAX];
      cell(b, report_meta_text(&r->aMeta[i], z), 0, 0, 0);
      buf_puts(b, "</w:tr>");
    }
    buf_puts(b, "</w:tbl>");
  }
  for (int i = 0; i < r->nSection; i++) {
    const ReportSection *s = r->apSection[i];
    /* A section without columns is a part heading (a pack's); with, a table. */
    para(b, s->nCol ? "Heading2" : "Heading1", s->zTitle, 0, 0);
    if (s->zNote && s->zNote[0]) para(b, 0, s->zNote, 0, 0);
    if (!s->nCol) continue;
    if (s->layout == LAYOUT_TEXT) {
      words(b, s->pText);
      continue;
    }
    ChartData d;
    Buf *pc = 0;
    if (s->chart != CHART_NONE && chart_data_init(&d, s)) {
      if ((pc = part_new(parts)) != 0) {
        chart_part(pc, s, &d);
        chart_inline(b, s, ++*pnChart, land);
      }
      chart_data_free(&d);
    }
    if (!s->nRow) {
      para(b, 0, "None.", 0, 0);
      continue;
    }
    if (s->layout == LAYOUT_RECORDS)
      records(b, s);
    else {
      grid(b, s);
      para(b, 0, 0, 0, 0);
    }
  }
  /* A4 in twentieths of a point; 2 cm margins; the footer's page numbers. */
  buf_appendf(b,
              "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz "
              "w:w=\"%d\" w:h=\"%d\"%s/><w:pgMar w:top=\"1134\" w:right=\"1134\" "
              "w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" "
              "w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
              land ? 16838 : 11906, land ? 11906 : 16838, land ? " w:orient=\"landscape\"" : "");
}

int report_render_docx(const Report *r, Buf *out, Buf *err) {
  for (int k = 0; k < r->nSection; k++) report_section_check(r->apSection[k]);
  Parts parts;
  memset(&parts, 0, sizeof parts);
  Buf doc = BUF_INIT, types = BUF_INIT, drels = BUF_INIT, meta_ = BUF_INIT;
  Buf styles = {(char *)zStyles, sizeof zStyles - 1, 0},
      footer = {(char *)zFooter, sizeof zFooter - 1, 0},
      rels = {(char *)zRels, sizeof zRels - 1, 0};
  int nChart = 0;
  document(&doc, r, &parts, &nChart);
  content_types(&types, nChart);
  document_rels(&drels, nChart);
  core(&meta_, r);

  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(0, 0, 0, &ze);
  zip_t *z = 0;
  int rc = 0;
  if (!src) {
    rc = buf_fail(err, 1, "cannot make the document: %s", zip_error_strerror(&ze));
  } else {
    zip_source_keep(src);
    z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z) rc = buf_fail(err, 1, "cannot make the document: %s", zip_error_strerror(&ze));
  }
  if (!rc) rc = part_add(z, "[Content_Types].xml", &types, err);
  if (!rc) rc = part_add(z, "_rels/.rels", &rels, err);
  if (!rc) rc = part_add(z, "docProps/core.xml", &meta_, err);
  if (!rc) rc = part_add(z, "word/document.xml", &doc, err);
  if (!rc) rc = part_add(z, "word/_rels/document.xml.rels", &drels, err);
  if (!rc) rc = part_add(z, "word/styles.xml", &styles, err);
  if (!rc) rc = part_add(z, "word/footer1.xml", &footer, err);
  for (int i = 0; !rc && i < nChart; i++) {
    char zName[40];
    snprintf(zName, sizeof zName, "word/charts/chart%d.xml", i + 1);
    rc = part_add(z, zName, &parts.a[i], err);
  }
  if (z) {
    if (rc)
      zip_discard(z);
    else if (zip_close(z) < 0) {
      rc = buf_fail(err, 1, "cannot make the document: %s", zip_strerror(z));
      zip_discard(z);
    }
  }
  /* The zip's bytes, read back from the buffer source. */
  if (!rc && zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    char *zBytes = n > 0 ? xmalloc((size_t)n) : 0;
    if (!zBytes || zip_source_read(src, zBytes, (zip_uint64_t)n) != n)
      rc = buf_fail(err, 1, "cannot read the document back");
    else
      buf_append(out, zBytes, (size_t)n);
    free(zBytes);
    zip_source_close(src);
  } else if (!rc) {
    rc = buf_fail(err, 1, "cannot read the document back");
  }
  if (src) zip_source_free(src);
  zip_error_fini(&ze);
  for (int i = 0; i < parts.n; i++) buf_free(&parts.a[i]);
  buf_free(&doc);
  buf_free(&types);
  buf_free(&drels);
  buf_free(&meta_);
  return rc;
}
