import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium: nothing downloads a browser here. Flags keep it off the (closed) network. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `executablePath`: a wrapper that starts Chromium elsewhere (inside a network namespace); Debian's otherwise. */
export function launchChromium(options: { executablePath?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
