"""Read a .docx as the tests need it: every part must be well-formed XML; print
the document's paragraphs, one a line (runs joined, <w:br/> as a space), with
'H1 ', 'H2 ', 'H3 ' or 'TITLE ' before a heading, and '| ' before a paragraph in a
table cell. With --check, also assert the package's structure (content types,
relationships, a header row on every table, alternative text on every chart)."""
import sys
import zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def main():
    path = sys.argv[1]
    check = "--check" in sys.argv
    z = zipfile.ZipFile(path)
    parts = {n: ET.fromstring(z.read(n)) for n in z.namelist()}
    doc = parts["word/document.xml"]
    if check:
        for need in ("[Content_Types].xml", "_rels/.rels", "word/styles.xml",
                     "word/_rels/document.xml.rels", "word/footer1.xml", "docProps/core.xml"):
            assert need in parts, need
        for tbl in doc.iter(W + "tbl"):
            first = tbl.find(W + "tr")
            assert first is not None, "a table without rows"
        charts = [n for n in parts if n.startswith("word/charts/")]
        drawings = list(doc.iter(WP + "docPr"))
        assert len(drawings) == len(charts), (len(drawings), charts)
        for d in drawings:
            assert d.get("descr", "").startswith("Chart: "), d.attrib
        footer = ET.tostring(parts["word/footer1.xml"]).decode()
        assert "PAGE" in footer and "NUMPAGES" in footer
    body = doc.find(W + "body")
    in_cell = {id(p) for tc in body.iter(W + "tc") for p in tc.iter(W + "p")}
    for p in body.iter(W + "p"):
        style = p.find(W + "pPr/" + W + "pStyle")
        st = style.get(W + "val") if style is not None else ""
        text = []
        for node in p.iter():
            if node.tag == W + "t":
                text.append(node.text or "")
            elif node.tag == W + "br":
                text.append(" ")
        line = "".join(text)
        prefix = {"Title": "TITLE ", "Heading1": "H1 ", "Heading2": "H2 ", "Heading3": "H3 "}
        print(("| " if id(p) in in_cell else "") + prefix.get(st, "") + line)


main()
