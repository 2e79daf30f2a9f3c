/** One prompt of a calibration dataset, with the references its answers are scored against. */

export type TaskKind = 'extractive-qa' | 'summarization';

export interface DatasetItem {
  /** The dataset's own id (SQuAD question id; CNN/DailyMail id or row number). */
  readonly id: string;
  readonly kind: TaskKind;
  /** Template fields: context and question for QA, article for summaries. */
  readonly fields: Readonly<Record<string, string>>;
  /** Gold answers (QA) or the highlights (summaries), never empty. */
  readonly references: readonly string[];
}

export interface PromptItem extends DatasetItem {
  readonly task: string;
  readonly prompt: string;
}

/** The template fields each kind of task provides. */
export const TEMPLATE_FIELDS: Readonly<Record<TaskKind, readonly string[]>> = {
  'extractive-qa': ['context', 'question'],
  summarization: ['article'],
};
