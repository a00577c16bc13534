/**
 * vCPU and memory of the EC2 instance types HostMaster can rightsize: the families of the shipped
 * price table. Rightsizing stays within a family, so only sizes of the same family are compared.
 */

export interface InstanceSize {
  readonly instanceType: string;
  readonly family: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

const BURSTABLE: readonly [string, number, number][] = [
  ['nano', 2, 0.5],
  ['micro', 2, 1],
  ['small', 2, 2],
  ['medium', 2, 4],
  ['large', 2, 8],
  ['xlarge', 4, 16],
  ['2xlarge', 8, 32],
];
const STANDARD_VCPU: readonly [string, number][] = [
  ['large', 2],
  ['xlarge', 4],
  ['2xlarge', 8],
  ['4xlarge', 16],
];
/** GiB of memory per vCPU: general purpose 4, compute optimized 2, memory optimized 8. */
const MEMORY_PER_VCPU: Readonly<Record<string, number>> = {
  m5: 4,
  m6i: 4,
  m7g: 4,
  c5: 2,
  c6i: 2,
  c7g: 2,
  r5: 8,
  r6i: 8,
};

function buildSizes(): ReadonlyMap<string, InstanceSize> {
  const sizes = new Map<string, InstanceSize>();
  for (const family of ['t3', 't3a', 't4g']) {
    for (const [size, vcpu, memoryGiB] of BURSTABLE) {
      sizes.set(`${family}.${size}`, { instanceType: `${family}.${size}`, family, vcpu, memoryGiB });
    }
  }
  for (const [family, perVcpu] of Object.entries(MEMORY_PER_VCPU)) {
    for (const [size, vcpu] of STANDARD_VCPU) {
      sizes.set(`${family}.${size}`, {
        instanceType: `${family}.${size}`,
        family,
        vcpu,
        memoryGiB: vcpu * perVcpu,
      });
    }
  }
  return sizes;
}

export const INSTANCE_SIZES: ReadonlyMap<string, InstanceSize> = buildSizes();

export function instanceSize(instanceType: string): InstanceSize | undefined {
  return INSTANCE_SIZES.get(instanceType);
}

/** Every known size of the family of `instanceType`, smallest first (by vCPU, then memory). */
export function familySizes(instanceType: string): readonly InstanceSize[] {
  const family = instanceType.split('.')[0];
  return [...INSTANCE_SIZES.values()]
    .filter((s) => s.family === family)
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB);
}
