// ioredis connections: BullMQ needs maxRetriesPerRequest null on its blocking connections.
import { Redis } from "ioredis";

export function createRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
}
