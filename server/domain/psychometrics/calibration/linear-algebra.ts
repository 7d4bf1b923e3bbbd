/**
 * The little dense linear algebra calibration needs: the inverse of a symmetric positive
 * definite matrix by Cholesky factorisation (Golub & Van Loan 2013, "Matrix Computations",
 * 4th ed., §4.2), and a matrix–vector product. Matrices are row-major Float64Arrays.
 */

/** The inverse of an n×n symmetric positive definite matrix, or null when it is not (numerically) positive definite. */
export function invertSpd(matrix: Float64Array, n: number): Float64Array | null {
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k]! * lower[j * n + k]!;
      if (i === j) {
        if (!(sum > 1e-12 * Math.max(1, Math.abs(matrix[i * n + i]!)))) return null;
        lower[i * n + i] = Math.sqrt(sum);
      } else {
        lower[i * n + j] = sum / lower[j * n + j]!;
      }
    }
  }
  // Invert L (lower triangular), then A⁻¹ = L⁻ᵀ L⁻¹.
  const lowerInv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    lowerInv[i * n + i] = 1 / lower[i * n + i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= lower[i * n + k]! * lowerInv[k * n + j]!;
      lowerInv[i * n + j] = sum / lower[i * n + i]!;
    }
  }
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += lowerInv[k * n + i]! * lowerInv[k * n + j]!;
      inverse[i * n + j] = sum;
      inverse[j * n + i] = sum;
    }
  }
  return inverse;
}

/** The product of an n×n row-major matrix and a vector of length n. */
export function multiply(matrix: Float64Array, vector: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += matrix[i * n + j]! * vector[j]!;
    out[i] = sum;
  }
  return out;
}

/** The inverse of a 2×2 matrix [[p, q], [q, s]] as [p', q', s'], or null when singular. */
export function invert2x2(p: number, q: number, s: number): readonly [number, number, number] | null {
  const det = p * s - q * q;
  if (!(Math.abs(det) > 1e-300)) return null;
  return [s / det, -q / det, p / det];
}
