/**
 * SQuAD v1.1 JSON: {"data": [{"title", "paragraphs": [{"context", "qas":
 * [{"id", "question", "answers": [{"answer_start", "text"}]}]}]}]}. Parsed
 * with source positions so a malformed file is reported by line and field.
 */
import * as z from 'zod';
import { validateSource } from '../../sim/input/validate.js';
import { YamlSource } from '../../sim/input/yaml-source.js';
import type { DatasetItem } from './item.js';

const SquadSchema = z.object({
  data: z
    .array(
      z.object({
        title: z.string().optional(),
        paragraphs: z.array(
          z.object({
            context: z.string().min(1),
            qas: z.array(
              z.object({
                id: z.union([z.string().min(1), z.number()], { error: 'a question id: a string or a number' }),
                question: z.string().min(1),
                answers: z.array(z.object({ text: z.string(), answer_start: z.number().int().optional() })).min(1),
              }),
            ),
          }),
        ),
      }),
    )
    .min(1),
});

export function loadSquad(file: string, label = file): DatasetItem[] {
  // JSON is YAML, so the YAML parser gives line and column for every field.
  const source = YamlSource.fromFile(file, label);
  const squad = validateSource(SquadSchema, source);
  const items: DatasetItem[] = [];
  for (const article of squad.data) {
    for (const paragraph of article.paragraphs) {
      for (const qa of paragraph.qas) {
        items.push({
          id: String(qa.id),
          kind: 'extractive-qa',
          fields: { context: paragraph.context, question: qa.question },
          references: qa.answers.map((a) => a.text),
        });
      }
    }
  }
  return items;
}
