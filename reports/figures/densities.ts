/**
 * Probability densities of the profile's distribution families, to draw a
 * fitted distribution over the histogram of what was measured. Families
 * without a density (constant, categorical, empirical) return null.
 */
import { gammaln } from 'simple-statistics';
import type { Distribution } from '../../sim/random/distribution.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

function normalLogPdf(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return -0.5 * z * z - Math.log(sd) - LOG_SQRT_2PI;
}

function lognormalPdf(x: number, meanLog: number, sdLog: number): number {
  return x > 0 ? Math.exp(normalLogPdf(Math.log(x), meanLog, sdLog)) / x : 0;
}

function betaPdf(x: number, a: number, b: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x) + gammaln(a + b) - gammaln(a) - gammaln(b));
}

export function densityOf(spec: Distribution): ((x: number) => number) | null {
  switch (spec.family) {
    case 'normal':
      return spec.sd > 0 ? (x) => Math.exp(normalLogPdf(x, spec.mean, spec.sd)) : null;
    case 'lognormal':
      return spec.sdLog > 0 ? (x) => lognormalPdf(x, spec.meanLog, spec.sdLog) : null;
    case 'lognormal-mean-cv': {
      if (!(spec.cv > 0)) return null;
      const sigma2 = Math.log(1 + spec.cv * spec.cv);
      const meanLog = Math.log(spec.mean) - sigma2 / 2;
      return (x) => lognormalPdf(x, meanLog, Math.sqrt(sigma2));
    }
    case 'exponential':
      return (x) => (x >= 0 ? Math.exp(-x / spec.mean) / spec.mean : 0);
    case 'uniform':
      return (x) => (x >= spec.min && x <= spec.max ? 1 / (spec.max - spec.min) : 0);
    case 'gamma':
      return (x) =>
        x > 0 ? Math.exp((spec.shape - 1) * Math.log(x) - x / spec.scale - gammaln(spec.shape) - spec.shape * Math.log(spec.scale)) : 0;
    case 'beta':
      return (x) => betaPdf(x, spec.alpha, spec.beta);
    case 'beta-mean':
      return (x) => betaPdf(x, spec.mean * spec.concentration, (1 - spec.mean) * spec.concentration);
    case 'weibull':
      return (x) =>
        x >= 0 ? (spec.shape / spec.scale) * (x / spec.scale) ** (spec.shape - 1) * Math.exp(-((x / spec.scale) ** spec.shape)) : 0;
    case 'constant':
    case 'categorical':
    case 'empirical':
      return null;
  }
}
