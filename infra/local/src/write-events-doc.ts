import { writeFile } from 'node:fs/promises';
import { renderEventsDoc } from '@ops/events';

/** `pnpm docs:events`: writes docs/events.md from the catalog (libs/events/src/events-doc.ts). */
await writeFile(new URL('../../../docs/events.md', import.meta.url), renderEventsDoc());
process.stdout.write('docs/events.md written\n');
