import { junitXml } from '@internal/plugin-load-testing-common';
import { ExportInput, runSeconds } from './types';

/** The verdict's checks as JUnit XML: the same writer the CLI's `--junit` uses. */
export function runJunit(input: ExportInput): string {
  return junitXml(input.run, input.runUrl, runSeconds(input));
}
