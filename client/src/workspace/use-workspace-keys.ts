// The window keydown listener of a workspace's shortcuts, with the rules every kind shares.
import { useEffect, useRef } from "react";
import { blocksPageDefault, isTextEntry, keyTargetOf } from "../canvas/keyboard.ts";

/**
 * Calls `onKey` for each key pressed anywhere on the page while `enabled`, except keys already
 * handled (`defaultPrevented`, e.g. by the help overlay) and keys typed into a text field.
 * `onKey` returns whether it used the key; a used key's default is prevented. With `guardPage`
 * (a canvas workspace), a shortcut key it did not use has its default prevented too, so that it
 * never acts on the page (blocksPageDefault). The latest `onKey` is called, so it may close over
 * the current render's state without re-subscribing.
 *
 * @example
 * useWorkspaceKeys((e) => classificationKeyDown(store, e), !locked);
 */
export function useWorkspaceKeys(
  onKey: (e: KeyboardEvent) => boolean,
  enabled = true,
  guardPage = false,
): void {
  const latest = useRef(onKey);
  latest.current = onKey;
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTextEntry(e.target)) return;
      if (latest.current(e) || (guardPage && blocksPageDefault(e, keyTargetOf(e.target)))) e.preventDefault();
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [enabled, guardPage]);
}
