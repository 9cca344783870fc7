// The demo accounts the seed creates; printed by `npm run demo` and listed in the README.
export const DEMO_PASSWORD = "labelarena";

export interface DemoAccount {
  role: string;
  login: string;
  password: string;
  note: string;
}

/**
 * The twelve seated contestants' tickets, in seat order (A01…A12). The seed issues them the way an
 * approval does (year, region, 8 random digits) from a seeded generator, so they are the same on
 * every fresh database; test/integration/demo-seed.test.ts checks that they still are.
 */
export const DEMO_TICKETS = [
  "210108208659",
  "210126168305",
  "210129098363",
  "210129228937",
  "210129703617",
  "210134482308",
  "210141433215",
  "210145900157",
  "210149577041",
  "210187837535",
  "210191714824",
  "210192887214",
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    role: "contestant",
    login: DEMO_TICKETS[0] as string,
    password: DEMO_PASSWORD,
    note: `seat A01; the others: ${DEMO_TICKETS.slice(1).join(" ")}`,
  },
  {
    role: "proctor",
    login: "proctor",
    password: DEMO_PASSWORD,
    note: "proctor of the Beijing demo session (made by the region host)",
  },
  { role: "judge", login: "judge", password: DEMO_PASSWORD, note: "judge of the Beijing region" },
  {
    role: "region host",
    login: "host-bj",
    password: DEMO_PASSWORD,
    note: "host of region 1 (Beijing): 4 applications to review",
  },
  { role: "admin", login: "admin", password: DEMO_PASSWORD, note: "national committee" },
];
