import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';

/**
 * The regions enabled for the account the client's credentials belong to. Without `AllRegions`,
 * EC2 lists only enabled regions; regions that still report `not-opted-in` are dropped anyway.
 */
export async function listEnabledRegions(ec2: EC2Client): Promise<string[]> {
  const output = await ec2.send(new DescribeRegionsCommand({}));
  return (output.Regions ?? []).flatMap((r) =>
    r.RegionName && r.OptInStatus !== 'not-opted-in' ? [r.RegionName] : [],
  );
}
