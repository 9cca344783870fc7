// Types i18next's t() by the Chinese dictionary, so a missing or mistyped key fails the type check.
import "i18next";
import type { Messages } from "./index.ts";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}
