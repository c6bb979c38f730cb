import type { Page } from 'playwright-core';
import { TEST_PASSWORD } from './fixtures';

/** Signs in through the login form as a user made by createUser, and waits for the inbox. */
export async function signInToInbox(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/inbox/);
}
