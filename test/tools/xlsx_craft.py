#!/usr/bin/python3
"""xlsx_craft.py: workbooks for the import tests that libxlsxwriter will not
write: damaged, oversized or hand-made at the XML level (exact date serials,
the 1904 date system). Not for: ordinary workbooks (csv2xlsx writes those).

  xlsx_craft.py truncate IN OUT          the first half of IN's bytes
  xlsx_craft.py drop IN OUT PART         IN without one part
  xlsx_craft.py bigcell OUT              a cell of 40,000 characters
  xlsx_craft.py badsst OUT               a cell naming shared string 99 of 1
  xlsx_craft.py sstflood OUT             9,000 rows whose text is one shared string of
                                         32,000 characters (288 MB of cell text)
  xlsx_craft.py badxml OUT               a sheet whose XML is cut short
  xlsx_craft.py bomb OUT [lie]           a sheet that inflates to 1 GiB (lie: whose
                                         sizes say 4 KB)
  xlsx_craft.py dates OUT [1904|leap]    date serials 1, 59, 61, 45657.75 (leap: and 60,
                                         Excel's 29 Feb 1900; 1904: 0 and 44195)
  xlsx_craft.py percents OUT             a percent_complete column: 0.75 and 1 in Excel's
                                         0% format, 0.145 in a custom 0.0%, 0.5 and 40
                                         in general cells
  xlsx_craft.py dtd OUT xxe|laughs       a DTD in the shared strings: an external entity
                                         naming /etc/passwd (xxe), or entities nested ten
                                         deep that expand to a billion strings (laughs)
"""
import struct
import sys
import zipfile
import zlib

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PRNS = 'http://schemas.openxmlformats.org/package/2006/relationships'


def parts(sheet, sst=None, workbook_pr='', styles=None):
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="rels" '
          'ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>' % (PRNS, RNS))
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="%s" xmlns:r="%s">'
          '<workbookPr%s/><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets>'
          '</workbook>' % (NS, RNS, workbook_pr))
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="%s">'
              '<Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="%s/styles" Target="styles.xml"/>'
              '<Relationship Id="rId3" Type="%s/sharedStrings" Target="sharedStrings.xml"/>'
              '</Relationships>' % (PRNS, RNS, RNS, RNS))
    if styles is None:
        # xf 0: General; xf 1: built-in 14 (a date); xf 2: custom "dd mmm yyyy";
        # xf 3: custom "[h]:mm" (a duration, not a date)
        styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="%s">'
                  '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd mmm yyyy"/>'
                  '<numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>'
                  '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
                  '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/>'
                  '<xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>' % NS)
    out = {'[Content_Types].xml': ct, '_rels/.rels': rels, 'xl/workbook.xml': wb,
           'xl/_rels/workbook.xml.rels': wbrels, 'xl/styles.xml': styles,
           'xl/worksheets/sheet1.xml': sheet}
    if sst is not None:
        out['xl/sharedStrings.xml'] = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="%s">%s'
                                       '</sst>' % (NS, ''.join('<si><t>%s</t></si>' % s
                                                               for s in sst)))
    return out


def sheet_xml(rows):
    """rows: list of (rownum, [(ref, attrs, inner)])"""
    body = ''.join('<row r="%d">%s</row>' % (r, ''.join('<c r="%s"%s>%s</c>' % c for c in cells))
                   for r, cells in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>%s'
            '</sheetData></worksheet>' % (NS, body))


def istr(ref, text):
    return (ref, ' t="inlineStr"', '<is><t>%s</t></is>' % text)


def header(*names):
    return [istr('%s1' % chr(65 + i), n) for i, n in enumerate(names)]


def write(path, files):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def bomb(path, lie):
    """A workbook whose sheet1.xml is a valid start followed by 1 GiB of spaces."""
    files = parts('')
    del files['xl/worksheets/sheet1.xml']
    write(path, files)
    head = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="%s"><sheetData>' % NS).encode()
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc = zlib.crc32(head)
    chunks = [comp.compress(head)]
    block = b' ' * (1 << 24)
    for _ in range(64):
        chunks.append(comp.compress(block))
        crc = zlib.crc32(block, crc)
    chunks.append(comp.flush())
    data = b''.join(chunks)
    size = len(head) + 64 * len(block)
    stated = 4096 if lie else size
    name = b'xl/worksheets/sheet1.xml'
    # Append the entry by hand: Python's zipfile would compress the GiB itself.
    with open(path, 'rb') as f:
        raw = f.read()
    eocd = raw.rindex(b'PK\x05\x06')
    n_entries, cd_size, cd_off = struct.unpack('<HII', raw[eocd + 10:eocd + 20])
    local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0, crc & 0xffffffff,
                        len(data), stated, len(name), 0) + name
    off = cd_off
    central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0,
                          crc & 0xffffffff, len(data), stated, len(name), 0, 0, 0, 0, 0,
                          off) + name
    new_cd = raw[cd_off:cd_off + cd_size] + central
    # Existing central entries keep their offsets (the new local entry goes after them).
    out = raw[:cd_off] + local + data
    cd_start = len(out)
    out += new_cd
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, n_entries + 1, n_entries + 1,
                       len(new_cd), cd_start, 0)
    with open(path, 'wb') as f:
        f.write(out)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == 'truncate':
        data = open(args[0], 'rb').read()
        open(args[1], 'wb').write(data[:len(data) // 2])
    elif cmd == 'drop':
        with zipfile.ZipFile(args[0]) as src, zipfile.ZipFile(args[1], 'w',
                                                               zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename != args[2]:
                    dst.writestr(info.filename, src.read(info.filename))
    elif cmd == 'bigcell':
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date')),
                (2, [istr('A2', 'Payroll'), istr('B2', 'x' * 40000), istr('C2', '2024-12-31'),
                     istr('D2', '2024-12-31')])]
        write(args[0], parts(sheet_xml(rows)))
    elif cmd == 'badsst':
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date')),
                (2, [('A2', ' t="s"', '<v>0</v>'), ('B2', ' t="s"', '<v>99</v>'),
                     istr('C2', '2024-12-31'), istr('D2', '2024-12-31')])]
        write(args[0], parts(sheet_xml(rows), sst=['Payroll']))
    elif cmd == 'sstflood':
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date'))]
        for r in range(2, 9002):
            rows.append((r, [istr('A%d' % r, 'Payroll'), ('B%d' % r, ' t="s"', '<v>0</v>'),
                             istr('C%d' % r, '2024-12-31'), istr('D%d' % r, '2024-12-31')]))
        write(args[0], parts(sheet_xml(rows), sst=['y' * 32000]))
    elif cmd == 'badxml':
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date'))]
        write(args[0], parts(sheet_xml(rows)[:-40]))
    elif cmd == 'bomb':
        bomb(args[0], len(args) > 1 and args[1] == 'lie')
    elif cmd == 'percents':
        styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="%s">'
                  '<numFmts count="1"><numFmt numFmtId="166" formatCode="0.0%%"/></numFmts>'
                  '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
                  '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/>'
                  '<xf numFmtId="166"/></cellXfs></styleSheet>' % NS)
        cells = [('0.75', 1), ('1', 1), ('0.145', 2), ('0.5', 0), ('40', 0)]
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date',
                           'percent_complete'))]
        for i, (v, style) in enumerate(cells):
            r = i + 2
            rows.append((r, [istr('A%d' % r, 'Payroll'), istr('B%d' % r, 'Cell %s' % v),
                             istr('C%d' % r, '2024-06-30'), istr('D%d' % r, '2024-12-31'),
                             ('E%d' % r, ' s="%d"' % style, '<v>%s</v>' % v)]))
        write(args[0], parts(sheet_xml(rows), styles=styles))
    elif cmd == 'dates':
        d1904 = len(args) > 1 and args[1] == '1904'
        serials = [('1', 1), ('59', 1), ('61', 2), ('45657.75', 1)]
        if len(args) > 1 and args[1] == 'leap':
            serials.append(('60', 1))
        if d1904:
            serials = [('0', 1), ('44195', 2)]
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date',
                           'rec_ref'))]
        for i, (v, style) in enumerate(serials):
            r = i + 2
            rows.append((r, [istr('A%d' % r, 'Dates'), istr('B%d' % r, 'Serial %s' % v),
                             ('C%d' % r, ' s="%d"' % style, '<v>%s</v>' % v),
                             ('D%d' % r, ' s="1"', '<v>%s</v>' % ('45657' if not d1904
                                                                  else '44195')),
                             ('E%d' % r, ' s="3"', '<v>1.5</v>')]))
        write(args[0], parts(sheet_xml(rows), workbook_pr=' date1904="1"' if d1904 else ''))
    elif cmd == 'dtd':
        if args[1] == 'xxe':
            dtd, ref = '<!ENTITY x SYSTEM "file:///etc/passwd">', '&x;'
        else:
            dtd = '<!ENTITY l0 "lol">' + ''.join(
                '<!ENTITY l%d "%s">' % (i, ('&l%d;' % (i - 1)) * 10) for i in range(1, 10))
            ref = '&l9;'
        rows = [(1, header('audit_title', 'recommendation', 'original_due_date', 'as_at_date')),
                (2, [('A2', ' t="s"', '<v>0</v>'), istr('B2', 'Do it'), istr('C2', '2024-12-31'),
                     istr('D2', '2024-12-31')])]
        files = parts(sheet_xml(rows), sst=[ref])
        files['xl/sharedStrings.xml'] = files['xl/sharedStrings.xml'].replace(
            '<sst ', '<!DOCTYPE sst [%s]><sst ' % dtd, 1)
        write(args[0], files)
    else:
        sys.exit(__doc__)


main()
