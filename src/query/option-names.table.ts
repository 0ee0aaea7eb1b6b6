// ausearch 3.0.9's option spellings (short and long) and what each one is,
// plus auspex's --json.
export type Opt =
  | 'event' | 'arch' | 'comm' | 'checkpoint' | 'debug' | 'exit' | 'eoe' | 'escape' | 'extraKeys' | 'extraLabels'
  | 'extraObj2' | 'extraTime' | 'file' | 'format' | 'gidAll' | 'gidEff' | 'gid' | 'help' | 'host' | 'interp'
  | 'input' | 'inputLogs' | 'justOne' | 'key' | 'lineBuffered' | 'message' | 'node' | 'object' | 'pid' | 'ppid'
  | 'raw' | 'syscall' | 'context' | 'session' | 'subject' | 'success' | 'end' | 'start' | 'terminal' | 'uidAll'
  | 'uidEff' | 'uid' | 'uuid' | 'loginuid' | 'version' | 'vmName' | 'word' | 'exe' | 'json';

export const OPTIONS: Readonly<Record<string, Opt>> = {
  '-a': 'event', '--event': 'event', '--arch': 'arch', '-c': 'comm', '--comm': 'comm',
  '--checkpoint': 'checkpoint', '--debug': 'debug', '-e': 'exit', '--exit': 'exit', '--eoe-timeout': 'eoe',
  '--escape': 'escape', '--extra-keys': 'extraKeys', '--extra-labels': 'extraLabels', '--extra-obj2': 'extraObj2',
  '--extra-time': 'extraTime', '-f': 'file', '--file': 'file', '--format': 'format', '-ga': 'gidAll',
  '--gid-all': 'gidAll', '-ge': 'gidEff', '--gid-effective': 'gidEff', '-gi': 'gid', '--gid': 'gid', '-h': 'help',
  '--help': 'help', '-hn': 'host', '--host': 'host', '-i': 'interp', '--interpret': 'interp', '-if': 'input',
  '--input': 'input', '--input-logs': 'inputLogs', '--just-one': 'justOne', '-k': 'key', '--key': 'key',
  '-l': 'lineBuffered', '--line-buffered': 'lineBuffered', '-m': 'message', '--message': 'message', '-n': 'node',
  '--node': 'node', '-o': 'object', '--object': 'object', '-p': 'pid', '--pid': 'pid', '-pp': 'ppid',
  '--ppid': 'ppid', '-r': 'raw', '--raw': 'raw', '-sc': 'syscall', '--syscall': 'syscall', '-se': 'context',
  '--context': 'context', '--session': 'session', '-su': 'subject', '--subject': 'subject', '-sv': 'success',
  '--success': 'success', '-te': 'end', '--end': 'end', '-ts': 'start', '--start': 'start', '-tm': 'terminal',
  '--terminal': 'terminal', '-ua': 'uidAll', '--uid-all': 'uidAll', '-ue': 'uidEff', '--uid-effective': 'uidEff',
  '-ui': 'uid', '--uid': 'uid', '-uu': 'uuid', '--uuid': 'uuid', '-ul': 'loginuid', '--loginuid': 'loginuid',
  '-v': 'version', '--version': 'version', '-vm': 'vmName', '--vm-name': 'vmName', '-w': 'word', '--word': 'word',
  '-x': 'exe', '--executable': 'exe', '--json': 'json',
};
