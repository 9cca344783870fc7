// A tiny history-based router: the current path as external state, navigate(), and route matching.
import { useSyncExternalStore } from "react";

export type Route =
  | { name: "home" }
  | { name: "login" }
  | { name: "lobby" }
  | { name: "exam"; attemptId: string }
  | { name: "results"; attemptId: string }
  | { name: "proctor" }
  | { name: "proctor-session"; sessionId: string }
  | { name: "apply" }
  | { name: "apply-status" }
  | { name: "admin"; section: string | null }
  /** /admin/papers/:paperId and /admin/papers/:paperId/tasks/:taskId: the paper and task editors. */
  | { name: "admin-paper"; paperId: string; taskId: string | null }
  | { name: "host"; regionId: string | null; section: string | null }
  | { name: "host-tickets"; regionId: string; sessionId: string }
  | { name: "judge" }
  | { name: "judge-session"; sessionId: string }
  | { name: "judge-attempt"; attemptId: string }
  | { name: "judge-appeals" }
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
  const [first, second, third, fourth, ...more] = parts;
  if (first === "host" && second && third === "tickets" && fourth && more.length === 0)
    return { name: "host-tickets", regionId: second, sessionId: fourth };
  if (first === "admin" && second === "papers" && third) {
    if (fourth === undefined) return { name: "admin-paper", paperId: third, taskId: null };
    if (fourth === "tasks" && more.length === 1 && more[0])
      return { name: "admin-paper", paperId: third, taskId: more[0] };
    return { name: "not-found" };
  }
  if (first === "host" && fourth === undefined)
    return { name: "host", regionId: second ?? null, section: third ?? null };
  if (fourth !== undefined || (third !== undefined && first !== "judge")) return { name: "not-found" };
  if (first === undefined) return { name: "home" };
  if (first === "login" && second === undefined) return { name: "login" };
  if (first === "lobby" && second === undefined) return { name: "lobby" };
  if (first === "exam" && second) return { name: "exam", attemptId: second };
  if (first === "results" && second) return { name: "results", attemptId: second };
  if (first === "apply") {
    if (second === undefined) return { name: "apply" };
    if (second === "status") return { name: "apply-status" };
    return { name: "not-found" };
  }
  if (first === "admin") return { name: "admin", section: second ?? null };
  if (first === "judge" && second === undefined) return { name: "judge" };
  if (first === "judge" && second === "appeals" && third === undefined) return { name: "judge-appeals" };
  if (first === "judge" && second === "sessions" && third) return { name: "judge-session", sessionId: third };
  if (first === "judge" && second === "attempts" && third) return { name: "judge-attempt", attemptId: third };
  if (first === "proctor")
    return second ? { name: "proctor-session", sessionId: second } : { name: "proctor" };
  return { name: "not-found" };
}
