/**
 * STS (awsQuery, 2011-06-15): AssumeRole into a fleet account's member role, checked like the
 * member role's trust policy (hub account principal + ExternalId condition), and GetCallerIdentity.
 */
import { MEMBER_REMEDIATION_ROLE_NAME } from '../../../functions/shared/contract/remediation';
import { SandboxError, type SandboxService, toXml, xmlResult } from '../service';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;

export const stsService: SandboxService = {
  name: 'sts',
  signingName: 'sts',
  protocol: 'awsQuery',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  global: true,
  actions: {
    AssumeRole: (request, context) => {
      const roleArn = request.params.get('RoleArn') ?? '';
      const sessionName = request.params.get('RoleSessionName') ?? '';
      const duration = request.params.int('DurationSeconds') ?? 3600;
      if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
        throw new SandboxError(
          400,
          'ValidationError',
          `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
        );
      }
      if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
        throw new SandboxError(
          400,
          'ValidationError',
          `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
        );
      }
      const match = ROLE_ARN.exec(roleArn);
      if (!match) {
        throw new SandboxError(400, 'ValidationError', `${roleArn} is invalid`);
      }
      const [, accountId = '', roleName = ''] = match;
      const target = context.accounts.find((a) => a.id === accountId);
      const externalId = request.params.get('ExternalId');
      // Two member roles, each with its own ExternalId: the read-only scan role and the remediation role.
      const trusted =
        request.accountId === context.organization.hubAccountId &&
        target !== undefined &&
        ((target.roleName === roleName && target.externalId === externalId) ||
          (roleName === MEMBER_REMEDIATION_ROLE_NAME &&
            target.remediationExternalId !== undefined &&
            target.remediationExternalId === externalId));
      if (!trusted) {
        throw new SandboxError(
          403,
          'AccessDenied',
          `User: ${request.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        );
      }
      const session = context.issueSession(accountId, roleName, sessionName, duration);
      return xmlResult(
        toXml({
          Credentials: {
            AccessKeyId: session.accessKeyId,
            SecretAccessKey: session.secretAccessKey,
            SessionToken: session.sessionToken,
            Expiration: session.expiration,
          },
          AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.arn },
          PackedPolicySize: 6,
        }),
      );
    },
    GetCallerIdentity: (request) =>
      xmlResult(
        toXml({ UserId: request.caller.userId, Account: request.caller.accountId, Arn: request.caller.arn }),
      ),
  },
};
