// An Analyze request as the pack reads it: from its bytes. The gRPC service's own deserializer
// builds the protobuf library's objects for every value of the request, which took longer than the
// pack's rules (docs/performance.md); the pack reads the fields it needs from the bytes
// (engine/sdk/deserialize's readStruct: props, what the program set, secret marks), and builds the
// library's message only for what the SDK reads itself (options, isType) and for bytes the reader
// leaves to the library. A part the pack does not read (the options) is not checked: bytes the
// library would refuse there are answered, where the engine never sends them.
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { createRequire } from "module";
import { keptInputKeys, rememberProgramInputs, rememberSetInputs } from "../programInputs";
import { FieldReader, Span } from "../protobuf";
import { ReadOptions, ReadStruct, deserializedProps, readStruct } from "./deserialize";
import type { Deserialize } from "./internals";
import { markFully } from "./secretMarks";

const sdkRequire = createRequire(require.resolve("@pulumi/policy/server"));
const { AnalyzeRequest } = sdkRequire("@pulumi/pulumi/proto/analyzer_pb") as { AnalyzeRequest: LibraryRequestClass };

interface LibraryRequestClass {
    deserializeBinary(bytes: Uint8Array): LibraryRequest;
}

/** The library's AnalyzeRequest, as far as the pack reads it. */
export interface LibraryRequest {
    getType(): string;
    getUrn(): string;
    getName(): string;
    getProperties(): Struct | undefined;
    getOptions(): unknown;
    getProvider(): { getType(): string; getUrn(): string; getName(): string; getProperties(): Struct | undefined } | undefined;
    serializeBinary(): Uint8Array;
}

/** The fields an AnalyzeRequest and its provider have in common, as read. */
interface ResourceFields {
    type: string;
    urn: string;
    name: string;
    properties?: Span;
}

/** A resource's props and its provider's, as the SDK's deserializer gives them. */
export interface ReadProps {
    props: Record<string, unknown>;
    /** The Struct the props came from, built when first asked for (lib/functionCode, secret marks). */
    struct: () => Struct;
    provider?: { type: string; urn: string; name: string; props: Record<string, unknown>; struct: () => Struct };
}

// AnalyzeRequest's fields (pulumi/pulumi proto/pulumi/analyzer.proto), and AnalyzerProviderResource's.
const TYPE = 1, PROPERTIES = 2, URN = 3, NAME = 4, OPTIONS = 5, PROVIDER = 6;

export class AnalyzeRequestBytes implements ResourceFields {
    type = "";
    urn = "";
    name = "";
    /** Where the props' bytes are. */
    properties?: Span;
    private options = false;
    private provider?: ResourceFields;
    /** Whether the fields are read from the bytes (else from the library's message). */
    private read: boolean;
    /** What was read of the resource's own props. */
    private own?: ReadStruct;
    private library?: LibraryRequest;

    constructor(readonly bytes: Buffer, library?: LibraryRequest) {
        this.library = library;
        this.read = this.readFields();
        if (!this.read) {
            const message = this.message();
            this.type = message.getType();
            this.urn = message.getUrn();
            this.name = message.getName();
        }
    }

    /** A library message read again from its bytes (a request given to the pack in process, as the tests do). */
    static of(message: LibraryRequest): AnalyzeRequestBytes {
        return new AnalyzeRequestBytes(Buffer.from(message.serializeBinary()), message);
    }

    /** The library's message, for the SDK: built on first use. */
    message(): LibraryRequest {
        return (this.library ??= AnalyzeRequest.deserializeBinary(this.bytes));
    }

    /** Remembers which properties the program set (engine/programInputs), read with the props when they were. */
    remember(): void {
        const { properties } = this;
        const own = this.read && properties && (this.own ??= this.readOwn(properties, { props: false, deserialize: noDeserializer }));
        if (own) {
            rememberSetInputs(this.urn, own.presence, own.kept);
        } else if (this.read && !properties) {
            rememberSetInputs(this.urn, {});
        } else {
            const message = this.message();
            rememberProgramInputs(message.getUrn(), message.getType(), message.getProperties());
        }
    }

    /**
     * The props and the provider's, as the SDK's deserializer gives them, from the bytes (or the
     * library's message, for bytes only it reads); undefined when the request has no props or no
     * options, or its provider no props: the SDK builds those arguments, and fails as it fails.
     * Throws where the SDK's deserializer would.
     */
    props(deserialize: Deserialize): ReadProps | undefined {
        const { properties, provider } = this;
        if (!this.read) {
            return this.libraryProps(deserialize);
        }
        if (!properties || !this.options || (provider && !provider.properties)) {
            return undefined;
        }
        this.own = this.readOwn(properties, { props: true, deserialize });
        const its = provider && readStruct(this.bytes, provider.properties!.start, provider.properties!.stop, { props: true, deserialize });
        if (!this.own?.props || (provider && !its?.props)) {
            return this.libraryProps(deserialize);
        }
        for (const read of [this.own, its]) {
            if (read?.props && !read.signed) {
                markFully(read.props);
            }
        }
        return {
            props: this.own.props, struct: this.structAt(properties),
            provider: provider && { type: provider.type, urn: provider.urn, name: provider.name, props: its!.props!, struct: this.structAt(provider.properties!) },
        };
    }

    private libraryProps(deserialize: Deserialize): ReadProps | undefined {
        const message = this.message();
        const struct = message.getProperties();
        const from = message.getProvider();
        const its = from?.getProperties();
        if (struct === undefined || !message.getOptions() || (from && !its)) {
            return undefined;
        }
        return {
            props: deserializedProps(struct, deserialize), struct: () => struct,
            provider: from && { type: from.getType(), urn: from.getUrn(), name: from.getName(), props: deserializedProps(its!, deserialize), struct: () => its! },
        };
    }

    private readOwn({ start, stop }: Span, options: Omit<ReadOptions, "keep">): ReadStruct | undefined {
        return readStruct(this.bytes, start, stop, { ...options, keep: keptInputKeys(this.type) });
    }

    /** The library's Struct of the bytes at `span`, built on first use. */
    private structAt({ start, stop }: Span): () => Struct {
        let struct: Struct | undefined;
        return () => (struct ??= Struct.deserializeBinary(this.bytes.subarray(start, stop)));
    }

    /** Reads the top-level fields as the library does (the last of a repeated one wins); false where it could not. */
    private readFields(): boolean {
        try {
            const fields = new FieldReader(this.bytes, 0, this.bytes.length);
            for (let field = fields.next(); field !== undefined; field = fields.next()) {
                if (readResourceField(fields, field, this)) {
                    continue;
                }
                switch (field) {
                    case OPTIONS: fields.span(); this.options = true; break;
                    case PROVIDER: this.provider = providerOf(this.bytes, fields.span()); break;
                    default: fields.skip();
                }
            }
            return true;
        } catch {
            return false;
        }
    }
}

const noDeserializer: Deserialize = () => ({});

function providerOf(bytes: Buffer, { start, stop }: Span): ResourceFields {
    const provider: ResourceFields = { type: "", urn: "", name: "" };
    const fields = new FieldReader(bytes, start, stop);
    for (let field = fields.next(); field !== undefined; field = fields.next()) {
        if (!readResourceField(fields, field, provider)) {
            fields.skip();
        }
    }
    return provider;
}

/** Reads `field` into `into` when it is one AnalyzeRequest and AnalyzerProviderResource share; false when not. */
function readResourceField(fields: FieldReader, field: number, into: ResourceFields): boolean {
    switch (field) {
        case TYPE: into.type = fields.text(); return true;
        case PROPERTIES: into.properties = fields.span(); return true;
        case URN: into.urn = fields.text(); return true;
        case NAME: into.name = fields.text(); return true;
        default: return false;
    }
}
