/** Whether `value` is a whole number above zero, small enough to be exact. */
export function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

/** Whether `value` is a whole number, zero or above, small enough to be exact. */
export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** A `TypeError` naming the option a caller got wrong, with a stable `code`. */
export function invalidOption(name: string, problem: string): TypeError {
  const error = new TypeError(`${name}: ${problem}`);
  Object.defineProperty(error, "code", { value: "ERR_INVALID_ARG_VALUE", enumerable: true });
  return error;
}
