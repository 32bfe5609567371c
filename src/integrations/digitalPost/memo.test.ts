import { beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../documents/pdf.ts';
import { pdfText } from '../../../test/pdfText.ts';
import { buildMemo, maskCpr, MAX_MEMO_BYTES, MEMO_NAMESPACE, parseMemo, type MemoInput } from './memo.ts';

const CREATED = new Date('2026-12-03T15:04:05.000Z'); // 16:04 Danish time
let decisionPdf: Buffer;
let appendixPdf: Buffer;
let letter: MemoInput;

beforeAll(async () => {
  decisionPdf = await renderPdf({ title: 'Afgørelse om sygedagpenge', municipality: 'Ærø Kommune', createdAt: CREATED }, (w) => {
    w.heading(1, 'Afgørelse om sygedagpenge');
    w.paragraph('Kære Søren Ågård Æbelø. Du får fortsat sygedagpenge efter sygedagpengelovens § 27.');
  });
  appendixPdf = await renderPdf({ title: 'Klagevejledning', municipality: 'Ærø Kommune', createdAt: CREATED }, (w) => {
    w.paragraph('Du kan klage over afgørelsen inden fire uger.');
  });
  letter = {
    messageUuid: '3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b',
    messageId: 'retur-letter-12',
    title: 'Afgørelse: sygedagpenge forlænges – Ærø Kommune',
    createdAt: CREATED,
    sender: { cvr: '29189676', name: 'Ærø Kommune, Jobcenter' },
    recipient: { cpr: '0101901234', name: 'Søren Ågård Æbelø' },
    legalNotification: true,
    mainDocument: { id: 'letter-12', title: 'Afgørelse om sygedagpenge', filename: 'afgørelse-sygedagpenge.pdf', pdf: decisionPdf },
    additionalDocuments: [{ id: 'letter-12-klage', title: 'Klagevejledning – læs før du klager', filename: 'klagevejledning.pdf', pdf: appendixPdf }],
  };
});

describe('buildMemo and parseMemo', () => {
  it('round-trips a decision letter with æøå in titles and names, and the PDFs byte for byte', () => {
    const xml = buildMemo(letter);
    const parsed = parseMemo(xml);
    expect(parsed).toEqual({
      uuid: letter.messageUuid,
      messageId: 'retur-letter-12',
      title: 'Afgørelse: sygedagpenge forlænges – Ærø Kommune',
      sender: { cvr: '29189676', name: 'Ærø Kommune, Jobcenter' },
      recipient: { cpr: '0101901234', name: 'Søren Ågård Æbelø' },
      legalNotification: true,
      mandatory: true,
      createdAt: CREATED,
      documents: [
        { id: 'letter-12', title: 'Afgørelse om sygedagpenge', filename: 'afgørelse-sygedagpenge.pdf', pdf: decisionPdf },
        { id: 'letter-12-klage', title: 'Klagevejledning – læs før du klager', filename: 'klagevejledning.pdf', pdf: appendixPdf },
      ],
    });
    expect(parsed.documents[0].pdf.equals(decisionPdf)).toBe(true);
    expect(pdfText(parsed.documents[0].pdf)).toContain('Søren Ågård Æbelø');
  });

  it('writes MeMo 1.1 in the schema order, with leading zeros of the CPR number kept', () => {
    const xml = buildMemo({ ...letter, recipient: { cpr: '0101001234', name: 'Åse Øster' }, legalNotification: false, additionalDocuments: [] });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml).toContain(`<memo:Message xmlns:memo="${MEMO_NAMESPACE}" memoVersion="1.1" memoSchVersion="1.1.0">`);
    const order = ['messageType>DIGITALPOST<', 'messageUUID>', 'messageID>retur-letter-12<', 'label>Afgørelse', 'mandatory>true<',
      'legalNotification>false<', 'senderID>29189676<', 'idType>CVR<', 'recipientID>0101001234<', 'idType>CPR<', 'label>Åse Øster<',
      'createdDateTime>2026-12-03T15:04:05.000Z<', 'mainDocumentID>letter-12<', 'encodingFormat>application/pdf<',
      'filename>afgørelse-sygedagpenge.pdf<', 'language>da<', 'content>JVBER'];
    const at = order.map((s) => xml.indexOf(s));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(xml).not.toContain('AdditionalDocument');
    expect(parseMemo(xml).recipient.cpr).toBe('0101001234');
  });

  it('escapes markup in titles and reads it back as text', () => {
    const title = 'Brev om "dit" møde <i morgen> & \'kl. 10\' – Ærø';
    const xml = buildMemo({ ...letter, title });
    expect(xml).not.toContain('<i morgen>');
    expect(parseMemo(xml).title).toBe(title);
  });

  it('refuses input that cannot make a valid message, with a plain English error', () => {
    const bad: [Partial<MemoInput>, RegExp][] = [
      [{ sender: { cvr: '2918967', name: 'Ærø Kommune' } }, /sender\.cvr must be 8 digits/],
      [{ recipient: { cpr: '010190-1234', name: 'Søren' } }, /recipient\.cpr must be 10 digits/],
      [{ title: '   ' }, /title must be a non-empty string/],
      [{ title: 'x'.repeat(257) }, /title must be at most 256 characters/],
      [{ messageUuid: 'not-a-uuid' }, /messageUuid must be a version 4 UUID/],
      [{ createdAt: new Date('nope') }, /createdAt/],
      [{ mainDocument: { id: 'a', title: 'Brev', filename: 'brev.docx', pdf: Buffer.from('%PDF-1.7') } }, /filename .*\.pdf/],
      [{ mainDocument: { id: 'a', title: 'Brev', filename: 'brev.pdf', pdf: Buffer.from('<html>') } }, /must be a PDF/],
      [{ additionalDocuments: [{ id: 'letter-12', title: 'Kopi', filename: 'kopi.pdf', pdf: Buffer.from('%PDF-1.7') }] }, /unique/],
      [{ title: 'Brev\u0001' }, /characters XML cannot carry/],
    ];
    for (const [change, message] of bad) {
      expect(() => buildMemo({ ...letter, ...change } as MemoInput)).toThrow(message);
    }
    // The CPR number is never part of the error.
    try { buildMemo({ ...letter, recipient: { cpr: '01019012345', name: 'x' } }); } catch (err) { expect(String(err)).not.toContain('01019012345'); }
  });

  it('reads a message written by another system: default namespace, character references, wrapped base64, no messageID', () => {
    const b64 = appendixPdf.toString('base64').replace(/(.{76})/g, '$1\n');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Message xmlns="${MEMO_NAMESPACE}" memoVersion="1.1" memoSchVersion="1.1.0">
  <MessageHeader>
    <messageType>DIGITALPOST</messageType>
    <messageUUID>E4CF3010-D051-43F2-8AA2-C86B05F3AF17</messageUUID>
    <label>Indkaldelse til samtale &#230;&#xF8;&#229; &amp;#230;</label>
    <mandatory>false</mandatory>
    <legalNotification>false</legalNotification>
    <Sender><senderID>29189676</senderID><idType>CVR</idType><label>Ærø Kommune</label></Sender>
    <Recipient><recipientID>0101901234</recipientID><idType>CPR</idType></Recipient>
  </MessageHeader>
  <MessageBody>
    <createdDateTime>2026-12-03T15:04:05Z</createdDateTime>
    <MainDocument>
      <File><encodingFormat>text/plain</encodingFormat><filename>brev.txt</filename><language>da</language><content>SGVq</content></File>
      <File><encodingFormat>application/pdf</encodingFormat><filename>brev.pdf</filename><language>da</language><content>
${b64}
      </content></File>
    </MainDocument>
  </MessageBody>
</Message>`;
    const parsed = parseMemo(xml);
    expect(parsed.title).toBe('Indkaldelse til samtale æøå &#230;');
    expect(parsed.uuid).toBe('e4cf3010-d051-43f2-8aa2-c86b05f3af17');
    expect(parsed.messageId).toBeNull();
    expect(parsed.recipient).toEqual({ cpr: '0101901234', name: '' });
    expect(parsed.mandatory).toBe(false);
    expect(parsed.documents).toEqual([{ id: '', title: '', filename: 'brev.pdf', pdf: appendixPdf }]);
  });

  it('refuses anything that is not a MeMo message of retur\'s kind', () => {
    const good = buildMemo(letter);
    const cases: [string, RegExp][] = [
      ['', /not well-formed|root/],
      ['{"title": "brev"}', /not well-formed|root/],
      [good.slice(0, good.length / 2), /not well-formed/],
      [good.replace(/memo:Message/g, 'memo:Letter'), /root element is not Message/],
      [good.replace(MEMO_NAMESPACE, 'https://example.org/MeMo-1'), /namespace/],
      [good.replace('>DIGITALPOST<', '>NEMSMS<'), /messageType is NEMSMS/],
      [good.replace('>CPR<', '>CVR<'), /Recipient\/idType must be CPR/],
      [good.replace('<memo:legalNotification>true', '<memo:legalNotification>ja'), /legalNotification must be true or false/],
      [good.replace('2026-12-03T15:04:05.000Z', '2026-12-03T16:04:05+01:00'), /createdDateTime/],
      [good.replace('application/pdf', 'application/msword'), /MainDocument has no application\/pdf file/],
      [good.replace(/<memo:MessageBody>[\s\S]*<\/memo:MessageBody>/, ''), /MessageBody is missing/],
      [good.replace('<memo:label>Afgørelse:', '<memo:label>&nbsp;Afgørelse:'), /undefined entity &nbsp;/],
      [good.replace('<memo:label>Afgørelse:', '<memo:label>&constructor;Afgørelse:'), /undefined entity &constructor;/],
      [good.replace('</memo:MessageHeader>', '</memo:MessageHeader><memo:MessageHeader/>'), /MessageHeader occurs more than once/],
    ];
    for (const [xml, message] of cases) expect(() => parseMemo(xml), message.source).toThrow(message);
    // The recipient's CPR number never appears in a refusal.
    try { parseMemo(good.replace('>0101901234<', '>010190123<')); expect.unreachable(); } catch (err) {
      expect(String(err)).toMatch(/recipientID must be 10 digits/);
      expect(String(err)).not.toContain('010190123');
    }
  });

  it('refuses a DOCTYPE, so no entity is ever expanded or fetched', () => {
    const external = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><memo:Message xmlns:memo="${MEMO_NAMESPACE}"><memo:label>&x;</memo:label></memo:Message>`;
    expect(() => parseMemo(external)).toThrow(/DOCTYPE is not allowed/);
    const bomb = `<!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${buildMemo(letter).replace('<memo:label>Afgørelse', '<memo:label>&b;')}`;
    expect(() => parseMemo(bomb)).toThrow(/DOCTYPE is not allowed/);
  });

  it('round-trips a 12 MB PDF (the base64 is read outside the XML parser, which is slow on long text)', () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(12 * 1024 * 1024, 0x41)]);
    const parsed = parseMemo(buildMemo({ ...letter, mainDocument: { ...letter.mainDocument, pdf: big } }));
    expect(parsed.documents[0].pdf.equals(big)).toBe(true);
    expect(parsed.documents[1].pdf.equals(appendixPdf)).toBe(true);
  });

  it('refuses input over 20 MB before parsing it, and never builds a message that large', () => {
    const huge = buildMemo(letter).replace('</memo:Message>', `<!--${'x'.repeat(MAX_MEMO_BYTES)}--></memo:Message>`);
    const started = performance.now();
    expect(() => parseMemo(huge)).toThrow(/larger than 20 MB/);
    expect(performance.now() - started).toBeLessThan(500);
    // 16 MB of PDF is more than 20 MB as base64.
    const bigPdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(16 * 1024 * 1024, 0x20)]);
    expect(() => buildMemo({ ...letter, mainDocument: { ...letter.mainDocument, pdf: bigPdf } })).toThrow(/larger than 20 MB/);
  });
});

describe('maskCpr', () => {
  it('shows only the birth date', () => {
    expect(maskCpr('0101901234')).toBe('010190-xxxx');
    expect(maskCpr('12345')).toBe('xxxxxx-xxxx');
  });
});
