package io.taskoverflow.operator.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.postgresql.ssl.WrappedFactory;

/**
 * pgjdbc's {@code sslfactory} that trusts exactly the CA certificates of a PEM text, handed over as
 * the connection's {@code sslfactoryarg}: the operator verifies a server against certificates it
 * holds in memory (the RDS CA bundle) without writing them to a file for {@code sslrootcert}. With
 * {@code sslmode=verify-full} pgjdbc still checks the server's name against its certificate, as it
 * does whatever the factory.
 */
public final class PemTrustSslFactory extends WrappedFactory {

  /** The factories of the bundles seen so far (one in production), so each is parsed once. */
  private static final Map<String, SSLSocketFactory> BY_BUNDLE = new ConcurrentHashMap<>();

  /**
   * Called by pgjdbc with {@code sslfactoryarg}.
   *
   * @throws IllegalArgumentException when {@code pem} holds no certificate
   */
  public PemTrustSslFactory(String pem) {
    factory = BY_BUNDLE.computeIfAbsent(pem, PemTrustSslFactory::trusting);
  }

  private static SSLSocketFactory trusting(String pem) {
    try {
      KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
      roots.load(null, null);
      List<X509Certificate> certificates = Pem.readCertificates(pem);
      for (int i = 0; i < certificates.size(); i++) {
        roots.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS context from the CA certificates", e);
    }
  }
}
