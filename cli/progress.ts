// Progress on stderr through every phase of a run: the pack's launch, each stack's reading,
// resources analyzed, the stack-wide analysis (with a line every HEARTBEAT_MS while it runs),
// and the reports. One line per event, so that CI logs show it as well as terminals.

const ANALYZED_EVERY = 1_000;
const HEARTBEAT_MS = 10_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export class Progress {
    private readonly started = Date.now();
    private heartbeat: NodeJS.Timeout | undefined;

    constructor(private readonly enabled: boolean, private readonly write: (line: string) => void) {}

    /** A phase begins (or ends): one line. */
    say(message: string): void {
        this.stopHeartbeat();
        if (this.enabled) {
            this.write(`${message} [${seconds(Date.now() - this.started)}]`);
        }
    }

    /** Every ANALYZED_EVERY resources, and at the end of a stack that large. */
    analyzed(prefix: string, done: number, total: number): void {
        if (done % ANALYZED_EVERY === 0 || (done === total && total >= ANALYZED_EVERY)) {
            this.say(`${prefix}: analyzed ${done.toLocaleString("en")}/${total.toLocaleString("en")} resources`);
        }
    }

    /** A long call begins: its line now, then one every HEARTBEAT_MS until the next phase. */
    waiting(message: string): void {
        this.say(message);
        if (this.enabled) {
            const since = Date.now();
            this.heartbeat = setInterval(() => this.write(`${message}: still running, ${seconds(Date.now() - since)}`), HEARTBEAT_MS);
            this.heartbeat.unref();
        }
    }

    stopHeartbeat(): void {
        if (this.heartbeat) {
            clearInterval(this.heartbeat);
            this.heartbeat = undefined;
        }
    }
}
