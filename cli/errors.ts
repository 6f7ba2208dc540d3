// What can go wrong in a run, as the exit code sees it, and readable file-system errors.

export const EXIT = {
    /** The audit ran; no finding at the --fail-on level. */
    ok: 0,
    /** The audit ran; findings at the --fail-on level. */
    findings: 1,
    /** Bad arguments or config, or an input that could not be audited. */
    usage: 2,
    /** The policy pack did not start or did not answer: no report. */
    failed: 3,
    /** The audit ran but a report could not be written where asked (it was saved elsewhere). */
    unwritten: 4,
} as const;

/** Wrong arguments: the command prints the message and a pointer to --help, and exits with 2. */
export class UsageError extends Error {}

/** An input file (export or config) that cannot be used: exit 2. */
export class InputError extends Error {}

/** What an errno code means, in words (Node's own messages start with the code). */
const ERRNO: Record<string, string> = {
    ENOENT: "no such file or directory",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EISDIR: "is a directory",
    ENOTDIR: "a part of the path is not a directory",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    EMFILE: "too many open files",
    ENAMETOOLONG: "the name is too long",
    EEXIST: "already exists",
    EBUSY: "the file is busy",
    ELOOP: "too many symbolic links",
    EIO: "input/output error",
};

/** A file-system error in words, without the raw code Node puts first. */
export function describeFsError(e: unknown): string {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code && ERRNO[code]) {
        return ERRNO[code];
    }
    const message = e instanceof Error ? e.message : String(e);
    // Node's messages read "ECODE: words, syscall 'path'"; keep the words.
    return message.replace(/^E[A-Z]+: /, "").replace(/, \w+ '.*'$/, "") || "unknown error";
}
