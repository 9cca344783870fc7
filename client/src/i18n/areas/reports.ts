// Interface strings of the reports pages (issue 10): zh is the default language, en must have the same keys.
export const zh = {
  title: "reports",
};

export const en: typeof zh = {
  title: "reports",
};
