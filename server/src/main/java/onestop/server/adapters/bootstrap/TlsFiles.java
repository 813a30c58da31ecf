package onestop.server.adapters.bootstrap;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS key and certificate. A deployment puts its own (from the city's CA) at
 * {@code <data>/tls/server.key} and {@code server.crt}; where none exist, a self-signed pair for
 * localhost and 127.0.0.1 is made once, and agents are given {@code server.crt} to trust.
 */
public final class TlsFiles {
    static final Duration VALIDITY = Duration.ofDays(3650);

    private TlsFiles() {}

    public record Pair(Path certificate, Path privateKey) {}

    public static Pair ensure(Path dataDir) {
        Path dir = dataDir.resolve("tls");
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        if (Files.isRegularFile(crt) && Files.isRegularFile(key)) return new Pair(crt, key);
        try {
            Files.createDirectories(dir);
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=onestop-server, O=OneStop");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, InetAddress.getLoopbackAddress().getHostName())}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            write(key, pem(new JcaPKCS8Generator(kp.getPrivate(), null)), true);
            write(crt, pem(cert), false);
            return new Pair(crt, key);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a TLS certificate: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StartupException("cannot write TLS files under " + dir.toAbsolutePath() + ": " + StartupException.reason(e), e);
        }
    }

    /**
     * The pair can serve: a PEM certificate, valid today, and a PEM private key that belongs to it. Checked before the
     * server starts, so that a bad file is one line naming it rather than a failure deep in the TLS stack.
     */
    public static void check(Pair pair) {
        X509Certificate cert;
        try (var in = Files.newInputStream(pair.certificate())) {
            var all = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) throw new java.security.cert.CertificateException("no certificate in it");
            cert = (X509Certificate) all.iterator().next();
        } catch (IOException e) {
            throw new StartupException("TLS certificate " + pair.certificate() + " cannot be read: " + StartupException.reason(e), e);
        } catch (GeneralSecurityException e) {
            throw new StartupException("TLS certificate " + pair.certificate() + " is not a PEM X.509 certificate", e);
        }
        try {
            cert.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new StartupException("TLS certificate " + pair.certificate() + " is not valid today (valid "
                    + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant() + ")", e);
        }
        java.security.PrivateKey key;
        try (var r = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(pair.privateKey()))) {
            Object o = r.readObject();
            var convert = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) key = convert.getPrivateKey(info);
            else if (o instanceof org.bouncycastle.openssl.PEMKeyPair kp) key = convert.getKeyPair(kp).getPrivate();
            else throw new IOException("no unencrypted PEM private key in it");
        } catch (IOException | RuntimeException e) {
            throw new StartupException("TLS private key " + pair.privateKey() + " is not a PEM private key: "
                    + (e instanceof IOException io ? StartupException.reason(io) : e.getMessage()), e);
        }
        try {
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
            java.security.Signature sign = java.security.Signature.getInstance(algorithm);
            sign.initSign(key);
            byte[] probe = "onestop".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            sign.update(probe);
            byte[] signature = sign.sign();
            java.security.Signature verify = java.security.Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            if (!verify.verify(signature)) throw new java.security.SignatureException("mismatch");
        } catch (GeneralSecurityException e) {
            throw new StartupException("TLS private key " + pair.privateKey() + " does not belong to certificate " + pair.certificate(), e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        if (secret) Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
