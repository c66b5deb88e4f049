import { z } from 'zod';

/**
 * The socket, in the data folder, on which `npm start` takes `npm run gate -- server down|up` and
 * tells the gate CLI where the gate is (only the folder's owner can open it).
 */
export const START_CONTROL_SOCKET = 'npm-start.sock';

/** What `npm start` is running: whether the community server is up, and where each part listens. */
export const StartControlState = z.object({
  server: z.enum(['up', 'down']),
  serverUrl: z.url(),
  gateUrl: z.url(),
});
export type StartControlState = z.infer<typeof StartControlState>;
