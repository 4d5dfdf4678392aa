package io.taskoverflow.operator.rds;

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
