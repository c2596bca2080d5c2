/** Logs as JSON lines on stderr (what container platforms collect), quiet below LOG_LEVEL. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function jsonLogger(level: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const min = LEVELS.indexOf(LEVELS.includes(level) ? level : 'info');
  const at =
    (l: Level) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (LEVELS.indexOf(l) >= min) write(JSON.stringify({ time: new Date().toISOString(), level: l, message, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), error: at('error') };
}

/** A logger that keeps what it is told (tests). */
export function memoryLogger(): Logger & { lines: Array<{ level: Level; message: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: Level; message: string; fields: Record<string, unknown> }> = [];
  const at = (level: Level) => (message: string, fields: Record<string, unknown> = {}) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), error: at('error') };
}
