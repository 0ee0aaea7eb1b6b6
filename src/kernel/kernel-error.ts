// Errors of the kernel transport: stable codes, the errno when the kernel or
// libc gave one, and a message that says what an errno usually means here
// (namespaces, privileges) rather than only its name.
import { getSystemErrorName } from 'node:util';
import { AuspexError } from '../errors.js';

export type KernelErrorCode =
  | 'E_KERNEL_UNAVAILABLE'
  | 'E_KERNEL_SOCKET'
  | 'E_KERNEL_ERRNO'
  | 'E_KERNEL_TIMEOUT'
  | 'E_KERNEL_PROTOCOL';

export class KernelError extends AuspexError<KernelErrorCode> {
  /** Positive errno (EPERM = 1), when there is one. */
  readonly errno: number | undefined;
  /** strerror(errno): the words auditctl puts in parentheses. */
  readonly reason: string;

  constructor(code: KernelErrorCode, message: string, options: { errno?: number; reason?: string; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KernelError';
    this.errno = options.errno;
    this.reason = options.reason ?? message;
  }
}

export function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}

/** What an errno from the audit socket usually means, for messages. */
export function errnoHint(errno: number): string | undefined {
  switch (errnoName(errno)) {
    case 'EPERM':
      return 'the audit netlink socket needs CAP_AUDIT_CONTROL and answers only processes in the initial pid namespace';
    case 'ECONNREFUSED':
      return 'the kernel has no audit support, or this process runs in a user namespace other than the initial one';
    case 'EPROTONOSUPPORT':
      return 'this kernel was built without CONFIG_AUDIT';
    default:
      return undefined;
  }
}
