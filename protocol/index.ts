// The contract between client, server and workers. No I/O.
export * from "./annotations.ts";
export * from "./api.ts";
export * from "./committee.ts";
export * from "./contest.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./hosting.ts";
export * from "./ids.ts";
export * from "./input-guard.ts";
export * from "./jobs.ts";
export * from "./judging.ts";
export * from "./polygon.ts";
export * from "./registration.ts";
export * from "./reports.ts";
export * from "./results.ts";
export * from "./review.ts";
export * from "./task-settings.ts";
