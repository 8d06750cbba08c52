/**
 * The page `npm run bench` drives in headless Chromium: the same benchmark code as the Benchmark page,
 * reachable as `window.hearthBench.run(config)`, returning the record as plain JSON.
 */
import { benchmarkInBrowser, type BenchConfig, type BenchRecord } from './lib/bench';
import { toHearthError } from './lib/errors';
import { CATALOG, findModel } from './lib/models';

interface HearthBench {
  run(config: BenchConfig): Promise<BenchRecord>;
}

declare global {
  interface Window {
    hearthBench: HearthBench;
    /** Installed by the CLI to print progress as it happens. */
    hearthBenchProgress?: (line: string) => void;
  }
}

window.hearthBench = {
  async run(config) {
    const model = findModel(config.modelId);
    if (!model)
      throw new Error(
        `Unknown model "${config.modelId}"; this build knows ${CATALOG.map((m) => m.id).join(', ')}.`,
      );
    if (config.engine && model.engine !== config.engine) {
      const same = CATALOG.filter((m) => m.engine === config.engine).map((m) => m.id);
      throw new Error(
        `"${model.id}" runs on ${model.engine}, not ${config.engine}; use --engine ${model.engine}, or one of: ${same.join(', ')}.`,
      );
    }
    try {
      return await benchmarkInBrowser(config, model, (step) =>
        window.hearthBenchProgress?.(`[${step.step}/${step.steps}] ${step.label}`),
      );
    } catch (error) {
      // One line for the terminal, the sentence the app would show, with the error's stable code.
      const hearth = toHearthError(error);
      throw new Error(`${hearth.userMessage()} [${hearth.code}]`.replace(/\s+/g, ' '), { cause: error });
    }
  },
};
