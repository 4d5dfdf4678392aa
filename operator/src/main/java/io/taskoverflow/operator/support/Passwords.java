package io.taskoverflow.operator.support;

import java.security.SecureRandom;
import java.util.Base64;

/** Generated database passwords: 192 random bits in characters PostgreSQL and RDS both accept. */
public final class Passwords {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** 32 characters of A-Z, a-z, 0-9, '-' and '_' (RDS refuses '/', '@', '"' and spaces). */
  public static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
