/** A typed array's contents in a longer one of the same type: the tables that grow by doubling share it. */
export function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
