import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from './fixtures';

/** Signs in through the login form as a user made by createUser, and waits for the inbox (where sign-in leads by default). */
export async function signInToInbox(page: Page, baseUrl: string, email: string): Promise<void> {
  await signInAt(page, `${baseUrl}/login`, email);
  await page.waitForURL(/\/inbox/);
}

/** Signs in through a login link that names where to go next (`/login?next=…`), and waits until `path` is open. */
export async function signInTo(page: Page, baseUrl: string, email: string, path: string): Promise<void> {
  await signInAt(page, `${baseUrl}/login?next=${encodeURIComponent(path)}`, email);
  await page.waitForURL((url) => url.pathname === path);
}

async function signInAt(page: Page, loginUrl: string, email: string): Promise<void> {
  await page.goto(loginUrl);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
