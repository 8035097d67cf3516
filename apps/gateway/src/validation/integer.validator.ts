import { BadUserInputError } from '../errors/gateway-errors.js';

/**
 * An integer argument within [`min`, `max`] (`max` may be Infinity); otherwise BAD_USER_INPUT saying
 * "`argument` is `value`; allowed: `allowed`." — `allowed` is the caller's wording of the range.
 */
export function checkInteger(
  value: number,
  argument: string,
  range: { min: number; max: number },
  allowed: string,
): number {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new BadUserInputError(`${argument} is ${value}; allowed: ${allowed}.`, { argument });
  }
  return value;
}
