// Structured logging with pino, one root logger per process.
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string, name: string): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
