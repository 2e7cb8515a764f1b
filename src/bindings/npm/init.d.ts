
// ---- Loading the engine. ----

/** Where `init()` can take the engine's WebAssembly module from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What `initSync()` can take the engine's WebAssembly module from. */
export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Loads the engine's WebAssembly module: from a URL (fetched), a `Response`, bytes or
 * a compiled `WebAssembly.Module`; without an argument, `entitlement_policy_bg.wasm`
 * next to the module is fetched. wasm-bindgen's `{ module_or_path }` form is accepted too.
 *
 * Needed only with `entitlement-policy/slim`: the default entry is ready at import,
 * and there `init()` resolves at once. Calling it again after success does nothing.
 */
export default function init(
  input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> },
): Promise<void>;

/**
 * Loads the engine synchronously from bytes or a compiled module (browsers allow
 * synchronous compilation of a module this size; workers and Node always do).
 */
export function initSync(input: SyncInitInput | { module: SyncInitInput }): void;
