package onestop.agent.testing;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.ResolveVoucherCodeRequest;
import onestop.v1.VoucherHolder;

/**
 * The server's PersonService in process, for the agent's real gRPC client ({@link InProcessCentral}): e-voucher codes
 * answered as the server answers them (rejections with ErrorInfo reason and BadRequest field). Codes:
 * {@link #GOOD}, {@link #LOWER_X}, {@link #EXPIRED}, {@link #NOBODY}, {@link #BAD_ID}, {@link #DOWN}; anything else is
 * forged.
 */
@Singleton
@Requires(property = "onestop.test.server", value = "in-process")
public final class FakePersons extends PersonServiceGrpc.PersonServiceImplBase {
    public static final String GOOD = "OSEV1.Zmxvd2Vy.c2lnbmVk";
    public static final String LOWER_X = "OSEV1.bG93ZXI.c2lnbmVk";
    public static final String EXPIRED = "OSEV1.b2xk.c2lnbmVk";
    public static final String NOBODY = "OSEV1.bm9ib2R5.c2lnbmVk";
    public static final String BAD_ID = "OSEV1.YmFk.c2lnbmVk";
    public static final String DOWN = "OSEV1.ZG93bg.c2lnbmVk";
    public static final String ZHANG = "341002195603121237";
    public static final String LI = "11010519491231002X";

    /** Every code that reached the server, in order. */
    public final List<String> asked = new CopyOnWriteArrayList<>();
    private final String name = "fake-persons-" + UUID.randomUUID();
    private final Server server;

    public FakePersons() {
        try {
            server = InProcessServerBuilder.forName(name).directExecutor().addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ManagedChannel channel() {
        return InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @PreDestroy
    void stop() {
        server.shutdownNow();
    }

    @Override
    public void resolveVoucherCode(ResolveVoucherCodeRequest r, StreamObserver<VoucherHolder> out) {
        asked.add(r.getCode());
        switch (r.getCode()) {
            case GOOD -> answer(out, ZHANG, "张秀英");
            case LOWER_X -> answer(out, LI.toLowerCase(), "李四");
            case BAD_ID -> answer(out, "341002195603121238", "张秀英");
            case EXPIRED -> out.onError(rejection(Status.Code.FAILED_PRECONDITION, "VOUCHER_EXPIRED",
                    "the code expired; ask the patient to show a fresh 医保电子凭证"));
            case NOBODY -> out.onError(rejection(Status.Code.NOT_FOUND, "PERSON_NOT_FOUND", "the code names no insured person 341002********1237"));
            case DOWN -> out.onError(Status.UNAVAILABLE.withDescription("shedding load").asRuntimeException());
            default -> out.onError(rejection(Status.Code.INVALID_ARGUMENT, "VOUCHER_INVALID", "the code was not signed by this server"));
        }
    }

    private static void answer(StreamObserver<VoucherHolder> out, String idNumber, String name) {
        out.onNext(VoucherHolder.newBuilder().setIdNumber(idNumber).setName(name).setExpiresAtMillis(System.currentTimeMillis() + 300_000).build());
        out.onCompleted();
    }

    /** As the server's GrpcErrors sends a rejection of the field {@code code}. */
    private static RuntimeException rejection(Status.Code status, String reason, String message) {
        return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(status.value())
                .setMessage(reason + ": " + message)
                .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain("onestop.v1").putMetadata("field", "code").build()))
                .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField("code").setDescription(message)).build()))
                .build());
    }
}
