// Limits both sides know, in a module of plain values: importing one into a page pulls in
// no schema library.

/** The longest message, in characters. */
export const MAX_MESSAGE_LENGTH = 2000;
