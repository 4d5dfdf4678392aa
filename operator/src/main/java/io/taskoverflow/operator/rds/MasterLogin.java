package io.taskoverflow.operator.rds;

import io.taskoverflow.operator.aws.RdsInstance;
import java.util.Optional;

/**
 * Whether master credentials a user gave actually log in to an instance. Before an instance is
 * adopted this is asked: a wrong password must block the adoption, not deploy an app that cannot
 * connect.
 */
public interface MasterLogin {

  /** Empty when the credentials log in; else why not (wrong credentials, or no answer). */
  Optional<RdsObservation.Blocked> attempt(RdsInstance instance, RdsCredentials credentials);
}
