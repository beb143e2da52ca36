import type { Plugin } from '@pipe/sdk';
import { CORE_DESCRIPTIONS } from './core-schema.ts';
import { GENERATED_NOTE, pluginDocName } from './plugin-docs.ts';

/** `docs/pipeline-reference.md`: the pipeline file reference, with links to each built-in plugin's page. */
export function pipelineReferenceDoc(plugins: Plugin[]): string {
  // Sources first, as a pipeline reads.
  const sorted = [...plugins].sort((a, b) => b.kind.localeCompare(a.kind) || a.name.localeCompare(b.name));
  const pluginList = sorted.length
    ? sorted.map((p) => `- [\`${p.name}\`](plugins/${pluginDocName(p, plugins)}) (${p.kind}): ${p.description.split('\n')[0]}`)
    : ['(none registered yet)'];
  return `# Pipeline file reference

${GENERATED_NOTE.replace('from the plugin config schemas', 'from packages/core/src/config')}

A pipeline is a YAML file in git, run with \`pipe run pipelines/<name>.yml\`. YAML says *what*; the
plugins, written in TypeScript, say *how*. There is no templating beyond environment references.

\`\`\`yaml
# yaml-language-server: $schema=../schemas/pipeline.schema.json
version: 1
name: hubspot_crm
description: CRM objects into DuckDB and Parquet
source:
  hubspot:
    token: \${HUBSPOT_TOKEN}
    streams: [contacts, companies, deals]
sinks:
  - duckdb: { path: warehouse.duckdb, schema: hubspot, write: merge, streams: { deals: { write: replace } } }
  - parquet: { dir: out/hubspot, compression: zstd }
\`\`\`

## Top-level keys

| Key | Required | Meaning |
| --- | --- | --- |
| \`version\` | yes | ${CORE_DESCRIPTIONS.version} |
| \`name\` | yes | ${CORE_DESCRIPTIONS.name} |
| \`description\` | no | ${CORE_DESCRIPTIONS.description} |
| \`source\` | yes | ${CORE_DESCRIPTIONS.source} |
| \`sinks\` | yes | ${CORE_DESCRIPTIONS.sinks} |

Any other key is an error (with a "did you mean" suggestion for typos).

## Plugin references

The single key under \`source:\`, and under each \`sinks:\` item, names the plugin:

- a built-in name such as \`duckdb\` (see the list below);
- an npm package name such as \`@acme/pipe-sink-y\`, installed beside pipe;
- a relative path such as \`./plugins/my-source.ts\`, resolved against the pipeline file's folder.

The value under the key is the plugin's config (may be empty: \`- duckdb:\`). A plugin that
cannot be loaded is reported at its reference, with the loader's reason.

## Streams

\`streams:\` inside the source block selects streams: a list of names
(\`streams: [contacts, deals]\`) or a map of name → per-stream options
(\`streams: { contacts: { properties: [email] }, deals: {} }\`). Without it, every stream the source
offers is read. Inside a sink block, \`streams:\` is a map of per-stream options for that sink only
(for example a different write mode). Each plugin's page lists its per-stream options. Stream names are
checked against the source's catalogue when the pipeline is planned, and reported with their position.

## Environment references

Any string value may contain \`\${NAME}\` or \`\${NAME:-default}\`; nothing else is expanded.
\`\${NAME:-default}\` uses the default when NAME is unset or empty, as in the shell. Write \`$\${\` for a
literal \`\${\`. References are not expanded in keys.

Variables come from, in order of precedence:

1. the process environment (always wins);
2. the file given with \`--env-file\`;
3. a \`.env\` file beside the pipeline file, if there is one.

A referenced variable that is not set (and has no default) is an error at that value's position,
naming the variable. A value that is exactly one reference fills number and boolean fields too
(\`page_size: \${PAGE_SIZE}\` with \`PAGE_SIZE=25\`); a literal of the wrong type is still an error.

Inside a flow mapping or list (\`{ … }\`, \`[ … ]\`) braces are YAML syntax, so quote the reference:
\`- duckdb: { path: "\${WAREHOUSE}" }\`. In block style (one key per line) no quotes are needed.

## Secrets

Fields marked *secret* on a plugin's page (tokens, passwords) must be written as exactly one
environment reference, \`token: \${HUBSPOT_TOKEN}\`, with no default. A literal value is an error that
says which variable to use and never repeats the value. Resolved secret values are redacted from every
log line, error and summary.

## Paths

Fields of type *path* that are relative resolve against the folder of the pipeline file, not the
current directory. URLs (\`s3://bucket/x\`) and special names such as DuckDB's \`:memory:\` are left as
they are.

## Sharing settings

YAML anchors and merge keys work as usual. Top-level keys are fixed, so put the anchor on its first use:

\`\`\`yaml
sinks:
  - parquet: &parquet { compression: zstd, dir: out/a }
  - parquet: { <<: *parquet, dir: out/b }
\`\`\`

## Defaults

Defaults shown on each plugin's page are filled in when the pipeline loads, including per-stream
option defaults.

## Errors

\`pipe validate\` (and every command that loads a pipeline) prints every problem at once, each as
\`file:line:col: path: message\`, for example:

\`\`\`
pipelines/hubspot.yml:7:5: source.hubspot.tokn: unknown key "tokn"; did you mean "token"?
pipelines/hubspot.yml:12:18: sinks[0].duckdb.write: must be one of "merge", "append", "replace"; did you mean "merge"?
\`\`\`

## Editor support

The first line \`# yaml-language-server: $schema=../schemas/pipeline.schema.json\` gives completion,
descriptions and validation for built-in plugins in editors that use yaml-language-server (VS Code's
YAML extension and others). The schema is generated by \`pnpm schema\` (or \`pipe schema\`).

## Built-in plugins

${pluginList.join('\n')}
`;
}
