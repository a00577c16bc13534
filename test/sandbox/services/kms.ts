/**
 * KMS (awsJson1_1, `TrentService`): DescribeKey, which the scheduler's pre-flight calls for every KMS
 * key of an instance's encrypted volumes before it starts the instance. Keys exist when a volume of the
 * calling account names them; their state comes from the account's `kmsKeys` (unlisted: `Enabled`).
 *
 * GenerateMac and VerifyMac, for the approval links (issue 11), on HMAC_256 keys created with
 * `sandbox.kms.createMacKey(arn)`: each key is a random 32-byte secret of this sandbox. As in KMS, a
 * MAC that does not match is a `KMSInvalidMacException`, and only the key's own account may use it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  jsonResult,
  type SandboxContext,
  SandboxError,
  type SandboxRequest,
  type SandboxService,
} from '../service';
import type { SandboxState } from '../state';

/** The sandbox's HMAC keys, by ARN. */
export class SandboxMacKeys {
  private readonly keys = new Map<string, Buffer>();

  /** Creates the key (`arn:aws:kms:<region>:<account>:key/<id>`) if it does not exist; returns its ARN. */
  createMacKey(arn: string): string {
    if (!/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(arn)) {
      throw new Error(`not a KMS key ARN: ${arn}`);
    }
    if (!this.keys.has(arn)) this.keys.set(arn, randomBytes(32));
    return arn;
  }

  /** The key's secret, for the calling account and region (by ARN or bare key id). */
  secret(request: SandboxRequest, keyId: string): Buffer {
    const arn = keyId.startsWith('arn:')
      ? keyId
      : `arn:aws:kms:${request.region}:${request.accountId}:key/${keyIdOf(keyId)}`;
    const secret = this.keys.get(arn);
    if (!secret || !arn.startsWith(`arn:aws:kms:${request.region}:${request.accountId}:`)) {
      throw new SandboxError(400, 'NotFoundException', `Key '${keyId}' does not exist`);
    }
    return secret;
  }
}

export function sandboxMacKeys(state: Pick<SandboxState, 'shared'>): SandboxMacKeys {
  return state.shared('kms-mac-keys', () => new SandboxMacKeys());
}

/** The MAC of a GenerateMac or VerifyMac request, after KMS's own input checks. */
function macOf(request: SandboxRequest, context: SandboxContext): Buffer {
  const { KeyId, MacAlgorithm, Message } = request.json;
  if (typeof KeyId !== 'string' || KeyId === '') {
    throw new SandboxError(400, 'ValidationException', 'KeyId is required');
  }
  if (MacAlgorithm !== 'HMAC_SHA_256') {
    throw new SandboxError(
      400,
      'InvalidKeyUsageException',
      `${String(MacAlgorithm)} is not valid for this key`,
    );
  }
  if (typeof Message !== 'string' || Message === '') {
    throw new SandboxError(400, 'ValidationException', 'Message is required');
  }
  const message = Buffer.from(Message, 'base64');
  if (message.length > 4096) {
    throw new SandboxError(400, 'ValidationException', 'Message must be at most 4096 bytes');
  }
  return createHmac('sha256', sandboxMacKeys(context).secret(request, KeyId)).update(message).digest();
}

const keyIdOf = (keyId: string) => keyId.split('/').at(-1) ?? keyId;

function knownKeys(context: SandboxContext): Set<string> {
  const keys = new Set<string>(Object.keys(context.account.kmsKeys ?? {}).map(keyIdOf));
  for (const volume of context.resources('ec2:volume')) {
    if (volume.attributes.kmsKeyId) keys.add(keyIdOf(volume.attributes.kmsKeyId));
  }
  return keys;
}

export const kmsService: SandboxService = {
  name: 'kms',
  signingName: 'kms',
  protocol: 'awsJson1_1',
  targetPrefix: 'TrentService',
  actions: {
    GenerateMac: (request, context) =>
      jsonResult({
        KeyId: request.json.KeyId,
        MacAlgorithm: 'HMAC_SHA_256',
        Mac: macOf(request, context).toString('base64'),
      }),
    VerifyMac: (request, context) => {
      const expected = macOf(request, context);
      const given =
        typeof request.json.Mac === 'string' ? Buffer.from(request.json.Mac, 'base64') : Buffer.of();
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new SandboxError(400, 'KMSInvalidMacException', 'The MAC is not valid for the message and key');
      }
      return jsonResult({ KeyId: request.json.KeyId, MacAlgorithm: 'HMAC_SHA_256', MacValid: true });
    },
    DescribeKey: (request, context) => {
      const requested = request.json.KeyId;
      if (typeof requested !== 'string' || requested === '') {
        throw new SandboxError(400, 'ValidationException', 'KeyId is required');
      }
      const id = keyIdOf(requested);
      if (!knownKeys(context).has(id)) {
        throw new SandboxError(400, 'NotFoundException', `Key '${requested}' does not exist`);
      }
      const states = context.account.kmsKeys ?? {};
      const state = states[requested] ?? states[id] ?? 'Enabled';
      const arn = `arn:aws:kms:${request.region}:${context.account.id}:key/${id}`;
      if (state === 'AccessDenied') {
        throw new SandboxError(
          400,
          'AccessDeniedException',
          `User: ${request.caller.arn} is not authorized to perform: kms:DescribeKey on resource: ${arn} because no resource-based policy allows the kms:DescribeKey action`,
        );
      }
      return jsonResult({
        KeyMetadata: {
          AWSAccountId: context.account.id,
          KeyId: id,
          Arn: arn,
          Enabled: state === 'Enabled',
          KeyState: state,
          KeyUsage: 'ENCRYPT_DECRYPT',
          KeyManager: 'CUSTOMER',
        },
      });
    },
  },
};
