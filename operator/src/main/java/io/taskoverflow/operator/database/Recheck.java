package io.taskoverflow.operator.database;

/**
 * How soon a database that is not ready is looked at again, where nothing announces that it has
 * changed (AWS sends no event when a login starts to work or a permission is fixed).
 */
public enum Recheck {
  /** It should pass by itself in moments (a server not answering yet): the fast poll interval. */
  SOON,
  /** It waits on AWS or on the user: the slow poll interval, sparing AWS's API. */
  LATER
}
