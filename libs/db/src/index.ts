export type { Database, Orm, Tx, Executor } from './database.js';
export { connectDatabase } from './connect.js';
export type { PostgresOptions } from './postgres-database.js';
export { migrate, type MigrateOptions } from './migrate.js';
export { NotifiedWork, type NotifiedWorkOptions } from './notified-work.js';
export { columnArrays, columnNames, type ColumnSet, type RowOf, type SqlType } from './column-arrays.js';
