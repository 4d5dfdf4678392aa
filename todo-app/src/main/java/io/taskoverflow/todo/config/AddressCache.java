package io.taskoverflow.todo.config;

import java.security.Security;

/**
 * How long the JVM trusts a resolved host name. By default it keeps an address 30 s and a failed
 * lookup 10 s, yet the database's name moves: a restarted in-cluster PostgreSQL gets a new pod IP
 * behind its headless Service, and an RDS failover points the endpoint at another instance. The
 * service would then keep dialling the old address long after the database is back.
 */
public final class AddressCache {

  /** Seconds an address is kept: a moved database is found again within this. */
  static final String POSITIVE_SECONDS = "2";

  /** Failed lookups are not kept: a name that has no address yet is asked again at once. */
  static final String NEGATIVE_SECONDS = "0";

  private AddressCache() {}

  /** Must run before the first lookup: the JVM reads these settings once. */
  public static void followAddressChanges() {
    Security.setProperty("networkaddress.cache.ttl", POSITIVE_SECONDS);
    Security.setProperty("networkaddress.cache.negative.ttl", NEGATIVE_SECONDS);
  }
}
