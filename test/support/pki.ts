import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throw-away certificate authority and the certificates the TLS tests need, made with openssl. */
export interface TestPki {
  readonly dir: string;
  /** The test CA's certificate (PEM): trust it to trust `server`. */
  readonly caPem: string;
  readonly caFile: string;
  /** Valid for localhost and 127.0.0.1, signed by the CA. */
  readonly server: CertFiles;
  /** Signed by the CA but only for `other.invalid`: a hostname mismatch on 127.0.0.1. */
  readonly wrongName: CertFiles;
  /** Signed by the CA, for localhost and 127.0.0.1, expired. */
  readonly expired: CertFiles;
  /** Self-signed for localhost and 127.0.0.1, by no CA anybody trusts. */
  readonly selfSigned: CertFiles;
}

export interface CertFiles {
  readonly certFile: string;
  readonly keyFile: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 fingerprint of the certificate (DER), lowercase hex without colons. */
  readonly sha256: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function files(dir: string, name: string): CertFiles {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  const certPem = fs.readFileSync(certFile, 'utf8');
  const der = new crypto.X509Certificate(certPem).raw;
  return {
    certFile,
    keyFile,
    certPem,
    keyPem: fs.readFileSync(keyFile, 'utf8'),
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
  };
}

function leaf(dir: string, name: string, san: string, days: string[], signer: 'ca' | 'self'): CertFiles {
  const ext = path.join(dir, `${name}.ext`);
  fs.writeFileSync(
    ext,
    `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
  );
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`], dir);
  const sign =
    signer === 'ca' ? ['-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial'] : ['-signkey', `${name}.key`];
  openssl(
    ['x509', '-req', '-in', `${name}.csr`, ...sign, ...days, '-extfile', ext, '-out', `${name}.crt`],
    dir,
  );
  return files(dir, name);
}

/** Makes the CA and certificates in a new temporary folder. Takes well under a second. */
export function createTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drobot-pki-'));
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=DRobot Test CA',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      'ca.crt',
    ],
    dir,
  );
  const localhost = 'DNS:localhost,IP:127.0.0.1';
  const server = leaf(dir, 'server', localhost, ['-days', '30'], 'ca');
  const wrongName = leaf(dir, 'wrong-name', 'DNS:other.invalid', ['-days', '30'], 'ca');
  // `openssl x509` cannot backdate a certificate before OpenSSL 3.4; `openssl ca` takes explicit dates.
  const expired = expiredLeaf(dir, localhost);
  const selfSigned = leaf(dir, 'self-signed', localhost, ['-days', '30'], 'self');
  const caFile = path.join(dir, 'ca.crt');
  return { dir, caPem: fs.readFileSync(caFile, 'utf8'), caFile, server, wrongName, expired, selfSigned };
}

/** A CA-signed certificate whose validity ended yesterday, made with `openssl ca` and explicit dates. */
function expiredLeaf(dir: string, san: string): CertFiles {
  const name = 'expired';
  const db = path.join(dir, 'ca-db');
  fs.mkdirSync(db, { recursive: true });
  fs.writeFileSync(path.join(db, 'index.txt'), '');
  fs.writeFileSync(path.join(db, 'serial'), '1000\n');
  const conf = path.join(dir, 'ca.cnf');
  fs.writeFileSync(
    conf,
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${db}`,
      'database = $dir/index.txt',
      'serial = $dir/serial',
      'new_certs_dir = $dir',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = none',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '[ext]',
      `subjectAltName = ${san}`,
      'basicConstraints = CA:FALSE',
      'extendedKeyUsage = serverAuth',
      '',
    ].join('\n'),
  );
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`], dir);
  const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  const day = 24 * 3600 * 1000;
  openssl(
    [
      'ca',
      '-batch',
      '-config',
      conf,
      '-cert',
      'ca.crt',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-extensions',
      'ext',
      '-startdate',
      stamp(new Date(Date.now() - 30 * day)),
      '-enddate',
      stamp(new Date(Date.now() - day)),
      '-notext',
    ],
    dir,
  );
  return files(dir, name);
}
