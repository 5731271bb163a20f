import { CATALOG_VERSION, catalogDocument } from './json-schema.js';
import { publishingSources, typesPublishedBy } from './sources.js';

const domainTitles: Record<string, string> = {
  user: 'Users',
  organization: 'Organizations',
  subscription: 'Subscriptions',
  billing: 'Billing',
  device: 'Devices',
  monitoring: 'Monitoring',
  platform: 'The platform itself',
};

/**
 * docs/events.md, generated from the catalog so that the contract outside teams read is the one the code
 * enforces (`pnpm docs:events` writes it; events-doc.unit.spec.ts fails when it is stale).
 */
export function renderEventsDoc(): string {
  const { revision, events } = catalogDocument();
  const out: string[] = [];
  out.push(`<!-- Generated from libs/events by \`pnpm build && pnpm docs:events\`; edit the catalog, not this file. -->

# Events: the contract

Catalog version **${CATALOG_VERSION}**, revision \`${revision}\`, ${events.length} types. The same catalog is served as JSON at
\`GET /api/v1/webhooks/events/available\` (\`{version, revision, events: [{type, domain, description, sources, schema,
example}]}\`): compare \`revision\` to know whether your copy is current.

## The envelope

Every event travels on the NATS JetStream stream \`EVENTS\` on the subject \`events.<type>\` (\`events.user.created\`), as
JSON:

| field | |
|---|---|
| \`id\` | \`evt_<uuidv7>\`: unique, sortable by time; also the message's \`Nats-Msg-Id\` header (the broker drops a repeat within 2 minutes) and the webhook's \`webhook-id\` |
| \`type\` | one of the types below; **must equal the subject's** (\`events.<type>\`) |
| \`source\` | who published it; **must be one of the sources the type lists** |
| \`time\` | when it happened, ISO 8601 with an offset |
| \`org_id\` | the organization it belongs to (whose endpoints receive it), or \`null\` |
| \`data\` | the type's fields, exactly as its schema says: no field missing, none extra |

An envelope that breaks any of these is not delivered: the webhook service keeps it as a dead letter (its
operators see it with the reason) and counts it. Receivers get \`{id, event, timestamp, data}\` signed with Standard
Webhooks headers (docs/api.md).

## Who may publish what

The broker gives each source a NATS user that may publish only its types' subjects (docs/security.md). A source
other than the platform's own services is an outside publisher, using [@ops/publisher](../libs/publisher/README.md).

| source | types |
|---|---|
`);
  for (const source of publishingSources) out.push(`| \`${source}\` | ${typesPublishedBy(source).join(', ')} |\n`);
  out.push(`
## Changing a type

- **Within a version, changes are additive only**: a new optional field, a new value of an open string field,
  a new type. The platform takes the catalog change first (ingest refuses a field its catalog does not know), then
  publishers may send it. Receivers must ignore fields they do not know. Each such change moves the revision, not
  the version.
- **A breaking change is a new type**: removing or renaming a field, changing its type or meaning, making an optional
  field required. The new shape is published as \`<type>.v2\` (\`invoice.created.v2\`) beside the old type, both
  listed here, until the old type's subscribers have moved. Endpoints subscribed to the old name keep getting the old
  shape; those subscribed to a family (\`invoice.*\`) or to \`*\` get both and tell them apart by \`event\`.
- **A type is withdrawn** only after its deprecation was announced here and no endpoint subscribes to it any more;
  withdrawing one moves the catalog version.
- Adding a source (an outside publisher) or a type is a reviewed change to \`libs/events\`; the broker's
  permissions (\`infra/nats/generate-auth.sh\`) and ingest's checks follow the catalog, and this file is regenerated.
`);
  for (const domain of Object.keys(domainTitles)) {
    const ofDomain = events.filter((e) => e.domain === domain);
    if (ofDomain.length === 0) continue;
    out.push(`\n## ${domainTitles[domain]}\n`);
    for (const e of ofDomain) {
      out.push(`
### \`${e.type}\`

${e.description}

Published by: ${e.sources.map((s) => `\`${s}\``).join(', ')}.

<details><summary>JSON Schema of <code>data</code></summary>

\`\`\`json
${JSON.stringify(e.schema, null, 2)}
\`\`\`

</details>

Example \`data\`:

\`\`\`json
${JSON.stringify(e.example, null, 2)}
\`\`\`
`);
    }
  }
  return out.join('');
}
