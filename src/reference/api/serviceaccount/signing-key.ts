// The key the API server signs service account tokens with: an ECDSA P-256
// key (ES256) kept as sa.key in the PKI directory, so tokens stay valid across
// restarts. Its key ID is upstream's: the unpadded base64url SHA-256 of the
// DER public key.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
  return { privateKey, publicKey, keyId };
}

export function generateSigningKey(): SigningKey {
  return signingKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
}

export async function loadOrCreateSigningKey(pkiDir: string): Promise<SigningKey> {
  const path = join(pkiDir, 'sa.key');
  try {
    return signingKeyFrom(createPrivateKey(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generateSigningKey();
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), { mode: 0o600 });
  await rename(temporary, path);
  return key;
}
