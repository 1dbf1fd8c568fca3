import type { V1Job, V1JobCondition } from '@kubernetes/client-node';
import { jobOutcome } from './podStatus';

describe('jobOutcome', () => {
  const job = (conditions?: V1JobCondition[]): V1Job => ({
    status: { conditions },
  });

  it('sees a complete Job', () => {
    expect(
      jobOutcome(
        job([
          { type: 'SuccessCriteriaMet', status: 'True' },
          { type: 'Complete', status: 'True' },
        ]),
      ),
    ).toEqual({ complete: true });
  });

  it('sees a Job failed on its deadline', () => {
    const message = 'Job was active longer than specified deadline';
    expect(
      jobOutcome(
        job([
          {
            type: 'Failed',
            status: 'True',
            reason: 'DeadlineExceeded',
            message,
          },
        ]),
      ),
    ).toEqual({ failed: { reason: 'DeadlineExceeded', message } });
  });

  it('has no outcome while the Job runs', () => {
    expect(jobOutcome(job(undefined))).toBeUndefined();
    expect(jobOutcome({})).toBeUndefined();
    expect(jobOutcome(job([{ type: 'Failed', status: 'False' }]))).toBe(
      undefined,
    );
  });
});
