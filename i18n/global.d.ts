// Types next-intl's keys and locales from the English messages, so that a missing or
// misspelt key fails the type check.
import type { Locale } from "./locales";
import type messages from "../messages/en.json";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
