// The end of a command's output: the sink ended (flushed, EPIPE quiet), and a
// write error turned into a message and exit status 1; else the command's own.
import type { CommandIo } from './command-io.js';
import type { OutputSink } from './output-sink.js';

export async function endOutput(out: OutputSink, io: CommandIo, code: number): Promise<number> {
  await out.end();
  if (out.error !== undefined) {
    io.stderr.write(`auspex: write error: ${out.error.message}\n`);
    return 1;
  }
  return code;
}
