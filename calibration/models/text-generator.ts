/**
 * A causal LLM exported to ONNX (e.g. with Hugging Face Optimum), run
 * through transformers.js on the chosen execution provider. Prompts are
 * wrapped in the tokenizer's chat template when it has one, left-padded for
 * batching, and decoded greedily unless sampling is configured.
 */
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import type { GenerationSettings } from '../config/schema.js';
import type { PromptItem } from '../datasets/item.js';
import type { ExecutionProvider } from './execution-provider.js';
import type { Answer, InferenceRunner, ModelHandle, OpenOptions } from './model-handle.js';
import { disposeModel, endProfiling, loadModel, loadTokenizer } from './transformers-runtime.js';

export interface TextGeneratorOptions {
  readonly id: string;
  readonly folder: string;
  readonly dtype: string;
  readonly device: ExecutionProvider;
  readonly generation: GenerationSettings;
}

class TextGeneratorRunner implements InferenceRunner {
  private readonly stopIds: Set<number>;

  constructor(
    private readonly model: PreTrainedModel,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly generation: GenerationSettings,
  ) {
    this.tokenizer.padding_side = 'left';
    const config = model.config as unknown as { eos_token_id?: number | number[]; pad_token_id?: number };
    const eos = config.eos_token_id ?? this.tokenizer.eos_token_id;
    this.stopIds = new Set([...(Array.isArray(eos) ? eos : eos === undefined ? [] : [eos])]);
    if (this.tokenizer.pad_token_id === undefined || this.tokenizer.pad_token_id === null) {
      // Many decoder-only tokenizers have no pad token; padding with EOS is the usual convention.
      const first = [...this.stopIds][0];
      if (first !== undefined) (this.tokenizer as unknown as { pad_token_id: number }).pad_token_id = first;
    }
  }

  private promptText(item: PromptItem): string {
    const hasTemplate = Boolean((this.tokenizer as unknown as { chat_template?: unknown }).chat_template);
    if (!this.generation.chatTemplate || !hasTemplate) return item.prompt;
    return this.tokenizer.apply_chat_template<false>([{ role: 'user', content: item.prompt }], {
      tokenize: false,
      add_generation_prompt: true,
    });
  }

  async answer(batch: readonly PromptItem[]): Promise<Answer[]> {
    const texts = batch.map((item) => this.promptText(item));
    const inputs = this.tokenizer(texts, { padding: true, add_special_tokens: !this.generation.chatTemplate });
    const promptLength = inputs.input_ids.dims[1]!;
    const output = (await this.model.generate({
      ...inputs,
      max_new_tokens: this.generation.maxNewTokens,
      do_sample: this.generation.doSample,
      temperature: this.generation.temperature,
      top_p: this.generation.topP,
    })) as Tensor;
    const rows = output.tolist() as bigint[][];
    return rows.map((row) => {
      const generated: number[] = [];
      for (const id of row.slice(promptLength).map(Number)) {
        if (this.stopIds.has(id)) break;
        generated.push(id);
      }
      return { text: this.tokenizer.decode(generated, { skip_special_tokens: true }).trim(), outputTokens: generated.length };
    });
  }

  endProfiling(): void {
    endProfiling(this.model);
  }

  async close(): Promise<void> {
    await disposeModel(this.model);
  }
}

export function textGenerator(options: TextGeneratorOptions): ModelHandle<InferenceRunner> {
  return {
    id: options.id,
    usesOnnxRuntime: true,
    tokenCounting: 'the model’s own tokenizer (generated tokens up to end-of-sequence)',
    async open(open: OpenOptions = {}) {
      const tokenizer = await loadTokenizer(options.folder);
      const model = await loadModel(options.folder, 'causal-lm', {
        device: options.device,
        dtype: options.dtype,
        profilePrefix: open.profilePrefix,
      });
      return new TextGeneratorRunner(model, tokenizer, options.generation);
    },
  };
}
