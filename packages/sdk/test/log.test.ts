import { describe, expect, it } from 'vitest';
import { Redactor, createLogger } from '../src/index.ts';

describe('redaction', () => {
  it('removes registered secrets and bearer tokens from every line', () => {
    const r = new Redactor();
    r.add('s3cr3t-value');
    const lines: string[] = [];
    const log = createLogger({ redactor: r, write: (l) => lines.push(l) });
    log.info('using s3cr3t-value', { auth: 'Bearer abcdef123456', tok: 'pat-na1-00000000-fake-0000-0000-000000000000' });
    expect(lines.join('\n')).not.toContain('s3cr3t-value');
    expect(lines.join('\n')).not.toContain('abcdef123456');
    expect(lines.join('\n')).not.toContain('pat-na1-00000000');
    expect(lines[0]).toContain('***');
  });
});
