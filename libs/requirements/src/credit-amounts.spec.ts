import { isWholeNumberOfSteps } from './credit-amounts';

describe('credit amounts in whole steps', () => {
  it.each([
    [6.25, 0.25],
    [8, 0.25],
    [0.25, 0.25],
    [1.33, 0.01],
    [0.07, 0.01],
    [100, 0.01],
  ])('accepts %d in steps of %d', (amount, step) => {
    expect(isWholeNumberOfSteps(amount, step)).toBe(true);
  });

  it.each([
    [6.3, 0.25],
    [8.0000000001, 0.25],
    [8.1, 0.25],
    [1.333, 0.01],
    [1e-7, 0.01],
    [Number.NaN, 0.25],
    [Number.POSITIVE_INFINITY, 0.25],
  ])('refuses %d in steps of %d', (amount, step) => {
    expect(isWholeNumberOfSteps(amount, step)).toBe(false);
  });
});
