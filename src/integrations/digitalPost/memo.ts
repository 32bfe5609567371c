/**
 * MeMo ("Meddelelsesmodellen"), the message format of the national Digital Post (Digitaliseringsstyrelsen), version
 * 1.1, namespace https://DigitalPost.dk/MeMo-1: one XML document carrying the header (who sends what to whom) and
 * the documents themselves, base64-encoded. Since November 2023 Digital Post accepts nothing else.
 *
 * retur writes one profile of it: a DIGITALPOST message from the municipality (CVR) to a citizen (CPR) with one main
 * document and optional additional documents, each a single PDF in Danish. Elements follow the schema's sequence
 * order (MessageHeader: messageType, messageUUID, messageID, label, mandatory, legalNotification, Sender, Recipient;
 * MessageBody: createdDateTime, MainDocument, AdditionalDocument*; a document: its ID, label, File), and lengths
 * stay within the schema's limits (256 characters for labels, IDs and file names). The `memo:` prefix is used
 * because Serviceplatformen's SF1601 is known not to accept the namespace as a default namespace.
 *
 * parseMemo reads any prefix (or none) as long as the namespace is MeMo's, and is used by the stand-in to check what
 * the gateway sends and to show it.
 */
import { randomBytes } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';
export const MEMO_VERSION = '1.1';
export const MEMO_SCHEMA_VERSION = '1.1.0';
/** Refused above this size (parse) and never built above it: a message with a few letter PDFs is far smaller. */
export const MAX_MEMO_BYTES = 20 * 1024 * 1024;
/** The schema's limit for label, messageID, document IDs and file names. */
const MAX_TEXT = 256;

export interface MemoDocument {
  /** Our id of the document (mainDocumentID / additionalDocumentID). */
  id: string;
  /** What the citizen sees as the document's name (the document's label). */
  title: string;
  filename: string;
  pdf: Buffer;
}

export interface MemoInput {
  /** messageUUID: a random (version 4) UUID, unique per message; Digital Post refuses a UUID it has seen. */
  messageUuid: string;
  /** messageID: our own reference, e.g. 'retur-letter-12'. */
  messageId: string;
  /** The message's label: the subject line the citizen sees in the inbox. */
  title: string;
  createdAt: Date;
  sender: { cvr: string; name: string };
  recipient: { cpr: string; name: string };
  /**
   * legalNotification: the message has legal effect (a decision, a hearing); true for decision letters. Digital Post
   * then does not let it be handled like ordinary mail (e.g. it cannot be left unopened without trace).
   */
  legalNotification: boolean;
  /**
   * mandatory: obligatorisk Digital Post, which a public authority sends under lov om Digital Post fra offentlige
   * afsendere (lovbekendtgørelse nr. 686 af 15. april 2021); reaches everyone not exempted. Default true.
   */
  mandatory?: boolean;
  mainDocument: MemoDocument;
  additionalDocuments?: MemoDocument[];
}

export interface ParsedMemo {
  uuid: string;
  /** messageID is optional in MeMo: null when absent. */
  messageId: string | null;
  title: string;
  sender: { cvr: string; name: string };
  /** `name` is '' when the optional Recipient label is absent. */
  recipient: { cpr: string; name: string };
  legalNotification: boolean;
  mandatory: boolean;
  createdAt: Date;
  /** The main document first, then the additional documents in order. */
  documents: MemoDocument[];
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------------------------
// Building

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(`buildMemo: ${message}`);
}

function checkText(value: unknown, what: string, max = MAX_TEXT): void {
  check(typeof value === 'string' && value.trim().length > 0, `${what} must be a non-empty string`);
  check((value as string).length <= max, `${what} must be at most ${max} characters (MeMo's limit)`);
  // Characters XML 1.0 cannot carry at all (control characters other than tab and newlines, lone surrogates).
  check(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value as string),
    `${what} contains characters XML cannot carry`);
}

function checkDocument(d: MemoDocument, what: string): void {
  check(!!d && typeof d === 'object', `${what} is missing`);
  checkText(d.id, `${what}.id`);
  checkText(d.title, `${what}.title`);
  checkText(d.filename, `${what}.filename`);
  check(/\.pdf$/i.test(d.filename) && !/[\\/]/.test(d.filename), `${what}.filename must be a plain file name ending in .pdf`);
  check(Buffer.isBuffer(d.pdf) && d.pdf.subarray(0, 5).toString('latin1') === '%PDF-', `${what}.pdf must be a PDF (starting with %PDF-)`);
}

const file = (d: MemoDocument) => ({
  'memo:encodingFormat': 'application/pdf',
  'memo:filename': d.filename.trim(),
  'memo:language': 'da',
  'memo:content': d.pdf.toString('base64'),
});

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });

/**
 * The MeMo XML of one letter. Throws a plain Error on input that cannot make a valid message (a programming error).
 * Texts are written trimmed: XML readers (ours included) drop leading and trailing white space anyway.
 */
export function buildMemo(m: MemoInput): string {
  check(typeof m.messageUuid === 'string' && UUID_V4.test(m.messageUuid), 'messageUuid must be a version 4 UUID (MeMo requires one)');
  checkText(m.messageId, 'messageId');
  checkText(m.title, 'title');
  check(m.createdAt instanceof Date && !Number.isNaN(m.createdAt.getTime()), 'createdAt must be a valid Date');
  check(typeof m.sender?.cvr === 'string' && /^\d{8}$/.test(m.sender.cvr), 'sender.cvr must be 8 digits');
  checkText(m.sender.name, 'sender.name');
  check(typeof m.recipient?.cpr === 'string' && /^\d{10}$/.test(m.recipient.cpr), 'recipient.cpr must be 10 digits');
  checkText(m.recipient.name, 'recipient.name');
  check(typeof m.legalNotification === 'boolean', 'legalNotification must be a boolean');
  check(m.mandatory === undefined || typeof m.mandatory === 'boolean', 'mandatory must be a boolean');
  checkDocument(m.mainDocument, 'mainDocument');
  const additional = m.additionalDocuments ?? [];
  check(Array.isArray(additional), 'additionalDocuments must be an array');
  additional.forEach((d, i) => checkDocument(d, `additionalDocuments[${i}]`));
  const ids = [m.mainDocument.id, ...additional.map((d) => d.id)].map((id) => id.trim());
  check(new Set(ids).size === ids.length, 'document ids must be unique within the message');

  const message = {
    'memo:Message': {
      '@_xmlns:memo': MEMO_NAMESPACE,
      '@_memoVersion': MEMO_VERSION,
      '@_memoSchVersion': MEMO_SCHEMA_VERSION,
      'memo:MessageHeader': {
        'memo:messageType': 'DIGITALPOST',
        'memo:messageUUID': m.messageUuid.toLowerCase(),
        'memo:messageID': m.messageId.trim(),
        'memo:label': m.title.trim(),
        'memo:mandatory': String(m.mandatory ?? true),
        'memo:legalNotification': String(m.legalNotification),
        'memo:Sender': {
          'memo:senderID': m.sender.cvr,
          'memo:idType': 'CVR',
          'memo:label': m.sender.name.trim(),
          // The municipality is also responsible for the content (no system supplier sends on its behalf).
          'memo:AttentionData': { 'memo:ContentResponsible': { 'memo:contentResponsibleID': m.sender.cvr, 'memo:label': m.sender.name.trim() } },
        },
        'memo:Recipient': { 'memo:recipientID': m.recipient.cpr, 'memo:idType': 'CPR', 'memo:label': m.recipient.name.trim() },
      },
      'memo:MessageBody': {
        // The schema wants UTC with a Z.
        'memo:createdDateTime': m.createdAt.toISOString(),
        'memo:MainDocument': { 'memo:mainDocumentID': m.mainDocument.id.trim(), 'memo:label': m.mainDocument.title.trim(), 'memo:File': file(m.mainDocument) },
        ...(additional.length
          ? { 'memo:AdditionalDocument': additional.map((d) => ({ 'memo:additionalDocumentID': d.id.trim(), 'memo:label': d.title.trim(), 'memo:File': file(d) })) }
          : {}),
      },
    },
  };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(message) as string}`;
  check(Buffer.byteLength(xml, 'utf8') <= MAX_MEMO_BYTES, `the message would be larger than ${MAX_MEMO_BYTES / 1024 / 1024} MB`);
  return xml;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** Not a MeMo message retur can read. */
export class MemoParseError extends Error {
  constructor(message: string) {
    super(`Not a valid MeMo message: ${message}`);
    this.name = 'MemoParseError';
  }
}

// Entities: the parser's own entity handling is off, and a DOCTYPE is refused before parsing (MeMo has no DTD), so
// no entity is ever defined, expanded or fetched. The XML's predefined entities and character references are
// decoded below in one pass, so '&amp;#230;' stays the literal text '&#230;'.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  commentPropName: false,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]*));|&/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (hex !== undefined || dec !== undefined) {
      const cp = hex !== undefined ? parseInt(hex, 16) : Number(dec);
      const allowed = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
      if (!allowed) throw new MemoParseError(`character reference ${whole} is not allowed in XML`);
      return String.fromCodePoint(cp);
    }
    if (name !== undefined && Object.hasOwn(PREDEFINED, name)) return PREDEFINED[name];
    throw new MemoParseError(name ? `undefined entity &${name};` : 'a bare "&" in text');
  });
}

type Node = Record<string, unknown>;

/** Reads elements in the MeMo namespace under the prefix the document declared for it. */
function reader(prefix: string) {
  const key = (name: string) => (prefix ? `${prefix}:${name}` : name);
  const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);
  const all = (parent: Node, name: string): unknown[] => {
    const v = parent[key(name)];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const one = (parent: Node, name: string, path: string): unknown => {
    const v = all(parent, name);
    if (v.length === 0) throw new MemoParseError(`${path}/${name} is missing`);
    if (v.length > 1) throw new MemoParseError(`${path}/${name} occurs more than once`);
    return v[0];
  };
  const textOf = (v: unknown, where: string): string => {
    const t = isNode(v) ? v['#text'] ?? '' : v;
    if (typeof t !== 'string') throw new MemoParseError(`${where} must be text`);
    return decodeEntities(t);
  };
  return {
    node(parent: Node, name: string, path: string): Node {
      const v = one(parent, name, path);
      if (!isNode(v)) throw new MemoParseError(`${path}/${name} must contain elements`);
      return v;
    },
    nodes(parent: Node, name: string, path: string): Node[] {
      return all(parent, name).map((v) => {
        if (!isNode(v)) throw new MemoParseError(`${path}/${name} must contain elements`);
        return v;
      });
    },
    text(parent: Node, name: string, path: string, opts: { max?: number; optional?: boolean } = {}): string | null {
      if (opts.optional && all(parent, name).length === 0) return null;
      const t = textOf(one(parent, name, path), `${path}/${name}`);
      if (!opts.optional && t.length === 0) throw new MemoParseError(`${path}/${name} is empty`);
      if (t.length > (opts.max ?? MAX_TEXT)) throw new MemoParseError(`${path}/${name} is longer than ${opts.max ?? MAX_TEXT} characters`);
      return t;
    },
  };
}

function bool(v: string | null, where: string, absent: boolean): boolean {
  if (v === null) return absent;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new MemoParseError(`${where} must be true or false`);
}

/** Base64 and white space only (checked by character code: a regex over megabytes can exhaust the stack). */
function isBase64Run(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 61
      || c === 32 || c === 9 || c === 10 || c === 13;
    if (!ok) return false;
  }
  return true;
}

/** The XML with the text of each content element that is a long base64 run replaced by `placeholder(run)`. */
function liftBase64(xml: string, placeholder: (b64: string) => string): string {
  const open = /<(?:[A-Za-z_][\w.-]*:)?content\s*>/g;
  let out = '';
  let copied = 0;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const start = m.index + m[0].length;
    const end = xml.indexOf('<', start);
    if (end - start < 4096 || xml[end + 1] !== '/' || !isBase64Run(xml, start, end)) continue;
    out += xml.slice(copied, start) + placeholder(xml.slice(start, end));
    copied = end;
    open.lastIndex = end;
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

/**
 * Reads a MeMo message of retur's profile: DIGITALPOST from a CVR to a CPR, every document with a PDF file. Throws
 * MemoParseError on anything else (not XML, not MeMo, a DOCTYPE, more than 20 MB, a missing or malformed field).
 * A 20 MB message of that shape takes well under a second; 20 MB of crafted text elsewhere can take several, so
 * whoever may post to a parser of this keeps the token secret (the stand-in checks it before reading the body).
 */
export function parseMemo(xml: string): ParsedMemo {
  if (typeof xml !== 'string') throw new MemoParseError('not a string');
  // Checked on the string's length first: a UTF-8 byte count of a huge string is itself work.
  if (xml.length > MAX_MEMO_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_MEMO_BYTES) {
    throw new MemoParseError(`larger than ${MAX_MEMO_BYTES / 1024 / 1024} MB`);
  }
  if (/<!DOCTYPE/i.test(xml)) throw new MemoParseError('a DOCTYPE is not allowed');
  // The parser reads text one character at a time (seconds for a 20 MB PDF), so long base64 runs directly inside a
  // content element are lifted out first and put back by the reader. Base64 holds no markup, so what the parser
  // sees is exactly as well-formed as the original.
  const nonce = randomBytes(6).toString('hex');
  const lifted: string[] = [];
  const skeleton = liftBase64(xml, (b64) => `lifted-${nonce}-${lifted.push(b64) - 1}`);
  let doc: Node;
  try {
    doc = parser.parse(skeleton, true) as Node;
  } catch (err) {
    throw new MemoParseError(`not well-formed XML (${err instanceof Error ? err.message.slice(0, 200) : 'parse error'})`);
  }
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?'));
  if (roots.length !== 1) throw new MemoParseError('expected exactly one root element');
  const rootName = roots[0];
  const [prefix, local] = rootName.includes(':') ? rootName.split(':', 2) : ['', rootName];
  const root = doc[rootName];
  if (local !== 'Message' || !root || typeof root !== 'object' || Array.isArray(root)) throw new MemoParseError('the root element is not Message');
  const rootNode = root as Node;
  const ns = rootNode[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (ns !== MEMO_NAMESPACE) throw new MemoParseError(`the root element is not in the namespace ${MEMO_NAMESPACE}`);
  const version = rootNode['@_memoVersion'];
  if (typeof version !== 'string' || !/^1\.\d+$/.test(version)) throw new MemoParseError('memoVersion must be 1.x');

  const r = reader(prefix);
  const header = r.node(rootNode, 'MessageHeader', 'Message');
  const H = 'Message/MessageHeader';
  const messageType = r.text(header, 'messageType', H);
  if (messageType !== 'DIGITALPOST') throw new MemoParseError(`messageType is ${messageType}, not DIGITALPOST`);
  const uuid = r.text(header, 'messageUUID', H)!;
  if (!UUID_V4.test(uuid)) throw new MemoParseError('messageUUID is not a version 4 UUID');
  const messageId = r.text(header, 'messageID', H, { optional: true });
  const title = r.text(header, 'label', H)!;
  const mandatory = bool(r.text(header, 'mandatory', H, { optional: true }), `${H}/mandatory`, false);
  const legalNotification = bool(r.text(header, 'legalNotification', H, { optional: true }), `${H}/legalNotification`, false);

  const sender = r.node(header, 'Sender', H);
  const S = `${H}/Sender`;
  if (r.text(sender, 'idType', S) !== 'CVR') throw new MemoParseError(`${S}/idType must be CVR`);
  const cvr = r.text(sender, 'senderID', S)!;
  if (!/^\d{8}$/.test(cvr)) throw new MemoParseError(`${S}/senderID must be 8 digits`);
  const senderName = r.text(sender, 'label', S)!;

  const recipient = r.node(header, 'Recipient', H);
  const R = `${H}/Recipient`;
  if (r.text(recipient, 'idType', R) !== 'CPR') throw new MemoParseError(`${R}/idType must be CPR`);
  const cpr = r.text(recipient, 'recipientID', R)!;
  // The number itself never goes into an error message.
  if (!/^\d{10}$/.test(cpr)) throw new MemoParseError(`${R}/recipientID must be 10 digits`);
  const recipientName = r.text(recipient, 'label', R, { optional: true }) ?? '';

  const body = r.node(rootNode, 'MessageBody', 'Message');
  const B = 'Message/MessageBody';
  const created = r.text(body, 'createdDateTime', B)!;
  const createdAt = new Date(created);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(created) || Number.isNaN(createdAt.getTime())) {
    throw new MemoParseError(`${B}/createdDateTime must be a UTC date-time ending in Z`);
  }

  const document = (d: Node, idName: string, path: string): MemoDocument => {
    const id = r.text(d, idName, path, { optional: true }) ?? '';
    const docTitle = r.text(d, 'label', path, { optional: true }) ?? '';
    const files = r.nodes(d, 'File', path);
    if (files.length === 0) throw new MemoParseError(`${path}/File is missing`);
    const pdfFile = files.find((f) => r.text(f, 'encodingFormat', `${path}/File`) === 'application/pdf');
    if (!pdfFile) throw new MemoParseError(`${path} has no application/pdf file`);
    const F = `${path}/File`;
    const filename = r.text(pdfFile, 'filename', F)!;
    r.text(pdfFile, 'language', F, { max: 2 });
    const raw = r.text(pdfFile, 'content', F, { max: MAX_MEMO_BYTES })!;
    const liftedAt = new RegExp(`^lifted-${nonce}-(\\d+)$`).exec(raw);
    const base64 = (liftedAt ? lifted[Number(liftedAt[1])] : raw).replace(/\s+/g, '');
    if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new MemoParseError(`${F}/content is not base64`);
    const pdf = Buffer.from(base64, 'base64');
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new MemoParseError(`${F}/content is not a PDF`);
    return { id, title: docTitle, filename, pdf };
  };
  const documents = [
    document(r.node(body, 'MainDocument', B), 'mainDocumentID', `${B}/MainDocument`),
    ...r.nodes(body, 'AdditionalDocument', B).map((d, i) => document(d, 'additionalDocumentID', `${B}/AdditionalDocument[${i + 1}]`)),
  ];
  return { uuid: uuid.toLowerCase(), messageId, title, sender: { cvr, name: senderName }, recipient: { cpr, name: recipientName }, legalNotification, mandatory, createdAt, documents };
}

/** A CPR number as the stand-in and logs may show it: the birth date only, 'ddmmyy-xxxx'. */
export const maskCpr = (cpr: string): string => (/^\d{10}$/.test(cpr) ? `${cpr.slice(0, 6)}-xxxx` : 'xxxxxx-xxxx');
