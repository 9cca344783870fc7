// Interface strings of the shapes tools: zh is the default language, en must have the same keys.
export const zh = {};

export const en: typeof zh = {};
