import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
  GLUE_ADDITIONAL_PYTHON_MODULES, GLUE_MODULES, GLUE_SCRIPT, glueJobDefaultArguments, glueScriptLocation,
} from '../../src/generators/glue-arguments';

const GLUE_DIR = join(__dirname, '..', '..', 'assets', 'glue');

describe('Glue job arguments', () => {
  test('the modules are every Python file beside the script, as the script lists them', () => {
    const files = readdirSync(GLUE_DIR).filter((f) => f.endsWith('.py') && f !== GLUE_SCRIPT).sort();
    expect([...GLUE_MODULES].sort()).toEqual(files);
    const script = readFileSync(join(GLUE_DIR, GLUE_SCRIPT), 'utf8');
    const listed = /^MODULES = \(([^)]*)\)/m.exec(script)![1].match(/'([a-z_]+)'/g)!.map((m) => `${m.slice(1, -1)}.py`);
    expect(listed.sort()).toEqual(files);
  });

  test('the job reads the mapping, the exports and the output, with Glue modules and packages and no bookmarks', () => {
    const args = glueJobDefaultArguments({
      scriptsUri: 's3://assets/glue/',
      mappingUri: 's3://cfg/mapping.json',
      exportUris: ['s3://x/e1/', 's3://x/e2/'],
      outputUri: 's3://out/csv',
      lastBlock: 125,
    });
    expect(args).toEqual({
      '--mapping_uri': 's3://cfg/mapping.json',
      '--export_uris': 's3://x/e1/,s3://x/e2/',
      '--output_uri': 's3://out/csv',
      '--last_block': '125',
      '--extra-py-files': GLUE_MODULES.map((m) => `s3://assets/glue/${m}`).join(','),
      '--additional-python-modules': GLUE_ADDITIONAL_PYTHON_MODULES,
      '--job-bookmark-option': 'job-bookmark-disable',
      '--job-language': 'python',
    });
    expect(glueScriptLocation('s3://assets/glue/')).toBe('s3://assets/glue/ledger_etl.py');
    expect(glueJobDefaultArguments({ scriptsUri: 's', mappingUri: 'm', exportUris: ['e'], outputUri: 'o', strict: true }))
      .toMatchObject({ '--strict': 'true' });
  });

  test('arguments the job could not read are refused', () => {
    const base = { scriptsUri: 's', mappingUri: 'm', outputUri: 'o' };
    expect(() => glueJobDefaultArguments({ ...base, exportUris: [] })).toThrow(/exportUris is empty/);
    expect(() => glueJobDefaultArguments({ ...base, exportUris: ['s3://a,b'] })).toThrow(/"s3:\/\/a,b" contains a comma/);
    expect(() => glueJobDefaultArguments({ ...base, exportUris: ['e'], lastBlock: -1 })).toThrow(/lastBlock must be a block sequence number/);
  });
});
