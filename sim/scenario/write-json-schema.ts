/** `npm run schema`: writes schema/scenario.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-info.js';
import { scenarioJsonSchemaText } from './json-schema.js';

const file = join(packageRoot(), 'schema', 'scenario.schema.json');
writeFileSync(file, scenarioJsonSchemaText());
console.log(`wrote ${file}`);
