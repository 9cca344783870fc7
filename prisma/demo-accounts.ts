// The demo accounts the seed creates; printed by `npm run demo` and listed in the README.
export const DEMO_PASSWORD = "labelarena";

export interface DemoAccount {
  role: string;
  login: string;
  password: string;
  note: string;
}

export const DEMO_TICKETS = Array.from({ length: 12 }, (_, i) => `BJ-2021-${String(i + 1).padStart(3, "0")}`);

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    role: "contestant",
    login: "BJ-2021-001",
    password: DEMO_PASSWORD,
    note: "… through BJ-2021-012, same password",
  },
  { role: "proctor", login: "proctor", password: DEMO_PASSWORD, note: "proctor of the Beijing demo session" },
  { role: "judge", login: "judge", password: DEMO_PASSWORD, note: "judge of the Beijing region" },
  {
    role: "region host",
    login: "host-bj",
    password: DEMO_PASSWORD,
    note: "host organisation of region 1 (Beijing)",
  },
  { role: "admin", login: "admin", password: DEMO_PASSWORD, note: "national committee" },
];
