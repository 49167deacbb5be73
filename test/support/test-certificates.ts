import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One certificate a test made: its PEM file and its private key's PEM file. */
export interface TestCertificate {
  certificate: string;
  key: string;
}

/** A test PKI as a Vietnamese chữ ký số has it: a national root, a provider's CA under it, a person's certificate under that. */
export interface TestPki {
  root: TestCertificate;
  provider: TestCertificate;
  person: TestCertificate;
  /** A root of its own, issuing nothing here: the wrong trust anchor. */
  otherRoot: TestCertificate;
}

const CONFIG = (dir: string) => `
[ ca ]
default_ca = test
[ test ]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
default_md = sha256
policy = any
preserve = yes
email_in_dn = no
unique_subject = no
[ any ]
countryName = optional
organizationName = optional
commonName = supplied
[ req ]
distinguished_name = dn
string_mask = utf8only
[ dn ]
[ root ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ provider ]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ person ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

/**
 * Makes a test PKI with the openssl command line (RSA-2048, SHA-256) in `dir`, valid from `from` to
 * `to` (openssl's YYYYMMDDHHMMSSZ): test keys made at test time, never committed.
 */
export async function makeTestPki(dir: string, personName: string, from = '20200101000000Z', to = '20401231000000Z'): Promise<TestPki> {
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'openssl.cnf');
  writeFileSync(config, CONFIG(dir));
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  // Not execFileSync: a test worker blocked for the seconds RSA key generation takes on a loaded machine misses vitest's messages.
  const openssl = (args: string[]) => promisify(execFile)('openssl', args, { cwd: dir });
  const make = async (name: string, subject: string, extensions: string, issuer: TestCertificate | null): Promise<TestCertificate> => {
    const key = join(dir, `${name}.key`);
    const request = join(dir, `${name}.csr`);
    const certificate = join(dir, `${name}.pem`);
    await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
    await openssl(['req', '-new', '-config', config, '-utf8', '-key', key, '-subj', subject, '-out', request]);
    const signer = issuer ? ['-cert', issuer.certificate, '-keyfile', issuer.key] : ['-selfsign', '-keyfile', key];
    await openssl(['ca', '-batch', '-config', config, '-utf8', ...signer, '-in', request, '-out', certificate, '-startdate', from, '-enddate', to, '-extensions', extensions, '-notext']);
    return { certificate, key };
  };
  const root = await make('root', '/C=VN/O=Test NEAC/CN=Test Vietnam National Root CA', 'root', null);
  const provider = await make('provider', '/C=VN/O=Test VNPT/CN=Test VNPT-CA SHA-256', 'provider', root);
  const person = await make('person', `/C=VN/O=Sở Tư pháp/CN=${personName}`, 'person', provider);
  const otherRoot = await make('other-root', '/C=VN/O=Someone else/CN=Test Other Root CA', 'root', null);
  return { root, provider, person, otherRoot };
}

/** Signs a file's bytes as a chữ ký số token would for `openssl dgst -sha256 -sign`: RSASSA-PKCS1-v1_5 over SHA-256, raw bytes out. */
export function signFile(key: string, file: string, out: string): string {
  execFileSync('openssl', ['dgst', '-sha256', '-sign', key, '-out', out, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  return out;
}
