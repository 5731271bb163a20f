import { afterEach } from 'vitest';
import { Receiver } from './receiver.js';

/**
 * For a spec file whose tests each need fresh receivers: returns a function starting one, and closes every
 * receiver started by a test after that test.
 */
export function useReceivers(): () => Promise<Receiver> {
  const open: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });
  return async () => {
    const receiver = await Receiver.start();
    open.push(receiver);
    return receiver;
  };
}
