/** Loads a task's dataset, samples it and renders its prompts. */
import { InputError } from '../../sim/input/input-error.js';
import type { TaskConfig } from '../config/schema.js';
import { loadCnnDailyMail } from './cnn-dailymail.js';
import type { DatasetItem, PromptItem, TaskKind } from './item.js';
import { renderPrompt } from './prompt-template.js';
import { sampleItems } from './sample.js';
import { loadSquad } from './squad.js';

export function taskKind(config: TaskConfig): TaskKind {
  return config.dataset.format === 'squad' ? 'extractive-qa' : 'summarization';
}

export function loadDataset(config: TaskConfig, path: string): DatasetItem[] {
  return config.dataset.format === 'squad' ? loadSquad(path) : loadCnnDailyMail(path);
}

export function loadTaskPrompts(task: string, config: TaskConfig, path: string, seed: number, configFile: string): PromptItem[] {
  const items = loadDataset(config, path);
  if (config.sample > items.length) {
    throw new InputError({
      file: configFile,
      path: `tasks.${task}.sample`,
      message: `asks for ${config.sample} prompts but ${path} holds ${items.length}`,
    });
  }
  return sampleItems(items, config.sample, seed, task).map((item) => ({ ...item, task, prompt: renderPrompt(config.prompt, item) }));
}
