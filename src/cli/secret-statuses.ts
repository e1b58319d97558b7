/** `cx secret get|rm` of a name with no entry: EX_NOINPUT. */
export const SECRET_MISSING_STATUS = 66;
/** `cx secret set` interrupted at its prompt (Ctrl-C): 128 + SIGINT, as a shell reports it. */
export const SECRET_ABORTED_STATUS = 130;
