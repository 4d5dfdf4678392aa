package io.taskoverflow.operator.rds;

/** PostgreSQL engine versions as RDS writes them: "17" (major only) or "17.4". */
final class EngineVersions {

  private EngineVersions() {}

  /**
   * Whether the spec names a minor version newer than the instance runs. A major version alone
   * never asks for a change, and neither does an older minor (RDS cannot downgrade; automatic minor
   * upgrades may well have moved past the spec) or another major (refused on the resource).
   */
  static boolean isNewerMinor(String wanted, String actual) {
    if (wanted == null || actual == null || !wanted.contains(".")) {
      return false;
    }
    String[] want = wanted.split("\\.");
    String[] have = actual.split("\\.");
    if (!want[0].equals(have[0])) {
      return false;
    }
    return have.length < 2 || number(want[1]) > number(have[1]);
  }

  private static int number(String part) {
    try {
      return Integer.parseInt(part.replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
