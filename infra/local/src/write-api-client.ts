import { writeFile } from 'node:fs/promises';
import { apiClientTypes, documentText, platformApiDocument } from './api-document.js';

/**
 * `pnpm api:client`: writes libs/api-client/openapi.json from the services' code, and the client's types
 * from it. test/api-document.unit.spec.ts fails while either is stale.
 */
const document = await platformApiDocument();
await writeFile(new URL('../../../libs/api-client/openapi.json', import.meta.url), documentText(document));
await writeFile(new URL('../../../libs/api-client/src/schema.ts', import.meta.url), await apiClientTypes(document));
process.stdout.write('libs/api-client/openapi.json and src/schema.ts written\n');
