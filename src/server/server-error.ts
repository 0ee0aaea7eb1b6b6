// The server's errors: one AuspexError code per way starting or running
// `auspex serve` can fail, so the command can say what to do about each.
import { AuspexError } from '../errors.js';

export type ServerErrorCode =
  /** --listen is not HOST:PORT, or the address cannot be bound. */
  | 'E_SERVE_LISTEN'
  /** The token file cannot be written privately. */
  | 'E_SERVE_TOKEN'
  /** The built web UI (web/dist) is missing. */
  | 'E_SERVE_WEB'
  /** A log to ingest or follow cannot be read. */
  | 'E_SERVE_INPUT';

export class ServerError extends AuspexError<ServerErrorCode> {
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ServerError';
  }
}
