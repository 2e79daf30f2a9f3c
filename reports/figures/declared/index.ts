/** Figures a scenario declares in its `report:` section. */
export { declaredFigure } from './declared-figure.js';
export { reportDeclarations } from './declarations.js';
export { defaultSweepFigureOutcomes } from './default-figures.js';
export { defaultSweepDeclarations, defaultSweepFigures } from './default-declarations.js';
