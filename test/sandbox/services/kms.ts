/**
 * KMS (awsJson1_1, `TrentService`): DescribeKey, which the scheduler's pre-flight calls for every KMS
 * key of an instance's encrypted volumes before it starts the instance. Keys exist when a volume of the
 * calling account names them; their state comes from the account's `kmsKeys` (unlisted: `Enabled`).
 */
import { jsonResult, type SandboxContext, SandboxError, type SandboxService } from '../service';

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
