/**
 * Serializes a profile to YAML: validated first (a profile poq-sim writes
 * must load back), lists of numbers on one line, a header saying where it
 * came from.
 */
import { Document, isSeq, isScalar, visit } from 'yaml';
import { type Profile, ProfileSchema } from '../../sim/profile/schema.js';

export function profileYaml(profile: Profile, header: readonly string[]): string {
  const checked = ProfileSchema.safeParse(profile);
  if (!checked.success) throw new Error(`internal error: the fitted profile does not validate: ${checked.error.message}`);
  const document = new Document(profile);
  visit(document, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item) && typeof item.value === 'number')) node.flow = true;
    },
  });
  document.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return document.toString({ lineWidth: 0 });
}
