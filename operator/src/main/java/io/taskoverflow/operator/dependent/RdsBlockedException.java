package io.taskoverflow.operator.dependent;

import io.taskoverflow.operator.database.RdsProblem;

/** Stops a create or update before (or instead of) an AWS request, saying why. */
class RdsBlockedException extends RuntimeException {

  private final transient RdsProblem problem;

  RdsBlockedException(RdsProblem problem) {
    super(problem.reason() + ": " + problem.message());
    this.problem = problem;
  }

  RdsProblem problem() {
    return problem;
  }
}
