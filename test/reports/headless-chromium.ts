/**
 * Debian's chromium, headless, as the report tests open report.html in it:
 * where it is (POQ_SIM_CHROMIUM overrides) and how it is launched (no
 * sandbox, GPU, first-run or background traffic: the page must fetch nothing).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** A page of report.html: what went wrong on it (console errors and warnings, page errors, any request leaving the file) is pushed to `problems`. */
export async function reportPage(browser: Browser, problems: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!/^(file|data|blob):/.test(request.url())) problems.push(`request: ${request.url()}`);
  });
  return page;
}
