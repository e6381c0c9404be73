/**
 * Issues, lists and revokes credentials against the deployed table, with the deployer's own AWS
 * credentials (the lead's first credential cannot come from the links API, which needs one):
 *
 *   npx tsx infra/tools/credential.ts issue  --config templates/ntb-tn-2025/bloc.json --table <TableName> [--role lead|member|reviewer] [--unit CODE] [--expires ISO]
 *   npx tsx infra/tools/credential.ts list   --config … --table …
 *   npx tsx infra/tools/credential.ts revoke --config … --table … --id <credential id>
 *
 * `issue` prints the token once (only its sha256 is stored); the credential is refused after `--expires`
 * (default: the end of the bloc year, or of the last period's deadline day if later). The table name is the stack output
 * `TableName`. The region comes from AWS_REGION (or the profile).
 */
import { parseArgs } from 'node:util';
import { loadBloc } from '../../shared/config/load.js';
import { ConfigError, formatProblem } from '../../shared/config/problems.js';
import { memberOf } from '../../shared/model/bloc.js';
import { createAwsClients } from '../../shared/store/aws-clients.js';
import type { Role } from '../../shared/store/credential-port.js';
import { DynamoCredentialStore } from '../../shared/store/dynamodb-credentials.js';
import { defaultCredentialExpiry } from '../../shared/cloud/use-cases/links.js';

const USAGE =
  'usage: credential.ts issue|list|revoke --config BLOC.json --table TABLE [--role lead|member|reviewer] [--unit CODE] [--expires ISO] [--id ID] [--note TEXT]';

const main = async (): Promise<number> => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      table: { type: 'string' },
      role: { type: 'string', default: 'lead' },
      unit: { type: 'string' },
      id: { type: 'string' },
      note: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (!command || !values.config || !values.table || !['issue', 'list', 'revoke'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { bloc } = await loadBloc(values.config);
  const clients = createAwsClients({ region: process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'ap-southeast-1' });
  const store = new DynamoCredentialStore(clients.dynamo, values.table);
  try {
    if (command === 'list') {
      for (const c of await store.list(bloc.id))
        process.stdout.write(
          `${c.id}  ${c.role.padEnd(8)}  ${c.unit.padEnd(12)}  ${c.issuedAt}  ${c.revokedAt ? `revoked ${c.revokedAt}` : c.expiresAt && Date.parse(c.expiresAt) <= Date.now() ? `expired ${c.expiresAt}` : `active until ${c.expiresAt ?? '(no expiry)'}`}${c.note ? `  ${c.note}` : ''}\n`,
        );
      return 0;
    }
    if (command === 'revoke') {
      if (!values.id) throw new Error('--id is required');
      const revoked = await store.revoke(bloc.id, values.id, 'deployer');
      if (!revoked) throw new Error(`no credential ${values.id} in bloc ${bloc.id}`);
      process.stdout.write(`revoked ${revoked.id} (${revoked.role} ${revoked.unit}) at ${revoked.revokedAt}\n`);
      return 0;
    }
    const role = values.role as Role;
    if (!['lead', 'member', 'reviewer'].includes(role)) throw new Error('--role must be lead, member or reviewer');
    const unit = values.unit ?? (role === 'lead' ? bloc.lead : undefined);
    if (!unit || !memberOf(bloc, unit)) throw new Error(`--unit must be a member of ${bloc.id}`);
    const expiresAt = values.expires ? new Date(values.expires) : defaultCredentialExpiry(bloc, new Date());
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) throw new Error('--expires must be a future ISO 8601 instant');
    const { credential, token } = await store.issue({
      bloc: bloc.id,
      role,
      unit,
      issuedBy: 'deployer',
      expiresAt: expiresAt.toISOString(),
      ...(values.note && { note: values.note }),
    });
    process.stderr.write(
      `issued ${credential.role} credential ${credential.id} for ${credential.unit}, valid until ${credential.expiresAt}; the token below is shown once:\n`,
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    clients.destroy();
  }
};

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof ConfigError ? e.problems.map(formatProblem).join('\n') : e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
