// Node only: the link from an enrolled key to the person's legal digital signature (chữ ký số), checked
// with node:crypto's X.509 and signature verification (no certificate parsing of our own).
import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { enrolmentStatement } from '../ledger/enrolment-request.ts';
import type { Actor, LegalSignature } from '../ledger/events.ts';
import { foldDiacritics } from '../ledger/fold.ts';
import type { EnrolledKey } from '../ledger/key-ring.ts';
import { CliError, EXIT_FAILED, EXIT_USAGE } from './exit.ts';

/** What was found of one enrolment's legal signature. `problem` (both languages) is set when it fails a check made. */
export interface LegalCheck {
  seq: number;
  fingerprint: string;
  person: Actor;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  /** The certificate's common name (CN) is the person's name, ignoring case and diacritics. */
  nameMatches: boolean;
  /** The chain to a CA certificate given: null when none was given (not checked), else the root reached. */
  chain: { root: string } | null;
  problem?: { code: LegalProblem; vi: string; en: string };
}

/** What failed: the certificate unreadable, the algorithm not its key's, the signature, its validity at enrolment, the chain. */
export type LegalProblem = 'certificate' | 'algorithm' | 'signature' | 'validity' | 'chain';

/** The signature algorithm a certificate's key makes: RSA (PKCS#1 v1.5) or ECDSA, both over SHA-256. */
function algorithmOf(certificate: X509Certificate): LegalSignature['alg'] | null {
  const type = certificate.publicKey.asymmetricKeyType;
  return type === 'rsa' ? 'RSA-SHA256' : type === 'ec' ? 'ECDSA-SHA256' : null;
}

const commonName = (certificate: X509Certificate) => /(?:^|\n)CN=([^\n]*)/.exec(certificate.subject)?.[1]?.trim() ?? '';
const oneLine = (name: string) => name.split('\n').join(', ');
const validAt = (certificate: X509Certificate, at: string) => Date.parse(certificate.validFrom) <= Date.parse(at) && Date.parse(at) <= Date.parse(certificate.validTo);

/**
 * Checks one enrolment's legal signature: that the embedded certificate's key signed the enrolment
 * statement, that the certificate was valid when the key was enrolled, and, when CA certificates are
 * given, that it chains to one of them that is self-signed (the root), each link issued and signed
 * by the next and valid then. Revocation (CRL, OCSP) is not checked: this works offline.
 */
export function checkLegalSignature(key: EnrolledKey & { legal: LegalSignature }, authorities: readonly X509Certificate[] | null): LegalCheck {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(key.legal.certificate, 'base64'));
  } catch (error) {
    return {
      seq: key.enrolledSeq,
      fingerprint: key.fingerprint,
      person: key.person,
      subject: '',
      issuer: '',
      serialNumber: '',
      validFrom: '',
      validTo: '',
      nameMatches: false,
      chain: null,
      problem: { code: 'certificate', vi: `chứng thư số kèm theo không đọc được (${(error as Error).message})`, en: `the certificate it carries cannot be read (${(error as Error).message})` },
    };
  }
  const found: LegalCheck = {
    seq: key.enrolledSeq,
    fingerprint: key.fingerprint,
    person: key.person,
    subject: oneLine(certificate.subject),
    issuer: oneLine(certificate.issuer),
    serialNumber: certificate.serialNumber,
    validFrom: certificate.validFrom,
    validTo: certificate.validTo,
    nameMatches: foldDiacritics(commonName(certificate)).replace(/\s+/g, ' ') === foldDiacritics(key.person.name).replace(/\s+/g, ' '),
    chain: null,
  };
  const fail = (code: LegalProblem, vi: string, en: string): LegalCheck => ({ ...found, problem: { code, vi, en } });
  if (algorithmOf(certificate) !== key.legal.alg) {
    return fail('algorithm', `thuật toán ${key.legal.alg} không khớp khóa của chứng thư (${certificate.publicKey.asymmetricKeyType})`, `the algorithm ${key.legal.alg} does not match the certificate's key (${certificate.publicKey.asymmetricKeyType})`);
  }
  const statement = Buffer.from(enrolmentStatement({ key: key.fingerprint, publicKey: key.publicKey, person: key.person }), 'utf8');
  if (!verifySignature('sha256', statement, certificate.publicKey, Buffer.from(key.legal.value, 'hex'))) {
    return fail('signature', 'chữ ký số không khớp: khóa của chứng thư không ký yêu cầu đăng ký khóa này', "the legal signature does not verify: the certificate's key did not sign this key's enrolment request");
  }
  if (!validAt(certificate, key.enrolledAt)) {
    return fail(
      'validity',
      `chứng thư số không còn hoặc chưa có hiệu lực khi đăng ký khóa (${key.enrolledAt}; hiệu lực ${certificate.validFrom} – ${certificate.validTo})`,
      `the certificate was not valid when the key was enrolled (${key.enrolledAt}; valid ${certificate.validFrom} to ${certificate.validTo})`,
    );
  }
  if (!authorities) return found;
  const root = chainRoot(certificate, authorities, key.enrolledAt);
  if (!root) {
    return fail(
      'chain',
      `chứng thư số không dẫn đến chứng thư gốc nào đã cho (${found.issuer} cấp; thiếu chứng thư của bên cấp, hoặc chữ ký hay thời hạn của một mắt xích không đúng)`,
      `the certificate does not chain to a root given (issued by ${found.issuer}; the issuer's certificate is missing, or a link's signature or validity is wrong)`,
    );
  }
  return { ...found, chain: { root: oneLine(root.subject) } };
}

/** The self-signed certificate among `authorities` that `certificate` chains to at `at`, if any. */
function chainRoot(certificate: X509Certificate, authorities: readonly X509Certificate[], at: string): X509Certificate | null {
  let current = certificate;
  for (let depth = 0; depth <= authorities.length; depth++) {
    if (signedBy(current, current) && authorities.some((a) => a.fingerprint256 === current.fingerprint256)) return current;
    const issuer = authorities.find((a) => a.ca && a.fingerprint256 !== current.fingerprint256 && signedBy(current, a) && validAt(a, at));
    if (!issuer) return null;
    current = issuer;
  }
  return null;
}

/** `issuer` issued `certificate` (names and key identifiers) and its key signed it. */
function signedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The certificates of the files given (PEM, one or several each, or DER). */
export async function readCertificates(files: readonly string[], option: string): Promise<X509Certificate[]> {
  const out: X509Certificate[] = [];
  for (const file of files) {
    const bytes = await readFile(file).catch((error: Error) => {
      throw new CliError(`Không đọc được tệp ${option} ${file}: ${error.message}`, `Cannot read the ${option} file ${file}: ${error.message}`, EXIT_USAGE);
    });
    const pems = bytes.toString('latin1').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
    try {
      for (const one of pems ?? [bytes]) out.push(new X509Certificate(one));
    } catch (error) {
      throw new CliError(
        `${file} (${option}) không phải chứng thư số X.509 (PEM hoặc DER): ${(error as Error).message}`,
        `${file} (${option}) is not an X.509 certificate (PEM or DER): ${(error as Error).message}`,
        EXIT_USAGE,
      );
    }
  }
  return out;
}

/**
 * The legal signature of an enrolment, from the person's certificate file and the signature file
 * (raw bytes, as `openssl dgst -sha256 -sign` writes it) over their enrolment request, checked
 * before it is recorded: refused (exit 1) when it does not verify or the certificate is not valid now.
 */
export async function legalSignatureOf(
  enrolled: { key: string; publicKey: string; person: Actor },
  certificateFile: string,
  signatureFile: string,
  now: Date,
): Promise<{ legal: LegalSignature; check: LegalCheck }> {
  const [certificate] = await readCertificates([certificateFile], '--certificate');
  const alg = algorithmOf(certificate!);
  if (!alg) {
    throw new CliError(
      `Chứng thư số ${certificateFile} có khóa ${certificate!.publicKey.asymmetricKeyType}; chỉ nhận RSA hoặc ECDSA.`,
      `The certificate ${certificateFile} has a ${certificate!.publicKey.asymmetricKeyType} key; only RSA or ECDSA are taken.`,
      EXIT_USAGE,
    );
  }
  const value = await readFile(signatureFile).catch((error: Error) => {
    throw new CliError(`Không đọc được tệp --legal-signature ${signatureFile}: ${error.message}`, `Cannot read the --legal-signature file ${signatureFile}: ${error.message}`, EXIT_USAGE);
  });
  const legal: LegalSignature = { alg, certificate: certificate!.raw.toString('base64'), value: value.toString('hex') };
  const check = checkLegalSignature({ fingerprint: enrolled.key, publicKey: enrolled.publicKey, person: enrolled.person, role: 'member', enrolledSeq: 0, enrolledAt: now.toISOString(), revokedFrom: null, lastSigned: '', legal }, null);
  if (check.problem) {
    throw new CliError(
      `Chữ ký số trong ${signatureFile} với chứng thư ${certificateFile} bị từ chối: ${check.problem.vi}; không ghi gì. Hãy ký đúng tệp yêu cầu đăng ký do "cchc key new" tạo (vd. openssl dgst -sha256 -sign … -out ${signatureFile} <tệp>.request.json).`,
      `The legal signature in ${signatureFile} with the certificate ${certificateFile} is refused: ${check.problem.en}; nothing was recorded. Sign the enrolment request file exactly as "cchc key new" wrote it (e.g. openssl dgst -sha256 -sign … -out ${signatureFile} <file>.request.json).`,
      EXIT_FAILED,
    );
  }
  return { legal, check };
}

/** The lines `verify` and `key enroll` print of a legal signature, Vietnamese then English. */
export function legalCheckLines(check: LegalCheck): string[] {
  const who = `${check.person.name} (seq ${check.seq})`;
  if (check.problem) return [`  Chữ ký số của ${who} KHÔNG hợp lệ: ${check.problem.vi}.`, `  Legal signature of ${who} FAILS: ${check.problem.en}.`];
  const name = check.nameMatches ? '' : ' — tên trên chứng thư khác tên người được đăng ký / the name on the certificate differs from the person enrolled';
  const chain = check.chain
    ? [`    chuỗi chứng thư đến gốc / chain to the root: ${check.chain.root}`]
    : ['    chuỗi chứng thư chưa kiểm tra (không có --ca) / chain not checked (no --ca)'];
  return [
    `  Chữ ký số / legal signature of ${who}: hợp lệ / valid — ${check.subject}${name}`,
    `    cấp bởi / issued by ${check.issuer}; số sê-ri / serial ${check.serialNumber}; hiệu lực / valid ${check.validFrom} – ${check.validTo}`,
    ...chain,
  ];
}
