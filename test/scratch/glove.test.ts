import { test } from 'vitest';
import { ensureBuiltinModel } from '../../calibration/build-encoder/builtin-models.js';
import { transformersEncoder } from '../../calibration/models/encoder-backend.js';
import { sentenceEmbeddings, cosine } from '../../calibration/models/evaluators.js';
test('glove', async () => {
  const t = Date.now();
  const dir = ensureBuiltinModel('glove-sif-100d', console.log);
  console.log('built', Date.now() - t);
  const enc = await transformersEncoder(dir, 'feature-extraction', { device: 'cpu', dtype: 'fp32' });
  const texts = ['The cat rested on the carpet.', 'The kitten slept on the rug.', 'The table was in the drawing room.', 'The desk was in the study room.', 'table', 'desk', 'cat', 'kitten', 'Denver Broncos', 'the Carolina Panthers', 'Santa Clara, California', "Levi's Stadium in the San Francisco Bay Area"];
  const e = sentenceEmbeddings(await enc.run(texts));
  const pairs = [[0,1],[0,2],[2,3],[1,3],[4,5],[6,7],[6,5],[8,9],[10,11],[8,11]];
  for (const [a,b] of pairs) console.log(texts[a], '|', texts[b], cosine(e[a!]!, e[b!]!).toFixed(3));
});
