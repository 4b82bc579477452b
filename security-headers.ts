/**
 * The app's security policy, declared once: index.html carries the built app's Content-Security-
 * Policy as a meta tag (so static hosting gets it; a unit test keeps the two equal), and Vite's
 * dev and preview servers send it as headers with cross-origin isolation.
 *
 * Everything is served from the app's own origin: no CDN, no remote origin anywhere.
 */

/** The built app's policy, directive by directive, with why each source is there. */
const APP_DIRECTIVES: readonly (readonly [string, ...string[]])[] = [
  ['default-src', "'self'"],
  // tfjs-backend-wasm compiles its .wasm with WebAssembly.instantiate: 'wasm-unsafe-eval' allows
  // that and nothing else (no eval, no new Function, no inline script). Its threaded build (used
  // when the page is cross-origin isolated) hands each thread its own JavaScript as a blob: URL to
  // importScripts; a blob: URL can only be minted by script already running on this origin.
  ['script-src', "'self'", "'wasm-unsafe-eval'", 'blob:'],
  // The trainer is a same-origin module worker; tfjs-backend-wasm's threaded build starts its
  // pthread workers from a blob: URL of its bundled worker script.
  ['worker-src', "'self'", 'blob:'],
  ['img-src', "'self'", 'data:', 'blob:'],
  // Inline styles cannot run code. The emulator's developer UI (@iwer/devui, loaded only with
  // ?xr=emulate) and Vite's dev CSS both style themselves with <style> elements.
  ['style-src', "'self'", "'unsafe-inline'"],
  ['connect-src', "'self'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
];

function policy(directives: readonly (readonly string[])[]): string {
  return directives.map((d) => d.join(' ')).join('; ');
}

/** For the meta tag in index.html and the preview server (the built app). */
export const APP_CSP = policy(APP_DIRECTIVES);

/**
 * Headers only a server can send (a meta tag cannot frame-protect or isolate). Cross-origin
 * isolation (COOP + COEP) makes SharedArrayBuffer available, which multithreaded WASM needs;
 * static hosting must send the same two headers.
 */
function headers(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': `${csp}; frame-ancestors 'self'`,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** The dev server sends the built app's policy: Vite's injected <style> elements are inline
 * styles, which the app allows, and HMR's WebSocket is same-origin, which 'self' covers. */
export const DEV_HEADERS = headers(APP_CSP);
export const PREVIEW_HEADERS = headers(APP_CSP);
