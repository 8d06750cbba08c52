/** One line of a router data file: `{"prompt": "...", "label": "local" | "cloud", "split"?: "train" | "test"}`. */
export interface LabelledPrompt {
  prompt: string;
  label: 'local' | 'cloud';
  split?: 'train' | 'test';
}

/** Parses a JSONL file's text; a bad line is an error that names its line number. */
export function parseLabelledPrompts(text: string): LabelledPrompt[] {
  const rows: LabelledPrompt[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`Line ${index + 1} is not JSON.`);
    }
    if (typeof value !== 'object' || value === null) throw new Error(`Line ${index + 1} is not an object.`);
    const prompt: unknown = Reflect.get(value, 'prompt');
    const label: unknown = Reflect.get(value, 'label');
    const split: unknown = Reflect.get(value, 'split');
    if (typeof prompt !== 'string' || prompt.trim() === '')
      throw new Error(`Line ${index + 1} has no "prompt" text.`);
    if (label !== 'local' && label !== 'cloud')
      throw new Error(`Line ${index + 1}: "label" must be "local" or "cloud".`);
    if (split !== undefined && split !== 'train' && split !== 'test') {
      throw new Error(`Line ${index + 1}: "split" must be "train" or "test".`);
    }
    rows.push(split === undefined ? { prompt, label } : { prompt, label, split });
  });
  return rows;
}
