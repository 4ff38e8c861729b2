// Notifications as the tests read them. Under VS Code's smoke-test driver, which the integration run needs
// (VS Code 1.139 honours the extension-development payload only with it), 1.139 shows no notification toasts;
// every version still lists each notification, with its buttons, in the notifications centre. So tests open the
// centre and read or click the one notification they mean, on every version the same way.
import * as vscode from 'vscode';
import type { DriverClient } from './driverClient';

const ITEM = '.notifications-center .notification-list-item';

async function withCentreOpen<T>(run: () => Promise<T>): Promise<T> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    return await run();
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** Waits for a notification containing `containing` and answers its text (message, source and buttons). */
export function waitForNotification(driver: DriverClient, containing: string, timeoutMs = 15_000): Promise<string> {
  return withCentreOpen(() => driver.waitForText({ action: 'workbenchText', selector: ITEM, hasText: containing }, (t) => t.includes(containing), timeoutMs));
}

/** Clicks the button named `button` on the notification containing `containing`. */
export function clickNotificationButton(driver: DriverClient, containing: string, button: string): Promise<void> {
  return withCentreOpen(async () => {
    await driver.request({ action: 'clickWorkbench', selector: ITEM, within: containing, text: button });
  });
}
