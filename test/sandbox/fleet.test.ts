import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FleetValidationError, loadFleet, parseFleet } from './load-fleet';
import { fleetJsonSchema, SCHEMA_PATH } from './write-schema';

const examplePath = new URL('./fleets/example.json', import.meta.url).pathname;
const exampleJson = () => JSON.parse(readFileSync(examplePath, 'utf8'));

function validationError(json: unknown): FleetValidationError {
  try {
    parseFleet(json);
  } catch (error) {
    if (error instanceof FleetValidationError) return error;
    throw error;
  }
  throw new Error('expected a FleetValidationError');
}

describe('fleet files', () => {
  it('loads both committed example fleets', async () => {
    // Act
    const example = await loadFleet(examplePath);
    const wrong = await loadFleet(new URL('./fleets/wrong-external-id.json', import.meta.url).pathname);

    // Assess
    expect(example.accounts.map((a) => a.name)).toEqual(['management', 'tooling', 'prod']);
    expect(wrong.accounts.map((a) => a.externalId)).toEqual([
      'hostmaster-local-external-id',
      'hostmaster-local-external-id',
      'prod-only-secret-external-id',
    ]);
  });

  it('names the JSON path of a field with the wrong type', () => {
    // Prepare
    const json = exampleJson();
    json.accounts[2].resources[8].attributes.instanceType = 42;

    // Act
    const error = validationError(json);

    // Assess
    expect(error.problems).toEqual([
      'accounts[2].resources[8].attributes.instanceType: expected string, received number',
    ]);
    expect(error.message).toContain('accounts[2].resources[8].attributes.instanceType');
  });

  it('names every wrong field, including a bad account id and an unknown resource type', () => {
    // Prepare
    const json = exampleJson();
    json.accounts[0].id = '1234';
    json.accounts[1].resources[0].type = 'ec2:spaceship';

    // Act
    const error = validationError(json);

    // Assess
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/^accounts\[0\]\.id: an AWS account id has 12 digits/);
    expect(error.problems[1]).toMatch(/^accounts\[1\]\.resources\[0\]\.type: /);
  });

  it('rejects a resource in a region the account has not enabled, and duplicate ids', () => {
    // Prepare
    const json = exampleJson();
    json.accounts[1].resources[3].region = 'ap-southeast-2';
    json.accounts[2].resources.push(json.accounts[2].resources[8]);

    // Act
    const error = validationError(json);

    // Assess
    expect(error.problems).toEqual([
      "accounts[1].resources[3].region: ap-southeast-2 is not one of the account's regions or global",
      `accounts[2].resources[${json.accounts[2].resources.length - 1}].id: duplicate ec2:instance id i-0a1f3c5e7b9d2f401 in us-east-1`,
    ]);
  });

  it('rejects malformed fault rules with their path', () => {
    // Prepare
    const json = exampleJson();
    json.faults = { throttling: [{ service: 'ec2' }], latency: [{ minMs: 50 }] };

    // Act
    const error = validationError(json);

    // Assess
    expect(error.problems).toEqual([
      'faults.latency[0]: give ms, or minMs <= maxMs',
      'faults.throttling[0]: give probability or everyNth',
    ]);
  });

  it('names a misspelled key at every level instead of dropping it', () => {
    // Prepare
    const json = exampleJson();
    json.accounts[2].resources[8].attributes.instanceTyp =
      json.accounts[2].resources[8].attributes.instanceType;
    json.accounts[1].regoins = ['eu-west-1'];
    json.organization.hubAcountId = '111111111111';
    json.costs = { ...(json.costs ?? {}), noisePercnt: 3 };
    json.faults = { ...(json.faults ?? {}), latency: [{ ms: 5, servce: 'ec2' }] };
    json.accounts[0].resources[0].tgas = {};

    // Act
    const error = validationError(json);

    // Assess
    expect(error.problems).toEqual(
      expect.arrayContaining([
        'accounts[2].resources[8].attributes.instanceTyp: unknown field (misspelled? see fleet.schema.json)',
        'accounts[1].regoins: unknown field (misspelled? see fleet.schema.json)',
        'organization.hubAcountId: unknown field (misspelled? see fleet.schema.json)',
        'costs.noisePercnt: unknown field (misspelled? see fleet.schema.json)',
        'faults.latency[0].servce: unknown field (misspelled? see fleet.schema.json)',
        'accounts[0].resources[0].tgas: unknown field (misspelled? see fleet.schema.json)',
      ]),
    );
  });

  it('loads every committed fleet under test/sandbox/fleets', async () => {
    // Prepare
    const folder = new URL('./fleets/', import.meta.url).pathname;
    const files = readdirSync(folder).filter((f) => f.endsWith('.json'));

    // Act
    const loaded = await Promise.all(files.map((f) => loadFleet(`${folder}${f}`)));

    // Assess
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(loaded.every((fleet) => fleet.accounts.length > 0)).toBe(true);
  });

  it('says in the JSON Schema that no object takes keys it does not name', () => {
    // Act
    const schema = JSON.parse(fleetJsonSchema());

    // Assess
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.organization.additionalProperties).toBe(false);
    expect(schema.properties.accounts.items.additionalProperties).toBe(false);
  });

  it('keeps the committed fleet.schema.json equal to the generated schema', () => {
    // Act
    const committed = readFileSync(SCHEMA_PATH, 'utf8');

    // Assess
    expect(committed).toBe(fleetJsonSchema());
  });
});
