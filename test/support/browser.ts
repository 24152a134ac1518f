import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createVigil, type Vigil } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/domain/clock.js';
import { testServer } from './servers.js';

/** Debian's chromium, from `.ci/services.sh`; a browser suite is skipped without it (outside CI). */
export const chromiumPath = testServer('VIGIL_TEST_CHROMIUM');
const root = resolve(import.meta.dirname, '..', '..');
/** The browser tests save each page here; the README and docs show them. */
export const screenshotsDir = join(root, 'docs', 'screenshots');

export interface BrowserSessionOptions {
  /** Serve this Vigil (e.g. the demo's) instead of a fresh one on an embedded store. */
  vigil?: Vigil;
  /** With `vigil`: the admin token to sign in with. */
  token?: string;
  /** For a fresh Vigil: its clock. */
  clock?: Clock;
  /** For a fresh Vigil: let it reach 127.0.0.0/8, where the tests' receivers listen (the SSRF guard refuses it otherwise). */
  allowLoopback?: boolean;
  /** Sign in with the admin token and wait for the overview; off for suites that test signing in. */
  signIn?: boolean;
  timezoneId?: string;
}

export interface BrowserSession {
  vigil: Vigil;
  browser: Browser;
  page: Page;
  baseUrl: string;
  /** The admin's API token. */
  token: string;
  /** A fresh folder for the suite's files, removed by close(). */
  dataDir: string;
  /** Calls the API (as the admin unless another token is given) and expects a 2xx; undefined for 204. */
  api: (
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ) => Promise<Record<string, unknown> | undefined>;
  shot: (name: string) => Promise<void>;
  /** The page's title (h1). */
  heading: (name: string | RegExp) => Locator;
  /** A link in the main navigation. */
  nav: (name: string) => Locator;
  close: () => Promise<void>;
}

/** `npm install` builds the UI (prepare → build); a checkout without it is built here. */
function ensureUiBuilt(): void {
  if (existsSync(join(root, 'web', 'dist', 'index.html'))) return;
  execFileSync(join(root, 'node_modules', '.bin', 'vite'), ['build', 'web'], { cwd: root, stdio: 'ignore' });
}

/**
 * The setup every browser suite shares: the UI built, a Vigil listening on a free loopback port,
 * Chromium with one 1280x800 page, and (unless told otherwise) signed in as the admin.
 */
export async function startBrowserSession(opts: BrowserSessionOptions = {}): Promise<BrowserSession> {
  ensureUiBuilt();
  mkdirSync(screenshotsDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ui-'));
  let vigil = opts.vigil;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    if (!opts.vigil) await vigil?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (!vigil) {
      const config = loadConfig({ VIGIL_DATA_DIR: dataDir, VIGIL_LOG_LEVEL: 'warn' }, dataDir);
      const security = opts.allowLoopback
        ? { ...config.security, allowOutboundCidrs: ['127.0.0.0/8'] }
        : config.security;
      vigil = await createVigil(
        { ...config, security },
        { memoryStore: true, worker: false, ...(opts.clock ? { clock: opts.clock } : {}) },
      );
    }
    const server = vigil.server;
    if (!server) throw new Error('this Vigil has no HTTP server');
    await server.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const token = opts.token ?? vigil.initialAdminSecret ?? '';
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = await browser.newPage({
      viewport: { width: 1280, height: 800 },
      timezoneId: opts.timezoneId ?? 'Europe/Berlin',
    });
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
    if (opts.signIn !== false) {
      await page.goto(`${baseUrl}/`);
      await page.getByLabel('API token').fill(token);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading('Overview').waitFor();
    }
    return {
      vigil,
      browser,
      page,
      baseUrl,
      token,
      dataDir,
      api: async (method, path, body, as = token) => {
        const res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${as}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        });
        const detail = res.status === 404 ? '' : await res.clone().text();
        expect(res.status, `${method} ${path}: ${detail}`).toBeLessThan(300);
        return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
      },
      shot: async (name) => {
        await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: false });
      },
      heading,
      nav: (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
