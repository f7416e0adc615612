/**
 * The local runtime in a process of its own, so a test can kill it (SIGKILL,
 * no chance to stop cleanly) and start another on the same table. Prints one
 * line, `{"url": ...}`, once it is ready.
 */
import { startLocalRuntime } from '../../../infra/local/runtime.ts';

const runtime = await startLocalRuntime({
  port: 0,
  dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT,
  tableName: process.env.TABLE_NAME,
  ...(process.env.CLOCK_START ? { clockStart: new Date(process.env.CLOCK_START) } : {}),
});
console.log(JSON.stringify({ url: runtime.url }));
