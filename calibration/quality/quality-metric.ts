export type QualityMetric = 'token-f1' | 'rouge-l';
