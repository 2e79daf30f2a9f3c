/**
 * Sobol low-discrepancy points (Sobol 1967), unscrambled, with the direction
 * numbers of Joe & Kuo (2008), "Constructing Sobol sequences with better
 * two-dimensional projections" (file new-joe-kuo-6.21201, the set SciPy
 * and SALib use), built in Gray-code order (Antonov & Saleev 1979; Bratley &
 * Fox 1988). Dimension 1 is the van der Corput sequence; the table holds the
 * next 39 dimensions, enough for a Saltelli plan of 20 parameters. The
 * points are those of `scipy.stats.qmc.Sobol(d, scramble=False)` (tested).
 */

/** Per dimension 2…40: the primitive polynomial (its bits, highest degree first) and the initial direction numbers m_1…m_s. */
const DIRECTIONS: ReadonlyArray<readonly [number, readonly number[]]> = [
  [3, [1]],
  [7, [1, 3]],
  [11, [1, 3, 1]],
  [13, [1, 1, 1]],
  [19, [1, 1, 3, 3]],
  [25, [1, 3, 5, 13]],
  [37, [1, 1, 5, 5, 17]],
  [41, [1, 1, 5, 5, 5]],
  [47, [1, 1, 7, 11, 19]],
  [55, [1, 1, 5, 1, 1]],
  [59, [1, 1, 1, 3, 11]],
  [61, [1, 3, 5, 5, 31]],
  [67, [1, 3, 3, 9, 7, 49]],
  [91, [1, 1, 1, 15, 21, 21]],
  [97, [1, 3, 1, 13, 27, 49]],
  [103, [1, 1, 1, 15, 7, 5]],
  [109, [1, 3, 1, 15, 13, 25]],
  [115, [1, 1, 5, 5, 19, 61]],
  [131, [1, 3, 7, 11, 23, 15, 103]],
  [137, [1, 3, 7, 13, 13, 15, 69]],
  [143, [1, 1, 3, 13, 7, 35, 63]],
  [145, [1, 3, 5, 9, 1, 25, 53]],
  [157, [1, 3, 1, 13, 9, 35, 107]],
  [167, [1, 3, 1, 5, 27, 61, 31]],
  [171, [1, 1, 5, 11, 19, 41, 61]],
  [185, [1, 3, 5, 3, 3, 13, 69]],
  [191, [1, 1, 7, 13, 1, 19, 1]],
  [193, [1, 3, 7, 5, 13, 19, 59]],
  [203, [1, 1, 3, 9, 25, 29, 41]],
  [211, [1, 3, 5, 13, 23, 1, 55]],
  [213, [1, 3, 7, 3, 13, 59, 17]],
  [229, [1, 3, 1, 3, 5, 53, 69]],
  [239, [1, 1, 5, 5, 23, 33, 13]],
  [241, [1, 1, 7, 7, 1, 61, 123]],
  [247, [1, 1, 7, 9, 13, 61, 49]],
  [253, [1, 3, 3, 5, 3, 55, 33]],
  [285, [1, 3, 1, 15, 31, 13, 49, 245]],
  [299, [1, 3, 5, 15, 31, 59, 63, 97]],
  [301, [1, 3, 1, 11, 11, 11, 77, 249]],
];

export const SOBOL_MAX_DIMENSIONS = DIRECTIONS.length + 1;
const BITS = 32;

/** The 32 direction numbers V_1…V_32 of a dimension (dimension 0 is van der Corput's). */
function directionNumbers(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [polynomial, m] = DIRECTIONS[dimension - 1]!;
  const s = m.length;
  for (let k = 0; k < s; k++) v[k] = m[k]! * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let value = v[k - s]! ^ (v[k - s]! >>> s);
    for (let i = 1; i < s; i++) if ((polynomial >>> (s - i)) & 1) value ^= v[k - i]!;
    v[k] = value >>> 0;
  }
  return v;
}

/** Index (0-based) of the lowest zero bit of n. */
function lowestZeroBit(n: number): number {
  let bit = 0;
  while (Math.floor(n / 2 ** bit) % 2 === 1) bit++;
  return bit;
}

/** `count` points of the d-dimensional sequence after skipping its first `skip`, each in [0, 1)^d. */
export function sobolPoints(count: number, dimensions: number, skip = 0): number[][] {
  if (!(Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= SOBOL_MAX_DIMENSIONS))
    throw new RangeError(`a Sobol sequence has 1 to ${SOBOL_MAX_DIMENSIONS} dimensions here (got ${dimensions})`);
  if (!(Number.isInteger(count) && count >= 0 && Number.isInteger(skip) && skip >= 0 && count + skip < 2 ** BITS))
    throw new RangeError('count and skip must be non-negative integers below 2^32 together');
  const v = Array.from({ length: dimensions }, (_, j) => directionNumbers(j));
  const x = new Uint32Array(dimensions);
  const points: number[][] = [];
  for (let n = 0; n < skip + count; n++) {
    if (n >= skip) points.push(Array.from(x, (value) => value / 2 ** BITS));
    const bit = lowestZeroBit(n);
    for (let j = 0; j < dimensions; j++) x[j] = (x[j]! ^ v[j]![bit]!) >>> 0;
  }
  return points;
}
