/*
 * The Glue job's configuration: where its script and modules are, and its default arguments. The job itself is the
 * static PySpark script assets/glue/ledger_etl.py, driven by the mapping JSON; LedgerFullLoad uploads assets/glue as
 * one asset folder and passes these arguments. Internal: not exported from the library's index.
 */

/** The job's script, in the asset folder. */
export const GLUE_SCRIPT = 'ledger_etl.py';

/** The plain Python modules the script imports, in the asset folder (passed with --extra-py-files). */
export const GLUE_MODULES: readonly string[] = [
  'ledger_values.py', 'ledger_json.py', 'ledger_columns.py', 'ledger_layout.py', 'ledger_rows.py', 'ledger_blocks.py',
  'ledger_export_plan.py', 'ledger_transform.py',
];

/** Python packages installed by Glue for the job (`--additional-python-modules`): Ion exports are read with amazon.ion. */
export const GLUE_ADDITIONAL_PYTHON_MODULES = 'amazon.ion==0.15.0';

/** The Glue version the job is written for (Spark 3.5, Python 3.11). */
export const GLUE_VERSION = '5.0';

export interface GlueJobArgumentsProps {
  /** URI of the folder holding the uploaded assets/glue files (`s3://bucket/prefix`, no trailing slash needed). */
  readonly scriptsUri: string;
  /** URI of the mapping JSON file. */
  readonly mappingUri: string;
  /** Export prefixes (the folders holding the manifests) or completed manifests, in any order. */
  readonly exportUris: string[];
  /** Where the CSV files go (`<output>/<schema>/<table>/`, the DMS S3 source's bucket folder). */
  readonly outputUri: string;
  /** Only blocks up to this sequence number are transformed. @default - every block of the exports */
  readonly lastBlock?: number;
  /** Fail on the first value that cannot be converted instead of writing a reject. @default false */
  readonly strict?: boolean;
}

function folder(uri: string): string {
  return uri.replace(/\/+$/, '');
}

/** The S3 location of the job's script. */
export function glueScriptLocation(scriptsUri: string): string {
  return `${folder(scriptsUri)}/${GLUE_SCRIPT}`;
}

/** The job's default arguments: its own (`--mapping_uri`, ...) and Glue's (modules, packages, bookmarks off). */
export function glueJobDefaultArguments(props: GlueJobArgumentsProps): Record<string, string> {
  if (props.exportUris.length === 0) {
    throw new Error('glueJobDefaultArguments: exportUris is empty; give at least one export prefix or completed manifest');
  }
  const withComma = props.exportUris.find((uri) => uri.includes(','));
  if (withComma !== undefined) {
    throw new Error(`glueJobDefaultArguments: export URI "${withComma}" contains a comma, which separates the URIs of --export_uris`);
  }
  if (props.lastBlock !== undefined && (!Number.isInteger(props.lastBlock) || props.lastBlock < 0)) {
    throw new Error(`glueJobDefaultArguments: lastBlock must be a block sequence number (a whole number >= 0), got ${props.lastBlock}`);
  }
  const scripts = folder(props.scriptsUri);
  return {
    '--mapping_uri': props.mappingUri,
    '--export_uris': props.exportUris.join(','),
    '--output_uri': props.outputUri,
    ...(props.lastBlock === undefined ? {} : { '--last_block': String(props.lastBlock) }),
    ...(props.strict ? { '--strict': 'true' } : {}),
    '--extra-py-files': GLUE_MODULES.map((m) => `${scripts}/${m}`).join(','),
    '--additional-python-modules': GLUE_ADDITIONAL_PYTHON_MODULES,
    '--job-bookmark-option': 'job-bookmark-disable',
    '--job-language': 'python',
  };
}
