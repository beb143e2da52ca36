/** The GitHub Actions workflow `pipe init --ci github` writes (documented in docs/ci.md). */
import fs from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn';

/** The project's package manager, from its lockfile (npm when there is none yet). */
export function packageManagerOf(root: string): PackageManager {
  if (fs.existsSync(path.join(root, 'pnpm-lock.yaml'))) return 'pnpm';
  if (fs.existsSync(path.join(root, 'yarn.lock'))) return 'yarn';
  return 'npm';
}

const INSTALL: Record<PackageManager, string> = {
  npm: `      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: npm }
      - run: npm ci                   # the @pipe/cli version pinned in package.json and package-lock.json`,
  pnpm: `      - uses: pnpm/action-setup@v4     # the pnpm version of package.json's packageManager field
      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: pnpm }
      - run: pnpm install --frozen-lockfile   # the @pipe/cli version pinned in pnpm-lock.yaml`,
  yarn: `      - uses: actions/setup-node@v4
        with: { node-version: 20, cache: yarn }
      - run: yarn install --frozen-lockfile   # the @pipe/cli version pinned in yarn.lock`,
};

const EXEC: Record<PackageManager, string> = { npm: 'npx --no-install pipe', pnpm: 'pnpm exec pipe', yarn: 'yarn pipe' };

export interface WorkflowOptions {
  name: string;
  /** Pipeline file, relative to the repository root. */
  pipeline: string;
  /** The DuckDB file the pipeline writes (data and state), relative to the repository root. */
  warehouse: string;
  packageManager: PackageManager;
}

export function githubWorkflow(o: WorkflowOptions): string {
  return `name: pipe ${o.name}
on:
  schedule:
    - cron: '17 3 * * *'       # daily, 03:17 UTC
  workflow_dispatch: {}         # and by hand, from the Actions tab
concurrency:
  group: pipe-${o.name}       # never two runs of one pipeline at once
  cancel-in-progress: false
jobs:
  sync:
    runs-on: ubuntu-latest
    timeout-minutes: 120
    steps:
      - uses: actions/checkout@v4
${INSTALL[o.packageManager]}
      # The warehouse and the committed state live in the DuckDB file: restore the last one.
      # (A Parquet sink on s3:// keeps its state in the bucket instead: drop the two cache steps
      # and pass AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION from secrets below.)
      - uses: actions/cache/restore@v4
        with:
          path: ${o.warehouse}
          key: pipe-${o.name}-\${{ github.run_id }}
          restore-keys: pipe-${o.name}-
      # pipe appends the run summary to the job's summary page ($GITHUB_STEP_SUMMARY).
      - run: ${EXEC[o.packageManager]} run ${o.pipeline} --summary-json summary.json
        env:
          HUBSPOT_TOKEN: \${{ secrets.HUBSPOT_TOKEN }}   # Settings → Secrets and variables → Actions
      - uses: actions/cache/save@v4
        if: always()
        with:
          path: ${o.warehouse}
          key: pipe-${o.name}-\${{ github.run_id }}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: ${o.name}
          path: |
            ${o.warehouse}
            summary.json
`;
}
