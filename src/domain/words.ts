/**
 * A list as a sentence says it: "a, b and c", "a, b or c" (en-GB, no comma before the last; the
 * platform's Intl.ListFormat, the same in Node and the browser).
 */
const lists = {
  and: new Intl.ListFormat('en-GB', { type: 'conjunction' }),
  or: new Intl.ListFormat('en-GB', { type: 'disjunction' }),
};

export const listWords = (words: readonly string[], join: 'and' | 'or'): string => lists[join].format(words);
