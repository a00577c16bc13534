/**
 * The folder decides what a file may import (STYLE.md, convention 3). This test reads every source
 * file's imports and names each one that crosses a line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface SourceFile {
  /** Repository-relative path with forward slashes. */
  readonly path: string;
  readonly source: string;
}

interface Import {
  readonly specifier: string;
  /** Repository-relative target of a relative import; undefined for packages. */
  readonly target?: string;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Comments may mention anything; only code counts. Keeps `https://` inside strings intact. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function importsOf(file: SourceFile): Import[] {
  const code = stripComments(file.source);
  const specifiers = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) specifiers.add(match[1]!);
  }
  return [...specifiers].map((specifier) =>
    specifier.startsWith('.')
      ? { specifier, target: posix.normalize(posix.join(posix.dirname(file.path), specifier)) }
      : { specifier },
  );
}

/** Imports with whether they are erased at compile time (`import type`, `export type`). */
function importsWithKind(file: SourceFile): (Import & { readonly typeOnly: boolean })[] {
  const code = stripComments(file.source);
  const found: (Import & { typeOnly: boolean })[] = [];
  for (const match of code.matchAll(/\b(import|export)\s+(type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) {
    const specifier = match[3]!;
    found.push({
      specifier,
      typeOnly: match[2] !== undefined,
      ...(specifier.startsWith('.')
        ? { target: posix.normalize(posix.join(posix.dirname(file.path), specifier)) }
        : {}),
    });
  }
  return found;
}

const SERVER_PACKAGES = [
  '@aws-sdk',
  '@aws-lambda-powertools',
  '@middy',
  'aws-cdk-lib',
  'constructs',
  'cdk-nag',
];
const isServerPackage = (i: Import) => SERVER_PACKAGES.some((name) => isPackage(name)(i));

const isPackage = (name: string) => (i: Import) => i.specifier === name || i.specifier.startsWith(`${name}/`);
const isUnder = (folder: string) => (i: Import) => i.target?.startsWith(`${folder}/`) ?? false;

/** Every import that breaks a folder rule, as `file: rule (specifier)`. */
function violations(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const imports = importsOf(file);
    const report = (rule: string, offending: Import[]) => {
      for (const i of offending) found.push(`${file.path}: ${rule} (${i.specifier})`);
    };
    if (file.path.startsWith('functions/')) {
      report(
        'functions/** never imports aws-cdk-lib, constructs or cdk-nag',
        imports.filter((i) => ['aws-cdk-lib', 'constructs', 'cdk-nag'].some((name) => isPackage(name)(i))),
      );
      report('functions/** never imports test/**', imports.filter(isUnder('test')));
      if (!file.path.startsWith('functions/adapters/')) {
        report('only functions/adapters imports @aws-sdk', imports.filter(isPackage('@aws-sdk')));
      }
    }
    if (file.path.startsWith('functions/domain/')) {
      report(
        'functions/domain never imports a logger or Powertools',
        imports.filter(
          (i) => isPackage('@aws-lambda-powertools')(i) || i.target === 'functions/shared/powertools',
        ),
      );
      report(
        'functions/domain imports only functions/domain and functions/shared/contract',
        imports.filter(
          (i) =>
            i.target !== undefined &&
            !isUnder('functions/domain')(i) &&
            !isUnder('functions/shared/contract')(i),
        ),
      );
      if (/\bprocess\.env\b/.test(stripComments(file.source))) {
        found.push(`${file.path}: functions/domain never reads process.env`);
      }
    }
    if (file.path.startsWith('functions/adapters/')) {
      report(
        'functions/adapters translates SDK shapes and never imports the use cases in functions/app',
        imports.filter(isUnder('functions/app')),
      );
    }
    if (file.path.startsWith('functions/app/')) {
      report(
        'functions/app never imports Lambda handlers or their wiring',
        imports.filter(isUnder('functions/handlers')),
      );
    }
    if (file.path.startsWith('bin/')) {
      if (file.path !== 'bin/app.ts') {
        report(
          'only bin/app.ts imports aws-cdk-lib, cdk-nag or lib/',
          imports.filter(
            (i) =>
              ['aws-cdk-lib', 'constructs', 'cdk-nag'].some((name) => isPackage(name)(i)) ||
              isUnder('lib')(i),
          ),
        );
      }
      report(
        'bin/ composes use cases and adapters, never Lambda handlers',
        imports.filter(isUnder('functions/handlers')),
      );
      report(
        'bin/ imports @aws-sdk only for credentials and caller identity',
        imports.filter(
          (i) =>
            isPackage('@aws-sdk')(i) &&
            !isPackage('@aws-sdk/credential-providers')(i) &&
            !isPackage('@aws-sdk/client-sts')(i),
        ),
      );
    }
    if (file.path.startsWith('frontend/src/')) {
      report('frontend/ never imports @aws-sdk or server packages', imports.filter(isServerPackage));
      report(
        'frontend/ imports server code type-only, or functions/shared/contract (nothing else is bundled)',
        importsWithKind(file).filter(
          (i) => isUnder('functions')(i) && !i.typeOnly && !isUnder('functions/shared/contract')(i),
        ),
      );
      report(
        'frontend/ never imports test/** or lib/**',
        imports.filter((i) => isUnder('test')(i) || isUnder('lib')(i)),
      );
    }
    if (file.path.startsWith('lib/')) {
      report(
        'lib/** imports runtime code only from functions/shared/contract',
        imports.filter((i) => isUnder('functions')(i) && !isUnder('functions/shared/contract')(i)),
      );
    }
  }
  return found;
}

function sourceFiles(folder: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push({ path: relative(ROOT, full).split(sep).join('/'), source: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(ROOT, folder));
  return files;
}

describe('architecture: the folder decides what a file may import', () => {
  it('names each crossing in a deliberately wrong set of files', () => {
    // Prepare
    const files: SourceFile[] = [
      { path: 'functions/domain/bad.ts', source: "import { EC2Client } from '@aws-sdk/client-ec2';" },
      { path: 'functions/domain/env.ts', source: 'export const table = process.env.TABLE_NAME;' },
      { path: 'functions/domain/log.ts', source: "import { logger } from '../shared/powertools';" },
      { path: 'functions/handlers/cdk.ts', source: "import { Stack } from 'aws-cdk-lib';" },
      { path: 'functions/handlers/fixture.ts', source: "import { fleet } from '../../test/sandbox/fleet';" },
      { path: 'functions/handlers/sdk.ts', source: "const sfn = await import('@aws-sdk/client-sfn');" },
      { path: 'lib/stack.ts', source: "export { handler } from '../functions/handlers/api';" },
      {
        path: 'functions/domain/fine.ts',
        source:
          "// process.env is read by handlers\nimport { z } from 'zod';\nimport type { Resource } from './model';",
      },
      { path: 'lib/fine.ts', source: "import { ROUTES } from '../functions/shared/contract/routes';" },
      { path: 'functions/adapters/fine.ts', source: "import { SNSClient } from '@aws-sdk/client-sns';" },
      { path: 'functions/adapters/usecase.ts', source: "import { runScan } from '../app/scan/run-scan';" },
      { path: 'functions/app/sdk.ts', source: "import { EC2Client } from '@aws-sdk/client-ec2';" },
      {
        path: 'functions/app/fine.ts',
        source: "import type { Collector } from '../adapters/collectors/collector';",
      },
      { path: 'bin/cli/cdk.ts', source: "import { HostMasterStack } from '../../lib/hub-stack';" },
      { path: 'bin/cli/sdk.ts', source: "import { EC2Client } from '@aws-sdk/client-ec2';" },
      { path: 'bin/cli/fine.ts', source: "import { fromIni } from '@aws-sdk/credential-providers';" },
      {
        path: 'frontend/src/bad.ts',
        source: "import { ROUTES } from '../../functions/handlers/api/router';",
      },
      {
        path: 'frontend/src/fine.ts',
        source:
          "import type { Finding } from '../../functions/domain/model';\nimport { GROUPS } from '../../functions/shared/contract/routes';",
      },
    ];

    // Act
    const found = violations(files);

    // Assess
    expect(found).toEqual([
      'functions/domain/bad.ts: only functions/adapters imports @aws-sdk (@aws-sdk/client-ec2)',
      'functions/domain/env.ts: functions/domain never reads process.env',
      'functions/domain/log.ts: functions/domain never imports a logger or Powertools (../shared/powertools)',
      'functions/domain/log.ts: functions/domain imports only functions/domain and functions/shared/contract (../shared/powertools)',
      'functions/handlers/cdk.ts: functions/** never imports aws-cdk-lib, constructs or cdk-nag (aws-cdk-lib)',
      'functions/handlers/fixture.ts: functions/** never imports test/** (../../test/sandbox/fleet)',
      'functions/handlers/sdk.ts: only functions/adapters imports @aws-sdk (@aws-sdk/client-sfn)',
      'lib/stack.ts: lib/** imports runtime code only from functions/shared/contract (../functions/handlers/api)',
      'functions/adapters/usecase.ts: functions/adapters translates SDK shapes and never imports the use cases in functions/app (../app/scan/run-scan)',
      'functions/app/sdk.ts: only functions/adapters imports @aws-sdk (@aws-sdk/client-ec2)',
      'bin/cli/cdk.ts: only bin/app.ts imports aws-cdk-lib, cdk-nag or lib/ (../../lib/hub-stack)',
      'bin/cli/sdk.ts: bin/ imports @aws-sdk only for credentials and caller identity (@aws-sdk/client-ec2)',
      'frontend/src/bad.ts: frontend/ imports server code type-only, or functions/shared/contract (nothing else is bundled) (../../functions/handlers/api/router)',
    ]);
  });

  it('finds no crossing in functions/, lib/, bin/ and frontend/src/', () => {
    // Prepare
    const files = [
      ...sourceFiles('functions'),
      ...sourceFiles('lib'),
      ...sourceFiles('bin'),
      ...sourceFiles('frontend/src'),
    ];

    // Act
    const found = violations(files);

    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
  });
});
