// Interface strings of the judging pages (issue 10): zh is the default language, en must have the same keys.
export const zh = {
  title: "judging",
};

export const en: typeof zh = {
  title: "judging",
};
