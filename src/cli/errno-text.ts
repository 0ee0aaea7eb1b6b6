// The words auditd's tools print for a failed open/stat (glibc strerror in
// the C locale) for the errors a file path can give; anything else keeps
// Node's message. Kept here, not in interpret/'s strerror table, so report
// and search do not load interpret/ to say a file is missing.
export function errnoText(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EROFS':
      return 'Read-only file system';
    default:
      return (e as Error).message;
  }
}
