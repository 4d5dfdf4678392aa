package io.taskoverflow.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/rds-iam-policy.json allows every RDS action the gateway makes, and no wildcard action. */
class RdsIamPolicyTest {

  private static final Path POLICY = Path.of("..", "docs", "rds-iam-policy.json");

  /** The API actions of {@link AwsRdsGateway}, plus the snapshot a final-snapshot delete makes. */
  private static final List<String> USED =
      List.of(
          "rds:DescribeDBInstances",
          "rds:CreateDBInstance",
          "rds:ModifyDBInstance",
          "rds:DeleteDBInstance",
          "rds:AddTagsToResource",
          "rds:RemoveTagsFromResource",
          "rds:CreateDBSnapshot");

  @Test
  void everyActionTheOperatorUsesIsAllowedAndNoneWithAWildcard() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
    Set<String> allowed = new HashSet<>();
    for (JsonNode statement : policy.get("Statement")) {
      assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
      JsonNode action = statement.get("Action");
      if (action.isArray()) {
        action.forEach(a -> allowed.add(a.asText()));
      } else {
        allowed.add(action.asText());
      }
    }

    assertThat(allowed).containsAll(USED).noneMatch(action -> action.contains("*"));
  }
}
