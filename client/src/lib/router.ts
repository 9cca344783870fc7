// A tiny history-based router: the current path as external state, navigate(), and route matching.
import { useSyncExternalStore } from "react";

export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "lobby" }
  | { name: "exam"; attemptId: string }
  | { name: "proctor" }
  | { name: "proctor-session"; sessionId: string }
  | { name: "not-found" };

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const l of listeners) l();
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function matchRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { name: "not-found" };
  if (first === undefined) return { name: "home" };
  if (first === "login" && second === undefined) return { name: "login" };
  if (first === "lobby" && second === undefined) return { name: "lobby" };
  if (first === "exam" && second) return { name: "exam", attemptId: second };
  if (first === "proctor")
    return second ? { name: "proctor-session", sessionId: second } : { name: "proctor" };
  return { name: "not-found" };
}
