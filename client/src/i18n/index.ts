// i18next set-up: Chinese by default, English on request, the choice kept in localStorage.
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type Messages = typeof zhCN;

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "labelarena.language";

function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN"; // storage may be disabled
  }
}

export function initI18n(): void {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
    lng,
    fallbackLng: "zh-CN",
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  document.documentElement.lang = lng;
}

export function currentLanguage(): Language {
  return i18next.language === "en" ? "en" : "zh-CN";
}

export function setLanguage(lng: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // the choice then lasts for this page only
  }
  void i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}
