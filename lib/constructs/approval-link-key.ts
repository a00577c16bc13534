import { RemovalPolicy } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The KMS HMAC key emailed approval links are signed with (issue 11): GenerateMac in the workflow's
 * approval step, VerifyMac in the API, nothing else. The key material never leaves KMS, so there is
 * no signing secret in an environment variable, a parameter or the table, and each grant names one
 * operation on this key only.
 *
 * KMS does not rotate HMAC keys; a key is replaced by deploying a new one, which only invalidates the
 * links still in flight (the dashboard's buttons keep working).
 */
export class ApprovalLinkKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'HostMaster: signs and verifies emailed remediation approval links (HMAC-SHA-256)',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      // Nothing is encrypted with it: losing it costs only the links in flight.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /** May make links (the approval step). */
  grantGenerate(grantee: IGrantable): void {
    this.key.grant(grantee, 'kms:GenerateMac');
  }

  /** May check links (the API). */
  grantVerify(grantee: IGrantable): void {
    this.key.grant(grantee, 'kms:VerifyMac');
  }
}
