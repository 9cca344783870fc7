// Structured logging with pino, one root logger per process.
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    // Never write session cookies or passwords to a log.
    redact: ["req.headers.cookie", 'res.headers["set-cookie"]', "password", "*.password"],
  });
}
