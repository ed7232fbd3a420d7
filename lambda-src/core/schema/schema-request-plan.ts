import { SchemaStatementsDocument } from './schema-statements-document';
import { SchemaTarget } from './schema-target';

/** What a custom resource request or a direct invocation asks for. */
export type SchemaAction = 'Create' | 'Update' | 'Delete' | 'PostLoad';

/**
 * The statements one request runs, in order:
 * - Create and Update: the target DDL (re-runnable, never drops anything), then the post-load DDL when
 *   the target asks for it;
 * - Delete: the drop statements when the removal policy is destroy, nothing otherwise;
 * - PostLoad (a direct invocation after the bulk load): the post-load DDL.
 */
export function statementsFor(action: SchemaAction, target: SchemaTarget, document: SchemaStatementsDocument): string[] {
  switch (action) {
    case 'Create':
    case 'Update':
      return target.applyPostLoadDdl ? [...document.targetDdl, ...document.postLoadDdl] : [...document.targetDdl];
    case 'Delete':
      return target.removalPolicy === 'destroy' ? [...document.dropDdl] : [];
    case 'PostLoad':
      return [...document.postLoadDdl];
  }
}
