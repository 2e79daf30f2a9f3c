/**
 * Debian's chromium, headless, as the report tests open report.html in it:
 * where it is (POQ_SIM_CHROMIUM overrides) and how it is launched (no
 * sandbox, GPU, first-run or background traffic: the page must fetch nothing).
 */
import { chromium, type Browser } from 'playwright-core';
import { hasSystemProgram } from '../system-programs.js';

export const CHROMIUM = process.env['POQ_SIM_CHROMIUM'] ?? '/usr/bin/chromium';

/** Whether chromium is there; when not, a line naming the Debian package (an error under CI). */
export const hasChromium = (purpose: string): boolean => hasSystemProgram(CHROMIUM, 'chromium', purpose);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
