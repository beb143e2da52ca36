/** The GitHub Actions workflow `pipe init --ci github` writes (documented in docs/ci.md). */
export function githubWorkflow(name: string, pipelineRel: string, duckdbRel: string): string {
  return `name: pipe ${name}
on:
  schedule:
    - cron: '17 3 * * *'       # daily, 03:17 UTC
  workflow_dispatch: {}         # and by hand, from the Actions tab
concurrency:
  group: pipe-${name}       # never two runs of one pipeline at once
  cancel-in-progress: false
jobs:
  sync:
    runs-on: ubuntu-latest
    timeout-minutes: 120
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: npm install -g pnpm@12.4.2 && pnpm install --frozen-lockfile
      # The warehouse and the committed state live in the DuckDB file: restore the last one.
      - uses: actions/cache/restore@v4
        with:
          path: ${duckdbRel}
          key: pipe-${name}-\${{ github.run_id }}
          restore-keys: pipe-${name}-
      - run: pnpm pipe run ${pipelineRel} --summary-json summary.json
        env:
          HUBSPOT_TOKEN: \${{ secrets.HUBSPOT_TOKEN }}   # Settings → Secrets and variables → Actions
      - uses: actions/cache/save@v4
        if: always()
        with:
          path: ${duckdbRel}
          key: pipe-${name}-\${{ github.run_id }}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: ${name}
          path: |
            ${duckdbRel}
            summary.json
`;
}
