/** `npm run docs:columns`: rewrites the column and metric tables of docs/results-format.md from the code's descriptions. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-info.js';
import { withGeneratedBlocks } from './column-docs.js';

const file = join(packageRoot(), 'docs', 'results-format.md');
writeFileSync(file, withGeneratedBlocks(readFileSync(file, 'utf8')));
console.log(`wrote ${file}`);
