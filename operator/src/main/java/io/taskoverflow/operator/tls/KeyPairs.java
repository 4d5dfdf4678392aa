package io.taskoverflow.operator.tls;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * The keys of the operator's certificates. EC P-256 (secp256r1): PostgreSQL's OpenSSL, libpq and
 * the JDK's TLS under pgjdbc all accept it, it is generated in milliseconds where RSA 3072 takes up
 * to a second of a shared core, and it is as strong as RSA 3072. Signing follows the signer's key,
 * so a CA brought as RSA still signs.
 */
final class KeyPairs {

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyPairs() {}

  static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is part of every JRE", e);
    }
  }

  static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    };
  }

  /**
   * Whether {@code privateKey} is the other half of {@code publicKey}: what one signs, the other
   * verifies.
   */
  static boolean match(PrivateKey privateKey, PublicKey publicKey) {
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      String algorithm = signatureAlgorithm(privateKey);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
