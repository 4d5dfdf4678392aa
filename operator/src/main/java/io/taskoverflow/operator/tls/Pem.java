package io.taskoverflow.operator.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates and private keys as PEM text, the form a Secret holds and PostgreSQL, OpenSSL and
 * pgjdbc's {@code sslrootcert} read. Keys are written as unencrypted PKCS#8 ("PRIVATE KEY"), which
 * OpenSSL reads for any key type; read are also the older "EC PRIVATE KEY" and "RSA PRIVATE KEY",
 * so a CA a person made with {@code openssl} can be used.
 */
public final class Pem {

  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private Pem() {}

  public static String encode(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  public static String encode(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("private key is not PKCS#8 but " + key.getFormat());
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** Every certificate in {@code pem}, in order; text between the blocks is ignored. */
  public static List<X509Certificate> readCertificates(String pem) {
    try {
      List<X509Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no readable PEM certificate");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("no readable PEM certificate: " + e.getMessage(), e);
    }
  }

  /** The first certificate in {@code pem}: a server's own, where a chain follows it. */
  public static X509Certificate readCertificate(String pem) {
    return readCertificates(pem).get(0);
  }

  /** The first private key in {@code pem}; messages never show the key. */
  public static PrivateKey readPrivateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          // OpenSSL's "EC PRIVATE KEY" may leave out the public half, so only the private half.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
      throw new IllegalArgumentException("no unencrypted PEM private key found");
    } catch (PEMException e) {
      throw new IllegalArgumentException("not a readable PEM private key", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable PEM private key", e);
    }
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + BASE64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
