import { z } from 'zod';

import { AppException } from '../errors/app-exception';
import { formatPath, ZodValidationPipe } from './zod-validation.pipe';

describe('request validation', () => {
  it('formats paths the way the API contract shows them', () => {
    expect(formatPath(['credits', 0, 'amount'])).toBe('credits[0].amount');
    expect(formatPath([])).toBe('');
  });

  it('answers 400 with every error, and rejects unknown fields rather than dropping them', () => {
    const pipe = new ZodValidationPipe(z.object({ amount: z.number().positive() }).strict());
    expect(pipe.transform({ amount: 2 })).toEqual({ amount: 2 });
    try {
      pipe.transform({ amount: -1, $where: 'sleep(1000)' });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(error).toBeInstanceOf(AppException);
      expect((error as AppException).options.errors).toEqual([
        { path: 'amount', message: 'Too small: expected number to be >0' },
        { path: '', message: 'unknown field(s): $where' },
      ]);
    }
  });
});
