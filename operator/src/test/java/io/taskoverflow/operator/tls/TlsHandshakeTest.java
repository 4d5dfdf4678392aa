package io.taskoverflow.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDK's own TLS, as pgjdbc uses it: a server presents an issued certificate, a client trusts
 * only the CA and checks the name it dialled ({@code HTTPS} endpoint identification, the check of
 * {@code sslmode=verify-full}).
 */
class TlsHandshakeTest {

  private static final Instant NOW = Instant.now();
  private static final List<String> NAMES = ServiceDnsNames.of("todo-postgres", "shop");

  private final CertificateAuthority ca = CertificateAuthority.generate("TaskOverflow CA", NOW);
  private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
  private SSLServerSocket server;
  private Future<?> accepted;

  @BeforeEach
  void startServer() throws Exception {
    ServerCertificate certificate = ServerCertificate.issue(ca, NAMES, NOW);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] password = "unused".toCharArray();
    keys.setKeyEntry(
        "server",
        Pem.readPrivateKey(certificate.privateKeyPem()),
        password,
        new Certificate[] {certificate.certificate()});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    accepted = acceptor.submit(this::answerOnce);
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
    acceptor.shutdownNow();
  }

  @Test
  void aClientTrustingTheCaReachesTheServerByEachOfItsNames() throws Exception {
    for (String name : NAMES) {
      assertThat(connect(ca, name)).as(name).isEqualTo(42);
      accepted.get(10, TimeUnit.SECONDS);
      accepted = acceptor.submit(this::answerOnce);
    }
  }

  @Test
  void aNameTheCertificateDoesNotCoverIsRefused() {
    assertThatThrownBy(() -> connect(ca, "todo-postgres.other.svc"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("No subject alternative DNS name matching todo-postgres.other.svc");
  }

  @Test
  void aClientTrustingAnotherCaRefusesTheServer() {
    CertificateAuthority other = CertificateAuthority.generate("TaskOverflow CA", NOW);

    assertThatThrownBy(() -> connect(other, "todo-postgres.shop.svc"))
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX path");
  }

  /** Connects to the server as if {@code name} resolved to it, and reads the byte it sends. */
  private int connect(CertificateAuthority trusted, String name) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", trusted.certificate());
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(plain, name, server.getLocalPort(), true)) {
      socket.setSoTimeout(10_000);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return socket.getInputStream().read();
    }
  }

  private Void answerOnce() throws IOException {
    try (Socket client = server.accept()) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(42);
      client.getOutputStream().flush();
    } catch (IOException refusedByTheClient) {
      // The failing cases end here; the client's side is what they check.
    }
    return null;
  }
}
