// Messages between the cluster's primary (server/cluster.ts) and its server processes.

/** A server process takes connections from now on. */
export const READY = "labelarena:server-ready";
