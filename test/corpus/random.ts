// A seeded generator of format-valid random strings for the secret corpus: the same samples on
// every run, none of them a real credential.

export const charsets = {
    hex: "0123456789abcdef",
    HEX: "0123456789ABCDEF",
    digits: "0123456789",
    lower: "abcdefghijklmnopqrstuvwxyz",
    letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    upperAlnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    lowerAlnum: "abcdefghijklmnopqrstuvwxyz0123456789",
    base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
    base64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    urlsafe: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    bech32: "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
    /** Azure AD client secrets use these besides letters and digits. */
    aad: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-",
};

export type Charset = keyof typeof charsets;

export class Random {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** mulberry32: small, fast and good enough for test data. */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }

    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    /** `n` characters of a charset, with at least one of each class it has (as real keys do). */
    chars(set: Charset, n: number): string {
        const alphabet = charsets[set];
        for (;;) {
            let out = "";
            for (let i = 0; i < n; i++) {
                out += alphabet[Math.floor(this.next() * alphabet.length)];
            }
            const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter(c => c.test(alphabet));
            if (n < 12 || classes.every(c => c.test(out))) {
                return out;
            }
        }
    }

    uuid(): string {
        const h = (n: number) => this.chars("hex", n);
        return `${h(8)}-${h(4)}-4${h(3)}-${this.pick(["8", "9", "a", "b"])}${h(3)}-${h(12)}`;
    }

    /** Base64 of `bytes` random bytes (standard alphabet, padded). */
    base64Bytes(bytes: number): string {
        const buffer = Buffer.alloc(bytes);
        for (let i = 0; i < bytes; i++) {
            buffer[i] = Math.floor(this.next() * 256);
        }
        return buffer.toString("base64");
    }
}

export const base64url = (text: string) => Buffer.from(text).toString("base64url");
