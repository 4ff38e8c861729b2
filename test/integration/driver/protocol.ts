// Requests an integration test (inside the extension host) makes of the driver (outside, holding the
// browser): the test logs one line `[mm-driver] {json}`; the driver does it and writes
// `<results>/driver/<id>.json`, which the test waits for. Typed once here for both sides.

export const DRIVER_PREFIX = '[mm-driver] ';

export type DriverRequest =
  | { readonly id: string; readonly action: 'screenshotWebview'; readonly name: string; readonly root: string; readonly scroll?: 'top' | 'bottom' }
  | { readonly id: string; readonly action: 'webviewText'; readonly root: string }
  | { readonly id: string; readonly action: 'clickWebview'; readonly root: string; readonly text: string }
  | { readonly id: string; readonly action: 'fillWebview'; readonly root: string; readonly selector: string; readonly text: string }
  | { readonly id: string; readonly action: 'screenshotWorkbench'; readonly name: string }
  /** The text of the first workbench element the selector finds (with `hasText`: the first that contains it, e.g. one notification). */
  | { readonly id: string; readonly action: 'workbenchText'; readonly selector: string; readonly hasText?: string }
  /** Clicks the element a CSS selector finds in the webview (a button whose accessible name is long). */
  | { readonly id: string; readonly action: 'clickWebviewSelector'; readonly root: string; readonly selector: string }
  /** Clicks every link inside the selector in the webview that does not lead to the web (http/https); answers their hrefs (JSON). */
  | { readonly id: string; readonly action: 'clickWebviewLinks'; readonly root: string; readonly selector: string }
  /** Types into whatever has focus in the workbench (an input box), then presses Enter. */
  | { readonly id: string; readonly action: 'typeWorkbench'; readonly text: string }
  /** Where an element of the webview is, as laid out now (JSON: top, bottom, left, right, the page's inner size, and the element's scroll and client sizes). */
  | { readonly id: string; readonly action: 'webviewBox'; readonly root: string; readonly selector: string }
  /** Clicks the button named `text` inside the first workbench element the selector finds that contains `within` (a notification's Apply). */
  | { readonly id: string; readonly action: 'clickWorkbench'; readonly selector: string; readonly within: string; readonly text: string }
  /** Hovers the first workbench element the selector finds that contains `text`, and answers the hover's text once it shows. */
  | { readonly id: string; readonly action: 'hoverWorkbench'; readonly selector: string; readonly text: string }
  /** Sets a trap in every frame of the page: a global function hostile content would call, and a dialog counter. */
  | { readonly id: string; readonly action: 'armTrap' }
  /** What the trap caught since it was armed (JSON: hits, titles changed, dialogs, frames navigated away). */
  | { readonly id: string; readonly action: 'readTrap' };

export interface DriverResponse {
  readonly ok: boolean;
  readonly text?: string;
  readonly path?: string;
  readonly error?: string;
}

export function parseDriverRequest(line: string): DriverRequest | undefined {
  const at = line.indexOf(DRIVER_PREFIX);
  if (at < 0) return undefined;
  try {
    const raw = JSON.parse(line.slice(at + DRIVER_PREFIX.length)) as Record<string, unknown>;
    if (typeof raw.id !== 'string' || !/^[\w-]+$/.test(raw.id)) return undefined;
    if (raw.name !== undefined && (typeof raw.name !== 'string' || !/^[\w-]+$/.test(raw.name))) return undefined;
    return raw as unknown as DriverRequest;
  } catch {
    return undefined;
  }
}
