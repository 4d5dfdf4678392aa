package io.taskoverflow.operator.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.SecretValues;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Map;

/**
 * The operator's CA, kept in the Secret {@code taskoverflow-operator-ca} of its own namespace: read
 * at startup, or made by the first replica that finds none. Its key never leaves that Secret; the
 * CA certificate goes into every connection Secret whose server it signed.
 */
public final class CaSecret {

  public static final String NAME = "taskoverflow-operator-ca";
  static final String CERTIFICATE = "ca.crt";
  static final String KEY = "ca.key";

  private CaSecret() {}

  public static CertificateAuthority loadOrCreate(
      KubernetesClient client, String namespace, Clock clock) {
    Secret existing = client.secrets().inNamespace(namespace).withName(NAME).get();
    if (existing != null) {
      return read(existing);
    }
    CertificateAuthority ca = CertificateAuthority.generate(NAME, clock.instant());
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(namespace)
            .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.COMPONENT, "ca"))
            .endMetadata()
            .withType("Opaque")
            .withData(
                SecretValues.encode(
                    Map.of(CERTIFICATE, ca.certificatePem(), KEY, ca.privateKeyPem())))
            .build();
    try {
      client.resource(secret).create();
      return ca;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Another replica made it first: every replica must sign with the same CA.
      return read(client.secrets().inNamespace(namespace).withName(NAME).get());
    }
  }

  private static CertificateAuthority read(Secret secret) {
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    if (!data.containsKey(CERTIFICATE) || !data.containsKey(KEY)) {
      throw new IllegalStateException(
          "Secret "
              + NAME
              + " holds no "
              + CERTIFICATE
              + " and "
              + KEY
              + ": delete it to have a new CA made (every in-cluster PostgreSQL then gets a new"
              + " certificate)");
    }
    return CertificateAuthority.fromPem(
        SecretValues.decode(data.get(CERTIFICATE)), SecretValues.decode(data.get(KEY)));
  }
}
