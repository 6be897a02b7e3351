import type { Browser, Page } from 'playwright-core';
import { launchBrowser, seriousA11yViolations } from '@commonpurse/testing';
import { startTestApp, type TestApp } from './test-app';

export interface BrowserJourney {
  /** The app under test (set once the suite's beforeAll has run). */
  readonly t: TestApp;
  /** A fresh browser context (its own cookies) at the app, with JavaScript on or off as the journey runs; `phone` for a phone-sized screen. */
  newPage(options?: { phone?: boolean }): Promise<Page>;
  /** With JavaScript on, fails on any serious or critical axe violation of the page as it stands. */
  accessible(page: Page): Promise<void>;
}

/**
 * What every browser journey needs, for one run of it (with JavaScript on, or off): an app of its
 * own and a Chromium, started before the suite and stopped after it. Call inside a describe.
 */
export function browserJourney(javaScript: boolean): BrowserJourney {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await startTestApp({}, { worker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  return {
    get t() {
      if (!t) throw new Error('The journey’s app has not started');
      return t;
    },
    async newPage(options = {}) {
      const phone = options.phone ? { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } : {};
      return (await browser!.newContext({ baseURL: t!.url, javaScriptEnabled: javaScript, ...phone })).newPage();
    },
    async accessible(page) {
      if (javaScript) expect({ page: page.url(), violations: await seriousA11yViolations(page) }).toEqual({ page: page.url(), violations: [] });
    },
  };
}
