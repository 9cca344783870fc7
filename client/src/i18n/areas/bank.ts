// Interface strings of the bank pages (issue 11): zh is the default language, en must have the same keys.
export const zh = {
  title: "题库",
};

export const en: typeof zh = {
  title: "Question bank",
};
