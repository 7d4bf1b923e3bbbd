import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { blueprintConstraints, parseCliArgs } from '../../../scripts/cat-simulate/args.js';
import { parseBankCsv, parseThetasCsv } from '../../../scripts/cat-simulate/csv.js';
import { UsageError } from '../../../scripts/cat-simulate/usage-error.js';

function simulate(args: readonly string[]) {
  const run = spawnSync('npx', ['tsx', 'scripts/cat-simulate.ts', ...args], {
    encoding: 'utf8',
    cwd: process.cwd(),
  });
  const lines = run.stdout.trim().split('\n');
  return { status: run.status, lines, stderr: run.stderr, last: () => JSON.parse(lines.at(-1) as string) };
}

describe('cat-simulate CLI', function () {
  this.timeout(60_000);

  it('runs a generated study and prints one JSON object', () => {
    const run = simulate([
      '--bank',
      '120',
      '--examinees',
      '60',
      '--length',
      '10',
      '--seed',
      '7',
      '--model',
      '2pl',
      '--json',
      '--cut',
      '0',
    ]);
    expect(run.status).to.equal(0);
    expect(run.lines).to.have.length(1);
    const report = run.last();
    expect(report).to.include({ mode: 'generated', bankSize: 120, examinees: 60, meanLength: 10 });
    expect(report.rmse).to.be.within(0.1, 0.8);
    expect(report.classificationAccuracy).to.be.within(0.6, 1);
  });

  it('runs a post-hoc study from CSV files, 1-based thetas included', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-simulate-'));
    const bank = ['id,a,b,c,d,domain'];
    for (let i = 0; i < 12; i++)
      bank.push(`Q${i},${1 + (i % 3) * 0.3},${(i - 6) / 3},0,1,${i % 2 ? 'net' : 'sec'}`);
    const rows = Array.from({ length: 8 }, (_, e) =>
      Array.from({ length: 12 }, (_, i) => ((i - 6) / 3 < (e - 4) / 2 ? 1 : 0)).join(','),
    );
    fs.writeFileSync(path.join(dir, 'bank.csv'), `${bank.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'responses.csv'), `${rows.join('\n')}\n`);
    fs.writeFileSync(
      path.join(dir, 'thetas.csv'),
      `e,theta\n${rows.map((_, e) => `${e + 1},${(e - 4) / 2}`).join('\n')}\n`,
    );
    const common = [
      '--items',
      path.join(dir, 'bank.csv'),
      '--responses',
      path.join(dir, 'responses.csv'),
      '--length',
      '6',
      '--estimator',
      'eap',
      '--json',
    ];
    const withThetas = simulate([...common, '--thetas', path.join(dir, 'thetas.csv')]).last();
    expect(withThetas).to.include({ mode: 'post-hoc', bankSize: 12, examinees: 8, meanLength: 6 });
    expect(withThetas.correlation).to.be.greaterThan(0.8);
    const selfReferenced = simulate(common);
    expect(selfReferenced.status).to.equal(0);
    expect(selfReferenced.last().examinees).to.equal(8);
  });

  it('prints every option with --help (or -h) and exits 0, as the README says', () => {
    for (const flag of ['--help', '-h']) {
      const run = simulate([flag]);
      expect(run.status, run.stderr).to.equal(0);
      const text = run.lines.join('\n');
      expect(text).to.match(/^Usage: npm run --silent cat:simulate/);
      for (const option of ['--bank', '--items', '--estimator', '--exposure', '--stop-se', '--cut', '--json'])
        expect(text).to.contain(option);
    }
    expect(simulate(['--bank', '10', '--help']).status).to.equal(0);
  });

  it('exits with code 2 and a message on bad arguments', () => {
    for (const args of [
      ['--estimator', 'magic'],
      ['--stop', 'classification'],
    ]) {
      const run = simulate(args);
      expect(run.status, args.join(' ')).to.equal(2);
      expect(run.lines.join('')).to.equal('');
      expect(run.stderr).to.match(/cat-simulate: /);
    }
    for (const args of [['--bank', '-3'], ['--unknown'], ['--exposure', 'sh:2'], ['--items', 'x.csv']])
      expect(() => parseCliArgs(args), args.join(' ')).to.throw(UsageError);
  });

  it('maps arguments and blueprints to a configuration', () => {
    const options = parseCliArgs([
      '--stop-se',
      '0.3',
      '--max-length',
      '40',
      '--min-length',
      '10',
      '--exposure',
      'randomesque:4',
    ]);
    expect(options.stopping).to.deep.equal({
      rule: 'standard_error',
      maxSe: 0.3,
      minLength: 10,
      maxLength: 40,
    });
    expect(options.exposure).to.deep.equal({ method: 'randomesque', k: 4 });
    const constraints = blueprintConstraints(
      [
        { domain: 'net', weight: 3 },
        { domain: 'sec', weight: 7, min: 2 },
      ],
      options.stopping,
    );
    expect(constraints).to.deep.equal([
      { domain: 'net', weight: 0.3, min: 3, max: 12 },
      { domain: 'sec', weight: 0.7, min: 2, max: 28 },
    ]);
  });

  it('parses CSV inputs and rejects malformed ones', () => {
    expect(parseBankCsv('id,a,b\nX,1.2,0.5\n')).to.deep.equal([
      { id: 'X', domain: 'general', params: { a: 1.2, b: 0.5, c: 0, d: 1 } },
    ]);
    expect(() => parseBankCsv('id,a,b\nX,-1,0\n')).to.throw(UsageError);
    expect(parseThetasCsv('e,theta\n0,0.5\n1,-1\n', 2)).to.deep.equal([0.5, -1]);
    expect(parseThetasCsv('e,theta\n2,-1\n1,0.5\n', 2)).to.deep.equal([0.5, -1]);
    expect(() => parseThetasCsv('e,theta\n1,0.5\n', 2)).to.throw(UsageError);
  });
});
