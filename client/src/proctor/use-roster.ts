// The watched roster of one session over the /proctor socket: a store fed by the live events in
// batches, re-watched (and replaced, without a reload) after every reconnect.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type {
  Ack,
  AttemptState,
  ErrorBody,
  ProctorMessageView,
  SessionRoster,
} from "../../../protocol/index.ts";
import { serverClock } from "../lib/server-clock.ts";
import { connectProctor, type ProctorSocket } from "../lib/socket.ts";
import { RosterStore } from "./roster-model.ts";

export type Connection = "connecting" | "online" | "offline";

export interface LiveRoster {
  roster: SessionRoster | null;
  connection: Connection;
  /** The watch was refused (or the socket could not sign in). */
  error: ErrorBody | null;
  socket: ProctorSocket | null;
  /** Times the roster was read (1 at first, one more after each reconnect). */
  watches: number;
  /** A control's answer, applied at once (the broadcast `attempt:control` follows). */
  applyStates: (states: AttemptState[], action: "extend" | "pause" | "resume" | "lock" | "unlock") => void;
  /** A sent message, listed at once (the broadcast `message:sent` follows and is ignored). */
  applyMessage: (m: ProctorMessageView) => void;
}

export function useLiveRoster(sessionId: string): LiveRoster {
  const store = useMemo(() => new RosterStore(), []);
  const roster = useSyncExternalStore(store.subscribe, store.get);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [error, setError] = useState<ErrorBody | null>(null);
  const [watches, setWatches] = useState(0);
  const socketRef = useRef<ProctorSocket | null>(null);
  const [socket, setSocket] = useState<ProctorSocket | null>(null);

  useEffect(() => {
    const s = connectProctor();
    socketRef.current = s;
    setSocket(s);
    // Watching again on every (re)connect: rooms do not survive a reconnect, and the roster read
    // after joining covers whatever was missed while away (queued events are dropped with the old).
    const watch = () => {
      const sentAt = Date.now();
      s.emit("session:watch", { sessionId }, (res) => {
        if (res.error) {
          setError(res.error);
          return;
        }
        serverClock.observe(res.data.serverNow, sentAt, Date.now());
        setError(null);
        store.replace(res.data);
        setWatches((n) => n + 1);
      });
    };
    s.on("connect", () => {
      setConnection("online");
      watch();
    });
    s.on("disconnect", () => setConnection("offline"));
    s.on("connect_error", (err) => {
      setConnection("offline");
      if (!s.active) setError({ code: "UNAUTHENTICATED", message: err.message });
    });
    s.on("contestant:progress", (e) => store.push({ type: "progress", e }));
    s.on("contestant:presence", (e) => store.push({ type: "presence", e }));
    s.on("presence:beats", (e) => store.push({ type: "beats", e }));
    s.on("attempt:closed", (e) => store.push({ type: "closed", e }));
    s.on("attempt:scored", (e) => store.push({ type: "scored", e }));
    s.on("contestant:incident", (e) => store.push({ type: "incident", e }));
    s.on("attempt:scoring-failed", (e) => store.push({ type: "scoring-failed", e }));
    s.on("attempt:scoring-retried", (e) => store.push({ type: "scoring-retried", e }));
    s.on("attempt:control", (e) => store.push({ type: "control", e }));
    s.on("message:sent", (e) => store.push({ type: "message-sent", e }));
    s.on("message:acked", (e) => store.push({ type: "message-acked", e }));
    return () => {
      s.removeAllListeners();
      s.disconnect();
      socketRef.current = null;
    };
  }, [sessionId, store]);

  const applyStates = useMemo(
    () => (states: AttemptState[], action: "extend" | "pause" | "resume" | "lock" | "unlock") => {
      const at = new Date(serverClock.now()).toISOString();
      for (const state of states)
        store.push({
          type: "control",
          e: { sessionId, attemptId: state.attemptId, action, state, reason: "", actorId: "", at },
        });
      store.flush();
    },
    [sessionId, store],
  );

  const applyMessage = useMemo(
    () => (m: ProctorMessageView) => {
      store.push({ type: "message-sent", e: m });
      store.flush();
    },
    [store],
  );

  return { roster, connection, error, socket, watches, applyStates, applyMessage };
}

/** A socket call with a timeout, as an Ack (a timeout reads as UNAVAILABLE). */
export function ackOrTimeout<T>(timeoutMessage: string, done: (res: Ack<T>) => void) {
  return (err: Error | null, res: Ack<T>) =>
    done(err ? { error: { code: "UNAVAILABLE", message: timeoutMessage } } : res);
}
