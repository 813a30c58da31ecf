package onestop.server.adapters.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.micronaut.grpc.annotation.GrpcChannel;
import io.micronaut.grpc.server.GrpcServerChannel;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import onestop.server.adapters.persistence.Database;
import onestop.server.application.security.TokenService;
import onestop.server.domain.Caller;
import onestop.server.domain.Role;
import onestop.v1.GetPersonRequest;
import onestop.v1.Person;
import onestop.v1.PersonServiceGrpc;
import onestop.v1.SettleRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * String fields whose bytes are not UTF-8 (an ID number or a roster CSV in GBK, as a hospital's own client may send
 * them): INVALID_ARGUMENT naming the field, at most one log line and no stack trace, nothing written. Sent as raw
 * bytes, since a protobuf builder always encodes UTF-8.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NonUtf8RequestsTest implements TestPropertyProvider {
    static final Charset GBK = Charset.forName("GBK");
    static final byte[] GBK_ID = "３４１００２１９５６０３１２１２３７".getBytes(GBK); // full-width digits: valid GBK, not UTF-8
    static final byte[] GBK_CSV = "乡镇,村,户主,户主身份证号,家庭人口,成员,成员身份证号,调整类型,调整日期,类别\n".getBytes(GBK);

    @Inject
    @GrpcChannel(GrpcServerChannel.NAME)
    ManagedChannel channel;

    @Inject
    TokenService tokens;

    @Inject
    Database db;

    @Override
    public Map<String, String> getProperties() {
        return onestop.server.testing.DemoServerProperties.fresh("utf8-test");
    }

    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    byte[] call(String method, Caller caller, byte[] body) {
        MethodDescriptor<byte[], byte[]> m = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(method).setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
        return ClientCalls.blockingUnaryCall(channel, m, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)
                .withCallCredentials(GrpcApiTest.bearer(tokens.issue(caller, 60_000))), body);
    }

    /** A message written field by field, so that a string field can carry any bytes. */
    static byte[] message(Consumer<CodedOutputStream> fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.accept(out);
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static void bytes(CodedOutputStream out, int field, byte[] value) {
        try {
            out.writeBytes(field, ByteString.copyFrom(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void text(CodedOutputStream out, int field, String value) {
        bytes(out, field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    ListAppender<ILoggingEvent> captureLog() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        return appender;
    }

    void assertRejectedNaming(String field, String method, Caller caller, byte[] body) {
        ListAppender<ILoggingEvent> log = captureLog();
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(method, caller, body));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
            assertEquals("INVALID_ARGUMENT", GrpcErrors.reason(e), e.getStatus().toString());
            com.google.rpc.Status s = io.grpc.protobuf.StatusProto.fromThrowable(e);
            String named = s.getDetailsList().stream().filter(a -> a.is(com.google.rpc.ErrorInfo.class)).map(a -> {
                try {
                    return a.unpack(com.google.rpc.ErrorInfo.class).getMetadataOrDefault("field", "?");
                } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                    throw new AssertionError(x);
                }
            }).findFirst().orElse("?");
            assertEquals(field, named, e.getStatus().getDescription());
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        }
        assertTrue(log.list.size() <= 1, "at most one log line: " + log.list);
        for (ILoggingEvent event : log.list) {
            assertEquals(null, event.getThrowableProxy(), "no stack trace: " + event.getFormattedMessage());
        }
    }

    long rows(String table) {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static final Caller HOSPITAL = Caller.hospital("H341002001");
    static final Caller ADMIN = Caller.office("admin1", Role.ADMIN);

    @Test
    void aGbkIdNumberNamesTheField() {
        assertRejectedNaming("id_number", "onestop.v1.PersonService/GetPerson", HOSPITAL, message(out -> bytes(out, 1, GBK_ID)));
        assertRejectedNaming("id_number", "onestop.v1.PersonService/CheckEligibility", HOSPITAL, message(out -> {
            bytes(out, 1, GBK_ID);
            text(out, 2, "2024-06-10");
        }));
    }

    @Test
    void aNestedFieldIsNamedByItsPathAndNothingIsWritten() {
        long settlements = rows("settlements");
        long audit = rows("audit");
        byte[] visit = message(out -> {
            bytes(out, 1, "住院０１".getBytes(GBK)); // settlement_id
            text(out, 2, "2024-06-10");
        });
        assertRejectedNaming("visit.settlement_id", "onestop.v1.SettlementService/Settle", HOSPITAL, message(out -> {
            text(out, 1, "r1");
            text(out, 2, "341002195603121237");
            bytes(out, 3, visit);
        }));
        assertEquals(settlements, rows("settlements"));
        assertEquals(audit, rows("audit"));
    }

    @Test
    void aRepeatedFieldIsNamedWithItsIndex() {
        byte[] first = message(out -> text(out, 2, "2024-01-01"));
        byte[] second = message(out -> bytes(out, 2, "２０２４年".getBytes(GBK)));
        byte[] person = message(out -> {
            text(out, 1, "34100219800101004X");
            bytes(out, 6, first);
            bytes(out, 6, second);
        });
        assertRejectedNaming("person.categories[1].from", "onestop.v1.AdminService/UpsertPerson", ADMIN, message(out -> {
            text(out, 1, "u1");
            bytes(out, 2, person);
        }));
    }

    @Test
    void aRosterCsvInGbkNamesTheCsv() {
        long audit = rows("audit");
        assertRejectedNaming("csv", "onestop.v1.AdminService/ImportIdentities", ADMIN, message(out -> {
            text(out, 1, "imp-gbk");
            text(out, 2, "名单.csv");
            text(out, 3, "民政局");
            bytes(out, 4, GBK_CSV);
        }));
        assertEquals(audit, rows("audit"));
    }

    @Test
    void bytesThatAreNotProtobufNameTheRequest() {
        assertRejectedNaming("", "onestop.v1.PersonService/GetPerson", HOSPITAL, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
    }

    @Test
    void theServerStillAnswersAndValidRequestsPassThroughTheRawPath() throws Exception {
        aGbkIdNumberNamesTheField();
        byte[] answer = call("onestop.v1.PersonService/GetPerson", HOSPITAL,
                GetPersonRequest.newBuilder().setIdNumber("341002195603121237").build().toByteArray());
        assertEquals("张秀英", Person.parseFrom(answer).getName());
        var stub = PersonServiceGrpc.newBlockingStub(channel).withCallCredentials(GrpcApiTest.bearer(tokens.issue(HOSPITAL, 60_000)));
        assertEquals("张秀英", stub.getPerson(GetPersonRequest.newBuilder().setIdNumber("341002195603121237").build()).getName());
    }

    @Test
    void theFieldFinderWalksNestedAndRepeatedFields() {
        byte[] ok = SettleRequest.newBuilder().setRequestId("x").setIdNumber("y").build().toByteArray();
        assertEquals(null, RequestDecoding.firstNonUtf8Field(SettleRequest.getDescriptor(), ok));
        assertEquals("id_number", RequestDecoding.firstNonUtf8Field(GetPersonRequest.getDescriptor(), message(out -> bytes(out, 1, GBK_ID))));
    }
}
