package onestop.server.adapters.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import onestop.engine.domain.Rejection;
import onestop.engine.domain.ResultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests are decoded where we can answer for them. grpc-java parses a request before any interceptor sees it, and a
 * request it cannot parse — most often a string field holding bytes that are not UTF-8, such as a GBK ID number or a
 * roster CSV saved in GBK — becomes {@code UNKNOWN: Application error processing RPC} and a stack trace in the log.
 * Every service is therefore bound with its requests as raw bytes and parsed one step later, inside a guard that turns
 * a parse failure into INVALID_ARGUMENT naming the first field that is not UTF-8 (or the request, when the bytes are
 * not protobuf at all), with one log line. Responses pass through untouched.
 */
@Singleton
final class RequestDecoding implements BeanCreatedEventListener<BindableService> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDecoding.class);

    @Override
    public BindableService onCreated(BeanCreatedEvent<BindableService> event) {
        ServerServiceDefinition guarded = guard(event.getBean().bindService());
        return () -> guarded;
    }

    static ServerServiceDefinition guard(ServerServiceDefinition service) {
        Map<String, Descriptor> requestTypes = new HashMap<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            if (m.getMethodDescriptor().getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> p
                    && p.getMessagePrototype() instanceof Message prototype) {
                requestTypes.put(m.getMethodDescriptor().getFullMethodName(), prototype.getDescriptorForType());
            }
        }
        ServerServiceDefinition raw = ServerInterceptors.useMarshalledMessages(service, BYTES, PASS_THROUGH);
        return ServerInterceptors.intercept(raw, new Guard(requestTypes));
    }

    /**
     * The request as the bytes that came: the transport has already bounded their size. Both ways are sized exactly
     * (gRPC's stream knows its length; the stream handed back is a {@link KnownLength} one, which lets protobuf parse
     * from the array instead of through a 4 KiB stream buffer): a request costs one copy, not three buffers.
     */
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new KnownLengthBytes(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                if (stream instanceof KnownLength) {
                    byte[] exact = stream.readNBytes(stream.available());
                    int next = stream.read();
                    if (next < 0) return exact;
                    // longer than it said (gRPC's own streams never are): every byte is kept all the same
                    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(2 * exact.length + 16);
                    all.write(exact);
                    all.write(next);
                    stream.transferTo(all);
                    return all.toByteArray();
                }
                return stream.readAllBytes();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("cannot read the request").withCause(e).asRuntimeException();
            }
        }
    };

    /** A byte array as a stream that says its length (gRPC's {@link KnownLength}), so protobuf parses it in place. */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }
    }

    /** Responses: the stream the original marshaller made goes to the transport as it is (no copy). */
    private static final MethodDescriptor.Marshaller<InputStream> PASS_THROUGH = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(InputStream value) {
            return value;
        }

        @Override
        public InputStream parse(InputStream stream) {
            return stream;
        }
    };

    private static final class Guard implements ServerInterceptor {
        private final Map<String, Descriptor> requestTypes;

        Guard(Map<String, Descriptor> requestTypes) {
            this.requestTypes = requestTypes;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                private boolean rejected;

                @Override
                public void onMessage(Q message) {
                    if (rejected) return;
                    try {
                        super.onMessage(message); // the original marshaller parses here
                    } catch (StatusRuntimeException e) {
                        if (!(e.getCause() instanceof InvalidProtocolBufferException) || !(message instanceof byte[] bytes)) throw e;
                        rejected = true;
                        String method = call.getMethodDescriptor().getFullMethodName();
                        Rejection r = rejection(requestTypes.get(method), bytes);
                        LOG.warn("rejected {}: {}", method, r.message());
                        StatusRuntimeException answer = GrpcErrors.toException(r);
                        call.close(answer.getStatus(), answer.getTrailers() == null ? new Metadata() : answer.getTrailers());
                    }
                }

                @Override
                public void onHalfClose() {
                    if (!rejected) super.onHalfClose(); // the call is closed: nothing to run
                }

                @Override
                public void onReady() {
                    if (!rejected) super.onReady();
                }
            };
        }
    }

    static Rejection rejection(Descriptor type, byte[] bytes) {
        String field = type == null ? null : firstNonUtf8Field(type, bytes);
        if (field != null) {
            return Rejection.of(ResultCode.INVALID_ARGUMENT, field, field
                    + " is not valid UTF-8: every text field is UTF-8 (convert text kept in GBK before sending)");
        }
        String name = type == null ? "request" : type.getName();
        return Rejection.of(ResultCode.INVALID_ARGUMENT, "", "the request is not a valid " + name + " message");
    }

    /** The path of the first string field whose bytes are not UTF-8 ({@code visit.settlement_id}, {@code items[2].name}), or null. */
    static String firstNonUtf8Field(Descriptor type, byte[] bytes) {
        try {
            return walk(type, CodedInputStream.newInstance(bytes), "", 0);
        } catch (IOException | RuntimeException e) {
            return null; // not protobuf beyond this point: the request as a whole is named
        }
    }

    private static final int MAX_DEPTH = 32;

    private static String walk(Descriptor type, CodedInputStream in, String prefix, int depth) throws IOException {
        if (depth > MAX_DEPTH) return null;
        Map<Integer, Integer> seen = new HashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            FieldDescriptor f = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (f == null || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                in.skipField(tag);
                continue;
            }
            String path = prefix + f.getName();
            if (f.isRepeated() && !f.isMapField()) path += "[" + (seen.merge(f.getNumber(), 1, Integer::sum) - 1) + "]";
            if (f.getType() == FieldDescriptor.Type.STRING) {
                ByteString value = in.readBytes();
                if (!value.isValidUtf8()) return path;
            } else if (f.getType() == FieldDescriptor.Type.MESSAGE) {
                int limit = in.pushLimit(in.readRawVarint32());
                String found = walk(f.getMessageType(), in, path + ".", depth + 1);
                if (found != null) return found;
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return null;
    }
}
