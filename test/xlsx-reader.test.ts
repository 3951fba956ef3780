import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMULA_CELL, readXlsxRows } from '../src/modules/imports/xlsx-reader.ts';

/** A minimal ZIP (deflated entries) written by hand: workbooks as other producers write them. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text, 'utf8');
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, packed);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'starmark-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rows(entries: Record<string, string>) {
  const file = path.join(dir, `${Math.random().toString(16).slice(2)}.xlsx`);
  fs.writeFileSync(file, zip(entries));
  const out: { number: number; cells: unknown[] }[] = [];
  for await (const batch of readXlsxRows(file)) out.push(...batch);
  return out;
}

const NS =
  'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

describe('the XLSX reader', () => {
  it('reads prefixed SpreadsheetML, shared and inline strings, entities, dates, formulas and the first tab', async () => {
    const r = await rows({
      'xl/workbook.xml': `<?xml version="1.0"?><x:workbook ${NS}><x:sheets><x:sheet name="网点" sheetId="2" r:id="rId2"/><x:sheet name="说明" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="ws" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="ws" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
      'xl/sharedStrings.xml': `<x:sst ${NS} count="3"><x:si><x:t>网点编码</x:t></x:si><x:si><x:r><x:t xml:space="preserve">东城 </x:t></x:r><x:r><x:t>服务&amp;中心</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ドン</x:t></x:rPh></x:si><x:si><x:t/></x:si></x:sst>`,
      'xl/styles.xml': `<x:styleSheet ${NS}><x:numFmts count="1"><x:numFmt numFmtId="180" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></x:numFmts><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="14"/><x:xf numFmtId="180"/></x:cellXfs></x:styleSheet>`,
      'xl/worksheets/sheet1.xml': `<x:worksheet ${NS}><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>说明页</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
      'xl/worksheets/sheet2.xml': `<x:worksheet ${NS}><x:sheetData>
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c></x:row>
        <x:row r="3" spans="1:6"><x:c r="A3" t="inlineStr"><x:is><x:t>&lt;script&gt;&#x4E2D;&#25991;</x:t></x:is></x:c><x:c r="C3" s="1"><x:v>45292</x:v></x:c><x:c r="D3" s="2"><x:v>45293</x:v></x:c><x:c r="E3"><x:f>1+1</x:f><x:v>2</x:v></x:c><x:c r="F3" t="b"><x:v>1</x:v></x:c></x:row>
        <x:row r="4"><x:c r="A4" t="s"><x:v>2</x:v></x:c></x:row>
        <x:row r="5"><x:c t="str"><x:v>无引用</x:v></x:c><x:c><x:v>3.5</x:v></x:c></x:row>
      </x:sheetData></x:worksheet>`,
    });
    expect(r).toEqual([
      { number: 1, cells: ['网点编码', '东城 服务&中心'] },
      { number: 3, cells: ['<script>中文', null, '2024-01-01', '2024-01-02', FORMULA_CELL, 'TRUE'] },
      { number: 5, cells: ['无引用', '3.5'] },
    ]);
  });

  it('refuses what is not a workbook', async () => {
    await expect(rows({ 'hello.txt': 'x' })).rejects.toThrow('no worksheet');
    await expect(
      rows({ 'xl/worksheets/sheet1.xml': '<worksheet><sheetData><row><c><v>1</v></c></row><c r="A2"><v>2' }),
    ).rejects.toThrow('malformed XML');
  });
});
