/** Which database a server test project runs on; vitest hands it to each test file through `inject`. */
export type TestDatabaseTarget = { kind: 'sqlite' } | { kind: 'postgres'; adminUrl: string };

/** Every PostgreSQL test database is a copy of this migrated one. */
export const TEMPLATE_DATABASE = 'cp_template';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: TestDatabaseTarget;
  }
}
