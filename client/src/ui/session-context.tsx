// Who is signed in, for every page: the Me of the session and a sign-out action.
import { createContext, useContext } from "react";
import type { Me } from "../../../protocol/index.ts";

export interface SessionValue {
  me: Me;
  signOut: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSession outside a signed-in page");
  return v;
}
