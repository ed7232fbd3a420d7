import { createHash } from 'crypto';
import { ChainLink } from '../../../lambda-src/core/verification/block-checks';
import { checkChain } from '../../../lambda-src/core/verification/chain-tracker';
import { VerificationRecorder } from '../../../lambda-src/core/verification/verification-recorder';

const hash = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());
const link = (sequenceNo: number, strandId = 'S'): ChainLink => ({
  strandId,
  sequenceNo,
  blockHash: hash(`${strandId}${sequenceNo}`),
  previousBlockHash: hash(`${strandId}${sequenceNo - 1}`),
  location: { blockSequenceNo: sequenceNo },
});

function run(links: ChainLink[]) {
  const recorder = new VerificationRecorder();
  checkChain(links, recorder);
  return recorder.report();
}

describe('checkChain', () => {
  test('sorts blocks that arrive in any order and checks consecutive ones', () => {
    const report = run([link(3), link(1), link(2)]);
    expect(report.counts).toEqual({ chain: { passed: 2 } });
  });

  test('ignores exact repeats (at-least-once delivery)', () => {
    const report = run([link(1), link(2), link(2), link(1)]);
    expect(report.counts).toEqual({ chain: { passed: 1 } });
  });

  test('fails two different blocks with one sequence number', () => {
    const forged = { ...link(2), blockHash: hash('forged') };
    const report = run([link(1), link(2), forged]);
    expect(report.firstFailure).toMatchObject({ check: 'chain', message: 'two different blocks have sequence number 2', location: { blockSequenceNo: 2 } });
  });

  test('fails a broken link and reports gaps and other strands as not run', () => {
    const broken = { ...link(3), previousBlockHash: hash('elsewhere') };
    const report = run([link(1), link(2), broken, link(7), link(1, 'T')]);
    expect(report.results.map((r) => [r.location.blockSequenceNo, r.status])).toEqual([
      [2, 'passed'],
      [3, 'failed'],
      [7, 'not-run'],
      [1, 'not-run'],
    ]);
    expect(report.firstFailure!.message).toBe('not true at block 3: previousBlockHash of block 3 equals the blockHash of block 2');
  });
});
