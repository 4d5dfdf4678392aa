package io.taskoverflow.operator.postgres;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.taskoverflow.crd.TaskOverflow;
import io.taskoverflow.operator.kube.DependentConfig;
import io.taskoverflow.operator.kube.Labels;
import io.taskoverflow.operator.kube.Names;
import io.taskoverflow.operator.kube.OwnedSecrets;
import io.taskoverflow.operator.tls.CertificateAuthority;
import io.taskoverflow.operator.tls.ServerCertificate;
import io.taskoverflow.operator.tls.ServerCertificateRenewal;
import io.taskoverflow.operator.tls.ServiceDnsNames;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret {@code <name>-postgres-tls}: the in-cluster PostgreSQL's certificate for its Service's
 * names, issued by the operator's CA, with its key and the client authentication rules that admit
 * TCP connections over TLS only. The certificate is kept until it nears its end (or its names or
 * the CA change), so a reconcile does not rewrite it.
 */
public class PostgresTlsSecretDependent
    extends CRUDKubernetesDependentResource<Secret, TaskOverflow> {

  public static final String NAME = "postgres-tls";
  static final String COMPONENT = "postgres-tls";

  /** What its informer caches: only this component's objects that the operator made. */
  public static final String SELECTOR = Labels.OWNED + Labels.COMPONENT + "=" + COMPONENT;

  static final String CERTIFICATE = "tls.crt";
  static final String KEY = "tls.key";
  static final String CA = "ca.crt";
  static final String HBA = "pg_hba.conf";

  /**
   * The pod's own socket is trusted (the image's hooks and probes use it, and nothing outside the
   * pod reaches it); over TCP only TLS with a password, so a plaintext client is refused.
   */
  static final String HBA_RULES =
      """
      local all all trust
      hostssl all all all scram-sha-256
      """;

  private final CertificateAuthority ca;
  private final Clock clock;

  public PostgresTlsSecretDependent(CertificateAuthority ca, Clock clock) {
    super(Secret.class, NAME);
    this.ca = ca;
    this.clock = clock;
    configureWith(DependentConfig.owned(Secret.class, SELECTOR));
  }

  @Override
  protected Secret desired(TaskOverflow resource, Context<TaskOverflow> context) {
    Optional<Secret> current = getSecondaryResource(resource, context);
    Optional<ServerCertificate> issued =
        OwnedSecrets.value(current, CERTIFICATE)
            .flatMap(
                certificate ->
                    OwnedSecrets.value(current, KEY)
                        .map(key -> new ServerCertificate(certificate, key)));
    ServerCertificate certificate =
        ServerCertificateRenewal.keepOrIssue(
            issued,
            ca,
            ServiceDnsNames.of(Names.postgres(resource), resource.getMetadata().getNamespace()),
            clock.instant());
    return OwnedSecrets.opaque(
        resource,
        Names.postgresTls(resource),
        COMPONENT,
        Map.of(
            CERTIFICATE,
            certificate.certificatePem(),
            KEY,
            certificate.privateKeyPem(),
            CA,
            ca.certificatePem(),
            HBA,
            HBA_RULES));
  }

  /** The CA certificate the clients of a resource's PostgreSQL verify its certificate with. */
  static Optional<String> caCertificate(Context<TaskOverflow> context) {
    return OwnedSecrets.value(context.getSecondaryResource(Secret.class, NAME), CA);
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      TaskOverflow resource, Context<TaskOverflow> context) {
    return new ResourceID(Names.postgresTls(resource), resource.getMetadata().getNamespace());
  }
}
